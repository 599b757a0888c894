"""Aftercare's use cases against the in-memory store: no broker, no store process.

The same repositories as in production, on the seam's in-memory adapter: every change of a
case or an incident is an inserted ``<key>#<n>``, tickets are unique keys, remittances are
insert-only aggregates.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.aftercare import store
from services.aftercare.app import aftercare_service
from services.aftercare.domain import checkins, incidents
from services.aftercare.domain.remittances import ReportRemittance
from services.aftercare.service import AftercareService
from shared.errors import ConflictError
from shared.persistence.stores import Store, memory_store
from tests.aftercare.builders import abroad
from tests.support.replicas import imports

PREFIX = "test."
DAY = timedelta(days=1)
NOW = datetime.now(UTC)


@pytest.fixture
def on() -> Store:
    return memory_store()


@pytest.fixture
def service(on: Store) -> AftercareService:
    return aftercare_service(on, PREFIX)


async def worker_abroad(on: Store, worker_id: str) -> str:
    """Stores the case view of a worker abroad, as the cases consumer would; returns the id."""
    case = abroad(worker_id, NOW - 100 * DAY, (NOW + 300 * DAY).date())
    await on.collection(store.CASES).insert({"_id": worker_id, **store.case_state(case)})
    return worker_id


def check_in(days_ago: int) -> checkins.RecordCheckIn:
    return checkins.RecordCheckIn.model_validate(
        {
            "contact": "worker",
            "channel": "phone",
            "wellbeing": "good",
            "contacted_at": NOW - days_ago * DAY,
            "recorded_by": "officer-1",
        }
    )


def report(severity: str = "high") -> incidents.ReportIncident:
    return incidents.ReportIncident.model_validate(
        {
            "category": "injury_or_illness",
            "severity": severity,
            "description": "Hand injured at the press.",
            "reported_by": "officer-1",
        }
    )


def moved_to(status: str) -> incidents.ChangeIncidentStatus:
    return incidents.ChangeIncidentStatus.model_validate(
        {"status": status, "changed_by": "officer-2"}
    )


async def test_concurrent_check_ins_are_all_kept_each_with_its_event(
    on: Store, service: AftercareService
) -> None:
    worker = await worker_abroad(on, "w-1")

    await asyncio.gather(
        *(service.record_check_in(worker, check_in(n), f"ci-{n}") for n in range(8))
    )

    case = await service.get_case(worker)
    assert sorted(c.check_in_id for c in case.journeys[0].check_ins) == [
        f"ci-{n}" for n in range(8)
    ]
    changes = await on.collection(store.CASE_WRITES).find({"key": worker})
    assert sorted(c["n"] for c in changes) == list(range(1, 9))
    sequences = sorted(e["sequence"] for c in changes for e in c["outbox"])
    assert sequences == list(range(1, 9))


async def test_a_retried_check_in_is_recorded_once(on: Store, service: AftercareService) -> None:
    worker = await worker_abroad(on, "w-2")

    first = await service.record_check_in(worker, check_in(1), "ci-1")
    again = await service.record_check_in(worker, check_in(1), "ci-1")

    assert first == again
    assert await on.collection(store.CASE_WRITES).count({"key": worker}) == 1


async def test_incidents_reported_at_once_get_distinct_tickets(
    on: Store, service: AftercareService
) -> None:
    workers = [await worker_abroad(on, f"w-{n}") for n in range(3)]

    reported = await asyncio.gather(
        *(service.report_incident(workers[n % 3], report(), f"inc-{n}") for n in range(9))
    )

    tickets = [incident.ticket for incident in reported]
    assert len(set(tickets)) == 9
    for incident in reported:
        assert (await service.get_incident(incident.ticket)).incident_id == incident.incident_id
    again = await service.report_incident(workers[0], report(), "inc-0")
    assert again.ticket == reported[0].ticket


async def test_the_ticket_counter_catches_up_past_a_taken_number(
    on: Store, service: AftercareService
) -> None:
    worker = await worker_abroad(on, "w-9")
    year = NOW.astimezone(UTC).year
    taken = incidents.ticket_number(year, 1)
    await on.collection(store.TICKETS).insert({"_id": taken, "incident_id": "old", "year": year})

    incident = await service.report_incident(worker, report(), "inc-new")

    assert incident.ticket != taken
    assert await service.tickets.incident_id(taken) == "old"


async def test_of_officers_taking_up_one_incident_at_once_one_wins(
    on: Store, service: AftercareService
) -> None:
    worker = await worker_abroad(on, "w-3")
    incident = await service.report_incident(worker, report(), "inc-1")

    answers = await asyncio.gather(
        *(service.change_incident_status(incident.ticket, moved_to("in_progress")) for _ in "abcd"),
        return_exceptions=True,
    )

    assert sum(not isinstance(a, BaseException) for a in answers) == 1
    assert all(isinstance(a, ConflictError) for a in answers if isinstance(a, BaseException))
    changes = await on.collection(store.INCIDENT_WRITES).find({"key": "inc-1"})
    assert sorted(c["n"] for c in changes) == [1, 2]


async def test_a_retried_remittance_is_stored_once(on: Store, service: AftercareService) -> None:
    worker = await worker_abroad(on, "w-4")
    sent = ReportRemittance.model_validate(
        {
            "amount": 50_000,
            "amount_vnd": 8_500_000,
            "currency": "JPY",
            "sent_on": (NOW - 3 * DAY).date(),
            "reported_by": "officer-1",
        }
    )

    first, again = await asyncio.gather(
        service.report_remittance(worker, sent, "rem-1"),
        service.report_remittance(worker, sent, "rem-1"),
    )

    assert first == again
    assert [r.remittance_id for r in await service.remittances_of(worker)] == ["rem-1"]
    stored = await on.collection(store.REMITTANCES).get("rem-1")
    assert stored is not None
    assert [e["type"] for e in stored["outbox"]] == ["remittance.reported"]


def test_the_use_cases_and_repositories_import_no_driver() -> None:
    package = Path(__file__).parents[2] / "services" / "aftercare"
    for module in ("service.py", "store.py"):
        source = (package / module).read_text()
        imported = imports(source)
        assert {m for m in imported if m.split(".")[0] in ("pymongo", "bson")} == set(), module
        assert "shared.store" not in imported, module
        assert "is_ferretdb" not in source, module
