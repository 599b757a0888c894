"""Reporting's collections: insert-only facts and versioned targets.

- ``facts`` (view): one document per event a figure counts, ``_id`` = the event id, written
  once by the facts consumer (an event seen twice finds its document and changes nothing).
  Nothing ever updates a fact, so FerretDB's unlocked updates cannot touch them.
- ``targets``: one inserted document per version of a period's targets,
  ``<province>/<period>/v<n>``; inserting version ``n`` claims it, so of two managers saving at
  once one wins and the other's save is decided again on top of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.reporting.domain.facts import ATTRIBUTE_KINDS, Fact, utc_text
from services.reporting.domain.figures import Units
from services.reporting.domain.targets import Targets
from shared.store import BOOKKEEPING_FIELDS, Document, IndexSpec, ensure_indexes

FACTS = "facts"
TARGETS = "targets"
OUTBOX_COLLECTIONS: tuple[str, ...] = ()
WORKER_CHUNK = 400
"""Worker ids per ``$in`` query."""


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates reporting's missing indexes."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    await ensure_indexes(
        database[FACTS],
        [
            pending,
            ("by_worker", [("worker_id", ASCENDING)], False),
            ("by_province", [("province_code", ASCENDING)], False),
            ("by_former_province", [("former_province_code", ASCENDING)], False),
        ],
    )
    await ensure_indexes(
        database[TARGETS],
        [("by_period", [("province_code", ASCENDING), ("period", ASCENDING)], False)],
    )


def fact_from(document: Document) -> Fact:
    """Returns the fact a stored document holds."""
    return Fact.model_validate({k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS})


async def province_facts(
    database: AsyncDatabase[Document], province_code: str, units: Units, as_of: datetime
) -> list[Fact]:
    """Returns the facts known by ``as_of`` about every worker who ever lived in the province
    (in the units asked), whatever else they did; the domain decides who is in scope now."""
    field = "former_province_code" if units == Units.FORMER else "province_code"
    known = _known_by(as_of)
    located = database[FACTS].find(
        {field: province_code, "kind": {"$in": [k.value for k in ATTRIBUTE_KINDS]}, **known},
        {"worker_id": 1},
    )
    worker_ids = sorted({d["worker_id"] async for d in located})
    facts: list[Fact] = []
    for start in range(0, len(worker_ids), WORKER_CHUNK):
        chunk = worker_ids[start : start + WORKER_CHUNK]
        cursor = database[FACTS].find({"worker_id": {"$in": chunk}, **known}, _HIDDEN)
        facts += [fact_from(d) async for d in cursor]
    return facts


async def facts_by_id(database: AsyncDatabase[Document], event_ids: Sequence[str]) -> list[Fact]:
    """Returns the facts of these events, in the order given."""
    found: dict[str, Fact] = {}
    for start in range(0, len(event_ids), WORKER_CHUNK):
        chunk = list(event_ids[start : start + WORKER_CHUNK])
        async for document in database[FACTS].find({"_id": {"$in": chunk}}, _HIDDEN):
            fact = fact_from(document)
            found[fact.event_id] = fact
    return [found[i] for i in event_ids if i in found]


async def count_facts(database: AsyncDatabase[Document]) -> int:
    """Returns how many facts the view holds."""
    return await database[FACTS].count_documents({})


def _known_by(as_of: datetime) -> dict[str, Any]:
    moment = utc_text(as_of)
    return {"recorded_at": {"$lte": moment}, "received_at": {"$lte": moment}}


_HIDDEN = {"applied": 0, "outbox": 0}


def target_id(province_code: str, period: str, version: int) -> str:
    """Returns the id that claims one version of a period's targets."""
    return f"{province_code}/{period}/v{version}"


async def insert_targets(database: AsyncDatabase[Document], targets: Targets) -> None:
    """Inserts a version; raises DuplicateKeyError if someone saved that version first."""
    document = targets.model_dump(mode="json")
    document["set_at"] = utc_text(targets.set_at)
    document["_id"] = target_id(targets.province_code, targets.period, targets.version)
    await database[TARGETS].insert_one(document)


async def province_targets(
    database: AsyncDatabase[Document], province_code: str, period: str | None = None
) -> list[Targets]:
    """Returns every version of the province's targets (of one period if given), oldest first."""
    query: dict[str, Any] = {"province_code": province_code}
    if period is not None:
        query["period"] = period
    documents = await database[TARGETS].find(query).to_list(None)
    targets = [
        Targets.model_validate({k: v for k, v in d.items() if k != "_id"}) for d in documents
    ]
    return sorted(targets, key=lambda t: (t.period, t.version))
