"""The worker's case and timeline, folded from every service's events in any arrival order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare.domain.case import (
    JourneyStage,
    WorkerCase,
    add_events,
    fold,
    hear,
)
from services.aftercare.domain.checkins import workers_without_contact
from services.aftercare.domain.contract_end import contracts_ending
from services.aftercare.domain.timeline import TimelineEntry, public_timeline
from shared.contracts import aftercare as ac
from shared.contracts.common import HouseholdStatus, Market
from shared.contracts.intake import WorkerCorrected, WorkerMerged, WorkerWithdrawn
from shared.errors import ConflictError
from tests.aftercare.builders import (
    FAMILY_PHONE,
    HISTORY,
    PHONE,
    SON_LA,
    T0,
    abroad,
    departed,
    entry,
    heard,
    registered,
    trained,
)

W = "worker-1"
DAY = timedelta(days=1)


def test_a_departure_opens_a_case_expecting_the_worker_back_at_contract_end() -> None:
    case = hear(WorkerCase(worker_id=W), departed(W, T0, contract_end=date(2029, 1, 4)))

    journey = case.require_case()
    assert journey.stage == JourneyStage.ABROAD
    assert journey.expected_return == date(2029, 1, 4)
    assert journey.placement_id == "placement-1"


def test_a_departure_heard_before_the_registration_converges_to_the_same_case() -> None:
    events = [registered(W, T0 - 100 * DAY), trained(W, T0 - 10 * DAY), departed(W, T0)]

    in_order = heard(W, *events)
    reversed_order = heard(W, *reversed(events))

    assert reversed_order.model_dump() == in_order.model_dump()
    assert len(in_order.journeys) == 1
    assert in_order.profile is not None
    assert in_order.profile.locality == SON_LA


def test_an_event_heard_twice_changes_nothing() -> None:
    case = abroad()

    assert hear(case, case.timeline[-1]) is case


def test_hearing_never_changes_the_case_it_was_given() -> None:
    case = abroad()
    before = case.model_dump()

    hear(case, registered(W, T0 - 500 * DAY))  # older: refolds
    hear(case, trained(W, T0 + DAY, market=Market.KOREA))  # newer: appends

    assert case.model_dump() == before


def test_the_timeline_orders_by_time_then_source_then_sequence() -> None:
    same_time = T0 + DAY
    entries = [
        entry(_check_in("c2"), time=same_time, source="aftercare", sequence=2),
        departed(W, T0),
        trained(W, same_time),
        entry(_check_in("c1"), time=same_time, source="aftercare", sequence=1),
        registered(W, T0 - DAY),
    ]
    case = heard(W, *entries)

    assert [(e.type, e.source) for e in case.timeline] == [
        ("worker.registered", "intake"),
        ("worker.departed", "deployment"),
        ("worker.checked-in", "aftercare"),
        ("worker.checked-in", "aftercare"),
        ("worker.trained", "training"),
    ]
    assert [e.data["check_in_id"] for e in case.timeline[2:4]] == ["c1", "c2"]


def _check_in(check_in_id: str) -> ac.WorkerCheckedIn:
    return ac.WorkerCheckedIn(
        worker_id=W,
        placement_id="placement-1",
        check_in_id=check_in_id,
        contact=ac.ContactParty.WORKER,
        channel=ac.ContactChannel.VIDEO,
        wellbeing=ac.Wellbeing.GOOD,
        contacted_at=T0 + DAY,
        recorded_by="officer-1",
        recorded_at=T0 + DAY,
    )


def test_a_returned_worker_whose_next_journey_starts_at_intake_has_two_journeys() -> None:
    case = fold(W, HISTORY)

    assert [j.number for j in case.journeys] == [1, 2]
    first, second = case.journeys
    assert first.stage == JourneyStage.CLOSED
    assert first.closure is not None
    assert first.outcome is not None  # recorded after the second journey started: journey 1
    assert first.expected_return == date(2030, 1, 5)
    assert second.stage == JourneyStage.ABROAD
    assert second.placement_id == "p2"
    assert second.trained_markets == [Market.KOREA]
    journeys_on_timeline = [(e.type, e.journey) for e in case.timeline]
    assert journeys_on_timeline[0] == ("worker.registered", 1)
    assert ("worker.journey-started", 2) in journeys_on_timeline
    assert second.registered_at == T0 + 1480 * DAY
    assert case.profile is not None
    assert case.profile.household_status == HouseholdStatus.NEAR_POOR
    assert ("case.closed", 1) in journeys_on_timeline
    assert journeys_on_timeline[-1] == ("worker.departed", 2)


def test_the_case_follows_the_latest_departed_journey() -> None:
    before_second_departure = fold(W, HISTORY[:-1])
    after = fold(W, HISTORY)

    assert before_second_departure.require_case().number == 1
    assert before_second_departure.summary().stage == JourneyStage.CLOSED
    assert after.require_case().number == 2
    assert after.summary().placement_id == "p2"


def test_no_case_is_open_before_departure() -> None:
    case = heard(W, registered(W, T0), trained(W, T0 + DAY))

    with pytest.raises(ConflictError) as raised:
        case.require_case()
    assert raised.value.details == {"stage": JourneyStage.TRAINED}


def test_the_journey_folds_check_ins_remittances_and_incidents() -> None:
    case = fold(W, HISTORY[:7])
    journey = case.require_case()

    assert journey.last_contact_at == T0 + 40 * DAY
    assert journey.latest_wellbeing == ac.Wellbeing.CONCERNS
    assert (journey.remittance_count, journey.remitted_vnd) == (1, 17_000_000)
    assert [(n.ticket, n.status) for n in journey.incidents] == [
        ("HW-2026-000001", ac.IncidentStatus.IN_PROGRESS)
    ]
    assert case.summary().open_incidents == 1


def test_an_older_check_in_recorded_late_does_not_replace_the_latest_wellbeing() -> None:
    case = abroad()

    def check_in(check_in_id: str, day: int, wellbeing: ac.Wellbeing) -> TimelineEntry:
        payload = ac.WorkerCheckedIn(
            worker_id=W,
            placement_id="placement-1",
            check_in_id=check_in_id,
            contact=ac.ContactParty.WORKER,
            channel=ac.ContactChannel.PHONE,
            wellbeing=wellbeing,
            contacted_at=T0 + day * DAY,
            recorded_by="officer-1",
            recorded_at=T0 + 50 * DAY,
        )
        return entry(payload, time=T0 + (50 + day) * DAY, source="aftercare")

    case = heard(W, *case.timeline, check_in("late", 40, ac.Wellbeing.GOOD))
    case = hear(case, check_in("old", 10, ac.Wellbeing.AT_RISK))

    journey = case.require_case()
    assert journey.last_contact_at == T0 + 40 * DAY
    assert journey.latest_wellbeing == ac.Wellbeing.GOOD
    assert len(journey.check_ins) == 2


def test_a_contract_end_moved_by_deployment_moves_the_expected_return() -> None:
    case = abroad(contract_end=date(2029, 1, 5))
    moved = TimelineEntry(
        event_id="moved-1",
        type="placement.contract-end-changed",
        source="deployment",
        time=T0 + 300 * DAY,
        sequence=9,
        data={
            "worker_id": W,
            "placement_id": "placement-1",
            "job_order_id": "order-1",
            "enterprise_id": "enterprise-1",
            "country": "JP",
            "previous_end": "2029-01-05",
            "contract_end": "2027-06-30",
            "reported_at": (T0 + 300 * DAY).isoformat(),
        },
    )

    case = hear(case, moved)

    assert case.require_case().expected_return == date(2027, 6, 30)


def test_withdrawal_and_correction_update_the_journey_and_profile() -> None:
    case = abroad()
    correction = WorkerCorrected(
        worker_id=W,
        revision=2,
        changed_fields=["household_status"],
        full_name="Đinh Thị Linh",
        date_of_birth=date(1999, 4, 12),
        gender="female",
        ethnic_minority=True,
        household_status="near_poor",
        locality=SON_LA,
        support={"subproject2": True, "training_cost_support": True, "preferential_loan": False},
        corrected_by="officer-3",
        corrected_at=T0 + DAY,
    )
    case = heard(
        W,
        *case.timeline,
        entry(correction, time=T0 + DAY, source="intake"),
        entry(
            WorkerWithdrawn(worker_id=W, reason="family", withdrawn_at=T0 + 2 * DAY),
            time=T0 + 2 * DAY,
            source="intake",
        ),
    )

    assert case.profile is not None
    assert case.profile.household_status == "near_poor"
    assert case.require_case().withdrawn is True
    assert len(case.journeys) == 1


def test_the_public_timeline_shows_no_personal_data() -> None:
    case = fold(W, HISTORY)
    items = public_timeline(case.timeline)
    text = " ".join(item.summary for item in items)

    assert [item.type for item in items] == [e.type for e in case.timeline]
    assert items[0].summary.startswith("Registered at intake (province 14, commune 04036")
    assert "Incident HW-2026-000001 reported: unpaid_wages, severity high" in text
    assert "Contract extended from 2029-01-05 to 2030-01-05" in text
    assert "Case closed: reintegrated" in text
    for secret in (PHONE, FAMILY_PHONE, "Đinh Thị Linh", "Đinh Văn Hùng"):
        assert secret not in text


def test_an_event_this_code_does_not_interpret_still_joins_the_timeline() -> None:
    case = abroad()
    enrolled = TimelineEntry(
        event_id="e-unknown",
        type="worker.some-future-event",
        source="training",
        time=T0 - 20 * DAY,
        sequence=4,
        data={"worker_id": W},
    )

    case = hear(case, enrolled)

    assert [e.type for e in case.timeline].count("worker.some-future-event") == 1
    assert public_timeline(case.timeline)[2].summary == "Worker some future event"


def test_a_summary_flattens_what_lists_need() -> None:
    summary = fold(W, HISTORY[:7]).summary()

    assert summary.full_name == "Đinh Thị Linh"
    assert (summary.province_code, summary.commune_code) == ("14", "04036")
    assert summary.stage == JourneyStage.ABROAD
    assert summary.expected_return == date(2029, 1, 5)
    assert summary.departed_at == T0
    assert summary.country == Market.JAPAN
    assert summary.remitted_vnd == 17_000_000


@settings(max_examples=150, deadline=None)
@given(st.permutations(HISTORY))
def test_any_arrival_order_folds_to_the_same_case(arrival: list[TimelineEntry]) -> None:
    expected = fold(W, HISTORY)

    result = heard(W, *arrival)

    assert result.model_dump() == expected.model_dump()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_subset_in_any_order_folds_like_the_subset_in_order(data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(HISTORY), unique_by=lambda e: e.event_id))
    arrival = data.draw(st.permutations(chosen))

    result = heard(W, *arrival)

    assert result.model_dump() == fold(W, chosen).model_dump()
    assert [e.sort_key for e in result.timeline] == sorted(e.sort_key for e in chosen)


@settings(max_examples=100, deadline=None)
@given(st.permutations(HISTORY), st.data())
def test_redelivered_events_change_nothing_whatever_the_order(
    arrival: list[TimelineEntry], data: st.DataObject
) -> None:
    redelivered = data.draw(st.lists(st.sampled_from(HISTORY), max_size=6))

    case = heard(W, *arrival, *redelivered)

    assert case.model_dump() == fold(W, HISTORY).model_dump()
    assert len(case.timeline) == len(HISTORY)


def test_add_events_skips_what_the_case_already_has() -> None:
    case = fold(W, HISTORY)

    assert add_events(case, HISTORY[:3]) is case


def test_a_record_merged_into_another_takes_no_more_commands_and_leaves_the_lists() -> None:
    merged = WorkerMerged(worker_id=W, survivor_id="worker-9", review_id="rev-1", merged_at=T0)
    case = hear(abroad(), entry(merged, time=T0 + DAY, source="intake"))

    assert case.summary().merged_into == "worker-9"
    with pytest.raises(ConflictError) as raised:
        case.require_case()
    assert raised.value.details == {"survivor_id": "worker-9"}
    assert contracts_ending([case.summary()], today=date(2029, 1, 1)) == []
    assert workers_without_contact([case.summary()], now=T0 + 400 * DAY, max_days=30) == []
    assert public_timeline(case.timeline)[-1].summary == (
        "Record merged into worker worker-9 (the same person)"
    )
