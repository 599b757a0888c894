"""Aftercare's collections, laid out so that no document has two concurrent writers.

FerretDB v1 applies an update by reading the document and writing it back whole, without
isolation: two concurrent updates of one document can both pass a version check, and the outbox
relay marking events sent can overwrite a change made meanwhile. Only an insert with a unique
``_id`` is decided atomically. So:

- ``cases`` (view): one document per worker, the case folded from every service's events
  (aftercare's own included) and a flat ``summary`` to query by. Only the cases consumer writes it.
- ``case_writes`` (write log): every change the API makes to a case is one inserted document
  ``<worker id>#<n>`` holding its timeline entries and its outbox. Inserting number ``n`` claims
  the change: of two concurrent requests one wins, the other decides again. Afterwards only the
  relay touches the document. The API reads the view plus the worker's write log, so its own
  changes count at once, before the consumer has folded them into the view.
- ``incident_writes`` (write log): the same for incidents, ``<incident id>#<n>``, each holding the
  incident as it stands after the change; the newest is the incident.
- ``incidents`` (view): one listing per incident for the queue and the escalation job, folded by
  the incidents consumer from the incident events.
- ``tickets``: one document per ticket number (its ``_id``): numbers are unique.
- ``remittances``: one inserted document per remittance with its outbox.
- ``counters``: the proposed next ticket number of each year (``$inc`` may lose increments under
  concurrent writers; the ticket's unique ``_id`` has the last word).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.aftercare.domain.case import CaseSummary, Journey, JourneyStage, WorkerCase
from services.aftercare.domain.incidents import Incident, IncidentListing
from services.aftercare.domain.remittances import Remittance
from services.aftercare.domain.timeline import TimelineEntry
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.packed import pack_json, unpack_json
from shared.store import (
    AggregateCollection,
    Document,
    IndexSpec,
    ensure_indexes,
    new_aggregate,
)

CASES = "cases"
CASE_WRITES = "case_writes"
INCIDENTS = "incidents"
INCIDENT_WRITES = "incident_writes"
REMITTANCES = "remittances"
TICKETS = "tickets"
COUNTERS = "counters"
OUTBOX_COLLECTIONS = (CASE_WRITES, INCIDENT_WRITES, REMITTANCES)
HIDDEN = {"outbox": 0, "applied": 0}


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates aftercare's missing indexes: the relay's pending flags, write logs, list filters."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    by_worker: IndexSpec = ("by_worker", [("worker_id", ASCENDING)], False)
    by_commune = [("province_code", ASCENDING), ("commune_code", ASCENDING)]
    for name in (*OUTBOX_COLLECTIONS, CASES, INCIDENTS):
        await ensure_indexes(database[name], [pending])
    for name in (CASE_WRITES, INCIDENT_WRITES):
        await ensure_indexes(
            database[name],
            [("by_key", [("key", ASCENDING), ("n", ASCENDING)], True), by_worker],
        )
    await ensure_indexes(
        database[CASES],
        [
            ("by_stage", [("summary.stage", ASCENDING)], False),
            ("by_commune", [(f"summary.{field}", order) for field, order in by_commune], False),
        ],
    )
    await ensure_indexes(
        database[INCIDENTS],
        [("by_unresolved", [("unresolved", ASCENDING)], False), by_worker],
    )
    await ensure_indexes(database[TICKETS], [("by_incident", [("incident_id", ASCENDING)], False)])
    await ensure_indexes(database[REMITTANCES], [by_worker, ("by_commune", by_commune, False)])


# A case's journeys and timeline are stored packed (``shared.packed``): zlib-compressed
# canonical JSON in one binary value. FerretDB v1 converts every value of a document on each
# read and write, and a case with ~25 timeline entries has ~1,500 of them: packed, a case costs
# the store 0.5 ms of CPU to write instead of 4.5 ms, and reads are 8x faster. Nothing queries
# inside them; the flat ``summary`` the lists filter on stays plain (docs/decisions.md).
PACKED_FIELDS = ("journeys", "timeline")
_JOURNEYS: TypeAdapter[list[Journey]] = TypeAdapter(list[Journey])
_TIMELINE: TypeAdapter[list[TimelineEntry]] = TypeAdapter(list[TimelineEntry])


def case_state(case: WorkerCase) -> Document:
    """Returns a case view document's state: the folded case, packed, and its flat summary."""
    # pydantic writes the packed fields' JSON itself: no dicts in between (shared.packed).
    state = case.model_dump(mode="json", exclude=set(PACKED_FIELDS))
    state["journeys"] = pack_json(_JOURNEYS.dump_json(case.journeys))
    state["timeline"] = pack_json(_TIMELINE.dump_json(case.timeline))
    return {**state, "summary": case.summary().model_dump(mode="json")}


def case_of(document: Document) -> WorkerCase:
    """Returns the case a view document holds (packed, or plain as written before packing)."""
    fields: dict[str, Any] = {}
    for name, adapter in (("journeys", _JOURNEYS), ("timeline", _TIMELINE)):
        value = document.get(name)
        if isinstance(value, bytes):
            fields[name] = adapter.validate_json(unpack_json(value))
    return WorkerCase.model_validate({**document, **fields})


def listing_state(listing: IncidentListing) -> Document:
    """Returns an incident listing's state, with the fields the queue and the job filter on."""
    return {**listing.model_dump(mode="json"), "unresolved": listing.unresolved}


