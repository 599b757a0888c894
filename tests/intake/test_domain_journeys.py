"""A worker's journeys at intake: the next one starts only once the current one ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.journeys import JourneyEnds, StartJourney, start_journey
from services.intake.domain.worker import (
    WithdrawWorker,
    Worker,
    WorkerStatus,
    withdraw_worker,
)
from shared.contracts.common import Market, Sector
from shared.errors import ConflictError
from tests.intake.samples import NOW, registered

LATER = NOW + timedelta(days=900)
EDITOR = "cb-sonla-02"


def ends(*placements: str) -> JourneyEnds:
    view = JourneyEnds(worker_id="w-linh")
    for placement in placements:
        view = view.with_end(placement)
    return view


def start(worker: Worker, view: JourneyEnds, **fields: object) -> Worker:
    started, _ = start_journey(
        worker, StartJourney.model_validate({"started_by": EDITOR, **fields}), view, now=LATER
    )
    return started


def test_a_returned_worker_starts_the_second_journey_with_todays_eligibility() -> None:
    worker = registered()
    command = StartJourney(
        started_by=EDITOR, desired_markets=[Market.KOREA], desired_sectors=[Sector.WELDING]
    )
    started, [event] = start_journey(worker, command, ends("placement-jp"), now=LATER)

    assert (worker.journey, started.journey) == (1, 2)
    assert [(s.number, s.by, s.at) for s in started.journey_starts] == [(2, EDITOR, LATER)]
    assert started.desired_markets == [Market.KOREA]
    assert started.national_id == worker.national_id
    assert started.worker_id == worker.worker_id
    assert event.worker_id == worker.worker_id
    assert event.journey == 2
    assert event.started_at == LATER
    assert event.desired_markets == [Market.KOREA]
    assert event.desired_sectors == [Sector.WELDING]
    assert event.locality == worker.locality
    assert event.support.subproject2
    assert event.support.preferential_loan
    assert worker.national_id not in event.model_dump_json()


def test_the_markets_wanted_stay_unless_the_new_journey_names_others() -> None:
    worker = registered()
    assert start(worker, ends("p-1")).desired_markets == worker.desired_markets


def test_an_open_journey_refuses_a_new_one_naming_it() -> None:
    with pytest.raises(ConflictError) as refused:
        start(registered(), ends())
    assert refused.value.details == {"journey": 1}
    assert "still open" in refused.value.reason


def test_the_second_journey_is_open_until_its_own_placement_ends() -> None:
    second = start(registered(), ends("p-1"))
    # the first journey's return heard again, or its case closing, ends nothing new
    with pytest.raises(ConflictError) as refused:
        start(second, ends("p-1", "p-1"))
    assert refused.value.details == {"journey": 2}
    assert start(second, ends("p-1", "p-2")).journey == 3


def test_a_withdrawn_case_must_reopen_first() -> None:
    withdrawn, _ = withdraw_worker(
        registered(), WithdrawWorker(reason="moved", withdrawn_by=EDITOR), now=LATER
    )
    with pytest.raises(ConflictError) as refused:
        start(withdrawn, ends("p-1"))
    assert refused.value.details == {"state": WorkerStatus.WITHDRAWN}
    assert "reopen" in refused.value.reason


def test_a_merged_record_names_its_survivor() -> None:
    merged = registered().model_copy(
        update={"status": WorkerStatus.MERGED, "merged_into": "w-survivor"}
    )
    with pytest.raises(ConflictError) as refused:
        start(merged, ends("p-1"))
    assert refused.value.details["survivor_id"] == "w-survivor"


def test_a_worker_who_died_abroad_starts_no_journey_again() -> None:
    died = ends().with_death("p-1", LATER.date()).with_death("p-1", LATER.date() + timedelta(1))
    assert (died.ended, died.died_abroad_on) == (1, LATER.date())  # the earlier report kept
    after_a_return = ends("p-1").with_death("p-2", LATER.date())
    for view, worker in ((died, registered()), (after_a_return, start(registered(), ends("p-1")))):
        with pytest.raises(ConflictError) as refused:
            start(worker, view)
        assert refused.value.details == {"died_abroad_on": LATER.date().isoformat()}
        assert "died abroad" in refused.value.reason


def test_a_journey_number_cannot_be_asked_for() -> None:
    with pytest.raises(ValueError, match="journey"):
        StartJourney.model_validate({"started_by": EDITOR, "journey": 5})


@given(st.lists(st.sampled_from(["p-1", "p-2", "p-3", "p-4"]), max_size=12))
def test_journeys_never_outrun_the_placements_that_ended(placements: list[str]) -> None:
    worker = registered()
    view = JourneyEnds(worker_id="w-linh")
    for placement in placements:
        view = view.with_end(placement)
        while True:
            try:
                worker = start(worker, view)
            except ConflictError:
                break
    assert worker.journey == len(set(placements)) + 1
    assert [s.number for s in worker.journey_starts] == list(range(2, worker.journey + 1))
