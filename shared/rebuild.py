"""Rebuilding views from their input topics into new collections, then switching over.

The service keeps serving (and updating) the live collection while the rebuild runs:

1. ``<view>__rebuild_<stamp>`` gets every event of the view's topics up to today's end
   offsets, folded by the SAME projection code as the live consumer: one partition number of
   the topics at a time (they are all keyed by the worker), each worker's events folded at
   once in memory (``EventConsumer.fold_in_memory``), each document inserted once; then the
   live collection's indexes, built over the full collection. Several views rebuilt together
   (``rebuild_views``) share one pass: each record is read once and decoded at most once,
   for every view that reads it. A document the store refuses whole is written again from
   its events the live consumer's way, leaving out only the events it is refused for. If the
   topics are not co-partitioned, it folds each view in topic order instead
   (``EventConsumer.fold``: one bulk write per batch). The rebuild produces no follow-up
   event: those the live service already caused (their cause lies below its committed
   offset) only take their sequence numbers; the others are kept in the documents
   (``follow_ups``), and the live consumer produces them when it reaches their causes, or
   again if it had already (same ids).
2. A catch-up pass takes what arrived meanwhile.
3. The switch: the live collection is renamed ``<view>__replaced_<stamp>`` and the rebuilt one
   takes its name (FerretDB v1.24.2 has no ``renameCollection`` with ``dropTarget``, so it is
   two renames a few milliseconds apart). The old collection is kept unless asked otherwise.
4. A last catch-up from where the rebuild stopped to the new end: the live consumer applied
   those events to the old collection; applying them again here is harmless (applied ids and
   offsets), and their follow-ups kept here go out again with the same ids if the live
   consumer meets their causes again, which consumers downstream drop.

``rebuild_views`` is the importable core (the CLI and the replay benchmark use it);
``on_progress`` is called after every batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import CoordinatorLoadInProgressError, GroupCoordinatorNotAvailableError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import CollectionInvalid, OperationFailure

from shared.consumer import (
    EventConsumer,
    FoldedView,
    Projection,
    ReceivedEvent,
    Stage,
    check_topic,
    decode_record,
    type_of,
)
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope, decode_payload, from_kafka
from shared.logging import get_logger, mask_text
from shared.persistence.errors import AlreadyStoredError
from shared.persistence.ports import Advance
from shared.persistence.stores import adapter_for
from shared.privacy.sealing import (
    ERASED,
    Opener,
    fields_of,
    holds_personal_value,
    key_id_of,
    open_fields,
)
from shared.replays import replay_group_of
from shared.retry import backoff_delays
from shared.store import Document

log = get_logger(__name__)
NAMESPACE_EXISTS = 48
BY_PARTITION = "by partition, each document inserted once"
IN_TOPIC_ORDER = "in topic order, each document updated per batch"
OUTBOX_DRAIN_TIMEOUT_S = 10.0
COORDINATOR_WAIT_S = 30.0
"""How long a rebuild waits for a fresh broker to make its consumer groups' coordinator."""
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
    opener: Opener | None = None
    before_write: Callable[[Sequence[FoldedView]], Awaitable[None]] | None = None
    """The live consumer's step before its view writes (``EventConsumer.before_write``): a
    rebuild runs it too, before it writes what it folded."""


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
            consumer.opener,
            consumer.before_write,
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
    # View documents the store refused whole (id: why); each was written again event by
    # event, as the live consumer writes, leaving out only the events it refuses.
    refused: dict[str, str] = field(default_factory=dict)

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
    results = await rebuild_views(
        [(database, subscription)],
        kafka_options,
        stamp=stamp,
        batch_size=batch_size,
        switch=switch,
        keep_old=keep_old,
        on_progress=on_progress,
        count=count,
    )
    return results[0]


