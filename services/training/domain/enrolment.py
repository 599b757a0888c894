"""Enrolment's use cases: enrol, drop out, attendance, assessments, certificates.

Each is a pure function from the record (and what it needs to decide) to an Outcome: the new
record, the events to publish, and the seat it takes or frees on a course.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.training import examples as ex
from services.training.domain.candidates import CandidateView
from services.training.domain.courses import (
    DEFAULT_MAX_SCORE,
    DEFAULT_PASS_MARK,
    MAX_SCORE,
    Course,
    seat_available,
)
from services.training.domain.errors import (
    AlreadyCertifiedError,
    AlreadyEnrolledError,
    AlreadyPassedError,
    CandidateMergedError,
    CandidateNotRegisteredError,
    CandidateWithdrawnError,
    CourseEndedError,
    CourseFullError,
    EnrolmentClosedError,
    FieldError,
    InsufficientAttendanceError,
    InvalidFieldsError,
    NotPassedError,
)
from services.training.domain.records import (
    Assessment,
    AttendanceMark,
    CourseSnapshot,
    Enrolment,
    EnrolmentStatus,
    Outcome,
    TrainingCostSupport,
    TrainingRecord,
)
from shared.contracts.common import ConsentPurpose, Market
from shared.contracts.training import (
    AssessmentKind,
    Certificate,
    DropOutReason,
    WorkerAssessed,
    WorkerCertified,
    WorkerDroppedOut,
    WorkerEnrolled,
)


class AssessWorker(BaseModel):
    """A command: record an assessment's score (for an enrolment, or an employer's own)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.ASSESS_WORKER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
    )

    kind: AssessmentKind
    enrolment_id: str | None = None
    market: Market | None = None
    assessor: str = Field(min_length=2, max_length=200, description="Provider or employer name")
    score: float = Field(ge=0, le=MAX_SCORE)
    max_score: float | None = Field(default=None, gt=0, le=MAX_SCORE)
    pass_mark: float | None = Field(default=None, gt=0, le=MAX_SCORE)
    assessed_on: date


def training_cost_support(candidate: CandidateView, course: Course) -> TrainingCostSupport:
    """Returns who pays for the course: all of it is supported for an eligible worker."""
    if candidate.training_cost_support:
        return TrainingCostSupport(eligible=True, supported_vnd=course.cost_vnd, worker_pays_vnd=0)
    return TrainingCostSupport(eligible=False, supported_vnd=0, worker_pays_vnd=course.cost_vnd)


def enrol(
    record: TrainingRecord,
    candidate: CandidateView | None,
    course: Course,
    *,
    enrolment_id: str,
    now: datetime,
) -> Outcome:
    """Returns the record with the worker enrolled on the course, taking one seat."""
    if candidate is None or not candidate.registered:
        raise CandidateNotRegisteredError(record.worker_id)
    if candidate.merged_into is not None:
        raise CandidateMergedError(record.worker_id, candidate.merged_into)
    if candidate.withdrawn:
        raise CandidateWithdrawnError(record.worker_id)
    candidate.consent.require(ConsentPurpose.TRAINING)
    if now.date() > course.ends_on:
        raise CourseEndedError(course.course_id)
    for earlier in record.enrolments:
        if earlier.course.course_id != course.course_id:
            continue
        if earlier.status is EnrolmentStatus.ENROLLED:
            raise AlreadyEnrolledError(course.course_id, earlier.enrolment_id)
        if earlier.status is EnrolmentStatus.PASSED:
            raise AlreadyPassedError(course.course_id, earlier.enrolment_id)
    if not seat_available(course):
        raise CourseFullError(course.course_id, course.capacity)
    support = training_cost_support(candidate, course)
    enrolment = Enrolment(
        enrolment_id=enrolment_id,
        course=CourseSnapshot.of(course),
        enrolled_at=now,
        support=support,
    )
    event = WorkerEnrolled(
        worker_id=record.worker_id,
        enrolment_id=enrolment_id,
        course_id=course.course_id,
        provider_id=course.provider_id,
        kind=course.kind,
        language=course.language,
        target_level=course.target_level,
        market=course.market,
        sector=course.sector,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        training_cost_supported=support.eligible,
        supported_vnd=support.supported_vnd,
        enrolled_at=now,
    )
    return Outcome(record.with_enrolment(enrolment), (event,), seat_taken=course.course_id)


