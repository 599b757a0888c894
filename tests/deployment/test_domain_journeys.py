"""Journeys in deployment's candidates view: training counts from the journey's start, and a
worker home again is placed only on a new journey, whatever the order the events arrive in."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.deployment.domain import Candidate, apply_candidate_event
from shared.contracts.common import HouseholdStatus, Market
from shared.contracts.intake import SupportEligibility, WorkerJourneyStarted
from shared.events.catalogue import EventPayload
from tests.deployment.builders import NOW, SON_LA, TODAY, registered, trained
from tests.deployment.test_domain_candidates import departed, returned

DAY = timedelta(days=1)
STARTED = NOW - 10 * DAY


def journey_started(number: int = 2, at: datetime = STARTED) -> WorkerJourneyStarted:
    return WorkerJourneyStarted(
        worker_id="w-1",
        journey=number,
        household_status=HouseholdStatus.NEAR_POOR,
        locality=SON_LA,
        desired_markets=[Market.KOREA],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=False
        ),
        started_by="officer-1",
        started_at=at,
    )


def fold(events: list[tuple[EventPayload, int]]) -> Candidate:
    view: Candidate | None = None
    for payload, sequence in events:
        view = apply_candidate_event(view, "w-1", payload, sequence)
    assert view is not None
    return view


LIFE: list[tuple[EventPayload, int]] = [
    (registered(), 1),
    (trained(market=Market.JAPAN, at=NOW - 900 * DAY), 1),
    (departed(NOW - 800 * DAY), 1),
    (returned(TODAY - 20 * DAY), 1),
    (journey_started(), 2),
    (trained(market=Market.KOREA, level="EPS-TOPIK", at=NOW - 5 * DAY), 2),
]


def test_home_from_a_journey_the_worker_waits_for_the_next_one() -> None:
    home = fold(LIFE[:4])
    assert not home.abroad
    assert home.awaiting_journey
    assert Market.JAPAN.value in home.training

    again = fold(LIFE[:5])
    assert not again.awaiting_journey
    assert (again.journey, again.journey_started_at) == (2, STARTED)
    assert again.training == {}  # Japan was the first journey's readiness
    assert again.profile is not None
    assert again.profile.desired_markets == [Market.KOREA]
    assert again.profile.household_status is HouseholdStatus.NEAR_POOR

    ready = fold(LIFE)
    assert set(ready.training) == {Market.KOREA.value}


@given(st.permutations(LIFE))
def test_the_journey_view_converges_whatever_the_order(
    order: list[tuple[EventPayload, int]],
) -> None:
    assert fold(list(order)) == fold(LIFE)


def test_an_earlier_journey_heard_late_changes_nothing() -> None:
    view = fold([*LIFE, (journey_started(2, STARTED - 300 * DAY), 2)])
    assert view == fold(LIFE)
    third = fold([*LIFE, (journey_started(3, NOW), 3)])
    assert third.journey == 3
    assert third.training == {}