@dataclass
class _View:
    """One view of a rebuild: where it is rebuilt, what it reads, and what it did so far."""

    database: AsyncDatabase[Document]
    subscription: Subscription
    stamp: str
    folder: EventConsumer
    events: int = 0
    unappliable: int = 0
    inserted: int = 0
    documents: dict[str, Document] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def rebuilt_as(self) -> str:
        return f"{self.subscription.collection}__rebuild_{self.stamp}"

    @property
    def target(self) -> AsyncCollection[Document]:
        return self.database[self.rebuilt_as]

    @property
    def reads(self) -> frozenset[str] | None:
        """The event types the view's projection reads; None: every type."""
        return getattr(self.subscription.projection, "event_types", None)

    async def start_afresh(self, shared: bool) -> None:
        """Empties the rebuilt collection, unless other processes rebuild into it too
        (``shared``): then it is made if missing, and what they wrote is kept."""
        if not shared:
            await self.database.drop_collection(self.rebuilt_as)
        try:
            await self.database.create_collection(self.rebuilt_as, check_exists=shared)
        except (CollectionInvalid, OperationFailure) as exc:
            exists = isinstance(exc, CollectionInvalid) or exc.code == NAMESPACE_EXISTS
            if not (shared and exists):  # another process made it first
                raise
        self.events = self.unappliable = self.inserted = 0
        self.documents, self.seen, self.refused = {}, set(), {}
        self.folder.status.applied = 0


async def rebuild_views(
    views: Sequence[tuple[AsyncDatabase[Document], Subscription]],
    kafka_options: dict[str, Any],
    *,
    stamp: str | None = None,
    batch_size: int = 5000,
    switch: bool = True,
    keep_old: bool = True,
    on_progress: ProgressCallback | None = None,
    count: bool = True,
    partition_numbers: Collection[int] | None = None,
) -> list[RebuildResult]:
    """Rebuilds several views in one pass over their topics: each record is read and decoded
    once, and folded into every view that reads it; then each view is caught up and, with
    ``switch``, switched, one after the other. Returns one result per view, in order.

    ``partition_numbers`` rebuilds only those partition numbers of the topics, so that
    processes given the same ``stamp`` and different numbers rebuild one view together, into
    the same collection, which none of them empties; the caller then switches (``switch``
    must be off).
    """
    if partition_numbers is not None and switch:
        raise ValueError("a rebuild of some partition numbers cannot switch the view")
    started = time.monotonic()
    stamp = stamp or datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    rebuilt: list[_View] = []
    for database, subscription in views:
        folder = _folder(subscription, database[f"{subscription.collection}__rebuild_{stamp}"])
        committed = await _committed_offsets(kafka_options, subscription)
        folder.already_published = _published_below(committed)
        view = _View(database, subscription, stamp, folder)
        await view.start_afresh(partition_numbers is not None)
        rebuilt.append(view)
    reader = AIOKafkaConsumer(
        **kafka_options,
        enable_auto_commit=False,
        client_id="homeward-rebuild",
        max_partition_fetch_bytes=FETCH_BYTES_PER_PARTITION,
    )
    results: list[RebuildResult] = []
    await reader.start()
    try:
        topics = list(dict.fromkeys(t for _, s in views for t in s.topics))
        partitions = await _partitions(reader, topics)
        if partition_numbers is not None:
            partitions = [tp for tp in partitions if tp.partition in partition_numbers]
        for view in rebuilt:
            if not any(tp.topic in view.subscription.topics for tp in partitions):
                raise RuntimeError(f"none of {view.subscription.topics} exists")
        firsts = await reader.beginning_offsets(partitions)
        ends = await reader.end_offsets(partitions)
        progress = Progress("rebuild", 0, sum(ends[tp] - firsts[tp] for tp in partitions))
        method = BY_PARTITION
        try:
            await _fold_by_partition(reader, rebuilt, ends, batch_size, progress, on_progress)
        except NotCoPartitionedError as exc:
            log.warning("rebuilding in topic order instead", reason=str(exc))
            method = IN_TOPIC_ORDER
            progress.done = 0
            progress.total = 0
            for view in rebuilt:
                await view.start_afresh(partition_numbers is not None)
                own = {tp: end for tp, end in ends.items() if tp.topic in view.subscription.topics}
                progress.total += sum(end - firsts[tp] for tp, end in own.items())
                before = progress.done
                reader.assign(list(own))
                await reader.seek_to_beginning(*own)
                view.unappliable = await _fold_until(
                    reader, view.folder, own, batch_size, progress, on_progress
                )
                view.events = progress.done - before
        for view in rebuilt:
            results.append(
                await _finish(
                    reader,
                    view,
                    ends,
                    method,
                    batch_size,
                    switch,
                    keep_old,
                    count,
                    progress,
                    on_progress,
                )
            )
    finally:
        await asyncio.sleep(0)  # aiokafka raises if stopped before its start-up task ran
        await reader.stop()
    for result in results:
        result.seconds = time.monotonic() - started
        log.info(
            "view rebuilt",
            collection=result.collection,
            events=result.events,
            documents=result.documents,
            refused=len(result.refused),
            seconds=round(result.seconds, 2),
            switched=switch,
            method=method,
        )
    return results