def drop_out(
    record: TrainingRecord, enrolment_id: str, *, reason: DropOutReason, now: datetime
) -> Outcome:
    """Returns the record with an open enrolment ended early, freeing its seat."""
    enrolment = _open(record, enrolment_id, "drop out")
    closed = enrolment.model_copy(
        update={
            "status": EnrolmentStatus.DROPPED_OUT,
            "closed_at": now,
            "drop_out_reason": reason,
        }
    )
    event = WorkerDroppedOut(
        worker_id=record.worker_id,
        enrolment_id=enrolment_id,
        course_id=enrolment.course.course_id,
        reason=reason,
        dropped_out_at=now,
    )
    return Outcome(
        record.with_enrolment(closed), (event,), seat_released=enrolment.course.course_id
    )


def record_attendance(
    record: TrainingRecord,
    enrolment_id: str,
    *,
    session_id: str,
    present: bool,
    now: datetime,
) -> Outcome:
    """Returns the record with the worker marked present or absent at a past session."""
    enrolment = _open(record, enrolment_id, "record attendance")
    session = next((s for s in enrolment.course.sessions if s.session_id == session_id), None)
    if session is None:
        raise FieldError("session_id", "not a session of the course")
    if session.on > now.date():
        raise FieldError("session_id", "the session has not taken place yet")
    mark = AttendanceMark(session_id=session_id, present=present, recorded_at=now)
    marks = (*(m for m in enrolment.attendance if m.session_id != session_id), mark)
    return Outcome(record.with_enrolment(enrolment.model_copy(update={"attendance": marks})))


def record_assessment(
    record: TrainingRecord, command: AssessWorker, *, assessment_id: str, now: datetime
) -> Outcome:
    """Returns the record with an assessment; a final one passes or fails the enrolment."""
    enrolment = record.enrolment(command.enrolment_id) if command.enrolment_id is not None else None
    assessment = _assessment(command, enrolment, assessment_id=assessment_id, now=now)
    updated = record.model_copy(update={"assessments": (*record.assessments, assessment)})
    if enrolment is not None and command.kind is AssessmentKind.PROGRESS:
        _open(record, enrolment.enrolment_id, "record a progress assessment")
    if enrolment is not None and command.kind is AssessmentKind.FINAL:
        updated = updated.with_enrolment(_sit_final(enrolment, assessment, now))
    event = WorkerAssessed(
        worker_id=record.worker_id,
        assessment_id=assessment_id,
        kind=assessment.kind,
        enrolment_id=assessment.enrolment_id,
        course_id=assessment.course_id,
        market=assessment.market,
        assessor=assessment.assessor,
        score=assessment.score,
        max_score=assessment.max_score,
        pass_mark=assessment.pass_mark,
        passed=assessment.passed,
        assessed_on=assessment.assessed_on,
        recorded_at=now,
    )
    return Outcome(updated, (event,))


