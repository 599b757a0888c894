"""Departures per journey from the journey the event carries, and a merged duplicate's facts
attributed to the survivor: the person counted once, whatever the order facts arrive in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.reporting.domain.facts import Fact, FactKind, fact_of
from services.reporting.domain.figures import (
    Period,
    Report,
    Scope,
    compute_report,
    survivors_of,
)
from shared.contracts.deployment import WorkerDeparted
from shared.events.envelope import new_event

NOW = datetime(2026, 1, 10, tzinfo=UTC)
PROVINCE, COMMUNE = "14", "04036"
MONTH = Period.month("2025-11")
DAY = date(2025, 11, 12)


def fact(event_id: str, kind: FactKind, on: date, **fields: Any) -> Fact:
    return Fact(
        event_id=event_id,
        kind=kind,
        worker_id=fields.pop("worker_id", "w-1"),
        sequence=fields.pop("sequence", 1),
        recorded_at=fields.pop("recorded_at", NOW - timedelta(days=5)),
        received_at=NOW - timedelta(days=5),
        on=on,
        **fields,
    )


def registered(worker_id: str, event_id: str) -> Fact:
    return fact(
        event_id,
        FactKind.REGISTERED,
        date(2025, 1, 5),
        worker_id=worker_id,
        province_code=PROVINCE,
        commune_code=COMMUNE,
        gender="female",
        ethnic_minority=False,
        household_status="poor",
    )


def departed(event_id: str, worker_id: str = "w-1", **fields: Any) -> Fact:
    return fact(
        event_id,
        FactKind.DEPARTED,
        fields.pop("on", DAY),
        worker_id=worker_id,
        market="JP",
        sector="electronics",
        placement_id=fields.pop("placement_id", f"pl-{event_id}"),
        **fields,
    )


def test_a_departure_is_counted_under_the_journey_its_event_carries() -> None:
    payload = WorkerDeparted.model_validate(
        {
            "worker_id": "w-1",
            "placement_id": "pl-1",
            "country": "KR",
            "employer": "Busan Metal",
            "sector": "mechanics",
            "enterprise_id": "ent-1",
            "job_order_id": "jo-1",
            "contract_start": "2025-11-20",
            "contract_end": "2028-11-20",
            "monthly_salary": 2000.0,
            "salary_currency": "USD",
            "monthly_salary_vnd": 50_000_000,
            "departed_at": "2025-11-12T01:00:00Z",
            "journey": 3,
        }
    )
    envelope = new_event(
        payload,
        event_id="d-1",
        subject="w-1",
        sequence=4,
        source="deployment",
        time=NOW,
        correlation_id="c-1",
    )
    carried = fact_of(envelope, payload, NOW)
    assert carried is not None
    assert carried.journey == 3
    # The worker's only departure known here, yet their third journey: the event says so.
    report = compute_report([registered("w-1", "r-1"), carried], Scope(PROVINCE), MONTH, NOW)
    assert report.value("departures.journey.3") == 1
    assert report.value("departures.journey.1") == 0


def test_departures_published_before_the_journey_field_are_counted_in_turn() -> None:
    first = departed("d-1", on=date(2025, 3, 1), recorded_at=NOW - timedelta(days=200))
    second = departed("d-2", on=DAY)
    year = Period.between(date(2025, 1, 1), date(2025, 12, 31))
    report = compute_report([registered("w-1", "r-1"), first, second], Scope(PROVINCE), year, NOW)
    assert (report.value("departures.journey.1"), report.value("departures.journey.2")) == (1, 1)


def evidence(report: Report, figure_id: str) -> tuple[str, ...]:
    figure = report.figure(figure_id)
    assert figure is not None
    return figure.evidence


def merged(event_id: str, worker_id: str, survivor_id: str, on: date = DAY) -> Fact:
    return fact(
        event_id,
        FactKind.MERGED,
        on,
        worker_id=worker_id,
        survivor_id=survivor_id,
        recorded_at=NOW - timedelta(days=2),
    )


def trained(event_id: str, worker_id: str, on: date) -> Fact:
    return fact(event_id, FactKind.TRAINED, on, worker_id=worker_id, market="JP")


def test_a_merged_duplicates_facts_count_once_for_the_survivor() -> None:
    survivor, duplicate = registered("w-1", "r-1"), registered("w-2", "r-2")
    facts = [
        survivor,
        duplicate,
        trained("t-1", "w-1", date(2025, 11, 3)),
        trained("t-2", "w-2", date(2025, 11, 4)),  # the same person trained for JP again
        departed("d-2", "w-2"),
    ]
    before = compute_report(facts, Scope(PROVINCE), Period.month("2025-01"), NOW)
    assert before.value("registrations") == 2  # two records, not yet known as one person
    merge = merged("m-1", "w-2", "w-1", on=date(2025, 12, 1))
    # An event about the duplicate heard after the merge goes to the survivor too.
    back = fact(
        "b-1", FactKind.RETURNED, date(2025, 11, 28), worker_id="w-2", placement_id="pl-d-2"
    )
    back = back.model_copy(update={"return_reason": "contract_completed"})
    for period in (Period.month("2025-01"), MONTH):
        after = compute_report([*facts, merge, back], Scope(PROVINCE), period, NOW)
        shuffled = compute_report([back, merge, *reversed(facts)], Scope(PROVINCE), period, NOW)
        assert after == shuffled
    january = compute_report([*facts, merge, back], Scope(PROVINCE), Period.month("2025-01"), NOW)
    november = compute_report([*facts, merge, back], Scope(PROVINCE), MONTH, NOW)
    assert january.value("registrations") == 1
    assert evidence(january, "registrations") == ("r-1",)
    assert november.value("trained") == 1  # the person's first JP training, once
    assert evidence(november, "trained") == ("t-1",)
    assert november.value("departures") == 1
    assert november.value(f"departures.commune.{COMMUNE}") == 1
    assert november.value("returns") == 1
    assert november.value("abroad") == 0
    # A report as of before the merge was heard still reads as it did then.
    earlier = compute_report([*facts, merge], Scope(PROVINCE), MONTH, NOW - timedelta(days=3))
    assert earlier.value("trained") == 2


def test_a_chain_of_merges_ends_in_the_live_record() -> None:
    facts = [
        registered("w-1", "r-1"),
        registered("w-2", "r-2"),
        registered("w-3", "r-3"),
        departed("d-3", "w-3"),
        merged("m-3", "w-3", "w-2"),
        merged("m-2", "w-2", "w-1"),
    ]
    report = compute_report(facts, Scope(PROVINCE), MONTH, NOW)
    assert report.value("departures") == 1
    survivors = survivors_of(facts)
    assert survivors == {"w-3": "w-1", "w-2": "w-1"}
    looped = survivors_of([*facts, merged("m-1", "w-1", "w-3")])  # a loop never hangs
    assert set(looped) == {"w-1", "w-2", "w-3"}
