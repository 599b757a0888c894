"""Aggregates: documents that carry their state, their version and their own outbox.

Every aggregate document holds its state plus the bookkeeping that makes writes safe without
multi-document transactions:

- ``version``: the write primitive's version; every write names the version it read.
- ``event_seq``: the last event sequence assigned for this aggregate (per worker).
- ``outbox``: events written in the same atomic write as the state change they describe.
- ``outbox_pending`` / ``outbox_sent``: what the relay still has to publish.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from shared.events.envelope import EventEnvelope
from shared.persistence.errors import ConcurrentUpdateError
from shared.persistence.ports import ADAPTER_FIELDS, Collection, Document, Update
from shared.retry import backoff_delays

T = TypeVar("T")
BOOKKEEPING_FIELDS = frozenset(
    {
        "_id",
        "version",
        "event_seq",
        "outbox",
        "outbox_pending",
        "outbox_sent",
        "applied",
        "write_mark",
        *ADAPTER_FIELDS,
    }
)
HIDDEN: Mapping[str, int] = {"outbox": 0, "applied": 0}
CONFLICT_FIRST_BACKOFF_S = 0.005
CONFLICT_MAX_BACKOFF_S = 0.1
CONFLICT_ATTEMPTS = 8


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


def aggregate_change(
    state: Mapping[str, Any],
    events: Sequence[EventEnvelope] = (),
    topic: str = "",
    applied: Iterable[str] = (),
    unset: Iterable[str] = (),
) -> Update:
    """Returns the one write of new state, its events in the outbox, and applied ids."""
    changes = {k: v for k, v in state.items() if k not in BOOKKEEPING_FIELDS}
    push: dict[str, list[Any]] = {}
    if events:
        changes["event_seq"] = events[-1].sequence
        changes["outbox_pending"] = True
        push["outbox"] = [outbox_entry(e, topic) for e in events]
    applied_ids = list(applied)
    if applied_ids:
        push["applied"] = applied_ids
    removed = [k for k in unset if k not in BOOKKEEPING_FIELDS and k not in changes]
    return Update(set=changes, unset=removed, push=push)


class Aggregates:
    """A collection of aggregate documents, each written with its outbox in one write."""

    def __init__(
        self, collection: Collection, topic: str, on_events: Callable[[], None] = lambda: None
    ) -> None:
        self.collection = collection
        self.topic = topic
        self._on_events = on_events

    async def get(self, doc_id: str) -> Document | None:
        """Returns the document without its outbox, or None."""
        return await self.collection.get(doc_id, HIDDEN)

    async def create(
        self, doc_id: str, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> Document:
        """Inserts a new aggregate; raises AlreadyStoredError if its id or a unique key is
        taken."""
        document = new_aggregate(doc_id, state, events, self.topic)
        await self.collection.insert(document)
        if events:
            self._on_events()
        return document

    async def create_all(
        self, aggregates: Sequence[tuple[str, Mapping[str, Any], Sequence[EventEnvelope]]]
    ) -> tuple[list[Document], set[Any]]:
        """Inserts new aggregates (id, state, events), each on its own, in as few commands as
        the store allows; returns their documents and the ids of those refused because their
        id or a unique key is taken."""
        documents = [new_aggregate(i, state, events, self.topic) for i, state, events in aggregates]
        taken = await self.collection.insert_all_new(documents)
        if any(events for _, _, events in aggregates):
            self._on_events()
        return documents, taken

    async def save(
        self,
        doc_id: str,
        version: int,
        state: Mapping[str, Any],
        events: Sequence[EventEnvelope] = (),
        unset: Iterable[str] = (),
    ) -> None:
        """Writes the new state and its events if the document is still at ``version``;
        raises ConcurrentUpdateError if another writer moved it first."""
        update = aggregate_change(state, events, self.topic, unset=unset)
        if not await self.collection.advance(doc_id, version, update):
            raise ConcurrentUpdateError(
                f"{self.collection.name}/{doc_id} changed since version {version}"
            )
        if events:
            self._on_events()


async def retry_on_conflict(
    attempt: Callable[[], Awaitable[T]], attempts: int = CONFLICT_ATTEMPTS
) -> T:
    """Runs a load-decide-save use case again, after a short random pause, while another
    writer wins the race; the last attempt's ConcurrentUpdateError propagates."""
    delays = backoff_delays(CONFLICT_FIRST_BACKOFF_S, CONFLICT_MAX_BACKOFF_S)
    for _ in range(attempts - 1):
        try:
            return await attempt()
        except ConcurrentUpdateError:
            await asyncio.sleep(next(delays))
    return await attempt()
