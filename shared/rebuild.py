"""Rebuilding a view from its input topics into a new collection, then switching over.

The service keeps serving (and updating) the live collection while the rebuild runs:

1. ``<view>__rebuild_<stamp>`` gets every event of the view's topics up to today's end
   offsets, folded by the SAME projection code as the live consumer: one partition number of
   the topics at a time (they are all keyed by the worker), each worker's events folded at
   once in memory (``EventConsumer.fold_in_memory``), each document inserted once; then the
   live collection's indexes, built over the full collection. If the topics are not
   co-partitioned for the view, it folds in topic order instead (``EventConsumer.fold``: one
   bulk write per batch). The rebuild produces no follow-up event: those the live service
   already caused (their cause lies below its committed offset) only take their sequence
   numbers; the others are kept in the documents (``follow_ups``), and the live consumer
   produces them when it reaches their causes, or again if it had already (same ids).
2. A catch-up pass takes what arrived meanwhile.
3. The switch: the live collection is renamed ``<view>__replaced_<stamp>`` and the rebuilt one
   takes its name (FerretDB v1.24.2 has no ``renameCollection`` with ``dropTarget``, so it is
   two renames a few milliseconds apart). The old collection is kept unless asked otherwise.
4. A last catch-up from where the rebuild stopped to the new end: the live consumer applied
   those events to the old collection; applying them again here is harmless (applied ids and
   offsets), and their follow-ups kept here go out again with the same ids if the live
   consumer meets their causes again, which consumers downstream drop.

``rebuild_view`` is the importable core (the replay benchmark uses it); ``on_progress`` is
called after every batch.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

from shared.consumer import EventConsumer, Projection, ReceivedEvent, type_of
from shared.logging import get_logger
from shared.store import Document

log = get_logger(__name__)
NAMESPACE_EXISTS = 48
BY_PARTITION = "by partition, each document inserted once"
IN_TOPIC_ORDER = "in topic order, each document updated per batch"
OUTBOX_DRAIN_TIMEOUT_S = 10.0
FOLDS_IN_FLIGHT = 1
# Large fetches: aiokafka's CPU per record read fell from 14.4 to 10.6 us with 8 MB instead of
# its default 1 MB (a rebuild reads every record of its topics; 180k records measured).
FETCH_BYTES_PER_PARTITION = 8 * 1024 * 1024


@dataclass(frozen=True)
class Subscription:
    """One view a service keeps: its projection, input topics, collection and group."""

    projection: Projection
    topics: list[str]
    collection: str
    group_id: str
    service: str


def subscriptions_of(runtime: Any) -> list[Subscription]:
    """The views a built (not started) ``ServiceRuntime`` registered with ``subscribe``."""
    topics_by_group: dict[str, list[str]] = {}
    for subscriber in runtime.broker.subscribers:
        group = getattr(subscriber, "group_id", None)
        if group:
            topics_by_group[group] = [t.name for t in subscriber.topics]
    return [
        Subscription(
            consumer.projection,
            topics_by_group.get(consumer.group_id, []),
            consumer.collection.name,
            consumer.group_id,
            runtime.settings.service_name,
        )
        for consumer in runtime.consumers
    ]


@dataclass
class Progress:
    """Where a rebuild is: its phase, events read of the total, and time so far."""

    phase: str
    done: int
    total: int
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def eta_s(self) -> float | None:
        if self.done <= 0 or self.total <= self.done:
            return None if self.done <= 0 else 0.0
        return self.elapsed_s / self.done * (self.total - self.done)


@dataclass
class RebuildResult:
    """What a rebuild did."""

    collection: str
    rebuilt_as: str
    replaced: str | None
    events: int
    documents: int | None
    unappliable: int
    seconds: float
    switched: bool
    caught_up: int = 0
    method: str = BY_PARTITION

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


ProgressCallback = Callable[[Progress], None]


async def rebuild_view(
    database: AsyncDatabase[Document],
    subscription: Subscription,
    kafka_options: dict[str, Any],
    *,
    stamp: str | None = None,
    batch_size: int = 5000,
    switch: bool = True,
    keep_old: bool = True,
    on_progress: ProgressCallback | None = None,
    count: bool = True,
) -> RebuildResult:
    """Rebuilds one view from its topics; with ``switch``, the service starts reading it.

    ``documents`` is what the rebuild inserted when nothing arrived meanwhile; otherwise the store
    counts them (a full scan on FerretDB), unless ``count=False``.
    """
    started = time.monotonic()
    stamp = stamp or datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    live = database[subscription.collection]
    target_name = f"{subscription.collection}__rebuild_{stamp}"
    await database.drop_collection(target_name)
    await database.create_collection(target_name)
    target = database[target_name]

    committed = await _committed_offsets(kafka_options, subscription)
    folder = _folder(subscription, target)
    folder.already_published = lambda event: _below(event, committed)
    reader = AIOKafkaConsumer(
        **kafka_options,
        enable_auto_commit=False,
        client_id="homeward-rebuild",
        max_partition_fetch_bytes=FETCH_BYTES_PER_PARTITION,
    )
    await reader.start()
    try:
        partitions = await _partitions(reader, subscription.topics)
        if not partitions:
            raise RuntimeError(f"none of {subscription.topics} exists")
        firsts = await reader.beginning_offsets(partitions)
        ends = await reader.end_offsets(partitions)
        progress = Progress("rebuild", 0, sum(ends[tp] - firsts[tp] for tp in partitions))
        method = BY_PARTITION
        inserted: int | None = None
        try:
            unappliable, inserted = await _fold_by_partition(
                reader, folder, target, ends, batch_size, progress, on_progress
            )
        except NotCoPartitionedError as exc:
            log.warning("rebuilding in topic order instead", reason=str(exc))
            method = IN_TOPIC_ORDER
            await database.drop_collection(target_name)
            await database.create_collection(target_name)
            progress.done = 0
            folder.status.applied = 0
            reader.assign(partitions)
            await reader.seek_to_beginning(*partitions)
            unappliable = await _fold_until(reader, folder, ends, batch_size, progress, on_progress)
        reader.assign(partitions)
        for tp, end in ends.items():
            reader.seek(tp, end)
        # Built once over the full collection, not kept up insert by insert (bulk-load order).
        await _copy_indexes(live, target)

        # What arrived during the rebuild: re-queued follow-ups are absorbed downstream.
        folder.already_published = None
        caught_up = await _catch_up(reader, folder, batch_size, progress, on_progress)
        unappliable += caught_up[1]
        replaced = None
        if switch:
            await _wait_outbox_drained(live)
            replaced = await _switch(database, subscription.collection, target_name, stamp)
            folder.collection = database[subscription.collection]
            late = await _catch_up(reader, folder, batch_size, progress, on_progress)
            unappliable += late[1]
            caught_up = (caught_up[0] + late[0], caught_up[1] + late[1])
            if not keep_old and replaced is not None:
                await database.drop_collection(replaced)
                replaced = None
    finally:
        await asyncio.sleep(0)  # aiokafka raises if stopped before its start-up task ran
        await reader.stop()
    documents = None
    if inserted is not None and caught_up[0] == 0:
        documents = inserted  # nothing since: what it inserted is the view
    elif count:  # FerretDB counts by scanning every document: about 1 s per 2,000 views
        final = database[subscription.collection if switch else target_name]
        documents = await final.estimated_document_count()
    result = RebuildResult(
        subscription.collection,
        target_name,
        replaced,
        progress.done,
        documents,
        unappliable,
        time.monotonic() - started,
        switch,
        caught_up[0],
        method,
    )
    log.info(
        "view rebuilt",
        collection=result.collection,
        events=result.events,
        documents=result.documents,
        seconds=round(result.seconds, 2),
        switched=switch,
        method=method,
    )
    return result


def _folder(subscription: Subscription, target: Any) -> EventConsumer:
    # The folder never dead-letters (the live consumer did, the first time): ``fold`` returns
    # the unappliable records and the rebuild counts them. Without a producer it keeps the
    # follow-ups in the documents for the live consumer. It folds as the live group: dead
    # letters replayed to that group are applied, others' skipped.
    return EventConsumer(
        subscription.projection,
        target,
        None,
        group_id=subscription.group_id,
        source=subscription.service,
    )


def _below(event: ReceivedEvent, committed: dict[TopicPartition, int]) -> bool:
    record = event.record
    return bool(record.offset < committed.get(TopicPartition(record.topic, record.partition), 0))


class NotCoPartitionedError(RuntimeError):
    """A view's events are not all in one partition number of its topics."""


