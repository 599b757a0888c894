"""Readiness across journeys: certificates are kept, and count again only while still valid."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.training.domain import (
    MARKET_REQUIREMENTS,
    CandidateView,
    Language,
    TrainingRecord,
    announce_readiness,
    evaluate,
    project_candidate,
)
from services.training.domain.candidates import IntakeEvent
from services.training.domain.readiness import Evidence
from shared.contracts.common import HouseholdStatus, Market
from shared.contracts.intake import SupportEligibility, WorkerJourneyStarted
from shared.contracts.training import CourseKind, WorkerTrained
from tests.training.builders import (
    NOW,
    TODAY,
    WORKER,
    candidate,
    course,
    japanese,
    locality,
    orientation,
    passed,
    registered,
    withdrawn,
)

YEAR = timedelta(days=365)


def on_journey(view: CandidateView, number: int, at: datetime) -> CandidateView:
    started = WorkerJourneyStarted(
        worker_id=WORKER,
        journey=number,
        household_status=HouseholdStatus.NEAR_POOR,
        locality=locality(),
        desired_markets=[Market.KOREA],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=False
        ),
        started_by="officer-1",
        started_at=at,
    )
    return project_candidate(view, started, event_id=f"j-{number}", sequence=number + 5, time=at)


def japan_ready() -> TrainingRecord:
    return passed(
        passed(TrainingRecord(worker_id=WORKER), japanese("JLPT-N4")), orientation(Market.JAPAN)
    )


def trained_markets(events: tuple[object, ...]) -> list[Market]:
    return [e.market for e in events if isinstance(e, WorkerTrained)]


def test_the_validity_rules_are_rows_of_the_table() -> None:
    korea_language, korea_orientation = MARKET_REQUIREMENTS[Market.KOREA]
    assert korea_language.evidence is Evidence.LANGUAGE_COURSE
    assert korea_language.valid_for_years == 2
    assert korea_orientation.valid_for_years == 2
    assert MARKET_REQUIREMENTS[Market.JAPAN][0].valid_for_years is None


def test_a_journey_start_updates_the_view_and_a_replay_of_it_changes_nothing() -> None:
    view = on_journey(candidate(), 2, NOW + 3 * YEAR)
    assert (view.journey, view.journey_started_at) == (2, NOW + 3 * YEAR)
    assert view.profile is not None
    assert view.profile.desired_markets == (Market.KOREA,)
    assert view.profile.household_status is HouseholdStatus.NEAR_POOR
    assert view.active
    assert on_journey(view, 2, NOW + 3 * YEAR) == view


def test_certificates_still_valid_count_again_on_the_next_journey() -> None:
    first = announce_readiness(japan_ready(), candidate(), now=NOW)
    assert trained_markets(first.events) == [Market.JAPAN]

    later = NOW + YEAR
    second = announce_readiness(first.record, on_journey(candidate(), 2, later), now=later)

    [event] = second.events
    assert isinstance(event, WorkerTrained)
    assert (event.market, event.trained_at) == (Market.JAPAN, later)
    assert [(a.market, a.journey, a.standing) for a in second.record.announcements] == [
        (Market.JAPAN, 1, True),
        (Market.JAPAN, 2, True),
    ]
    assert second.record.standing_markets(2) == {Market.JAPAN}


def test_an_orientation_older_than_its_rule_must_be_taken_again() -> None:
    first = announce_readiness(japan_ready(), candidate(), now=NOW)
    later = NOW + 3 * YEAR
    journey_two = on_journey(candidate(), 2, later)

    second = announce_readiness(first.record, journey_two, now=later)

    assert second.events == ()
    [japan] = [
        r for r in evaluate(second.record, on=later.date(), journey=2) if r.market is Market.JAPAN
    ]
    assert {s.code: s.met for s in japan.requirements} == {"language": True, "orientation": False}
    assert not japan.announced
    # the certificate is kept: the first journey's readiness still shows it
    [kept] = [r for r in evaluate(second.record) if r.market is Market.JAPAN]
    assert kept.met
    assert kept.announced


def test_a_proof_expiring_during_a_journey_revokes_nothing() -> None:
    first = announce_readiness(japan_ready(), candidate(), now=NOW)
    much_later = announce_readiness(first.record, candidate(), now=NOW + 3 * YEAR)

    assert much_later.events == ()
    assert much_later.record.standing_markets() == {Market.JAPAN}


def test_korea_needs_an_eps_topik_of_the_last_two_years() -> None:
    topik = course(kind=CourseKind.LANGUAGE, language=Language.KOREAN, target_level="EPS-TOPIK")
    record = passed(passed(TrainingRecord(worker_id=WORKER), topik), orientation(Market.KOREA))

    def korea(on: date) -> bool:
        return next(r for r in evaluate(record, on=on) if r.market is Market.KOREA).met

    assert korea(TODAY)
    assert korea(TODAY + 2 * YEAR - timedelta(days=2))
    assert not korea(TODAY + 2 * YEAR + timedelta(days=1))


@given(st.permutations(["registered", "journey", "withdrawn"]))
def test_the_journey_view_converges_whatever_the_order(order: list[str]) -> None:
    later = NOW + YEAR
    events: dict[str, tuple[IntakeEvent, int, datetime]] = {
        "registered": (registered(), 1, NOW),
        "journey": (_started(2, later), 7, later),
        "withdrawn": (withdrawn(at=later + YEAR), 8, later + YEAR),
    }
    view = None
    for name in order:
        payload, sequence, time = events[name]
        view = project_candidate(view, payload, event_id=name, sequence=sequence, time=time)
    assert view is not None
    assert (view.journey, view.journey_started_at, view.withdrawn) == (2, later, True)
    assert view.profile is not None
    assert view.profile.desired_markets == (Market.KOREA,)
    assert view.profile.household_status is HouseholdStatus.NEAR_POOR


def _started(number: int, at: datetime) -> WorkerJourneyStarted:
    return WorkerJourneyStarted(
        worker_id=WORKER,
        journey=number,
        household_status=HouseholdStatus.NEAR_POOR,
        locality=locality(),
        desired_markets=[Market.KOREA],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=False
        ),
        started_by="officer-1",
        started_at=at,
    )
