"""Deployment's collections: senders, job orders, placements, held positions, candidates view.

- ``enterprises``: one document per sender with its licence, its history and the outbox of its
  licence events.
- ``job_orders``: one document per job order and the outbox of its events.
- ``placements``: one document per placement and the outbox of its events (keyed by worker).
  Two unique keys hold while the placement is open: ``open_key`` (one open placement per
  worker and order) and ``commitment_key`` (one position held before departure per worker).
- ``position_claims`` and ``position_releases``: the positions of each job order, as leases
  that are only ever inserted. Slot ``k`` of an order is free when it has as many releases as
  claims; taking it inserts claim ``<order>:<k>:<number of releases>``, which the unique ``_id``
  lets only one placement do. A placement holds one claim at a time: its ``placement_lease``
  ``<placement>#<number of its releases>`` is unique, so a placement whose position was given
  back may take one again. See docs/deployment.md for why not a conditional update.
- ``candidates``: one document per worker, folded from intake's, training's and aftercare's
  events and deployment's own ``worker.departed`` (the consumer writes it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.deployment.domain import Candidate, Enterprise, JobOrder, Placement
from services.deployment.domain.placements import HOLDING_STATES
from shared.contracts.deployment import PlacementState
from shared.events.topics import Topic
from shared.pages import Pages
from shared.persistence import (
    ASCENDING,
    DESCENDING,
    Aggregates,
    Collection,
    Document,
    IndexSpec,
    Update,
)
from shared.persistence.aggregates import BOOKKEEPING_FIELDS
from shared.persistence.stores import Store
from shared.privacy.erasure_pass import DUE_INDEX

ENTERPRISES = "enterprises"
JOB_ORDERS = "job_orders"
PLACEMENTS = "placements"
CLAIMS = "position_claims"
RELEASES = "position_releases"
CANDIDATES = "candidates"
OUTBOX_COLLECTIONS = (ENTERPRISES, JOB_ORDERS, PLACEMENTS)
HIDDEN = {"outbox": 0, "applied": 0}
ONE_OPEN_PLACEMENT = "one_open_placement_per_worker_and_order"
ONE_COMMITMENT = "one_position_per_worker"
ONE_CLAIM = "one_claim_per_placement_lease"
REPLACED_INDEXES = {CLAIMS: ["one_claim_per_placement"]}
"""Indexes an earlier version made that would refuse what the current ones allow."""


INDEXES: dict[str, list[IndexSpec]] = {
    ENTERPRISES: [],
    JOB_ORDERS: [("by_status", [("status", ASCENDING), ("country", ASCENDING)], False)],
    PLACEMENTS: [
        (ONE_OPEN_PLACEMENT, [("open_key", ASCENDING)], True),
        (ONE_COMMITMENT, [("commitment_key", ASCENDING)], True),
        ("by_job_order", [("job_order_id", ASCENDING)], False),
        ("by_worker", [("worker_id", ASCENDING)], False),
    ],
    CLAIMS: [
        (ONE_CLAIM, [("placement_lease", ASCENDING)], True),
        ("by_job_order", [("job_order_id", ASCENDING)], False),
        ("by_placement", [("placement_id", ASCENDING)], False),
    ],
    RELEASES: [
        ("by_job_order", [("job_order_id", ASCENDING)], False),
        ("by_placement", [("placement_id", ASCENDING)], False),
    ],
    CANDIDATES: [("by_trained_market", [("trained_markets", ASCENDING)], False), DUE_INDEX],
}
"""Every collection's indexes; those carrying an outbox also get the relay's pending flag."""


async def prepare(store: Store) -> None:
    """Creates deployment's missing indexes: unique keys, the relay's flags, the lookups."""
    await _lease_earlier_claims(store.collection(CLAIMS))
    for name, indexes in INDEXES.items():
        pending: list[IndexSpec] = [("outbox_pending", [("outbox_pending", ASCENDING)], False)]
        has_outbox = name in (*OUTBOX_COLLECTIONS, CANDIDATES)
        await store.collection(name).ensure_indexes([*indexes, *(pending if has_outbox else [])])
    for name, replaced in REPLACED_INDEXES.items():
        await store.collection(name).drop_indexes(replaced)


async def _lease_earlier_claims(claims: Collection) -> None:
    """Gives the claims made before leases their lease: each was its placement's only one."""
    for claim in await claims.find({"placement_lease": {"$exists": False}}, {"placement_id": 1}):
        lease = f"{claim['placement_id']}#0"
        await claims.put(claim["_id"], Update(set={"placement_lease": lease}))


def enterprise_state(enterprise: Enterprise) -> Document:
    """Returns a sender document's state."""
    return enterprise.model_dump(mode="json", exclude={"id"})