async def _fold_by_partition(
    reader: AIOKafkaConsumer,
    folder: EventConsumer,
    target: AsyncCollection[Document],
    ends: dict[TopicPartition, int],
    batch_size: int,
    progress: Progress,
    on_progress: ProgressCallback | None,
) -> tuple[int, int]:
    """Folds the history one partition number at a time, in memory, and inserts each view
    document once; returns how many records could not be applied, and documents inserted.

    Every topic is keyed by the worker, with the same number of partitions and the same
    partitioner, so partition ``p`` of each topic holds the same workers: their documents are
    complete once those partitions are read. The next partition number is read while the last
    one's documents are inserted. Raises ``NotCoPartitionedError`` (before inserting anything
    wrong) if a view document turns up under two partition numbers.
    """
    counts = Counter(tp.topic for tp in ends)
    if len(set(counts.values())) != 1:
        raise NotCoPartitionedError(f"the topics have different partition counts: {counts}")
    groups: dict[int, list[TopicPartition]] = {}
    for tp in ends:
        groups.setdefault(tp.partition, []).append(tp)
    seen: set[str] = set()
    unappliable = 0
    inserting: asyncio.Task[None] | None = None
    reads = getattr(folder.projection, "event_types", None)
    with _collector_past_held():
        try:
            for number, group in sorted(groups.items()):
                documents: dict[str, Document] = {}
                # Records are held by key (the worker) and folded a worker at a time, so each
                # document is built from all its events at once, not refolded batch after batch.
                held: dict[bytes | None, list[Any]] = {}
                held_count = 0
                reader.assign(group)
                await reader.seek_to_beginning(*group)
                remaining = {tp for tp in group if await reader.position(tp) < ends[tp]}
                while remaining:
                    batch = await reader.getmany(timeout_ms=500, max_records=batch_size)
                    for tp, part in batch.items():
                        for record in part:
                            if record.offset >= ends[tp]:
                                break
                            progress.done += 1
                            if reads is None or type_of(record) in reads:  # others: not decoded
                                held.setdefault(record.key, []).append(record)
                                held_count += 1
                        if part and part[-1].offset + 1 >= ends[tp]:
                            remaining.discard(tp)
                    for tp in list(remaining):
                        if await reader.position(tp) >= ends[tp]:
                            remaining.discard(tp)
                    if held_count >= HELD_RECORDS:  # bounded memory: fold what is held so far
                        unappliable += _fold_held(folder, held, documents)
                        held_count = 0
                    gc.freeze()  # what is held now is walked no more (see _collector_past_held)
                    if on_progress is not None:
                        on_progress(progress)
                    await asyncio.sleep(0)  # let the previous partition's inserts go on
                unappliable += _fold_held(folder, held, documents)
                if not seen.isdisjoint(documents):
                    raise NotCoPartitionedError(
                        f"{folder.projection.name} documents appear under partition {number} "
                        "and an earlier one"
                    )
                seen.update(documents)
                if inserting is not None:
                    await inserting
                inserting = asyncio.create_task(_insert_all(target, list(documents.values())))
                del documents
        finally:
            if inserting is not None:
                await inserting
    return unappliable, len(seen)