def _assessment(
    command: AssessWorker, enrolment: Enrolment | None, *, assessment_id: str, now: datetime
) -> Assessment:
    course = enrolment.course if enrolment is not None else None
    max_score = command.max_score or (course.max_score if course else DEFAULT_MAX_SCORE)
    pass_mark = command.pass_mark or (course.pass_mark if course else DEFAULT_PASS_MARK)
    market = command.market or (course.market if course else None)
    problems: list[FieldError] = []
    if enrolment is None and command.kind is not AssessmentKind.EMPLOYER:
        problems.append(
            FieldError("enrolment_id", "a {kind} assessment is of a course", kind=command.kind)
        )
    if command.kind is AssessmentKind.EMPLOYER and market is None:
        problems.append(FieldError("market", "an employer assessment names the employer's market"))
    if command.score > max_score:
        problems.append(FieldError("score", "must not exceed max_score"))
    if pass_mark > max_score:
        problems.append(FieldError("pass_mark", "must not exceed max_score"))
    if command.assessed_on > now.date():
        problems.append(FieldError("assessed_on", "must not be in the future"))
    elif course is not None and command.assessed_on < course.starts_on:
        problems.append(FieldError("assessed_on", "before the course started"))
    if problems:
        raise InvalidFieldsError(problems)
    return Assessment(
        assessment_id=assessment_id,
        kind=command.kind,
        enrolment_id=command.enrolment_id,
        course_id=course.course_id if course else None,
        market=market,
        assessor=command.assessor,
        score=command.score,
        max_score=max_score,
        pass_mark=pass_mark,
        assessed_on=command.assessed_on,
        recorded_at=now,
    )


def _sit_final(enrolment: Enrolment, assessment: Assessment, now: datetime) -> Enrolment:
    # A failed enrolment may sit the final again (a resit); a passed or dropped one may not.
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.FAILED):
        raise EnrolmentClosedError(
            enrolment.enrolment_id, enrolment.status, "record a final assessment"
        )
    required = enrolment.course.min_attendance_percent
    if enrolment.attended_percent < required:
        raise InsufficientAttendanceError(
            enrolment.enrolment_id, enrolment.attended_percent, required
        )
    if assessment.passed:
        return enrolment.model_copy(
            update={
                "status": EnrolmentStatus.PASSED,
                "closed_at": now,
                "passed_on": assessment.assessed_on,
            }
        )
    return enrolment.model_copy(update={"status": EnrolmentStatus.FAILED, "closed_at": now})


def issue_certificate(
    record: TrainingRecord,
    enrolment_id: str,
    *,
    number: str,
    issued_on: date,
    now: datetime,
) -> Outcome:
    """Returns the record with a passed enrolment's certificate (its number is unique: store)."""
    enrolment = record.enrolment(enrolment_id)
    number = number.strip()
    problems: list[FieldError] = []
    if not 3 <= len(number) <= 60:
        problems.append(FieldError("number", "must be 3 to 60 characters"))
    if issued_on > now.date():
        problems.append(FieldError("issued_on", "must not be in the future"))
    elif enrolment.passed_on is not None and issued_on < enrolment.passed_on:
        problems.append(FieldError("issued_on", "before the course was passed"))
    if problems:
        raise InvalidFieldsError(problems)
    if enrolment.status is not EnrolmentStatus.PASSED:
        raise NotPassedError(enrolment_id, enrolment.status)
    if enrolment.certificate is not None:
        raise AlreadyCertifiedError(enrolment_id, enrolment.certificate.number)
    course = enrolment.course
    certificate = Certificate(
        number=number,
        course_id=course.course_id,
        kind=course.kind,
        issued_on=issued_on,
        language_level=course.target_level,
        language=course.language,
        provider_id=course.provider_id,
    )
    certified = enrolment.model_copy(update={"certificate": certificate})
    event = WorkerCertified(
        worker_id=record.worker_id,
        enrolment_id=enrolment_id,
        certificate=certificate,
        recorded_at=now,
    )
    return Outcome(record.with_enrolment(certified), (event,))


def _open(record: TrainingRecord, enrolment_id: str, action: str) -> Enrolment:
    enrolment = record.enrolment(enrolment_id)
    if enrolment.status is not EnrolmentStatus.ENROLLED:
        raise EnrolmentClosedError(enrolment_id, enrolment.status, action)
    return enrolment