async def _finish(
    reader: AIOKafkaConsumer,
    view: _View,
    ends: dict[TopicPartition, int],
    method: str,
    batch_size: int,
    switch: bool,
    keep_old: bool,
    count: bool,
    progress: Progress,
    on_progress: ProgressCallback | None,
) -> RebuildResult:
    """Builds a rebuilt view's indexes, catches it up and, with ``switch``, switches to it."""
    subscription, database = view.subscription, view.database
    own = {tp: end for tp, end in ends.items() if tp.topic in subscription.topics}
    if view.refused:
        await _write_refused_again(reader, view, own, batch_size)
    reader.assign(list(own))
    for tp, end in own.items():
        reader.seek(tp, end)
    # Built once over the full collection, not kept up insert by insert (bulk-load order).
    await _copy_indexes(database[subscription.collection], view.target)
    # What arrived during the rebuild: re-queued follow-ups are absorbed downstream.
    view.folder.already_published = None
    caught_up = await _catch_up(reader, view.folder, batch_size, progress, on_progress)
    replaced = None
    if switch:
        await _wait_outbox_drained(database[subscription.collection])
        replaced = await _switch(database, subscription.collection, view.rebuilt_as, view.stamp)
        view.folder.collection = database[subscription.collection]
        late = await _catch_up(reader, view.folder, batch_size, progress, on_progress)
        caught_up = (caught_up[0] + late[0], caught_up[1] + late[1])
        if not keep_old and replaced is not None:
            await database.drop_collection(replaced)
            replaced = None
    documents = None
    if method == BY_PARTITION and caught_up[0] == 0:
        documents = view.inserted  # nothing since: what it inserted is the view
    elif count:  # FerretDB counts by scanning every document: about 1 s per 2,000 views
        final = database[subscription.collection if switch else view.rebuilt_as]
        documents = await final.estimated_document_count()
    return RebuildResult(
        subscription.collection,
        view.rebuilt_as,
        replaced,
        view.events + caught_up[0],
        documents,
        view.unappliable + caught_up[1],
        0.0,
        switch,
        caught_up[0],
        method,
        refused=dict(view.refused),
    )


def _folder(subscription: Subscription, target: Any) -> EventConsumer:
    # The folder never dead-letters (the live consumer did, the first time): ``fold`` returns
    # the unappliable records and the rebuild counts them. Without a producer it keeps the
    # follow-ups in the documents for the live consumer. It folds as the live group: dead
    # letters replayed to that group are applied, others' skipped.
    folder = EventConsumer(
        subscription.projection,
        target,
        None,
        group_id=subscription.group_id,
        source=subscription.service,
    )
    # Without the service's own opener (no key store), one without keys: the view still sees
    # only the personal fields it reads, the others withheld, as its consumer does.
    personal = getattr(subscription.projection, "personal_fields", ())
    folder.opener = subscription.opener or Opener(None, personal)
    folder.before_write = subscription.before_write
    return folder


def _published_below(
    committed: dict[TopicPartition, int],
) -> Callable[[ReceivedEvent], bool]:
    """Whether an event lies below the live group's committed offset: its follow-ups left."""

    def below(event: ReceivedEvent) -> bool:
        record = event.record
        where = TopicPartition(record.topic, record.partition)
        return bool(record.offset < committed.get(where, 0))

    return below


class NotCoPartitionedError(RuntimeError):
    """A view's events are not all in one partition number of its topics."""


Route = tuple[int, ...]
"""The views (their places in the rebuild's list) that fold a record."""


