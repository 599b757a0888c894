"""Reporting's collections: each worker's facts, and versioned targets.

- ``facts`` (view): one document per worker, ``_id`` = the worker id, written by the facts
  consumer only (the applied event ids and the version make an event seen twice change
  nothing). The worker's facts are one packed value (``shared.packed``: FerretDB converts every
  value of a document on each read and write); beside them, plain and indexed, every province
  the worker was ever registered in, today's (``province_codes``) and before 2025
  (``former_province_codes``), so a province's report finds its workers with one equality
  FerretDB hands to PostgreSQL, and ``fact_count`` for the count of facts.
- ``targets``: one inserted document per version of a period's targets,
  ``<province>/<period>/v<n>``; inserting version ``n`` claims it, so of two managers saving at
  once one wins and the other's save is decided again on top of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from services.reporting.domain.facts import Fact, provinces_named, utc_text
from services.reporting.domain.figures import Units
from services.reporting.domain.targets import Targets
from shared.packed import pack_json, unpack_json
from shared.persistence import ASCENDING, Collection, Document, IndexSpec
from shared.persistence.stores import Store

FACTS = "facts"
TARGETS = "targets"
OUTBOX_COLLECTIONS: tuple[str, ...] = ()
PROVINCE_FIELDS = {Units.CURRENT: "province_codes", Units.FORMER: "former_province_codes"}
_FACT_LIST = TypeAdapter(list[Fact])


async def prepare(store: Store) -> None:
    """Creates reporting's missing indexes."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    await store.collection(FACTS).ensure_indexes(
        [
            pending,
            ("by_provinces", [(PROVINCE_FIELDS[Units.CURRENT], ASCENDING)], False),
            ("by_former_provinces", [(PROVINCE_FIELDS[Units.FORMER], ASCENDING)], False),
        ],
    )
    await store.collection(TARGETS).ensure_indexes(
        [("by_period", [("province_code", ASCENDING), ("period", ASCENDING)], False)],
    )


def worker_facts_state(facts: Sequence[Fact]) -> Document:
    """Returns a worker's facts document (state): the facts packed, and the fields to find the
    worker by."""
    current, former = provinces_named(facts)
    return {
        "facts": pack_json(_FACT_LIST.dump_json(list(facts), exclude_none=True)),
        "fact_count": len(facts),
        PROVINCE_FIELDS[Units.CURRENT]: current,
        PROVINCE_FIELDS[Units.FORMER]: former,
    }


def worker_facts(document: Document) -> list[Fact]:
    """Returns the facts a worker's document holds."""
    return _FACT_LIST.validate_json(unpack_json(document["facts"]))


class Facts:
    """The facts view, as the use cases read it (the facts consumer writes it)."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    async def of_province(self, province_code: str, units: Units) -> list[Fact]:
        """Returns every fact, whenever known, of every worker ever registered in the province
        (in the units asked): one indexed equality query. The domain decides what a report as
        of a moment sees and who is in the province then."""
        query = {PROVINCE_FIELDS[units]: province_code}
        facts: list[Fact] = []
        async for document in self.collection.scan(query, {"facts": 1}):
            facts += worker_facts(document)
        return facts

    async def count(self) -> int:
        """Returns how many facts the view holds."""
        pipeline: list[Document] = [{"$group": {"_id": None, "facts": {"$sum": "$fact_count"}}}]
        totals = await self.collection.aggregate(pipeline)
        return int(totals[0]["facts"]) if totals else 0


def target_id(province_code: str, period: str, version: int) -> str:
    """Returns the id that claims one version of a period's targets."""
    return f"{province_code}/{period}/v{version}"


class TargetVersions:
    """Every saved version of every province's targets, each inserted once, never changed."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    async def insert(self, targets: Targets) -> bool:
        """Inserts a version; False, writing nothing, if someone saved that version first."""
        document = targets.model_dump(mode="json")
        document["set_at"] = utc_text(targets.set_at)
        document["_id"] = target_id(targets.province_code, targets.period, targets.version)
        return await self.collection.insert_new(document)

    async def of_province(self, province_code: str, period: str | None = None) -> list[Targets]:
        """Returns every version of the province's targets (of one period if given), oldest
        first."""
        query: dict[str, Any] = {"province_code": province_code}
        if period is not None:
            query["period"] = period
        documents = await self.collection.find(query)
        targets = [
            Targets.model_validate({k: v for k, v in d.items() if k != "_id"}) for d in documents
        ]
        return sorted(targets, key=lambda t: (t.period, t.version))
