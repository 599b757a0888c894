"""A worker's training record: enrolments, attendance, assessments, certificates, markets.

The state only; the use cases that change it are in ``enrolment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.training.domain.courses import (
    DEFAULT_MAX_SCORE,
    DEFAULT_PASS_MARK,
    Course,
    Session,
)
from services.training.domain.errors import UnknownEnrolmentError
from services.training.domain.levels import Language
from shared.contracts.common import Market, Sector
from shared.contracts.training import (
    AssessmentKind,
    Certificate,
    CourseKind,
    DropOutReason,
    RevocationReason,
)
from shared.events.catalogue import EventPayload


class EnrolmentStatus(StrEnum):
    """Where an enrolment stands; only ``enrolled`` is open."""

    ENROLLED = "enrolled"
    DROPPED_OUT = "dropped_out"
    PASSED = "passed"
    FAILED = "failed"


class CourseSnapshot(BaseModel):
    """The course as it was when the worker enrolled: what readiness and attendance read."""

    model_config = ConfigDict(frozen=True)

    course_id: str
    provider_id: str
    kind: CourseKind
    language: Language | None = None
    target_level: str | None = None
    market: Market | None = None
    sector: Sector | None = None
    hours: int
    sessions: tuple[Session, ...]
    pass_mark: float = DEFAULT_PASS_MARK
    max_score: float = DEFAULT_MAX_SCORE
    min_attendance_percent: int = 0
    cost_vnd: int = 0

    @classmethod
    def of(cls, course: Course) -> CourseSnapshot:
        """Returns the snapshot of a course."""
        return cls.model_validate(course.model_dump(exclude={"title", "capacity", "seats_taken"}))

    @property
    def starts_on(self) -> date:
        """Returns the day of the first session."""
        return min(s.on for s in self.sessions)

    @property
    def ends_on(self) -> date:
        """Returns the day of the last session."""
        return max(s.on for s in self.sessions)


class TrainingCostSupport(BaseModel):
    """Who pays for the course: Subproject 2 support for eligible workers, or the worker."""

    model_config = ConfigDict(frozen=True)

    eligible: bool
    supported_vnd: int
    worker_pays_vnd: int


class AttendanceMark(BaseModel):
    """Whether the worker was at one session."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    present: bool
    recorded_at: datetime


class Assessment(BaseModel):
    """A scored assessment by a provider (progress, final) or an employer."""

    model_config = ConfigDict(frozen=True)

    assessment_id: str
    kind: AssessmentKind
    enrolment_id: str | None = None
    course_id: str | None = None
    market: Market | None = None
    assessor: str
    score: float
    max_score: float
    pass_mark: float
    assessed_on: date
    recorded_at: datetime

    @property
    def passed(self) -> bool:
        """Returns whether the score reaches the pass mark."""
        return self.score >= self.pass_mark


class Enrolment(BaseModel):
    """One worker's seat on one course, and how it went."""

    model_config = ConfigDict(frozen=True)

    enrolment_id: str
    course: CourseSnapshot
    status: EnrolmentStatus = EnrolmentStatus.ENROLLED
    enrolled_at: datetime
    support: TrainingCostSupport
    attendance: tuple[AttendanceMark, ...] = ()
    closed_at: datetime | None = None
    drop_out_reason: DropOutReason | None = None
    passed_on: date | None = None
    certificate: Certificate | None = None

    @property
    def attended_percent(self) -> float:
        """Returns the share of the course's sessions the worker attended, in percent."""
        present = sum(1 for mark in self.attendance if mark.present)
        return 100.0 * present / len(self.course.sessions)


class MarketAnnouncement(BaseModel):
    """A ``worker.trained`` sent for a market, and its revocation if it no longer holds."""

    model_config = ConfigDict(frozen=True)

    market: Market
    trained_at: datetime
    journey: int = 1
    revoked_at: datetime | None = None
    revocation_reason: RevocationReason | None = None

    @property
    def standing(self) -> bool:
        """Returns whether the announcement still holds."""
        return self.revoked_at is None


class TrainingRecord(BaseModel):
    """Everything training knows a worker did: enrolments, assessments, markets announced, and
    the duplicate records merged into it."""

    model_config = ConfigDict(frozen=True)

    worker_id: str
    enrolments: tuple[Enrolment, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    announcements: tuple[MarketAnnouncement, ...] = ()
    merged_from: tuple[str, ...] = ()

    def enrolment(self, enrolment_id: str) -> Enrolment:
        """Returns the enrolment, or raises UnknownEnrolmentError."""
        for enrolment in self.enrolments:
            if enrolment.enrolment_id == enrolment_id:
                return enrolment
        raise UnknownEnrolmentError(enrolment_id)

    def without_certificate_numbers(self) -> TrainingRecord:
        """Returns the record with every certificate's number withheld (its worker erased)."""
        enrolments = tuple(
            e.model_copy(update={"certificate": e.certificate.model_copy(update={"number": ""})})
            if e.certificate is not None and e.certificate.number
            else e
            for e in self.enrolments
        )
        return self.model_copy(update={"enrolments": enrolments})

    def with_enrolment(self, changed: Enrolment) -> TrainingRecord:
        """Returns the record with one enrolment replaced (or added if new)."""
        others = [e for e in self.enrolments if e.enrolment_id != changed.enrolment_id]
        if len(others) == len(self.enrolments):
            return self.model_copy(update={"enrolments": (*self.enrolments, changed)})
        return self.model_copy(
            update={
                "enrolments": tuple(
                    changed if e.enrolment_id == changed.enrolment_id else e
                    for e in self.enrolments
                )
            }
        )

    def standing_markets(self, journey: int = 1) -> set[Market]:
        """Returns the markets whose ``worker.trained`` still holds on the worker's journey
        (an earlier journey's announcements are its history, not this journey's readiness)."""
        return {a.market for a in self.announcements if a.standing and a.journey == journey}


@dataclass(frozen=True)
class Outcome:
    """What a use case decided: the new record, events to publish, a seat taken or freed."""

    record: TrainingRecord
    events: tuple[EventPayload, ...] = ()
    seat_taken: str | None = None
    seat_released: str | None = None
