"""Aftercare's collections.

- ``cases``: one document per worker: the case folded from every service's events (profile,
  journeys, timeline), a flat ``summary`` to query by, and the outbox of the case's own events
  (check-ins, extensions, return, reintegration, closure, ``case.opened``). The consumer of the
  four topics and the API both write it, each with a version check.
- ``incidents``: one document per incident with its outbox; the ticket is unique.
- ``remittances``: one document per remittance with its outbox, carrying the worker's province
  and commune so totals need no join.
- ``counters``: the ticket counter of each year. FerretDB's ``$inc`` can lose increments under
  concurrent writers, so the counter only proposes a number: the unique ticket index decides,
  and a taken number moves the counter past the highest ticket issued.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.aftercare.domain.case import CaseSummary, JourneyStage, WorkerCase
from services.aftercare.domain.incidents import Incident
from services.aftercare.domain.remittances import Remittance
from shared.events.topics import Topic
from shared.store import AggregateCollection, Document

CASES = "cases"
INCIDENTS = "incidents"
REMITTANCES = "remittances"
COUNTERS = "counters"
OUTBOX_COLLECTIONS = (CASES, INCIDENTS, REMITTANCES)
HIDDEN = {"outbox": 0, "applied": 0}


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates aftercare's indexes: the relay's pending flags, unique tickets, list filters."""
    for name in OUTBOX_COLLECTIONS:
        await database[name].create_index([("outbox_pending", ASCENDING)], name="outbox_pending")
    cases = database[CASES]
    await cases.create_index([("summary.stage", ASCENDING)], name="by_stage")
    await cases.create_index(
        [("summary.province_code", ASCENDING), ("summary.commune_code", ASCENDING)],
        name="by_commune",
    )
    incidents = database[INCIDENTS]
    await incidents.create_index([("ticket", ASCENDING)], unique=True, name="one_ticket")
    await incidents.create_index([("unresolved", ASCENDING)], name="by_unresolved")
    await incidents.create_index([("worker_id", ASCENDING)], name="by_worker")
    remittances = database[REMITTANCES]
    await remittances.create_index([("worker_id", ASCENDING)], name="by_worker")
    await remittances.create_index(
        [("province_code", ASCENDING), ("commune_code", ASCENDING)], name="by_commune"
    )


def aggregates(
    database: AsyncDatabase[Document],
    collection: str,
    topic_prefix: str,
    notify: Callable[[], None],
) -> AggregateCollection:
    """Returns one of aftercare's aggregate collections; their events go to aftercare's topic."""
    return AggregateCollection(database[collection], topic_prefix + Topic.AFTERCARE, notify)


def case_state(case: WorkerCase) -> Document:
    """Returns a case document's state: the folded case and its flat summary."""
    return {**case.model_dump(mode="json"), "summary": case.summary().model_dump(mode="json")}


def case_of(document: Document) -> WorkerCase:
    """Returns the case a document holds."""
    return WorkerCase.model_validate(document)


def incident_state(incident: Incident) -> Document:
    """Returns an incident document's state, with the fields the queue and the job filter on."""
    return {
        **incident.model_dump(mode="json"),
        "unresolved": incident.unresolved,
        "escalation_level": len(incident.escalations),
    }


def remittance_state(remittance: Remittance) -> Document:
    """Returns a remittance document's state."""
    return {**remittance.model_dump(mode="json"), "month": remittance.month}


def locality_filter(
    province_code: str | None, commune_code: str | None, prefix: str = ""
) -> dict[str, Any]:
    """Returns an equality filter on province and commune, for the fields under ``prefix``."""
    query: dict[str, Any] = {}
    if province_code:
        query[f"{prefix}province_code"] = province_code
    if commune_code:
        query[f"{prefix}commune_code"] = commune_code
    return query