async def _fold_by_partition(
    reader: AIOKafkaConsumer,
    views: list[_View],
    ends: dict[TopicPartition, int],
    batch_size: int,
    progress: Progress,
    on_progress: ProgressCallback | None,
) -> None:
    """Folds the history one partition number at a time, in memory, into every view that
    reads each record, and inserts each view document once.

    Every topic is keyed by the worker, with the same number of partitions and the same
    partitioner, so partition ``p`` of each topic holds the same workers: their documents are
    complete once those partitions are read. Each record is read once, whatever number of
    views read its topic, and decoded at most once. The next partition number is read while
    the last one's documents are inserted. Raises ``NotCoPartitionedError`` (before inserting
    anything wrong) if a view document turns up under two partition numbers.
    """
    counts = Counter(tp.topic for tp in ends)
    if len(set(counts.values())) != 1:
        raise NotCoPartitionedError(f"the topics have different partition counts: {counts}")
    groups: dict[int, list[TopicPartition]] = {}
    for tp in ends:
        groups.setdefault(tp.partition, []).append(tp)
    readers = {topic: [v for v in views if topic in v.subscription.topics] for topic in counts}
    routes: dict[tuple[str, str | None], Route] = {}

    def route(topic: str, event_type: str | None) -> Route:
        found = routes.get((topic, event_type))
        if found is None:  # records a view never reads are not decoded for it
            found = tuple(
                i
                for i, view in enumerate(views)
                if view in readers[topic] and (view.reads is None or event_type in view.reads)
            )
            routes[(topic, event_type)] = found
        return found

    inserting: list[asyncio.Task[None]] = []
    with _collector_past_held():
        try:
            for number, group in sorted(groups.items()):
                # Records are held by key (the worker) and folded a worker at a time, so each
                # document is built from all its events at once, not refolded batch after batch.
                held: dict[bytes | None, list[tuple[Any, Route]]] = {}
                held_count = 0
                reader.assign(group)
                await reader.seek_to_beginning(*group)
                remaining = {tp for tp in group if await reader.position(tp) < ends[tp]}
                while remaining:
                    batch = await reader.getmany(timeout_ms=500, max_records=batch_size)
                    for tp, part in batch.items():
                        end = ends[tp]
                        taken = 0
                        for record in part:
                            if record.offset >= end:
                                break
                            taken += 1
                            to = route(tp.topic, type_of(record))
                            if to:
                                held.setdefault(record.key, []).append((record, to))
                                held_count += 1
                        progress.done += taken
                        for view in readers[tp.topic]:
                            view.events += taken
                        if part and part[-1].offset + 1 >= end:
                            remaining.discard(tp)
                    for tp in list(remaining):
                        if await reader.position(tp) >= ends[tp]:
                            remaining.discard(tp)
                    if held_count >= HELD_RECORDS:  # bounded memory: fold what is held so far
                        await _load_keys(views, held)
                        _fold_held(views, held)
                        held_count = 0
                    gc.freeze()  # what is held now is walked no more (see _collector_past_held)
                    if on_progress is not None:
                        on_progress(progress)
                    await asyncio.sleep(0)  # let the previous partition's inserts go on
                await _load_keys(views, held)
                _fold_held(views, held)
                for view in views:
                    if not view.seen.isdisjoint(view.documents):
                        raise NotCoPartitionedError(
                            f"{view.folder.projection.name} documents appear under partition "
                            f"{number} and an earlier one"
                        )
                    view.seen.update(view.documents)
                for task in inserting:
                    await task
                inserting = [
                    asyncio.create_task(_insert_all(view, list(view.documents.values())))
                    for view in views
                ]
                for view in views:
                    view.documents = {}
        finally:
            for task in inserting:
                await task


INSERT_CHUNK = 500
HELD_RECORDS = 1_000_000


async def _load_keys(views: list[_View], held: dict[bytes | None, list[tuple[Any, Route]]]) -> None:
    """Loads the data keys of the held records for the views that open personal fields (the
    records are looked through once for the sealed ones, not once per view)."""
    openers = [v.folder.opener for v in views if v.folder.opener is not None]
    if openers:
        sealed = [
            record
            for pairs in held.values()
            for record, _ in pairs
            if key_id_of(record.headers) is not None
        ]
        for opener in openers:
            await opener.load(sealed)


