"""Notifications' collections; the repositories use the persistence seam's ports only.

- ``worker_facts`` (view): one document per worker, the facts the rules read, folded by the
  workers consumer from the intake, deployment and aftercare topics. Only that consumer writes.
- ``enterprise_licences`` (view): one document per sending enterprise, its licence's state,
  folded by the licences consumer from the deployment topic.
- ``alerts``: one aggregate per alert with its outbox (``Aggregates``). The alert's id is its
  rule, worker and cause: inserting it decides, on any store and across processes, that it is
  raised once. Acknowledging and resolving go through the version-checked ``save``.
- ``job_ticks``: one inserted document ``<job>#<tick>`` per tick of a periodic job: the
  replica whose insert wins runs that tick (a lease decided by the unique ``_id``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from services.notifications.domain.alerts import Alert, AlertStatus
from services.notifications.domain.facts import EnterpriseFacts, WorkerFacts
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic
from shared.persistence import ASCENDING, DESCENDING, Aggregates, Document, IndexSpec
from shared.persistence.stores import Store

WORKERS = "worker_facts"
ENTERPRISES = "enterprise_licences"
ALERTS = "alerts"
JOB_TICKS = "job_ticks"
OUTBOX_COLLECTIONS = (ALERTS,)
HIDDEN: Mapping[str, int] = {"outbox": 0, "applied": 0}
MAX_LISTED = 500


async def prepare(store: Store) -> None:
    """Creates notifications' missing indexes: relay flags, inbox filters, the open alerts."""
    pending: IndexSpec = ("outbox_pending", [("outbox_pending", ASCENDING)], False)
    for name in (ALERTS, WORKERS, ENTERPRISES):
        await store.collection(name).ensure_indexes([pending])
    await store.collection(ALERTS).ensure_indexes(
        [
            ("by_status", [("status", ASCENDING)], False),
            ("by_commune", [("province_code", ASCENDING), ("commune_code", ASCENDING)], False),
            ("by_worker", [("worker_id", ASCENDING)], False),
        ]
    )
    await store.collection(WORKERS).ensure_indexes(
        [("by_enterprise", [("enterprise_id", ASCENDING)], False)]
    )


def worker_state(facts: WorkerFacts) -> Document:
    """Returns a worker facts view document's state."""
    return {**facts.model_dump(mode="json"), "abroad": facts.abroad}


def enterprise_state(facts: EnterpriseFacts) -> Document:
    """Returns an enterprise licence view document's state."""
    return {**facts.model_dump(mode="json"), "withdrawn": facts.withdrawn}


def alert_state(alert: Alert) -> Document:
    """Returns an alert document's state."""
    return alert.model_dump(mode="json")


class Facts:
    """The worker and enterprise views the consumers fold: read here, never written."""

    def __init__(self, store: Store) -> None:
        self.workers = store.collection(WORKERS)
        self.enterprises = store.collection(ENTERPRISES)

    async def every_worker(self) -> list[WorkerFacts]:
        """Returns the facts of every worker heard of."""
        return [WorkerFacts.model_validate(d) async for d in self.workers.scan({}, HIDDEN)]

    async def withdrawn_licences(self) -> dict[str, EnterpriseFacts]:
        """Returns the enterprises whose licence is suspended or revoked, by id."""
        documents = await self.enterprises.find({"withdrawn": True}, HIDDEN)
        found = [EnterpriseFacts.model_validate(d) for d in documents]
        return {e.enterprise_id: e for e in found}


class Alerts:
    """The alerts (aggregates with their events to notifications' topic)."""

    def __init__(self, store: Store, topic_prefix: str, notify: Callable[[], None]) -> None:
        self.collection = store.collection(ALERTS)
        self.records = Aggregates(self.collection, topic_prefix + Topic.NOTIFICATIONS, notify)

    async def get(self, alert_id: str) -> Document | None:
        """Returns an alert's document (state, version, event_seq), or None."""
        return await self.records.get(alert_id)

    async def raise_new(self, alert: Alert, events: Sequence[EventEnvelope]) -> None:
        """Inserts a new alert with its events; AlreadyStoredError if it was raised before."""
        await self.records.create(alert.alert_id, alert_state(alert), events)

    async def save(self, alert: Alert, version: int, events: Sequence[EventEnvelope]) -> None:
        """Writes a changed alert if still at ``version`` (ConcurrentUpdateError otherwise)."""
        await self.records.save(alert.alert_id, version, alert_state(alert), events)

    async def unresolved(self) -> list[Alert]:
        """Returns every alert not yet resolved."""
        query = {"status": {"$in": [AlertStatus.OPEN.value, AlertStatus.ACKNOWLEDGED.value]}}
        return [Alert.model_validate(d) for d in await self.collection.find(query, HIDDEN)]

    async def find(
        self,
        scope: Mapping[str, Any],
        *,
        status: AlertStatus | None = None,
        kind: str | None = None,
        worker_id: str | None = None,
        limit: int = MAX_LISTED,
    ) -> list[Alert]:
        """Returns the alerts in a scope matching the filters, newest first."""
        query: dict[str, Any] = dict(scope)
        if status is not None:
            query["status"] = status.value
        if kind:
            query["kind"] = kind
        if worker_id:
            query["worker_id"] = worker_id
        documents = await self.collection.find(
            query, HIDDEN, sort=[("raised_at", DESCENDING), ("_id", ASCENDING)], limit=limit
        )
        return [Alert.model_validate(d) for d in documents]


class JobTicks:
    """Which replica runs each tick of a periodic job: the one whose insert of
    ``<job>#<tick>`` wins the unique ``_id``."""

    def __init__(self, store: Store) -> None:
        self.collection = store.collection(JOB_TICKS)

    async def take(self, job: str, tick: int, holder: str, now: datetime) -> bool:
        """Takes the tick for this holder; False if another replica took it first."""
        document = {"_id": f"{job}#{tick}", "job": job, "tick": tick, "holder": holder}
        return await self.collection.insert_new({**document, "taken_at": now.isoformat()})

    async def forget_before(self, job: str, tick: int) -> int:
        """Deletes the job's ticks before ``tick`` (clean-up is a job: no TTL on FerretDB)."""
        return await self.collection.delete_where({"job": job, "tick": {"$lt": tick}})
