"""Aftercare's collections, laid out so that no document has two concurrent writers; the
repositories use the persistence seam's ports only.

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
- ``tickets``: one document per ticket number (its ``_id``, ``UniqueKeys`` held by an
  ``incident_id``): numbers are unique.
- ``remittances``: one inserted document per remittance with its outbox (``Aggregates``).
- ``counters``: the proposed next ticket number of each year, a hint written without a version
  (it may lose increments under concurrent writers; the ticket's unique ``_id`` has the last
  word).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from services.aftercare.domain.case import CaseSummary, Journey, JourneyStage, WorkerCase
from services.aftercare.domain.incidents import Incident, IncidentListing
from services.aftercare.domain.remittances import Remittance
from services.aftercare.domain.timeline import TimelineEntry
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.packed import pack_json, unpack_json
from shared.persistence import (
    ASCENDING,
    DESCENDING,
    Aggregates,
    AlreadyStoredError,
    ConcurrentUpdateError,
    Document,
    IndexSpec,
    UniqueKeys,
    Update,
    retry_on_conflict,
)
from shared.persistence.aggregates import new_aggregate
from shared.persistence.stores import Store
from shared.privacy.erasure_pass import DUE_INDEX

CASES = "cases"
CASE_WRITES = "case_writes"
INCIDENTS = "incidents"
INCIDENT_WRITES = "incident_writes"
REMITTANCES = "remittances"
TICKETS = "tickets"
COUNTERS = "counters"
OUTBOX_COLLECTIONS = (CASE_WRITES, INCIDENT_WRITES, REMITTANCES)
HIDDEN: Mapping[str, int] = {"outbox": 0, "applied": 0}


async def prepare(store: Store) -> None:
    """Creates aftercare's missing indexes: the relay's pending flags, write logs, list filters."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    by_worker: IndexSpec = ("by_worker", [("worker_id", ASCENDING)], False)
    by_commune = [("province_code", ASCENDING), ("commune_code", ASCENDING)]
    for name in (*OUTBOX_COLLECTIONS, CASES, INCIDENTS):
        await store.collection(name).ensure_indexes([pending])
    for name in (CASE_WRITES, INCIDENT_WRITES):
        await store.collection(name).ensure_indexes(
            [("by_key", [("key", ASCENDING), ("n", ASCENDING)], True), by_worker]
        )
    await store.collection(CASES).ensure_indexes(
        [
            ("by_erased", [("erased", ASCENDING)], False),
            DUE_INDEX,
            ("by_stage", [("summary.stage", ASCENDING)], False),
            ("by_commune", [(f"summary.{field}", order) for field, order in by_commune], False),
        ]
    )
    await store.collection(INCIDENTS).ensure_indexes(
        [("by_unresolved", [("unresolved", ASCENDING)], False), by_worker]
    )
    await store.collection(TICKETS).ensure_indexes(
        [("by_incident", [("incident_id", ASCENDING)], False)]
    )
    await store.collection(REMITTANCES).ensure_indexes(
        [by_worker, ("by_commune", by_commune, False)]
    )


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