async def case_summaries(
    database: AsyncDatabase[Document],
    stage: JourneyStage,
    province_code: str | None = None,
    commune_code: str | None = None,
) -> list[CaseSummary]:
    """Returns the summaries of the cases at one stage, in a province or commune if given."""
    query = {
        "summary.stage": stage.value,
        **locality_filter(province_code, commune_code, "summary."),
    }
    documents = await database[CASES].find(query, {"summary": 1}).to_list(None)
    return [CaseSummary.model_validate(d["summary"]) for d in documents]


async def find_incident(database: AsyncDatabase[Document], reference: str) -> Document | None:
    """Returns the incident with this id or ticket number."""
    return await database[INCIDENTS].find_one(
        {"$or": [{"_id": reference}, {"ticket": reference}]}, HIDDEN
    )


async def unresolved_incidents(
    database: AsyncDatabase[Document],
    province_code: str | None = None,
    commune_code: str | None = None,
    below_level: int | None = None,
) -> list[Incident]:
    """Returns the unresolved incidents, optionally only those not yet at ``below_level``."""
    query: dict[str, Any] = {"unresolved": True, **locality_filter(province_code, commune_code)}
    if below_level is not None:
        query["escalation_level"] = {"$lt": below_level}
    documents = await database[INCIDENTS].find(query, HIDDEN).to_list(None)
    return [Incident.model_validate(d) for d in documents]


async def incidents_of(database: AsyncDatabase[Document], worker_id: str) -> list[Incident]:
    """Returns a worker's incidents, oldest first."""
    cursor = database[INCIDENTS].find({"worker_id": worker_id}, HIDDEN)
    documents = await cursor.sort("reported_at", ASCENDING).to_list(None)
    return [Incident.model_validate(d) for d in documents]


async def find_remittances(
    database: AsyncDatabase[Document],
    *,
    worker_id: str | None = None,
    province_code: str | None = None,
    commune_code: str | None = None,
    sent_from: date | None = None,
    sent_to: date | None = None,
) -> list[Remittance]:
    """Returns the remittances matching the filters, in the order they were sent."""
    query: dict[str, Any] = locality_filter(province_code, commune_code)
    if worker_id:
        query["worker_id"] = worker_id
    sent_on: dict[str, str] = {}
    if sent_from:
        sent_on["$gte"] = sent_from.isoformat()
    if sent_to:
        sent_on["$lte"] = sent_to.isoformat()
    if sent_on:
        query["sent_on"] = sent_on
    documents = await database[REMITTANCES].find(query, HIDDEN).to_list(None)
    remittances = [Remittance.model_validate(d) for d in documents]
    return sorted(remittances, key=lambda r: (r.sent_on, r.reported_at, r.remittance_id))


class TicketCounter:
    """Proposes the next ticket number of a year; the unique ticket index has the last word."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.counters = database[COUNTERS]
        self.incidents = database[INCIDENTS]

    async def propose(self, year: int) -> int:
        """Returns a number to try for the year's next ticket."""
        try:
            await self.counters.update_one(
                {"_id": _counter_id(year)}, {"$inc": {"value": 1}}, upsert=True
            )
        except DuplicateKeyError:  # a concurrent first upsert created it: increment that one
            await self.counters.update_one({"_id": _counter_id(year)}, {"$inc": {"value": 1}})
        document = await self.counters.find_one({"_id": _counter_id(year)})
        assert document is not None
        return int(document["value"])

    async def catch_up(self, year: int) -> None:
        """Moves the counter past the highest ticket issued in the year (after a clash)."""
        prefix = f"HW-{year}-"
        highest = await self.incidents.find_one(
            {"ticket": {"$gte": prefix, "$lt": f"HW-{year}."}},
            {"ticket": 1},
            sort=[("ticket", DESCENDING)],
        )
        if highest is not None:
            number = int(str(highest["ticket"]).removeprefix(prefix))
            await self.counters.update_one(
                {"_id": _counter_id(year)}, {"$max": {"value": number}}, upsert=True
            )


def _counter_id(year: int) -> str:
    return f"ticket-{year}"