def enterprise_of(document: Document) -> Enterprise:
    """Returns the sender a document holds."""
    return Enterprise.model_validate({**_state(document), "id": document["_id"]})


def job_order_state(order: JobOrder) -> Document:
    """Returns a job order document's state; held positions are counted from the leases."""
    return order.model_dump(mode="json", exclude={"id", "filled"})


def job_order_of(document: Document, filled: int) -> JobOrder:
    """Returns the job order a document holds, with its count of held positions."""
    return JobOrder.model_validate({**_state(document), "id": document["_id"], "filled": filled})


def placement_state(placement: Placement) -> Document:
    """Returns a placement document's state with its unique keys for the placement's state."""
    final = placement.is_final
    committed = placement.state in HOLDING_STATES and placement.state is not (
        PlacementState.DEPARTED
    )
    return {
        **placement.model_dump(mode="json", exclude={"id"}),
        "open_key": f"closed:{placement.id}"
        if final
        else f"{placement.job_order_id}:{placement.worker_id}",
        "commitment_key": placement.worker_id if committed else f"free:{placement.id}",
    }


def placement_of(document: Document) -> Placement:
    """Returns the placement a document holds."""
    return Placement.model_validate({**_state(document), "id": document["_id"]})


def candidate_state(candidate: Candidate) -> Document:
    """Returns a candidates view document's state, with the markets to query it by."""
    return {
        **candidate.model_dump(mode="json"),
        "trained_markets": sorted(candidate.training),
        "full_name": candidate.profile.full_name if candidate.profile else None,
    }


def candidate_of(document: Document) -> Candidate:
    """Returns the candidate a view document holds."""
    return Candidate.model_validate(_state(document))


class Positions:
    """The held positions of every job order, as insert-only leases (see the module doc)."""

    def __init__(self, store: Store) -> None:
        self.claims = store.collection(CLAIMS)
        self.releases = store.collection(RELEASES)

    async def held(self, job_order_ids: Iterable[str]) -> dict[str, int]:
        """Returns how many positions each order has held (claims not released)."""
        ids = sorted(set(job_order_ids))
        counts = dict.fromkeys(ids, 0)
        if not ids:
            return counts
        of_orders = {"job_order_id": {"$in": ids}}
        for collection, sign in ((self.claims, 1), (self.releases, -1)):
            for job_order_id, n in (await collection.count_by("job_order_id", of_orders)).items():
                counts[job_order_id] += sign * n
        return counts

    async def active_claims(self, job_order_id: str) -> list[Document]:
        """Returns the order's claims not released yet."""
        claims = await self.claims.find({"job_order_id": job_order_id})
        releases = await self.releases.find({"job_order_id": job_order_id}, {"_id": 1})
        released = {r["_id"] for r in releases}
        return [c for c in claims if c["_id"] not in released]

    async def claim_of(self, placement_id: str) -> Document | None:
        """Returns the placement's claim if it holds one now."""
        claims = await self.claims.find({"placement_id": placement_id})
        released = await self._released_of(placement_id)
        held = [c for c in claims if c["_id"] not in released]
        return held[0] if held else None

    async def _released_of(self, placement_id: str) -> set[str]:
        """Returns the ids of the placement's claims it gave back."""
        releases = await self.releases.find({"placement_id": placement_id}, {"_id": 1})
        return {r["_id"] for r in releases}

    async def claim(
        self, order: JobOrder, placement_id: str, worker_id: str, now: datetime
    ) -> Document | None:
        """Takes a free position for the placement (or returns the one it holds); None if full."""
        held = await self.claim_of(placement_id)
        if held is not None:
            return held
        lease = f"{placement_id}#{len(await self._released_of(placement_id))}"
        claims = await self.claims.find({"job_order_id": order.id}, {"slot": 1})
        releases = await self.releases.find({"job_order_id": order.id}, {"slot": 1})
        for slot in range(1, order.positions + 1):
            taken = sum(1 for c in claims if c["slot"] == slot)
            freed = sum(1 for r in releases if r["slot"] == slot)
            if taken > freed:
                continue
            claim = {
                "_id": f"{order.id}:{slot}:{freed}",
                "job_order_id": order.id,
                "slot": slot,
                "placement_id": placement_id,
                "placement_lease": lease,
                "worker_id": worker_id,
                "claimed_at": now.isoformat(),
            }
            if await self.claims.insert_new(claim):
                return claim
            mine = await self.claim_of(placement_id)
            if mine is not None:
                return mine  # a retry of this same selection got there first
            # another placement took this slot: try the next one
        return None

    async def release(self, placement_id: str, now: datetime) -> bool:
        """Frees the placement's position, if it holds one; releasing twice changes nothing."""
        claim = await self.claim_of(placement_id)
        if claim is None:
            return False
        release = {
            "_id": claim["_id"],
            "job_order_id": claim["job_order_id"],
            "slot": claim["slot"],
            "placement_id": placement_id,
            "released_at": now.isoformat(),
        }
        return await self.releases.insert_new(release)


