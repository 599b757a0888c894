"""Builders of intake events, candidates, courses and records for training's domain tests."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from services.training.domain import (
    AssessWorker,
    CandidateView,
    Course,
    Language,
    Provider,
    Session,
    TrainingRecord,
    enrol,
    issue_certificate,
    project_candidate,
    record_assessment,
    record_attendance,
)
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.intake import (
    FamilyContact,
    SupportEligibility,
    WorkerCorrected,
    WorkerMerged,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.contracts.training import AssessmentKind, CourseKind

NOW = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
WORKER = "w-0001"
PHONE = "0912345678"
_ids = itertools.count(1)


def support(eligible: bool) -> SupportEligibility:
    return SupportEligibility(
        subproject2=eligible,
        training_cost_support=eligible,
        preferential_loan=eligible,
        reasons=["poor household"] if eligible else [],
    )


def locality() -> Locality:
    return Locality(province_code="14", commune_code="04123", former_district_code="118")


def registered(
    worker_id: str = WORKER,
    *,
    eligible: bool = True,
    household: HouseholdStatus = HouseholdStatus.POOR,
    at: datetime = NOW,
) -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=worker_id,
        full_name="Đinh Thị Linh",
        date_of_birth=date(2001, 3, 4),
        gender=Gender.FEMALE,
        ethnicity="Thái",
        ethnic_minority=True,
        household_status=household,
        locality=locality(),
        desired_markets=[Market.JAPAN],
        desired_sectors=[Sector.FOOD_PROCESSING],
        support=support(eligible),
        phone=PHONE,
        family_contact=FamilyContact(name="Đinh Văn Nam", relationship="father", phone=PHONE),
        registered_at=at,
    )


def corrected(
    worker_id: str = WORKER,
    *,
    revision: int = 1,
    eligible: bool = False,
    household: HouseholdStatus = HouseholdStatus.OTHER,
    full_name: str = "Đinh Thị Lính",
    at: datetime = NOW,
) -> WorkerCorrected:
    return WorkerCorrected(
        worker_id=worker_id,
        revision=revision,
        changed_fields=["household_status", "support"],
        full_name=full_name,
        date_of_birth=date(2001, 3, 4),
        gender=Gender.FEMALE,
        ethnic_minority=True,
        household_status=household,
        locality=locality(),
        desired_markets=[Market.JAPAN, Market.TAIWAN],
        support=support(eligible),
        phone=PHONE,
        corrected_by="officer-7",
        corrected_at=at,
    )


def withdrawn(worker_id: str = WORKER, *, at: datetime = NOW) -> WorkerWithdrawn:
    return WorkerWithdrawn(worker_id=worker_id, reason="family", withdrawn_at=at)


def reopened(worker_id: str = WORKER, *, at: datetime = NOW) -> WorkerReopened:
    return WorkerReopened(worker_id=worker_id, reopened_at=at)


def merged(
    worker_id: str = WORKER, *, survivor_id: str = "w-survivor", at: datetime = NOW
) -> WorkerMerged:
    return WorkerMerged(
        worker_id=worker_id, survivor_id=survivor_id, review_id="review-1", merged_at=at
    )


def candidate(
    worker_id: str = WORKER, *, eligible: bool = True, is_withdrawn: bool = False
) -> CandidateView:
    """A registered candidate, withdrawn afterwards if asked."""
    view = project_candidate(
        None, registered(worker_id, eligible=eligible), event_id="e-1", sequence=1, time=NOW
    )
    if is_withdrawn:
        view = project_candidate(
            view, withdrawn(worker_id), event_id="e-2", sequence=2, time=NOW + timedelta(hours=1)
        )
    return view


def provider(*kinds: CourseKind, active: bool = True) -> Provider:
    return Provider(
        provider_id="p-1",
        name="Trung tâm Ngoại ngữ Sơn La",
        province_code="14",
        kinds=kinds or tuple(CourseKind),
        active=active,
    )


def sessions(count: int = 4, first: date | None = None) -> tuple[Session, ...]:
    """Weekly sessions; by default the last one is today, so every session can be marked."""
    first = first or TODAY - timedelta(days=7 * (count - 1))
    return tuple(
        Session(session_id=f"s{n}", on=first + timedelta(days=7 * n)) for n in range(count)
    )


def course(
    course_id: str | None = None,
    *,
    kind: CourseKind = CourseKind.LANGUAGE,
    language: Language | None = None,
    target_level: str | None = None,
    market: Market | None = None,
    sector: Sector | None = None,
    capacity: int = 20,
    seats_taken: int = 0,
    cost_vnd: int = 12_000_000,
    session_count: int = 4,
    first_session: date | None = None,
    min_attendance_percent: int = 75,
) -> Course:
    if kind is CourseKind.LANGUAGE and language is None:
        language, target_level = Language.JAPANESE, target_level or "JLPT-N4"
    if kind is CourseKind.ORIENTATION and market is None:
        market = Market.JAPAN
    if kind is CourseKind.VOCATIONAL and sector is None:
        sector = Sector.FOOD_PROCESSING
    return Course(
        course_id=course_id or f"c-{next(_ids)}",
        provider_id="p-1",
        title=f"{kind} course",
        kind=kind,
        language=language,
        target_level=target_level,
        market=market,
        sector=sector,
        hours=120,
        sessions=sessions(session_count, first_session),
        capacity=capacity,
        cost_vnd=cost_vnd,
        seats_taken=seats_taken,
        min_attendance_percent=min_attendance_percent,
    )


def japanese(level: str = "JLPT-N4") -> Course:
    return course(kind=CourseKind.LANGUAGE, language=Language.JAPANESE, target_level=level)


def orientation(market: Market) -> Course:
    return course(kind=CourseKind.ORIENTATION, market=market)


def attend_all(record: TrainingRecord, enrolment_id: str, the_course: Course) -> TrainingRecord:
    for session in the_course.sessions:
        record = record_attendance(
            record, enrolment_id, session_id=session.session_id, present=True, now=NOW
        ).record
    return record


def final(enrolment_id: str, score: float = 80.0) -> AssessWorker:
    return AssessWorker(
        kind=AssessmentKind.FINAL,
        enrolment_id=enrolment_id,
        assessor="Trung tâm Ngoại ngữ Sơn La",
        score=score,
        assessed_on=TODAY,
    )


def passed(
    record: TrainingRecord,
    the_course: Course,
    *,
    who: CandidateView | None = None,
    certified: bool = True,
) -> TrainingRecord:
    """The record after the worker enrolled, attended every session, passed and was certified."""
    enrolment_id = f"en-{next(_ids)}"
    who = who or candidate(record.worker_id)
    record = enrol(record, who, the_course, enrolment_id=enrolment_id, now=NOW).record
    record = attend_all(record, enrolment_id, the_course)
    record = record_assessment(
        record, final(enrolment_id), assessment_id=f"a-{next(_ids)}", now=NOW
    ).record
    if certified:
        record = issue_certificate(
            record, enrolment_id, number=f"CERT-{next(_ids):05d}", issued_on=TODAY, now=NOW
        ).record
    return record
