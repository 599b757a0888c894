"""Departures per journey from the journey the event carries, and a merged duplicate's facts
attributed to the survivor: the person counted once, whatever the order facts arrive in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.reporting.domain.facts import Fact, FactKind, fact_of
from services.reporting.domain.figures import Period, Scope, compute_report
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
