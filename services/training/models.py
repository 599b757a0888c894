"""Request and response schemas of training's HTTP API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.training import examples as ex
from services.training.domain import (
    Assessment,
    CandidateView,
    Course,
    CourseDefinition,
    Enrolment,
    EnrolmentStatus,
    Language,
    MarketAnnouncement,
    MarketReadiness,
    ProviderDefinition,
    Requirement,
    TrainingCostSupport,
    TrainingRecord,
)
from services.training.domain.records import AttendanceMark
from shared.contracts.common import Market
from shared.contracts.training import AssessmentKind, Certificate, DropOutReason

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
"""Ids are used as keys in stored maps: no dots, no dollar signs."""


class RegisterProvider(ProviderDefinition):
    """A training provider as an officer registers it."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REGISTER_PROVIDER), extra="forbid", str_strip_whitespace=True
    )


class ScheduleCourse(CourseDefinition):
    """A course as a provider schedules it; ``target_level`` e.g. JLPT-N4, EPS-TOPIK, CEFR-B1."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.SCHEDULE_COURSE), extra="forbid", str_strip_whitespace=True
    )


class EnrolWorker(BaseModel):
    """Whom to enrol on the course."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ENROL_WORKER), extra="forbid")

    worker_id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN)


class DropOut(BaseModel):
    """Why the worker leaves the course (a code: no free text that could hold personal data)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.DROP_OUT), extra="forbid")

    reason: DropOutReason


class MarkAttendance(BaseModel):
    """Whether the worker was at the session."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.MARK_ATTENDANCE), extra="forbid")

    present: bool


class IssueCertificate(BaseModel):
    """A certificate's number and date of issue."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.ISSUE_CERTIFICATE), extra="forbid", str_strip_whitespace=True
    )

    number: str = Field(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9/_.-]+$")
    issued_on: date


class CourseView(CourseDefinition):
    """A course with its dates and free seats."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.COURSE_VIEW))

    course_id: str
    seats_taken: int
    starts_on: date
    ends_on: date
    seats_left: int

    @classmethod
    def of(cls, course: Course) -> CourseView:
        return cls(
            **course.model_dump(),
            starts_on=course.starts_on,
            ends_on=course.ends_on,
            seats_left=course.seats_left,
        )


class SeatHolder(BaseModel):
    """One seat of a course and whose it is."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.SEAT_HOLDER))

    enrolment_id: str
    worker_id: str


class EnrolmentView(BaseModel):
    """A worker's enrolment on a course."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ENROLMENT_VIEW))

    enrolment_id: str
    worker_id: str
    course_id: str
    provider_id: str
    status: EnrolmentStatus
    enrolled_at: datetime
    support: TrainingCostSupport
    attendance: list[AttendanceMark]
    attended_percent: float
    passed_on: date | None = None
    closed_at: datetime | None = None
    drop_out_reason: DropOutReason | None = None
    certificate: Certificate | None = None

    @classmethod
    def of(cls, worker_id: str, enrolment: Enrolment) -> EnrolmentView:
        return cls(
            enrolment_id=enrolment.enrolment_id,
            worker_id=worker_id,
            course_id=enrolment.course.course_id,
            provider_id=enrolment.course.provider_id,
            status=enrolment.status,
            enrolled_at=enrolment.enrolled_at,
            support=enrolment.support,
            attendance=list(enrolment.attendance),
            attended_percent=round(enrolment.attended_percent, 1),
            passed_on=enrolment.passed_on,
            closed_at=enrolment.closed_at,
            drop_out_reason=enrolment.drop_out_reason,
            certificate=enrolment.certificate,
        )


class AssessmentView(BaseModel):
    """An assessment and whether it was passed."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ASSESSMENT_VIEW))

    assessment_id: str
    kind: AssessmentKind
    enrolment_id: str | None
    course_id: str | None
    market: Market | None
    assessor: str
    score: float
    max_score: float
    pass_mark: float
    passed: bool
    assessed_on: date
    recorded_at: datetime

    @classmethod
    def of(cls, assessment: Assessment) -> AssessmentView:
        return cls(**assessment.model_dump(), passed=assessment.passed)


class TraineeView(BaseModel):
    """What training knows of a worker: standing at intake, enrolments, results, markets."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.TRAINEE_VIEW))

    worker_id: str
    registered: bool
    withdrawn: bool
    active: bool
    journey: int
    merged_into: str | None = Field(
        default=None,
        description="The record this duplicate was merged into, which holds its training now",
    )
    training_cost_support: bool
    province_code: str | None
    commune_code: str | None
    enrolments: list[EnrolmentView]
    assessments: list[AssessmentView]
    announcements: list[MarketAnnouncement]

    @classmethod
    def of(cls, candidate: CandidateView, record: TrainingRecord) -> TraineeView:
        profile = candidate.profile
        return cls(
            worker_id=candidate.worker_id,
            registered=candidate.registered,
            withdrawn=candidate.withdrawn,
            active=candidate.active,
            journey=candidate.journey,
            merged_into=candidate.merged_into,
            training_cost_support=candidate.training_cost_support,
            province_code=profile.locality.province_code if profile else None,
            commune_code=profile.locality.commune_code if profile else None,
            enrolments=[EnrolmentView.of(candidate.worker_id, e) for e in record.enrolments],
            assessments=[AssessmentView.of(a) for a in record.assessments],
            announcements=list(record.announcements),
        )


class RequirementView(BaseModel):
    """One requirement of a market and what proves it for this worker."""

    code: str
    description: str
    met: bool
    certificate_numbers: list[str]
    assessment_ids: list[str]


class MarketReadinessView(BaseModel):
    """Whether the worker meets one market, and whether ``worker.trained`` was sent for it."""

    market: Market
    met: bool
    announced: bool
    language: Language | None
    language_level: str | None
    requirements: list[RequirementView]

    @classmethod
    def of(cls, readiness: MarketReadiness) -> MarketReadinessView:
        return cls(
            market=readiness.market,
            met=readiness.met,
            announced=readiness.announced,
            language=readiness.language,
            language_level=readiness.language_level,
            requirements=[
                RequirementView(
                    code=s.code,
                    description=s.description,
                    met=s.met,
                    certificate_numbers=[c.number for c in s.certificates],
                    assessment_ids=list(s.assessment_ids),
                )
                for s in readiness.requirements
            ],
        )


class ReadinessView(BaseModel):
    """A worker's readiness for every market."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.READINESS_VIEW))

    worker_id: str
    active: bool
    markets: list[MarketReadinessView]


class MarketRequirementsView(BaseModel):
    """One market's row of the requirements table."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.MARKET_REQUIREMENTS))

    market: Market
    requirements: list[Requirement]
