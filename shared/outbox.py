"""The outbox relay: publishes events waiting in aggregate documents, then marks them sent."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.events.envelope import EventEnvelope, to_kafka
from shared.logging import get_logger
from shared.metrics import EventMetrics
from shared.store import (
    Document,
    IndexSpec,
    bulk_write_chunked,
    documents_locked,
    ensure_indexes,
    is_ferretdb,
)

log = get_logger(__name__)
MAX_BACKOFF_S = 5.0
MARK_CHUNK = 500
OUTBOX_PENDING_INDEX: IndexSpec = ("outbox_pending", [("outbox_pending", 1)], False)


@dataclass
class RelayStatus:
    """What the relay last saw, for readiness and metrics."""

    published: int = 0
    last_error: str | None = None
    failing_since: float | None = None
    pending_documents: int = 0
    oldest_pending_age_s: float = 0.0
    last_pass_at: float = field(default_factory=time.monotonic)


class OutboxRelay:
    """Publishes each pending document's events in sequence order with an idempotent producer.

    A crash between publish and mark-sent publishes those events again on restart; consumers
    absorb the duplicate by event id. Documents are marked sent in one bulk write per pass.
    """

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Document]],
        producer: AIOKafkaProducer,
        batch_size: int = 500,
        idle_interval_s: float = 0.2,
        after_publish: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self.collections = list(collections)
        # Fault injection for crash tests: runs after Kafka acknowledged, before mark-sent.
        self.after_publish = after_publish
        self.producer = producer
        self.batch_size = batch_size
        self.idle_interval_s = idle_interval_s
        self.status = RelayStatus()
        self.metrics = EventMetrics("relay")  # install_metrics swaps in the app's registry
        self._wake = asyncio.Event()
        self._stopping = False
        self._indexed: set[str] = set()

    def notify(self) -> None:
        """Wakes the relay: new events were written."""
        self._wake.set()

    def stop(self) -> None:
        """Asks the loop to finish its pass and return."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publishes until stopped, backing off while Kafka or the store fails."""
        backoff = 0.1
        while not self._stopping:
            # Cleared before the pass, not before the sleep: events written during the pass
            # wake the next sleep at once instead of waiting out the interval or the backoff.
            self._wake.clear()
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Kafka or store down: keep events, retry later
                self.status.last_error = f"{type(exc).__name__}: {exc}"
                self.status.failing_since = self.status.failing_since or time.monotonic()
                log.warning(
                    "outbox relay pass failed", error=self.status.last_error, retry_in_s=backoff
                )
                await self._sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = 0.1
            self.status.last_error = None
            self.status.failing_since = None
            if published == 0:
                await self._sleep(self.idle_interval_s)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def publish_pending(self) -> int:
        """Runs one pass over every collection; returns how many events it published."""
        total = 0
        produced: Counter[tuple[str, str]] = Counter()
        pending_documents = 0
        oldest: str | None = None
        for collection in self.collections:
            await self._ensure_index(collection)
            documents = await collection.find(
                {"outbox_pending": True},
                {"outbox": 1, "event_seq": 1, "outbox_sent": 1},
                limit=self.batch_size,
            ).to_list(None)
            if not documents:
                continue
            pending_documents += len(documents)
            deliveries: list[asyncio.Future[object]] = []
            sent_upto_by_document: dict[int, list[str]] = defaultdict(list)
            for document in documents:
                sent_upto = document.get("outbox_sent", 0)
                last = sent_upto
                for entry in sorted(document.get("outbox", []), key=lambda e: e["sequence"]):
                    if entry["sequence"] <= sent_upto:
                        continue
                    oldest = min(oldest, entry["time"]) if oldest else entry["time"]
                    event = EventEnvelope.model_validate(entry)
                    key, value, headers = to_kafka(event)
                    deliveries.append(
                        await self.producer.send(
                            entry["topic"], value=value, key=key, headers=headers
                        )
                    )
                    last = entry["sequence"]
                    total += 1
                    produced[(entry["topic"], entry["type"])] += 1
                sent_upto_by_document[last].append(document["_id"])
            await asyncio.gather(*deliveries)
            if self.after_publish is not None:
                await self.after_publish(len(deliveries))
            await self._mark_sent(collection, sent_upto_by_document)
            self.metrics.count_produced(produced)
            produced.clear()
        self.status.published += total
        self.status.pending_documents = pending_documents
        self.status.last_pass_at = time.monotonic()
        self.status.oldest_pending_age_s = _age_seconds(oldest) if oldest else 0.0
        return total

    async def _ensure_index(self, collection: AsyncCollection[Document]) -> None:
        # Each pass asks for the pending documents: without an index that reads them all.
        if collection.full_name not in self._indexed:
            await ensure_indexes(collection, [OUTBOX_PENDING_INDEX])
            self._indexed.add(collection.full_name)

    @staticmethod
    async def _mark_sent(
        collection: AsyncCollection[Document], sent_upto: dict[int, list[str]]
    ) -> None:
        """Marks published events sent: one statement per distinct sequence, not per document.

        A document whose ``event_seq`` is still what we published gets its outbox emptied; one
        that gained events meanwhile only records how far it was sent, and stays pending.
        """
        if await is_ferretdb(collection.database):
            await _mark_sent_by_id(collection, sent_upto)
            return
        for last, doc_ids in sent_upto.items():
            for start in range(0, len(doc_ids), MARK_CHUNK):
                chunk = doc_ids[start : start + MARK_CHUNK]
                async with documents_locked(collection, chunk):
                    cleared = await collection.update_many(
                        {"_id": {"$in": chunk}, "event_seq": last}, _cleared(last)
                    )
                    if cleared.matched_count < len(chunk):
                        await collection.update_many(
                            {"_id": {"$in": chunk}}, {"$max": {"outbox_sent": last}}
                        )


async def _mark_sent_by_id(
    collection: AsyncCollection[Document], sent_upto: dict[int, list[str]]
) -> None:
    """The same marks, one update per document: FerretDB pushes no ``$in`` down, so an
    ``update_many`` by ids reads the whole collection, where an update by ``_id`` is indexed."""
    for last, doc_ids in sent_upto.items():
        clear = [
            UpdateOne({"_id": doc_id, "event_seq": last}, _cleared(last)) for doc_id in doc_ids
        ]
        outcome = await bulk_write_chunked(collection, clear, doc_ids)
        if outcome.matched < len(doc_ids):  # some gained events meanwhile: record progress
            progress = [UpdateOne({"_id": i}, {"$max": {"outbox_sent": last}}) for i in doc_ids]
            await bulk_write_chunked(collection, progress, doc_ids)


def _cleared(last: int) -> Document:
    """The update that empties an outbox published up to ``last``."""
    return {"$set": {"outbox": [], "outbox_pending": False}, "$max": {"outbox_sent": last}}


def _age_seconds(iso_time: str) -> float:
    return max(0.0, (datetime.now(UTC) - datetime.fromisoformat(iso_time)).total_seconds())