def _fold_held(views: list[_View], held: dict[bytes | None, list[tuple[Any, Route]]]) -> None:
    """Folds the held records key by key into each view's documents, each record's envelope
    read once and each payload validated once for all the views that read it; counts the
    records a view refused."""
    groups = [view.folder.group_id.encode() for view in views]
    for done, records in enumerate(held.values(), 1):
        decoded = _DecodedOnce()
        mine: list[list[Any]] = [[] for _ in views]
        for record, to in records:
            replayed_for = replay_group_of(record)  # a replayed dead letter: its group's alone
            for i in to:
                if replayed_for is None or replayed_for == groups[i]:
                    mine[i].append(record)
        for view, own in zip(views, mine, strict=True):
            if own:
                decode = decoded.reader(view.folder.opener, checked=True)
                dead = view.folder.fold_in_memory(own, view.documents, decode, screened=True)
                view.unappliable += len(dead)
        if done % FREEZE_EVERY_WORKERS == 0:
            gc.freeze()
    held.clear()


FREEZE_EVERY_WORKERS = 500


class _DecodedOnce:
    """Decodes each record once for all the views that read it: the envelope as published is
    read once, its payload validated once, and each view's opened envelope (its personal
    fields opened or withheld) made once per set of fields it reads. What a view gets is what
    ``EventConsumer.decoder`` would give it; what decoding raises is raised for every view,
    and so is ``check_topic``'s refusal for a checked reader, checked once per record."""

    def __init__(self) -> None:
        self._checked: dict[int, bool | Exception] = {}
        self._published: dict[int, EventEnvelope | Exception] = {}
        self._payloads: dict[int, EventPayload | Exception] = {}
        self._opened: dict[tuple[int, frozenset[str] | None], ReceivedEvent | Exception] = {}
        self._alike: dict[int, ReceivedEvent | None] = {}

    def reader(
        self, opener: Opener | None, checked: bool = False
    ) -> Callable[[Any], ReceivedEvent]:
        """The decoder of one view: its opener opens the fields it reads; ``checked``, it also
        raises what ``check_topic`` raises (checked once per record for every view)."""
        needs = None if opener is None else opener.needs
        on_its_topic = self._on_its_topic if checked else _as_it_is

        def decode(record: Any) -> ReceivedEvent:
            alike = self._alike.get(id(record))
            if alike is None and id(record) not in self._alike:
                alike = self._alike[id(record)] = self._read_alike(record)
            if alike is not None:
                return on_its_topic(alike)
            key = (id(record), needs)
            found = self._opened.get(key)
            if found is None:
                try:
                    found = self._decode(record, opener)
                except Exception as exc:
                    found = exc
                self._opened[key] = found
            if isinstance(found, Exception):
                raise found
            return on_its_topic(found)

        return decode

    def _on_its_topic(self, event: ReceivedEvent) -> ReceivedEvent:
        """The event, once ``check_topic`` has passed it (checked once per record)."""
        _cached(self._checked, event.record, lambda: _passed(check_topic, event))
        return event

    def _read_alike(self, record: Any) -> ReceivedEvent | None:
        """The event every reader gets alike: published in clear, with no personal value to
        open or withhold, and no erasure for an opener to learn of; None otherwise (and if it
        does not decode, each reader then raises what decoding raises)."""
        try:
            published = _cached(
                self._published, record, lambda: from_kafka(record.value, record.headers)
            )
            if published.type == ERASED or key_id_of(record.headers) is not None:
                return None
            if holds_personal_value(published.data, fields_of(published.type, published.version)):
                return None
            return ReceivedEvent(published, self._payload(record, published), record)
        except Exception:
            return None

    def _decode(self, record: Any, opener: Opener | None) -> ReceivedEvent:
        published = _cached(
            self._published, record, lambda: from_kafka(record.value, record.headers)
        )
        sealed = key_id_of(record.headers) is not None
        if opener is not None:
            envelope = opener.opened(record, published)
            if envelope is not published and not sealed:
                self._payload(record, published)  # published in clear: checked whole first
        elif sealed:
            envelope = open_fields(published, None, frozenset())
        else:
            envelope = published
        if envelope is published:
            return ReceivedEvent(published, self._payload(record, published), record)
        return ReceivedEvent(envelope, decode_payload(envelope), record)

    def _payload(self, record: Any, published: EventEnvelope) -> EventPayload:
        payload: EventPayload = _cached(self._payloads, record, lambda: decode_payload(published))
        return payload


