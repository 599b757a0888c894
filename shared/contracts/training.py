"""Events training publishes on ``homeward.training.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.common import Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic
from shared.privacy.personal import personal, personal_within

READINESS_READERS = ("deployment", "aftercare")


class CourseKind(StrEnum):
    """What a course teaches."""

    LANGUAGE = "language"
    VOCATIONAL = "vocational"
    ORIENTATION = "orientation"


class AssessmentKind(StrEnum):
    """Who assessed the worker, and what the result decides."""

    PROGRESS = "progress"
    FINAL = "final"
    EMPLOYER = "employer"


class DropOutReason(StrEnum):
    """Why a worker left a course early (a code: free text could hold personal details)."""

    HEALTH = "health"
    FAMILY = "family"
    FINANCIAL = "financial"
    FOUND_OTHER_WORK = "found_other_work"
    POOR_ATTENDANCE = "poor_attendance"
    TRANSFERRED = "transferred"
    OTHER = "other"


class RevocationReason(StrEnum):
    """Why a market's readiness no longer holds."""

    WITHDRAWN = "withdrawn"
    MERGED = "merged"
    REQUIREMENTS_UNMET = "requirements_unmet"


class Certificate(BaseModel):
    """A certificate a worker earned. Its number identifies the holder: personal, sealed."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    number: str = Field(json_schema_extra=personal(withheld=""), repr=False)
    course_id: str
    kind: str
    issued_on: date
    language_level: str | None = None
    language: str | None = None
    provider_id: str | None = None


@CATALOGUE.register(
    "worker.trained",
    1,
    topic=Topic.TRAINING,
    producer="training",
    consumers=READINESS_READERS,
)
class WorkerTrained(EventPayload):
    """The worker meets a market's training requirements (emitted once per market)."""

    worker_id: str
    market: Market
    language_level: str | None = None
    certificates: list[Certificate] = []
    trained_at: datetime
    language: str | None = None
    requirements: list[str] = []


@CATALOGUE.register(
    "worker.training-readiness-revoked",
    1,
    topic=Topic.TRAINING,
    producer="training",
    consumers=READINESS_READERS,
)
class WorkerTrainingReadinessRevoked(EventPayload):
    """A market's earlier ``worker.trained`` no longer holds (the worker withdrew, say)."""

    worker_id: str
    market: Market
    reason: RevocationReason
    revoked_at: datetime


@CATALOGUE.register("worker.enrolled", 1, topic=Topic.TRAINING, producer="training")
class WorkerEnrolled(EventPayload):
    """The worker took a seat on a course."""

    worker_id: str
    enrolment_id: str
    course_id: str
    provider_id: str
    kind: CourseKind
    language: str | None = None
    target_level: str | None = None
    market: Market | None = None
    sector: Sector | None = None
    starts_on: date
    ends_on: date
    training_cost_supported: bool
    supported_vnd: int
    enrolled_at: datetime


@CATALOGUE.register("worker.dropped-out", 1, topic=Topic.TRAINING, producer="training")
class WorkerDroppedOut(EventPayload):
    """The worker left a course before its end; the seat is free again."""

    worker_id: str
    enrolment_id: str
    course_id: str
    reason: DropOutReason
    dropped_out_at: datetime


@CATALOGUE.register("worker.assessed", 1, topic=Topic.TRAINING, producer="training")
class WorkerAssessed(EventPayload):
    """A provider or an employer assessed the worker."""

    worker_id: str
    assessment_id: str
    kind: AssessmentKind
    enrolment_id: str | None = None
    course_id: str | None = None
    market: Market | None = None
    assessor: str
    score: float
    max_score: float
    pass_mark: float
    passed: bool
    assessed_on: date
    recorded_at: datetime


@CATALOGUE.register("worker.certified", 1, topic=Topic.TRAINING, producer="training")
class WorkerCertified(EventPayload):
    """A passed course's certificate was issued."""

    worker_id: str
    enrolment_id: str
    certificate: Certificate
    recorded_at: datetime


@CATALOGUE.register(
    "training.records-moved",
    1,
    topic=Topic.TRAINING,
    producer="training",
    consumers=("training", "aftercare"),
)
class TrainingRecordsMoved(EventPayload):
    """A merged duplicate's enrolments (attendance, certificates) and assessments, moved onto
    the survivor's training record (after ``worker.merged``). ``trail``: the records they
    moved through before ``worker_id``, first to last (a survivor merged since moves them on);
    a move back onto one of them is refused as a cycle of merges."""

    worker_id: str
    survivor_id: str
    enrolments: list[dict[str, Any]] = Field(
        json_schema_extra=personal_within({"certificate.number": ""})
    )
    assessments: list[dict[str, Any]]
    trail: list[str] = []