def remittance_state(remittance: Remittance) -> Document:
    """Returns a remittance document's state."""
    return {**remittance.model_dump(mode="json"), "month": remittance.month}


def remittance_records(
    database: AsyncDatabase[Document], topic_prefix: str, notify: Callable[[], None]
) -> AggregateCollection:
    """Returns the remittances collection (insert-only); its events go to aftercare's topic."""
    return AggregateCollection(database[REMITTANCES], topic_prefix + Topic.AFTERCARE, notify)


class WriteLog:
    """An insert-only log of one kind of aggregate's changes, each claimed by its number."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        collection: str,
        topic_prefix: str,
        notify: Callable[[], None],
    ) -> None:
        self.collection = database[collection]
        self.topic = topic_prefix + Topic.AFTERCARE
        self.notify = notify

    async def history(self, key: str) -> list[Document]:
        """Returns every change of one aggregate, oldest first."""
        cursor = self.collection.find({"key": key}, HIDDEN).sort("n", ASCENDING)
        return await cursor.to_list(None)

    async def latest(self, key: str) -> Document | None:
        """Returns the newest change of one aggregate, or None."""
        return await self.collection.find_one({"key": key}, HIDDEN, sort=[("n", DESCENDING)])

    async def latest_of(self, keys: Sequence[str]) -> dict[str, Document]:
        """Returns the newest change of each aggregate named."""
        return await self.latest_where({"key": {"$in": list(keys)}})

    async def latest_where(self, query: Mapping[str, Any]) -> dict[str, Document]:
        """Returns the newest change of each aggregate with a change matching the query."""
        newest: dict[str, Document] = {}
        documents = await self.collection.find(dict(query), HIDDEN).to_list(None)
        for document in documents:
            known = newest.get(document["key"])
            if known is None or document["n"] > known["n"]:
                newest[document["key"]] = document
        return newest

    async def append(
        self, key: str, n: int, body: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> bool:
        """Inserts change ``n`` with its events; returns False if another writer took ``n``."""
        document = new_aggregate(f"{key}#{n:06d}", {**body, "key": key, "n": n}, events, self.topic)
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            return False
        if events:
            self.notify()
        return True


def own_entries(history: Sequence[Document]) -> list[TimelineEntry]:
    """Returns the timeline entries a case's write log holds."""
    return [TimelineEntry.model_validate(e) for change in history for e in change["entries"]]


def incident_of(change: Document) -> Incident:
    """Returns the incident as a change of its write log left it."""
    return Incident.model_validate(change["incident"])


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


async def case_view(database: AsyncDatabase[Document], worker_id: str) -> Document | None:
    """Returns the worker's case view document, or None."""
    return await database[CASES].find_one({"_id": worker_id}, HIDDEN)


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


async def incident_listings(
    database: AsyncDatabase[Document],
    *,
    unresolved: bool | None = None,
    worker_id: str | None = None,
    province_code: str | None = None,
    commune_code: str | None = None,
) -> list[IncidentListing]:
    """Returns the incident listings matching the filters."""
    query: dict[str, Any] = locality_filter(province_code, commune_code)
    if unresolved is not None:
        query["unresolved"] = unresolved
    if worker_id:
        query["worker_id"] = worker_id
    documents = await database[INCIDENTS].find(query, HIDDEN).to_list(None)
    return [IncidentListing.model_validate(d) for d in documents]


class Tickets:
    """Ticket numbers: each claimed once, by one incident."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.tickets = database[TICKETS]
        self.counters = database[COUNTERS]

    async def incident_id(self, ticket: str) -> str | None:
        """Returns the incident that holds the ticket, if any."""
        document = await self.tickets.find_one({"_id": ticket})
        return str(document["incident_id"]) if document else None

    async def of_incident(self, incident_id: str) -> str | None:
        """Returns the ticket an incident claimed, if any (a retried report reuses it)."""
        document = await self.tickets.find_one({"incident_id": incident_id})
        return str(document["_id"]) if document else None

    async def claim(self, ticket: str, incident_id: str, year: int) -> bool:
        """Claims the ticket for the incident; returns False if another incident holds it."""
        try:
            await self.tickets.insert_one({"_id": ticket, "incident_id": incident_id, "year": year})
            return True
        except DuplicateKeyError:
            return await self.incident_id(ticket) == incident_id

    async def propose(self, year: int) -> int:
        """Returns a number to try for the year's next ticket."""
        counter = {"_id": f"ticket-{year}"}
        try:
            await self.counters.update_one(counter, {"$inc": {"value": 1}}, upsert=True)
        except DuplicateKeyError:  # a concurrent first upsert created it: increment that one
            await self.counters.update_one(counter, {"$inc": {"value": 1}})
        document = await self.counters.find_one(counter)
        assert document is not None
        return int(document["value"])

    async def catch_up(self, year: int) -> None:
        """Moves the counter past the highest ticket issued in the year (after a clash)."""
        prefix = f"HW-{year}-"
        highest = await self.tickets.find_one(
            {"_id": {"$gte": prefix, "$lt": f"HW-{year}."}}, sort=[("_id", DESCENDING)]
        )
        if highest is not None:
            number = int(str(highest["_id"]).removeprefix(prefix))
            await self.counters.update_one(
                {"_id": f"ticket-{year}"}, {"$max": {"value": number}}, upsert=True
            )


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