class WriteLog:
    """An insert-only log of one kind of aggregate's changes, ``<key>#<n>``, each claimed by
    inserting its number: of two writers of change ``n`` exactly one inserts it, on any store
    and in any number of processes (the recorder pattern)."""

    def __init__(
        self, store: Store, collection: str, topic_prefix: str, notify: Callable[[], None]
    ) -> None:
        self.collection = store.collection(collection)
        self.topic = topic_prefix + Topic.AFTERCARE
        self.notify = notify

    async def history(self, key: str) -> list[Document]:
        """Returns every change of one aggregate, oldest first."""
        return await self.collection.find({"key": key}, HIDDEN, sort=[("n", ASCENDING)])

    async def latest(self, key: str) -> Document | None:
        """Returns the newest change of one aggregate, or None."""
        newest = await self.collection.find({"key": key}, HIDDEN, sort=[("n", DESCENDING)], limit=1)
        return newest[0] if newest else None

    async def latest_of(self, keys: Sequence[str]) -> dict[str, Document]:
        """Returns the newest change of each aggregate named."""
        if not keys:
            return {}
        return await self.latest_where({"key": {"$in": list(dict.fromkeys(keys))}})

    async def latest_where(self, query: Mapping[str, Any]) -> dict[str, Document]:
        """Returns the newest change of each aggregate with a change matching the query."""
        newest: dict[str, Document] = {}
        for document in await self.collection.find(query, HIDDEN):
            known = newest.get(document["key"])
            if known is None or document["n"] > known["n"]:
                newest[document["key"]] = document
        return newest

    async def forget(
        self, worker_id: str, forgotten: Callable[[Document], dict[str, Any] | None]
    ) -> int:
        """Rewrites the worker's changes as ``forgotten`` says (None: as they are), each through
        the write primitive, so a relay marking one sent meanwhile is never overwritten; returns
        how many it rewrote."""
        rewritten = 0
        for change in await self.collection.find({"worker_id": worker_id}, {"_id": 1}):

            async def attempt(change_id: str = change["_id"]) -> bool:
                current = await self.collection.get(change_id)
                fields = None if current is None else forgotten(current)
                if current is None or fields is None:
                    return False
                if not await self.collection.advance(
                    change_id, current["version"], Update(set=fields)
                ):
                    raise ConcurrentUpdateError(f"{change_id} changed meanwhile")
                return True

            rewritten += await retry_on_conflict(attempt)
        return rewritten

    async def append(
        self, key: str, n: int, body: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> bool:
        """Inserts change ``n`` with its events; returns False if another writer took ``n``."""
        document = new_aggregate(f"{key}#{n:06d}", {**body, "key": key, "n": n}, events, self.topic)
        if not await self.collection.insert_new(document):
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


class Cases:
    """The case views the cases consumer folds: read here, never written."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(CASES)

    async def view(self, worker_id: str) -> Document | None:
        """Returns the worker's case view document, or None."""
        return await self.collection.get(worker_id, HIDDEN)

    async def erased(self, worker_ids: set[str]) -> set[str]:
        """Which of these workers' personal data was erased (in one read)."""
        if not worker_ids:
            return set()
        found = await self.collection.get_many(sorted(worker_ids), {"_id": 1, "erased": 1})
        return {str(d["_id"]) for d in found if d.get("erased")}

    async def summaries(
        self,
        stage: JourneyStage,
        province_code: str | None = None,
        commune_code: str | None = None,
    ) -> list[CaseSummary]:
        """Returns the summaries of the cases at one stage, in a province or commune if given."""
        query = {
            "summary.stage": stage.value,
            **locality_filter(province_code, commune_code, "summary."),
        }
        documents = await self.collection.find(query, {"summary": 1})
        return [CaseSummary.model_validate(d["summary"]) for d in documents]


class IncidentListings:
    """The incident listings the incidents consumer folds: read here, never written."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(INCIDENTS)

    async def find(
        self,
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
        documents = await self.collection.find(query, HIDDEN)
        return [IncidentListing.model_validate(d) for d in documents]


class Tickets:
    """Ticket numbers: each claimed once, by one incident; a counter per year proposes them."""

    def __init__(self, store: Store) -> None:
        self.keys = UniqueKeys(store.collection(TICKETS), owner="incident_id")
        self.counters = store.collection(COUNTERS)

    async def incident_id(self, ticket: str) -> str | None:
        """Returns the incident that holds the ticket, if any."""
        return await self.keys.owner_of(ticket)

    async def of_incident(self, incident_id: str) -> str | None:
        """Returns the ticket an incident claimed, if any (a retried report reuses it)."""
        return await self.keys.key_of(incident_id)

    async def claim(self, ticket: str, incident_id: str, year: int) -> bool:
        """Claims the ticket for the incident; returns False if another incident holds it."""
        return await self.keys.claim(ticket, incident_id, {"year": year})

    async def propose(self, year: int) -> int:
        """Returns a number to try for the year's next ticket."""
        counter = f"ticket-{year}"
        await self._move_counter(counter, Update(inc={"value": 1}), first=1)
        document = await self.counters.get(counter)
        assert document is not None
        return int(document["value"])

    async def catch_up(self, year: int) -> None:
        """Moves the counter past the highest ticket issued in the year (after a clash)."""
        prefix = f"HW-{year}-"
        highest = await self.keys.collection.find(
            {"_id": {"$gte": prefix, "$lt": f"HW-{year}."}},
            {"_id": 1},
            sort=[("_id", DESCENDING)],
            limit=1,
        )
        if highest:
            number = int(str(highest[0]["_id"]).removeprefix(prefix))
            await self._move_counter(f"ticket-{year}", Update(max={"value": number}), number)

    async def _move_counter(self, counter: str, update: Update, first: int) -> None:
        # The counter is a hint, so a write without a version is enough: a lost increment
        # costs a clash and a retry, never a duplicate ticket.
        if await self.counters.put(counter, update):
            return
        if not await self.counters.insert_new({"_id": counter, "value": first}):
            await self.counters.put(counter, update)  # another writer created it first


class Remittances:
    """The remittances reported (insert-only aggregates, their events to aftercare's topic),
    read by worker, place and date."""

    def __init__(self, store: Store, topic_prefix: str, notify: Callable[[], None]) -> None:
        self.collection = store.collection(REMITTANCES)
        self.records = Aggregates(self.collection, topic_prefix + Topic.AFTERCARE, notify)

    async def add(
        self, remittance: Remittance, events: Sequence[EventEnvelope]
    ) -> Remittance | None:
        """Stores a new remittance with its events; returns the stored one instead if its id
        was taken (a retried request)."""
        try:
            state = remittance_state(remittance)
            await self.records.create(remittance.remittance_id, state, events)
        except AlreadyStoredError:
            stored = await self.records.get(remittance.remittance_id)
            assert stored is not None
            return Remittance.model_validate(stored)
        return None

    async def find(
        self,
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
        documents = await self.collection.find(query, HIDDEN)
        remittances = [Remittance.model_validate(d) for d in documents]
        return sorted(remittances, key=lambda r: (r.sent_on, r.reported_at, r.remittance_id))
