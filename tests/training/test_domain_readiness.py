"""Readiness per market from the requirements table, and ``worker.trained`` due once per market."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.training.domain import (
    MARKET_REQUIREMENTS,
    AssessWorker,
    Evidence,
    Language,
    MarketReadiness,
    Requirement,
    TrainingRecord,
    announce_readiness,
    evaluate,
    project_candidate,
    record_assessment,
    table_problems,
)
from services.training.domain.readiness import ORIENTATION
from shared.contracts.common import Market, Sector
from shared.contracts.training import (
    AssessmentKind,
    CourseKind,
    RevocationReason,
    WorkerTrained,
    WorkerTrainingReadinessRevoked,
)
from tests.training.builders import (
    NOW,
    TODAY,
    WORKER,
    candidate,
    course,
    japanese,
    merged,
    orientation,
    passed,
    reopened,
    withdrawn,
)

LATER = NOW + timedelta(days=3)


def readiness(record: TrainingRecord, market: Market) -> MarketReadiness:
    return next(r for r in evaluate(record) if r.market is market)


def unmet(result: MarketReadiness) -> set[str]:
    return {s.code for s in result.requirements if not s.met}


def empty() -> TrainingRecord:
    return TrainingRecord(worker_id=WORKER)


def japan_ready() -> TrainingRecord:
    return passed(passed(empty(), japanese("JLPT-N4")), orientation(Market.JAPAN))


# -- the table -------------------------------------------------------------------------------


def test_the_table_covers_every_market_and_is_consistent() -> None:
    assert set(MARKET_REQUIREMENTS) == set(Market)
    assert table_problems(MARKET_REQUIREMENTS) == []


def test_table_problems_catch_unknown_levels_and_mismatched_languages() -> None:
    bad = {
        Market.JAPAN: (
            Requirement(
                code="language",
                description="",
                evidence=Evidence.LANGUAGE_COURSE,
                language=Language.GERMAN,
                min_levels=("JLPT-N4", "JLPT-N0"),
            ),
            Requirement(
                code="x", description="", evidence=Evidence.ORIENTATION_COURSE, min_levels=("N4",)
            ),
        )
    }

    problems = table_problems(bad)

    assert problems == [
        "JP/language: JLPT does not grade de",
        "JP/language: unknown level JLPT-N0",
        "JP/x: only a language requirement has levels",
        "JP/x: unknown level N4",
    ]


def test_an_empty_record_meets_no_market_but_names_what_is_missing() -> None:
    results = evaluate(empty())

    assert not any(r.met for r in results)
    japan = next(r for r in results if r.market is Market.JAPAN)
    assert unmet(japan) == {"language", "orientation"}


# -- markets with different requirements ----------------------------------------------------


def test_japan_needs_jlpt_n4_and_a_japan_orientation() -> None:
    only_language = passed(empty(), japanese("JLPT-N4"))

    assert unmet(readiness(only_language, Market.JAPAN)) == {"orientation"}
    ready = readiness(japan_ready(), Market.JAPAN)
    assert ready.met
    assert unmet(ready) == set()
    assert (ready.language, ready.language_level) == (Language.JAPANESE, "JLPT-N4")
    assert len(ready.certificates) == 2


def test_a_level_below_n4_does_not_count_and_one_above_does() -> None:
    n5 = passed(passed(empty(), japanese("JLPT-N5")), orientation(Market.JAPAN))
    n3 = passed(passed(empty(), japanese("JLPT-N3")), orientation(Market.JAPAN))

    assert unmet(readiness(n5, Market.JAPAN)) == {"language"}
    assert readiness(n3, Market.JAPAN).met
    assert readiness(n3, Market.JAPAN).language_level == "JLPT-N3"


def test_the_highest_certified_level_is_reported() -> None:
    record = passed(passed(japan_ready(), japanese("JLPT-N2")), japanese("JLPT-N5"))

    assert readiness(record, Market.JAPAN).language_level == "JLPT-N2"


def test_a_passed_course_without_its_certificate_is_not_yet_proof() -> None:
    record = passed(
        passed(empty(), japanese("JLPT-N4"), certified=False), orientation(Market.JAPAN)
    )

    assert unmet(readiness(record, Market.JAPAN)) == {"language"}


def test_orientation_for_another_country_does_not_count() -> None:
    record = passed(passed(empty(), japanese("JLPT-N4")), orientation(Market.KOREA))

    assert unmet(readiness(record, Market.JAPAN)) == {"orientation"}


def test_korea_needs_eps_topik_and_a_korea_orientation() -> None:
    eps = course(language=Language.KOREAN, target_level="EPS-TOPIK")
    topik = course(language=Language.KOREAN, target_level="TOPIK-6")
    with_eps = passed(passed(empty(), eps), orientation(Market.KOREA))
    with_topik = passed(passed(empty(), topik), orientation(Market.KOREA))

    assert readiness(with_eps, Market.KOREA).met
    assert readiness(with_eps, Market.KOREA).language_level == "EPS-TOPIK"
    assert unmet(readiness(with_topik, Market.KOREA)) == {"language"}
    assert not readiness(with_eps, Market.JAPAN).met


def test_a_japan_ready_worker_is_not_korea_ready() -> None:
    record = japan_ready()

    assert readiness(record, Market.JAPAN).met
    assert unmet(readiness(record, Market.KOREA)) == {"language", "orientation"}


def test_germany_needs_german_b1_and_a_vocational_course() -> None:
    german_b1 = course(language=Language.GERMAN, target_level="CEFR-B1")
    german_a2 = course(language=Language.GERMAN, target_level="CEFR-A2")
    english_b2 = course(language=Language.ENGLISH, target_level="CEFR-B2")
    nursing = course(kind=CourseKind.VOCATIONAL, sector=Sector.NURSING)

    assert readiness(passed(passed(empty(), german_b1), nursing), Market.GERMANY).met
    assert unmet(readiness(passed(passed(empty(), german_a2), nursing), Market.GERMANY)) == {
        "language"
    }
    assert unmet(readiness(passed(passed(empty(), english_b2), nursing), Market.GERMANY)) == {
        "language"
    }


def test_taiwan_needs_only_its_orientation() -> None:
    record = passed(empty(), orientation(Market.TAIWAN))

    taiwan = readiness(record, Market.TAIWAN)
    assert taiwan.met
    assert taiwan.language is None
    assert taiwan.language_level is None


def test_a_dropped_or_failed_course_proves_nothing() -> None:
    record = passed(empty(), orientation(Market.TAIWAN), certified=False)

    assert not readiness(record, Market.TAIWAN).met


def test_an_employer_requirement_is_met_by_a_passed_assessment_for_that_market() -> None:
    table = {
        Market.JAPAN: (
            ORIENTATION,
            Requirement(
                code="employer_interview",
                description="passed an employer's interview",
                evidence=Evidence.EMPLOYER_ASSESSMENT,
            ),
        )
    }
    record = passed(empty(), orientation(Market.JAPAN))

    def assessed(record: TrainingRecord, market: Market, score: float) -> TrainingRecord:
        command = AssessWorker(
            kind=AssessmentKind.EMPLOYER,
            market=market,
            assessor="Kobe Foods Co.",
            score=score,
            assessed_on=TODAY,
        )
        return record_assessment(record, command, assessment_id=f"a{score}", now=NOW).record

    failed = assessed(record, Market.JAPAN, 30)
    elsewhere = assessed(record, Market.KOREA, 90)
    passed_it = assessed(failed, Market.JAPAN, 70)

    assert not evaluate(failed, table)[0].met
    assert not evaluate(elsewhere, table)[0].met
    [result] = evaluate(passed_it, table)
    assert result.met
    assert result.requirements[1].assessment_ids == ("a70",)


# -- worker.trained, once per market ---------------------------------------------------------


def test_worker_trained_is_due_once_when_a_market_is_met() -> None:
    first = announce_readiness(japan_ready(), candidate(), now=NOW)
    again = announce_readiness(first.record, candidate(), now=LATER)

    [event] = first.events
    assert isinstance(event, WorkerTrained)
    assert (event.worker_id, event.market, event.trained_at) == (WORKER, Market.JAPAN, NOW)
    assert (event.language, event.language_level) == ("ja", "JLPT-N4")
    assert {c.kind for c in event.certificates} == {"language", "orientation"}
    assert event.requirements == ["language", "orientation"]
    assert again.events == ()
    assert again.record == first.record
    assert first.record.standing_markets() == {Market.JAPAN}
    assert readiness(first.record, Market.JAPAN).announced


def test_nothing_is_due_before_a_market_is_met() -> None:
    outcome = announce_readiness(passed(empty(), japanese()), candidate(), now=NOW)

    assert outcome.events == ()
    assert outcome.record.announcements == ()


def test_two_markets_met_together_are_each_announced() -> None:
    record = passed(japan_ready(), orientation(Market.TAIWAN))

    outcome = announce_readiness(record, candidate(), now=NOW)

    assert sorted(e.market for e in outcome.events if isinstance(e, WorkerTrained)) == [
        Market.JAPAN,
        Market.TAIWAN,
    ]


def test_a_market_met_later_is_announced_then_and_the_earlier_one_not_again() -> None:
    first = announce_readiness(passed(empty(), orientation(Market.TAIWAN)), candidate(), now=NOW)
    record = passed(passed(first.record, japanese()), orientation(Market.JAPAN))

    second = announce_readiness(record, candidate(), now=LATER)

    assert [e.market for e in second.events if isinstance(e, WorkerTrained)] == [Market.JAPAN]


def test_a_withdrawn_worker_gets_no_announcement() -> None:
    outcome = announce_readiness(japan_ready(), candidate(is_withdrawn=True), now=NOW)

    assert outcome.events == ()


def test_a_later_withdrawal_revokes_and_a_reopening_announces_again() -> None:
    announced = announce_readiness(japan_ready(), candidate(), now=NOW).record
    gone = candidate(is_withdrawn=True)
    back = project_candidate(gone, reopened(), event_id="e-3", sequence=3, time=LATER)

    revoked = announce_readiness(announced, gone, now=LATER)
    still_revoked = announce_readiness(revoked.record, gone, now=LATER)
    again = announce_readiness(revoked.record, back, now=LATER)

    [revocation] = revoked.events
    assert isinstance(revocation, WorkerTrainingReadinessRevoked)
    assert (revocation.market, revocation.reason) == (Market.JAPAN, RevocationReason.WITHDRAWN)
    assert revoked.record.standing_markets() == set()
    assert still_revoked.events == ()
    [trained] = again.events
    assert isinstance(trained, WorkerTrained)
    assert trained.market is Market.JAPAN
    assert [a.standing for a in again.record.announcements] == [False, True]


def test_a_market_the_table_no_longer_meets_is_revoked() -> None:
    announced = announce_readiness(japan_ready(), candidate(), now=NOW).record
    stricter = {**MARKET_REQUIREMENTS, Market.JAPAN: (*MARKET_REQUIREMENTS[Market.JAPAN],)}
    stricter[Market.JAPAN] = (
        stricter[Market.JAPAN][0].model_copy(update={"min_levels": ("JLPT-N3",)}),
        ORIENTATION,
    )

    outcome = announce_readiness(announced, candidate(), now=LATER, table=stricter)

    [revocation] = outcome.events
    assert isinstance(revocation, WorkerTrainingReadinessRevoked)
    assert revocation.reason is RevocationReason.REQUIREMENTS_UNMET


def test_a_merge_revokes_with_its_own_reason() -> None:
    announced = announce_readiness(japan_ready(), candidate(), now=NOW).record
    view = project_candidate(candidate(), merged(), event_id="e-9", sequence=9, time=LATER)

    [revocation] = announce_readiness(announced, view, now=LATER).events

    assert isinstance(revocation, WorkerTrainingReadinessRevoked)
    assert revocation.reason is RevocationReason.MERGED


def test_withdrawal_read_from_intake_reaches_readiness() -> None:
    announced = announce_readiness(japan_ready(), candidate(), now=NOW).record
    view = project_candidate(candidate(), withdrawn(), event_id="e-9", sequence=9, time=LATER)

    outcome = announce_readiness(announced, view, now=LATER)

    assert [type(e) for e in outcome.events] == [WorkerTrainingReadinessRevoked]


# -- properties over random training records -------------------------------------------------

LANGUAGE_COURSES = [
    (Language.JAPANESE, "JLPT-N5"),
    (Language.JAPANESE, "JLPT-N4"),
    (Language.JAPANESE, "JLPT-N2"),
    (Language.KOREAN, "EPS-TOPIK"),
    (Language.KOREAN, "TOPIK-3"),
    (Language.GERMAN, "CEFR-A2"),
    (Language.GERMAN, "CEFR-B1"),
    (Language.ENGLISH, "CEFR-A2"),
    (Language.CHINESE, "TOCFL-2"),
]
courses = st.one_of(
    st.sampled_from(LANGUAGE_COURSES).map(
        lambda pair: course(language=pair[0], target_level=pair[1])
    ),
    st.sampled_from(Market).map(orientation),
    st.sampled_from([Sector.NURSING, Sector.WELDING]).map(
        lambda sector: course(kind=CourseKind.VOCATIONAL, sector=sector)
    ),
)
records = st.lists(st.tuples(courses, st.booleans()), max_size=6).map(lambda taken: _record(taken))


def _record(taken: list) -> TrainingRecord:
    record = empty()
    for the_course, certified in taken:
        record = passed(record, the_course, certified=certified)
    return record


@settings(max_examples=60, deadline=None)
@given(records)
def test_a_market_is_met_exactly_when_every_requirement_is(record: TrainingRecord) -> None:
    for result in evaluate(record):
        assert result.met is all(s.met for s in result.requirements)
        assert [s.code for s in result.requirements] == [
            r.code for r in MARKET_REQUIREMENTS[result.market]
        ]
        for status in result.requirements:
            assert status.met is bool(status.certificates)


@settings(max_examples=60, deadline=None)
@given(records, courses)
def test_more_training_never_unmeets_a_market(record: TrainingRecord, extra) -> None:
    before = {r.market for r in evaluate(record) if r.met}

    after = {r.market for r in evaluate(passed(record, extra)) if r.met}

    assert before <= after


@settings(max_examples=60, deadline=None)
@given(records)
def test_announcing_is_idempotent_and_covers_each_met_market_once(record: TrainingRecord) -> None:
    met = {r.market for r in evaluate(record) if r.met}

    first = announce_readiness(record, candidate(), now=NOW)
    second = announce_readiness(first.record, candidate(), now=LATER)

    trained = [e.market for e in first.events if isinstance(e, WorkerTrained)]
    assert sorted(trained) == sorted(met)
    assert second.events == ()
    assert first.record.standing_markets() == met