class Reads:
    """The queries the API makes beyond loading one aggregate."""

    def __init__(self, store: Store) -> None:
        self.candidates = store.collection(CANDIDATES)
        self.placement_documents = store.collection(PLACEMENTS)
        self.job_order_documents = store.collection(JOB_ORDERS)
        self.enterprise_documents = store.collection(ENTERPRISES)

    async def candidate(self, worker_id: str) -> Candidate | None:
        """Returns a worker's candidate view, or None if no event about them arrived yet."""
        document = await self.candidates.get(worker_id, HIDDEN)
        return candidate_of(document) if document else None

    async def candidates_trained_for(
        self, market: str, within: Document | None = None
    ) -> list[Candidate]:
        """Returns every worker training reported ready for a market, inside a scope if given."""
        query: Document = {"trained_markets": market, **(within or {})}
        return [candidate_of(d) for d in await self.candidates.find(query, HIDDEN)]

    async def placements(self, **query: str) -> list[Placement]:
        """Returns the placements matching a field query (``job_order_id=``, ``worker_id=``)."""
        return [placement_of(d) for d in await self.placement_documents.find(query, HIDDEN)]

    async def worker_placements(self, candidate: Candidate) -> list[Placement]:
        """Returns the worker's placements and those of the duplicates merged into the
        worker's record, all under the worker's id (one indexed lookup per record)."""
        found: list[Placement] = []
        for worker_id in dict.fromkeys([candidate.worker_id, *candidate.merged_from]):
            documents = await self.placement_documents.find({"worker_id": worker_id}, HIDDEN)
            found += [
                placement_of(d).model_copy(update={"worker_id": candidate.worker_id})
                for d in documents
            ]
        return found

    async def placements_within(
        self, job_order_id: str, within: Document, workers_within: Document | None
    ) -> list[Placement]:
        """Returns the order's placements the scope holds: those matching ``within``, and those
        whose worker's candidate record matches ``workers_within`` (when given)."""
        placements = self.placement_documents
        query: Document = {"$and": [{"job_order_id": job_order_id}, within]}
        found = {d["_id"]: d for d in await placements.find(query, HIDDEN)}
        if workers_within is not None:
            of_order = await placements.find({"job_order_id": job_order_id}, {"worker_id": 1})
            workers = list(dict.fromkeys(d["worker_id"] for d in of_order))
            scoped = {"$and": [{"_id": {"$in": workers}}, workers_within]}
            held = [d["_id"] for d in await self.candidates.find(scoped, {"_id": 1})]
            of_held = {"job_order_id": job_order_id, "worker_id": {"$in": held}}
            for document in await placements.find(of_held, HIDDEN):
                found[document["_id"]] = document
        return [placement_of(d) for d in found.values()]

    async def job_orders(
        self,
        *,
        status: str | None,
        country: str | None,
        enterprise_id: str | None,
        within: Document | None = None,
        pages: Pages | None = None,
    ) -> list[Document]:
        """Returns job order documents, newest first, filtered as asked and to ``within``: a
        page of them, or all (for matching)."""
        query: dict[str, Any] = {}
        if status:
            query["status"] = status
        if country:
            query["country"] = country
        if enterprise_id:
            query["enterprise_id"] = enterprise_id
        if within:
            query = {"$and": [query, within]}
        newest = [("posted_at", DESCENDING), ("_id", DESCENDING)]
        if pages is None:
            return await self.job_order_documents.find(query, HIDDEN, sort=newest)
        return await pages.find(self.job_order_documents, query, newest, HIDDEN)

    async def enterprises(self, ids: Iterable[str]) -> dict[str, Enterprise]:
        """Returns the senders with these ids, by id."""
        found = await self.enterprise_documents.get_many(sorted(set(ids)), HIDDEN)
        return {d["_id"]: enterprise_of(d) for d in found}


@dataclass(frozen=True)
class Repositories:
    """Everything deployment's use cases read and write."""

    enterprises: Aggregates
    job_orders: Aggregates
    placements: Aggregates
    positions: Positions
    reads: Reads


def repositories(
    store: Store, topic_prefix: str = "", notify: Callable[[], None] = lambda: None
) -> Repositories:
    """Returns deployment's repositories on a store; aggregates' events go to its topic."""
    topic = topic_prefix + Topic.DEPLOYMENT
    return Repositories(
        enterprises=Aggregates(store.collection(ENTERPRISES), topic, notify),
        job_orders=Aggregates(store.collection(JOB_ORDERS), topic, notify),
        placements=Aggregates(store.collection(PLACEMENTS), topic, notify),
        positions=Positions(store),
        reads=Reads(store),
    )


def _state(document: Document) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}
