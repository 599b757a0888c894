"""The document store: client factory, and aggregate documents that carry their own outbox.

Every aggregate document holds its state plus the bookkeeping that makes writes safe without
multi-document transactions (FerretDB has none):

- ``version``: optimistic concurrency; every write names the version it read.
- ``event_seq``: the last event sequence assigned for this aggregate (per worker).
- ``outbox``: events written in the same atomic update as the state change they describe.
- ``outbox_pending`` / ``outbox_sent``: what the relay still has to publish.
- ``applied``: ids of the input events already folded into a view (idempotent consumers).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    AutoReconnect,
    ConnectionFailure,
    ExecutionTimeout,
    NetworkTimeout,
    ServerSelectionTimeoutError,
    WTimeoutError,
)

from shared.events.envelope import EventEnvelope

Document = dict[str, Any]
T = TypeVar("T")
BOOKKEEPING_FIELDS = frozenset(
    {"_id", "version", "event_seq", "outbox", "outbox_pending", "outbox_sent", "applied"}
)
TRANSIENT_STORE_ERRORS: tuple[type[Exception], ...] = (
    AutoReconnect,
    ConnectionFailure,
    ExecutionTimeout,
    NetworkTimeout,
    ServerSelectionTimeoutError,
    WTimeoutError,
)


class ConcurrentUpdateError(RuntimeError):
    """Another writer changed the document since it was read; reload and try again."""


def make_store_client(
    url: str, timeout_ms: int = 5000, app_name: str = "homeward"
) -> AsyncMongoClient[Document]:
    """Returns an async client; one per event loop."""
    return AsyncMongoClient(
        url,
        appname=app_name,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        socketTimeoutMS=max(timeout_ms * 6, 30000),
        tz_aware=True,
    )


async def ping_store(database: AsyncDatabase[Document]) -> None:
    """Raises if the store does not answer."""
    await database.command("ping")


def outbox_entry(event: EventEnvelope, topic: str) -> Document:
    """Returns the stored form of an event waiting in an outbox."""
    entry = event.model_dump(mode="json")
    entry["topic"] = topic
    return entry


def new_aggregate(
    doc_id: str, state: Mapping[str, Any], events: Sequence[EventEnvelope], topic: str
) -> Document:
    """Returns a new aggregate document with its first events in the outbox."""
    document: Document = {"_id": doc_id, **state}
    document.update(
        version=1,
        event_seq=events[-1].sequence if events else 0,
        outbox=[outbox_entry(e, topic) for e in events],
        outbox_pending=bool(events),
        outbox_sent=0,
    )
    return document


def aggregate_update(
    version: int,
    state: Mapping[str, Any],
    events: Sequence[EventEnvelope] = (),
    topic: str = "",
    applied: Iterable[str] = (),
    unset: Iterable[str] = (),
) -> tuple[Document, Document]:
    """Returns (filter-extra, update) for one atomic write of state, outbox and applied ids."""
    changes = {k: v for k, v in state.items() if k not in BOOKKEEPING_FIELDS}
    changes["version"] = version + 1
    update: Document = {"$set": changes}
    push: Document = {}
    if events:
        changes["event_seq"] = events[-1].sequence
        changes["outbox_pending"] = True
        push["outbox"] = {"$each": [outbox_entry(e, topic) for e in events]}
    applied_ids = list(applied)
    if applied_ids:
        push["applied"] = {"$each": applied_ids}
    if push:
        update["$push"] = push
    unset_fields = {k: "" for k in unset if k not in BOOKKEEPING_FIELDS}
    if unset_fields:
        update["$unset"] = unset_fields
    return {"version": version}, update


class AggregateCollection:
    """A collection of aggregate documents, each written with its outbox in one update."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        topic: str,
        on_events: Callable[[], None] = lambda: None,
    ) -> None:
        self.collection = collection
        self.topic = topic
        self._on_events = on_events

    async def get(self, doc_id: str) -> Document | None:
        """Returns the document, or None."""
        return await self.collection.find_one({"_id": doc_id}, {"outbox": 0, "applied": 0})

    async def create(
        self, doc_id: str, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> Document:
        """Inserts a new aggregate; raises DuplicateKeyError if a unique key is taken."""
        document = new_aggregate(doc_id, state, events, self.topic)
        await self.collection.insert_one(document)
        if events:
            self._on_events()
        return document

    async def save(
        self,
        doc_id: str,
        version: int,
        state: Mapping[str, Any],
        events: Sequence[EventEnvelope] = (),
        unset: Iterable[str] = (),
    ) -> None:
        """Writes the new state and its events if the document is still at ``version``."""
        extra, update = aggregate_update(version, state, events, self.topic, unset=unset)
        result = await self.collection.update_one({"_id": doc_id, **extra}, update)
        if result.matched_count == 0:
            raise ConcurrentUpdateError(
                f"{self.collection.name}/{doc_id} changed since version {version}"
            )
        if events:
            self._on_events()


async def retry_on_conflict(attempt: Callable[[], Awaitable[T]], attempts: int = 8) -> T:
    """Runs a load-decide-save use case again while another writer wins the race."""
    for _ in range(attempts - 1):
        try:
            return await attempt()
        except ConcurrentUpdateError:
            continue
    return await attempt()