INSERT_CHUNK = 500
HELD_RECORDS = 1_000_000


def _fold_held(
    folder: EventConsumer, held: dict[bytes | None, list[Any]], documents: dict[str, Document]
) -> int:
    """Folds the held records key by key into ``documents``; returns how many were refused."""
    refused = 0
    for done, records in enumerate(held.values(), 1):
        refused += len(folder.fold_in_memory(records, documents))
        if done % FREEZE_EVERY_WORKERS == 0:
            gc.freeze()
    held.clear()
    return refused


FREEZE_EVERY_WORKERS = 500


@contextmanager
def _collector_past_held() -> Iterator[None]:
    """Keeps Python's cycle collector off the records and documents a rebuild holds.

    They are millions of long-lived objects in no cycle, and every full collection walked them
    all again: at 200k held records that was 60 % of the decoding time. Freezing what is alive
    after each fetch and every few hundred folded workers leaves the collector only what is
    new; frozen objects are still freed by their reference counts when the rebuild drops them.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def _insert_all(target: AsyncCollection[Document], documents: list[Document]) -> None:
    """Inserts fresh documents in chunks: FerretDB inserts a batch far faster than it updates."""
    for start in range(0, len(documents), INSERT_CHUNK):
        await target.insert_many(documents[start : start + INSERT_CHUNK], ordered=False)


async def _fold_until(
    reader: AIOKafkaConsumer,
    folder: EventConsumer,
    ends: dict[TopicPartition, int],
    batch_size: int,
    progress: Progress,
    on_progress: ProgressCallback | None,
) -> int:
    """Folds every record below ``ends``; returns how many could not be applied."""
    remaining = {tp for tp, end in ends.items() if await reader.position(tp) < end}
    unappliable = 0
    pending: list[Any] = []
    # A batch folds while the next is fetched. More folds in flight are allowed (views converge
    # whatever the order; a document two folds write is settled by its version check), but on
    # FerretDB two in flight were slower: 70 against 138 events/s with 1,000-event batches.
    in_flight: list[asyncio.Task[int]] = []

    async def fold(records: list[Any]) -> int:
        dead = await folder.fold(records)
        progress.done += len(records)
        if on_progress is not None:
            on_progress(progress)
        return len(dead)

    while remaining:
        batch = await reader.getmany(timeout_ms=500, max_records=batch_size)
        for tp, records in batch.items():
            end = ends[tp]
            pending.extend(r for r in records if r.offset < end)
            if records and records[-1].offset + 1 >= end:
                remaining.discard(tp)
        for tp in list(remaining):
            if await reader.position(tp) >= ends[tp]:
                remaining.discard(tp)
        if len(pending) >= batch_size or (pending and not remaining):
            if len(in_flight) >= FOLDS_IN_FLIGHT:
                unappliable += await in_flight.pop(0)
            in_flight.append(asyncio.create_task(fold(pending)))
            pending = []
    for task in in_flight:
        unappliable += await task
    # Leave the reader exactly at the ends, whatever the last fetch brought beyond them.
    for tp, end in ends.items():
        reader.seek(tp, end)
    return unappliable


async def _catch_up(
    reader: AIOKafkaConsumer,
    folder: EventConsumer,
    batch_size: int,
    progress: Progress,
    on_progress: ProgressCallback | None,
) -> tuple[int, int]:
    """Folds from the reader's position to today's ends; returns (events, unappliable)."""
    partitions = list(reader.assignment())
    ends = await reader.end_offsets(partitions)
    before = progress.done
    progress.phase = "catch-up"
    for tp in partitions:
        progress.total += max(0, ends[tp] - await reader.position(tp))
    unappliable = await _fold_until(reader, folder, ends, batch_size, progress, on_progress)
    return progress.done - before, unappliable


async def _switch(database: Any, live: str, rebuilt: str, stamp: str) -> str | None:
    """Renames live -> ``__replaced_<stamp>``, rebuilt -> live; returns the replaced name."""
    name = database.name
    names = set(await database.list_collection_names())
    replaced: str | None = None
    if live in names:
        replaced = f"{live}__replaced_{stamp}"
        await database.client.admin.command(
            "renameCollection", f"{name}.{live}", to=f"{name}.{replaced}"
        )
    for attempt in range(5):
        try:
            await database.client.admin.command(
                "renameCollection", f"{name}.{rebuilt}", to=f"{name}.{live}"
            )
            return replaced
        except OperationFailure as exc:
            if exc.code != NAMESPACE_EXISTS:
                raise
            # The live consumer wrote in the gap and created the collection again; its events
            # are re-applied by the last catch-up, so set those few documents aside.
            await database.client.admin.command(
                "renameCollection", f"{name}.{live}", to=f"{name}.{live}__stray_{stamp}_{attempt}"
            )
    raise RuntimeError(f"could not switch {live} to {rebuilt}")


async def _wait_outbox_drained(collection: Any) -> None:
    """Waits (briefly) until the relay has published the live view's pending outbox entries."""
    deadline = time.monotonic() + OUTBOX_DRAIN_TIMEOUT_S
    while time.monotonic() < deadline:
        if await collection.count_documents({"outbox_pending": True}) == 0:
            return
        await asyncio.sleep(0.1)
    log.warning("live view still has unpublished outbox entries after waiting for the relay")


async def _copy_indexes(live: Any, target: Any) -> None:
    async for index in await live.list_indexes():
        if index["name"] == "_id_":
            continue
        keys = list(index["key"].items())
        await target.create_index(keys, name=index["name"], unique=bool(index.get("unique")))


async def _partitions(reader: AIOKafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    # consumer.topics() does not keep the metadata it fetched; ask the client for all of it.
    cluster = await reader._client.fetch_all_metadata()
    return [
        TopicPartition(topic, partition)
        for topic in topics
        for partition in sorted(cluster.partitions_for_topic(topic) or ())
    ]


async def _committed_offsets(
    kafka_options: dict[str, Any], subscription: Subscription
) -> dict[TopicPartition, int]:
    """Where the live consumer group stands: below it, follow-ups were already published."""
    admin = AIOKafkaAdminClient(**kafka_options, client_id="homeward-rebuild-admin")
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(subscription.group_id)
    finally:
        await admin.close()
    topics = set(subscription.topics)
    return {tp: meta.offset for tp, meta in offsets.items() if tp.topic in topics}