def _cached(cache: dict[int, Any], record: Any, make: Callable[[], Any]) -> Any:
    """``make()`` once per record (by identity), what it raises raised again each time."""
    found = cache.get(id(record))
    if found is None:
        try:
            found = make()
        except Exception as exc:
            found = exc
        cache[id(record)] = found
    if isinstance(found, Exception):
        raise found
    return found


def _as_it_is(event: ReceivedEvent) -> ReceivedEvent:
    """The event, unchecked."""
    return event


def _passed(check: Callable[[ReceivedEvent], None], event: ReceivedEvent) -> bool:
    """True once ``check`` has passed the event (what it raises goes through)."""
    check(event)
    return True


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


def _inserted(document: Document) -> FoldedView:
    """A folded document about to be inserted, as the live consumer's step before its writes
    sees a new view document."""
    return FoldedView(document["_id"], None, document, [], [], [], 0, {}, [])


async def _insert_all(view: _View, documents: list[Document]) -> None:
    """Inserts fresh documents in chunks (FerretDB inserts a batch far faster than it updates)
    through the seam, which refuses a document the store cannot hold on its own: it is left
    out of the view, its reason kept, and its events counted as unappliable."""
    views = adapter_for(view.target)
    for start in range(0, len(documents), INSERT_CHUNK):
        part = documents[start : start + INSERT_CHUNK]
        if view.folder.before_write is not None:
            await view.folder.before_write([_inserted(d) for d in part])
        outcome = await views.advance_many([Advance(d["_id"], None, document=d) for d in part])
        view.inserted += len(outcome.written)
        for document in part:
            view_id = document["_id"]
            reason = outcome.refused.get(view_id)
            if reason is None and view_id in outcome.lost:
                reason = AlreadyStoredError(f"{view.rebuilt_as}: already stored")
            if reason is None:
                continue
            view.refused[view_id] = mask_text(f"{type(reason).__name__}: {reason}")[:1000]
            log.warning(
                "rebuilt view document refused",
                collection=view.subscription.collection,
                view_id=view_id,
                error=type(reason).__name__,
            )


async def _write_refused_again(
    reader: AIOKafkaConsumer,
    view: _View,
    ends: dict[TopicPartition, int],
    batch_size: int,
) -> None:
    """Writes the documents the store refused whole again from their events, the live
    consumer's way (``EventConsumer.fold``): a write refused is tried event by event, and only
    the events it is refused for are left out, counted as unappliable."""
    wanted = set(view.refused)
    projection = view.subscription.projection
    picked: list[Any] = []
    reader.assign(list(ends))
    await reader.seek_to_beginning(*ends)
    remaining = {tp for tp in ends if await reader.position(tp) < ends[tp]}
    while remaining:
        batch = await reader.getmany(timeout_ms=500, max_records=batch_size)
        for tp, part in batch.items():
            for record in part:
                if record.offset >= ends[tp]:
                    break
                if view.reads is not None and type_of(record) not in view.reads:
                    continue
                if _view_id_of(projection, record) in wanted:
                    picked.append(record)
            if part and part[-1].offset + 1 >= ends[tp]:
                remaining.discard(tp)
        for tp in list(remaining):
            if await reader.position(tp) >= ends[tp]:
                remaining.discard(tp)
    dead = await view.folder.fold(picked)
    # The projection's refusals were counted by the first fold; the store's are new.
    view.unappliable += sum(1 for letter in dead if letter.stage in (Stage.ENCODE, Stage.WRITE))
    view.inserted += len(await adapter_for(view.target).get_many(list(wanted), {"_id": 1}))


def _view_id_of(projection: Projection, record: Any) -> str | None:
    """The view document a record changes; None if it cannot be decoded (the first fold
    counted it as unappliable) or changes none."""
    with contextlib.suppress(Exception):
        return projection.view_id(decode_record(record))
    return None


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
        # A broker no group has used yet creates its offsets topic when first asked, and
        # answers "coordinator not available" until it is ready.
        delays = backoff_delays(0.2, 2.0)
        deadline = time.monotonic() + COORDINATOR_WAIT_S
        while True:
            try:
                offsets = await admin.list_consumer_group_offsets(subscription.group_id)
                break
            except (GroupCoordinatorNotAvailableError, CoordinatorLoadInProgressError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(next(delays))
    finally:
        await admin.close()
    topics = set(subscription.topics)
    return {tp: meta.offset for tp, meta in offsets.items() if tp.topic in topics}
