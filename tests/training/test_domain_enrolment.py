"""Enrolment rules: who may enrol, seats, support, drop-out and re-take, attendance,
assessments and certificates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from services.training.domain import (
    AssessWorker,
    CandidateView,
    Course,
    EnrolmentStatus,
    Outcome,
    TrainingRecord,
    drop_out,
    enrol,
    issue_certificate,
    project_candidate,
    record_assessment,
    record_attendance,
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
    UnknownEnrolmentError,
)
from shared.consent import ConsentWithdrawnError
from shared.contracts.common import ConsentPurpose, Market
from shared.contracts.intake import ConsentGiven, ConsentWithdrawn
from shared.contracts.training import (
    AssessmentKind,
    CourseKind,
    DropOutReason,
    WorkerAssessed,
    WorkerCertified,
    WorkerDroppedOut,
    WorkerEnrolled,
)
from shared.errors import ConflictError
from tests.training.builders import (
    NOW,
    TODAY,
    WORKER,
    attend_all,
    candidate,
    course,
    final,
    japanese,
    merged,
    withdrawn,
)

EN = "en-1"


def enrolled(the_course: Course, who: CandidateView | None = None) -> Outcome:
    return enrol(
        TrainingRecord(worker_id=WORKER),
        who or candidate(),
        the_course,
        enrolment_id=EN,
        now=NOW,
    )


def field_names(caught: pytest.ExceptionInfo[InvalidFieldsError]) -> set[str]:
    return {e.field for e in caught.value.errors}


# -- enrol -----------------------------------------------------------------------------------


def test_a_registered_worker_takes_a_seat_and_the_enrolment_is_announced() -> None:
    the_course = japanese()

    outcome = enrolled(the_course)

    enrolment = outcome.record.enrolment(EN)
    assert enrolment.status is EnrolmentStatus.ENROLLED
    assert enrolment.course.course_id == the_course.course_id
    assert enrolment.enrolled_at == NOW
    assert outcome.seat_taken == the_course.course_id
    assert outcome.seat_released is None
    [event] = outcome.events
    assert isinstance(event, WorkerEnrolled)
    assert (event.worker_id, event.enrolment_id, event.course_id) == (
        WORKER,
        EN,
        the_course.course_id,
    )
    assert event.target_level == "JLPT-N4"
    assert event.starts_on == the_course.starts_on


def test_an_eligible_worker_has_the_whole_cost_supported() -> None:
    outcome = enrolled(course(cost_vnd=15_000_000), candidate(eligible=True))

    support = outcome.record.enrolment(EN).support
    assert (support.eligible, support.supported_vnd, support.worker_pays_vnd) == (
        True,
        15_000_000,
        0,
    )
    [event] = outcome.events
    assert isinstance(event, WorkerEnrolled)
    assert event.training_cost_supported
    assert event.supported_vnd == 15_000_000


def test_a_worker_not_eligible_pays_the_cost() -> None:
    outcome = enrolled(course(cost_vnd=15_000_000), candidate(eligible=False))

    support = outcome.record.enrolment(EN).support
    assert (support.eligible, support.supported_vnd, support.worker_pays_vnd) == (
        False,
        0,
        15_000_000,
    )


def test_an_unknown_worker_cannot_enrol() -> None:
    with pytest.raises(CandidateNotRegisteredError) as caught:
        enrol(TrainingRecord(worker_id=WORKER), None, course(), enrolment_id=EN, now=NOW)

    assert isinstance(caught.value, ConflictError)
    assert caught.value.details == {"worker_id": WORKER}


def test_a_worker_known_only_by_a_withdrawal_cannot_enrol() -> None:
    only_withdrawn = project_candidate(None, withdrawn(), event_id="e", sequence=2, time=NOW)

    with pytest.raises(CandidateNotRegisteredError):
        enrolled(course(), only_withdrawn)


def test_a_withdrawn_worker_cannot_enrol_and_the_error_holds_no_personal_data() -> None:
    with pytest.raises(CandidateWithdrawnError) as caught:
        enrolled(course(), candidate(is_withdrawn=True))

    assert "Đinh" not in str(caught.value)
    assert "Đinh" not in str(caught.value.details)


def test_consent_withdrawn_for_training_refuses_enrolment_until_given_again() -> None:
    def consent(event: ConsentGiven | ConsentWithdrawn, sequence: int) -> CandidateView:
        return project_candidate(view, event, event_id=f"c-{sequence}", sequence=sequence, time=NOW)

    view = candidate()
    view = consent(
        ConsentWithdrawn(
            worker_id=WORKER,
            purposes=[ConsentPurpose.TRAINING],
            withdrawn_purposes=[ConsentPurpose.TRAINING],
            withdrawn_by="cb",
            withdrawn_at=NOW,
        ),
        3,
    )
    with pytest.raises(ConsentWithdrawnError) as caught:
        enrolled(course(), view)
    assert caught.value.details == {"withdrawn_purpose": "training"}
    given_again = ConsentGiven(
        worker_id=WORKER,
        purposes=[ConsentPurpose.TRAINING],
        notice_version="2026-01",
        given_by="cb",
        given_at=NOW,
    )
    view = consent(given_again, 4)
    enrolled(course(), view)


def test_a_merged_duplicate_record_cannot_enrol_and_names_the_survivor() -> None:
    duplicate = project_candidate(candidate(), merged(), event_id="e-5", sequence=5, time=NOW)

    with pytest.raises(CandidateMergedError) as caught:
        enrolled(course(), duplicate)

    assert caught.value.details == {"worker_id": WORKER, "survivor_id": "w-survivor"}


def test_a_full_course_refuses_the_next_worker() -> None:
    with pytest.raises(CourseFullError) as caught:
        enrolled(course(capacity=3, seats_taken=3))

    assert caught.value.details["capacity"] == 3


def test_the_last_seat_can_be_taken() -> None:
    assert enrolled(course(capacity=3, seats_taken=2)).seat_taken is not None


def test_a_course_takes_enrolments_until_its_last_session() -> None:
    last_day_today = course(session_count=1, first_session=TODAY)
    ended = course(session_count=1, first_session=TODAY - timedelta(days=1))

    assert enrolled(last_day_today).seat_taken == last_day_today.course_id
    with pytest.raises(CourseEndedError):
        enrolled(ended)


def test_a_worker_cannot_hold_two_seats_on_one_course() -> None:
    the_course = japanese()
    record = enrolled(the_course).record

    with pytest.raises(AlreadyEnrolledError):
        enrol(record, candidate(), the_course, enrolment_id="en-2", now=NOW)


def test_a_worker_who_dropped_out_may_take_the_course_again() -> None:
    the_course = japanese()
    record = enrolled(the_course).record
    record = drop_out(record, EN, reason=DropOutReason.HEALTH, now=NOW).record

    outcome = enrol(record, candidate(), the_course, enrolment_id="en-2", now=NOW)

    statuses = [e.status for e in outcome.record.enrolments]
    assert statuses == [EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.ENROLLED]
    assert outcome.seat_taken == the_course.course_id


def test_a_worker_who_failed_may_take_the_course_again_but_one_who_passed_may_not() -> None:
    the_course = japanese()
    record = attend_all(enrolled(the_course).record, EN, the_course)
    failed = record_assessment(record, final(EN, score=20), assessment_id="a1", now=NOW).record
    passed = record_assessment(record, final(EN, score=90), assessment_id="a1", now=NOW).record

    retake = enrol(failed, candidate(), the_course, enrolment_id="en-2", now=NOW)
    assert retake.record.enrolment("en-2").status is EnrolmentStatus.ENROLLED
    with pytest.raises(AlreadyPassedError):
        enrol(passed, candidate(), the_course, enrolment_id="en-2", now=NOW)


def test_enrolment_keeps_the_course_as_it_was() -> None:
    the_course = japanese()
    enrolment = enrolled(the_course).record.enrolment(EN)

    assert enrolment.course.kind is CourseKind.LANGUAGE
    assert enrolment.course.sessions == the_course.sessions
    assert enrolment.course.min_attendance_percent == the_course.min_attendance_percent


# -- drop out --------------------------------------------------------------------------------


def test_dropping_out_frees_the_seat_and_is_announced_with_a_reason_code() -> None:
    the_course = japanese()
    record = enrolled(the_course).record

    outcome = drop_out(record, EN, reason=DropOutReason.FAMILY, now=NOW)

    enrolment = outcome.record.enrolment(EN)
    assert enrolment.status is EnrolmentStatus.DROPPED_OUT
    assert enrolment.drop_out_reason is DropOutReason.FAMILY
    assert enrolment.closed_at == NOW
    assert outcome.seat_released == the_course.course_id
    assert outcome.seat_taken is None
    [event] = outcome.events
    assert isinstance(event, WorkerDroppedOut)
    assert event.reason is DropOutReason.FAMILY


def test_a_closed_enrolment_cannot_be_dropped_again() -> None:
    record = drop_out(enrolled(japanese()).record, EN, reason=DropOutReason.OTHER, now=NOW).record

    with pytest.raises(EnrolmentClosedError) as caught:
        drop_out(record, EN, reason=DropOutReason.OTHER, now=NOW)

    assert caught.value.details["state"] == "dropped_out"


def test_an_unknown_enrolment_is_not_found() -> None:
    with pytest.raises(UnknownEnrolmentError):
        drop_out(TrainingRecord(worker_id=WORKER), "nope", reason=DropOutReason.OTHER, now=NOW)


# -- attendance ------------------------------------------------------------------------------


def test_attendance_is_marked_per_session_and_a_second_mark_replaces_the_first() -> None:
    the_course = course(session_count=4)
    record = enrolled(the_course).record

    record = record_attendance(record, EN, session_id="s0", present=False, now=NOW).record
    record = record_attendance(record, EN, session_id="s0", present=True, now=NOW).record
    record = record_attendance(record, EN, session_id="s1", present=True, now=NOW).record

    enrolment = record.enrolment(EN)
    assert [(m.session_id, m.present) for m in enrolment.attendance] == [
        ("s0", True),
        ("s1", True),
    ]
    assert enrolment.attended_percent == 50.0


def test_attendance_at_an_unknown_session_names_session_id() -> None:
    record = enrolled(course()).record

    with pytest.raises(FieldError) as caught:
        record_attendance(record, EN, session_id="s99", present=True, now=NOW)

    assert caught.value.field == "session_id"


def test_attendance_cannot_be_marked_before_the_session() -> None:
    record = enrolled(course(first_session=TODAY + timedelta(days=1))).record

    with pytest.raises(FieldError) as caught:
        record_attendance(record, EN, session_id="s0", present=True, now=NOW)

    assert caught.value.field == "session_id"


def test_attendance_is_not_marked_after_dropping_out() -> None:
    record = drop_out(enrolled(course()).record, EN, reason=DropOutReason.OTHER, now=NOW).record

    with pytest.raises(EnrolmentClosedError):
        record_attendance(record, EN, session_id="s0", present=True, now=NOW)


# -- assessments -----------------------------------------------------------------------------


def test_a_final_assessment_at_the_pass_mark_passes_the_course() -> None:
    the_course = japanese()
    record = attend_all(enrolled(the_course).record, EN, the_course)

    outcome = record_assessment(record, final(EN, score=50), assessment_id="a1", now=NOW)

    enrolment = outcome.record.enrolment(EN)
    assert enrolment.status is EnrolmentStatus.PASSED
    assert enrolment.passed_on == TODAY
    [event] = outcome.events
    assert isinstance(event, WorkerAssessed)
    assert event.passed
    assert (event.score, event.pass_mark, event.max_score) == (50, 50, 100)
    assert event.course_id == the_course.course_id


def test_a_final_assessment_below_the_pass_mark_fails_and_a_resit_may_pass() -> None:
    the_course = japanese()
    record = attend_all(enrolled(the_course).record, EN, the_course)

    failed = record_assessment(record, final(EN, score=49.5), assessment_id="a1", now=NOW).record
    resat = record_assessment(failed, final(EN, score=70), assessment_id="a2", now=NOW).record

    assert failed.enrolment(EN).status is EnrolmentStatus.FAILED
    assert resat.enrolment(EN).status is EnrolmentStatus.PASSED
    assert [a.passed for a in resat.assessments] == [False, True]


def test_a_passed_course_takes_no_further_final_assessment() -> None:
    the_course = japanese()
    record = attend_all(enrolled(the_course).record, EN, the_course)
    record = record_assessment(record, final(EN), assessment_id="a1", now=NOW).record

    with pytest.raises(EnrolmentClosedError):
        record_assessment(record, final(EN), assessment_id="a2", now=NOW)


def test_too_little_attendance_bars_the_final_assessment() -> None:
    the_course = course(session_count=4, min_attendance_percent=75)
    record = enrolled(the_course).record
    for session_id in ("s0", "s1"):
        record = record_attendance(record, EN, session_id=session_id, present=True, now=NOW).record

    with pytest.raises(InsufficientAttendanceError) as caught:
        record_assessment(record, final(EN), assessment_id="a1", now=NOW)

    assert caught.value.details["attended_percent"] == 50.0
    assert caught.value.details["required_percent"] == 75


def test_a_progress_assessment_leaves_the_enrolment_open() -> None:
    record = enrolled(japanese()).record
    progress = final(EN, score=10).model_copy(update={"kind": AssessmentKind.PROGRESS})

    outcome = record_assessment(record, progress, assessment_id="a1", now=NOW)

    assert outcome.record.enrolment(EN).status is EnrolmentStatus.ENROLLED
    assert len(outcome.record.assessments) == 1


def test_an_employer_assessment_names_the_employer_market() -> None:
    employer = AssessWorker(
        kind=AssessmentKind.EMPLOYER,
        assessor="Kobe Foods Co.",
        market=Market.JAPAN,
        score=7,
        max_score=10,
        pass_mark=6,
        assessed_on=TODAY,
    )

    outcome = record_assessment(
        TrainingRecord(worker_id=WORKER), employer, assessment_id="a1", now=NOW
    )

    [assessment] = outcome.record.assessments
    assert assessment.passed
    assert assessment.market is Market.JAPAN
    assert assessment.enrolment_id is None
    [event] = outcome.events
    assert isinstance(event, WorkerAssessed)
    assert event.kind is AssessmentKind.EMPLOYER


def test_an_employer_assessment_of_a_course_takes_the_course_market() -> None:
    the_course = course(kind=CourseKind.ORIENTATION, market=Market.KOREA)
    record = enrolled(the_course).record
    employer = AssessWorker(
        kind=AssessmentKind.EMPLOYER,
        enrolment_id=EN,
        assessor="Busan Steel",
        score=40,
        assessed_on=TODAY,
    )

    outcome = record_assessment(record, employer, assessment_id="a1", now=NOW)

    assert outcome.record.assessments[0].market is Market.KOREA
    assert outcome.record.enrolment(EN).status is EnrolmentStatus.ENROLLED


def test_bad_assessments_name_every_field() -> None:
    record = enrolled(japanese()).record
    bad = AssessWorker(
        kind=AssessmentKind.FINAL,
        enrolment_id=EN,
        assessor="Trung tâm",
        score=120,
        pass_mark=150,
        assessed_on=TODAY + timedelta(days=1),
    )

    with pytest.raises(InvalidFieldsError) as caught:
        record_assessment(record, bad, assessment_id="a1", now=NOW)

    assert field_names(caught) == {"score", "pass_mark", "assessed_on"}


def test_a_final_assessment_needs_an_enrolment_and_an_employer_one_a_market() -> None:
    record = TrainingRecord(worker_id=WORKER)
    no_enrolment = AssessWorker(
        kind=AssessmentKind.FINAL, assessor="Trung tâm", score=60, assessed_on=TODAY
    )
    no_market = no_enrolment.model_copy(update={"kind": AssessmentKind.EMPLOYER})

    with pytest.raises(InvalidFieldsError) as first:
        record_assessment(record, no_enrolment, assessment_id="a1", now=NOW)
    with pytest.raises(InvalidFieldsError) as second:
        record_assessment(record, no_market, assessment_id="a1", now=NOW)

    assert field_names(first) == {"enrolment_id"}
    assert field_names(second) == {"market"}


def test_an_assessment_before_the_course_started_names_assessed_on() -> None:
    the_course = japanese()
    record = attend_all(enrolled(the_course).record, EN, the_course)
    early = final(EN).model_copy(update={"assessed_on": the_course.starts_on - timedelta(1)})

    with pytest.raises(InvalidFieldsError) as caught:
        record_assessment(record, early, assessment_id="a1", now=NOW)

    assert field_names(caught) == {"assessed_on"}


# -- certificates ----------------------------------------------------------------------------


def passed_record(the_course: Course) -> TrainingRecord:
    record = attend_all(enrolled(the_course).record, EN, the_course)
    return record_assessment(record, final(EN), assessment_id="a1", now=NOW).record


def test_a_passed_course_is_certified_with_its_level() -> None:
    the_course = japanese("JLPT-N3")

    outcome = issue_certificate(
        passed_record(the_course), EN, number=" JP-2025-0042 ", issued_on=TODAY, now=NOW
    )

    certificate = outcome.record.enrolment(EN).certificate
    assert certificate is not None
    assert (certificate.number, certificate.language_level, certificate.language) == (
        "JP-2025-0042",
        "JLPT-N3",
        "ja",
    )
    [event] = outcome.events
    assert isinstance(event, WorkerCertified)
    assert event.certificate == certificate


def test_only_a_passed_course_is_certified_and_only_once() -> None:
    the_course = japanese()
    open_record = enrolled(the_course).record
    certified = issue_certificate(
        passed_record(the_course), EN, number="JP-1", issued_on=TODAY, now=NOW
    ).record

    with pytest.raises(NotPassedError):
        issue_certificate(open_record, EN, number="JP-1", issued_on=TODAY, now=NOW)
    with pytest.raises(AlreadyCertifiedError):
        issue_certificate(certified, EN, number="JP-2", issued_on=TODAY, now=NOW)


def test_a_bad_certificate_names_number_and_issued_on() -> None:
    record = passed_record(japanese())

    with pytest.raises(InvalidFieldsError) as blank:
        issue_certificate(record, EN, number="  ", issued_on=TODAY, now=NOW)
    with pytest.raises(InvalidFieldsError) as early:
        issue_certificate(record, EN, number="JP-1", issued_on=TODAY - timedelta(1), now=NOW)
    with pytest.raises(InvalidFieldsError) as future:
        issue_certificate(record, EN, number="JP-1", issued_on=TODAY + timedelta(1), now=NOW)

    assert field_names(blank) == {"number"}
    assert field_names(early) == {"issued_on"}
    assert field_names(future) == {"issued_on"}


# -- seats under any sequence of enrolments and drop-outs ------------------------------------


class SeatsMachine(RuleBasedStateMachine):
    """Officers enrol and drop out workers on one course, the store applying each seat change.

    Whatever the sequence, seats taken never exceed capacity and equal the open enrolments.
    """

    workers = st.sampled_from([f"w-{n}" for n in range(8)])

    def __init__(self) -> None:
        super().__init__()
        self.course = course(capacity=3)
        self.records: dict[str, TrainingRecord] = {}
        self.withdrawn = {"w-7"}
        self.counter = 0

    def _apply(self, outcome: Outcome) -> None:
        self.records[outcome.record.worker_id] = outcome.record
        taken = self.course.seats_taken
        if outcome.seat_taken:
            taken += 1
        if outcome.seat_released:
            taken -= 1
        self.course = self.course.model_copy(update={"seats_taken": taken})

    @rule(worker=workers)
    def enrol_worker(self, worker: str) -> None:
        self.counter += 1
        record = self.records.get(worker, TrainingRecord(worker_id=worker))
        who = candidate(worker, is_withdrawn=worker in self.withdrawn)
        was_open = any(e.status is EnrolmentStatus.ENROLLED for e in record.enrolments)
        full = self.course.seats_taken >= self.course.capacity
        try:
            outcome = enrol(record, who, self.course, enrolment_id=f"e{self.counter}", now=NOW)
        except CandidateWithdrawnError:
            assert worker in self.withdrawn
            return
        except AlreadyEnrolledError:
            assert was_open
            return
        except CourseFullError:
            assert full
            assert not was_open
            return
        assert not full
        assert not was_open
        assert worker not in self.withdrawn
        self._apply(outcome)

    @precondition(lambda self: any(self.open_enrolments(r) for r in self.records.values()))
    @rule(data=st.data())
    def drop_out_worker(self, data: st.DataObject) -> None:
        choices = [(r, e) for r in self.records.values() for e in self.open_enrolments(r)]
        record, enrolment_id = data.draw(st.sampled_from(choices))
        self._apply(drop_out(record, enrolment_id, reason=DropOutReason.OTHER, now=NOW))

    @staticmethod
    def open_enrolments(record: TrainingRecord) -> list[str]:
        return [e.enrolment_id for e in record.enrolments if e.status is EnrolmentStatus.ENROLLED]

    @invariant()
    def seats_match_open_enrolments(self) -> None:
        open_count = sum(len(self.open_enrolments(r)) for r in self.records.values())
        assert self.course.seats_taken == open_count
        assert 0 <= self.course.seats_taken <= self.course.capacity

    @invariant()
    def no_worker_holds_two_seats(self) -> None:
        assert all(len(self.open_enrolments(r)) <= 1 for r in self.records.values())


SeatsMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=30)
TestSeats = SeatsMachine.TestCase
