"""Effectively-once consumers: a batch of events folded into views with one bulk write.

For each batch: decode every record (a bad one goes to ``<topic>.dlq`` with the reason), group
the events by view document, fold each document's new events in memory with the service's pure
projection, and write every changed document once, in one unordered bulk write. Each write
checks the version it read and records the applied event ids in the same atomic update, so an
event applied twice changes nothing. Offsets are committed only after this returns.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import KafkaError
from pymongo import InsertOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import (
    EventEnvelope,
    InvalidEventError,
    UndecodableEventError,
    decode_payload,
    from_kafka,
    new_event,
)
from shared.events.topics import dead_letter_topic
from shared.logging import get_logger
from shared.metrics import EventMetrics
from shared.replays import meant_for_another_group
from shared.store import (
    BOOKKEEPING_FIELDS,
    TRANSIENT_STORE_ERRORS,
    Document,
    aggregate_update,
    bulk_write_chunked,
    find_by_ids,
    new_aggregate,
    outbox_entry,
)

log = get_logger(__name__)
FOLLOW_UP_NAMESPACE = uuid.UUID("6f1c1a52-8d7e-4a8e-9a53-0c7d3e0b9a11")
MAX_CONFLICT_ROUNDS = 20
MAX_BACKOFF_S = 5.0


class ProjectionError(ValueError):
    """The event cannot be applied to the view (a domain rule refuses it); dead-letter it."""


@dataclass(frozen=True)
class ReceivedEvent:
    """A decoded event and where it came from."""

    envelope: EventEnvelope
    payload: EventPayload
    record: ConsumerRecord[bytes, bytes]


@dataclass
class ViewChange:
    """What applying one event does to a view: its new state and any follow-up events."""

    state: Document
    emit: list[EventPayload] = field(default_factory=list)


@dataclass
class FoldedView:
    """One view document's new events folded: how to write it, or what it becomes."""

    view_id: str
    before: Document | None  # as read before the fold
    state: Document
    new_ids: list[str]
    follow_ups: list[EventEnvelope]
    sequence: int
    published_upto: int  # follow-ups up to this sequence were published long ago (rebuild)
    topic: str

    def operation(self) -> InsertOne[Document] | UpdateOne:
        """The one atomic write: an insert, or an update conditional on the version read."""
        if self.before is None:
            return InsertOne(self._fresh())
        extra, update = aggregate_update(
            self.before["version"],
            self.state,
            self.follow_ups,
            self.topic,
            applied=self.new_ids,
            unset=[k for k in self.before if k not in self.state],
        )
        if self.published_upto:
            update["$set"]["event_seq"] = self.sequence
            update["$max"] = {"outbox_sent": self.published_upto}
        return UpdateOne({"_id": self.view_id, **extra}, update)

    def after(self) -> Document:
        """The document as the store holds it once ``operation()`` is written."""
        if self.before is None:
            return self._fresh()
        before = self.before
        outbox = [outbox_entry(e, self.topic) for e in self.follow_ups]
        document: Document = {"_id": self.view_id}
        document.update((k, v) for k, v in self.state.items() if k not in BOOKKEEPING_FIELDS)
        document.update(
            version=before["version"] + 1,
            event_seq=self.sequence,
            outbox=[*before.get("outbox", ()), *outbox],
            outbox_pending=bool(outbox) or before.get("outbox_pending", False),
            outbox_sent=max(before.get("outbox_sent", 0), self.published_upto),
            applied=[*before.get("applied", ()), *self.new_ids],
        )
        return document

    def _fresh(self) -> Document:
        fresh = new_aggregate(self.view_id, self.state, self.follow_ups, self.topic)
        fresh["applied"] = self.new_ids
        if self.published_upto:
            fresh.update(event_seq=self.sequence, outbox_sent=self.published_upto)
        return fresh


class Projection(Protocol):
    """A service's pure read model: which document an event touches and how it changes it."""

    name: str
    output_topic: str

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the id of the view document the event changes, or None to ignore it."""

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the new state; must not do I/O. Raises ProjectionError to dead-letter."""

    # Optional: ``event_types: frozenset[str]``, every type ``view_id`` can return an id for. A
    # rebuild skips the other records without decoding them (most of a history, for some views).
    # Optional: ``apply_all(state, events) -> Document`` folds several new events of one
    # document at once, with the same result as ``apply`` one by one and no follow-ups. The
    # consumer uses it when present (a rebuild's batch holds many events per document); if it
    # raises ProjectionError, the events are applied one by one to set the refused one aside.


@dataclass
class ConsumerStatus:
    """Health of a consumer, shown by readiness and metrics."""

    consumed: int = 0
    applied: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    batches: int = 0
    degraded_since: float | None = None
    last_error: str | None = None


class ShuttingDownError(RuntimeError):
    """The service is stopping; the batch is left uncommitted for the next owner."""


class EventConsumer:
    """Applies batches of records to one projection's collection, effectively once."""

    def __init__(
        self,
        projection: Projection,
        collection: AsyncCollection[Document],
        producer: AIOKafkaProducer,
        group_id: str,
        source: str,
        on_events: Any = lambda: None,
    ) -> None:
        self.projection = projection
        self.collection = collection
        self.producer = producer
        self.group_id = group_id
        self.source = source
        self.status = ConsumerStatus()
        self.metrics = EventMetrics(source)  # install_metrics swaps in the app's registry
        # A rebuild replays events whose follow-ups were published long ago: it says which.
        self.already_published: Callable[[ReceivedEvent], bool] | None = None
        self._on_events = on_events
        self._stopping = False

    def stop(self) -> None:
        """Makes a batch stuck in retries give up so shutdown stays fast."""
        self._stopping = True

    async def handle(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        """Processes one batch, retrying transient failures with backoff until it succeeds."""
        backoff = 0.1
        while True:
            started = time.perf_counter()
            try:
                dead = await self.fold(records)
                if dead:
                    await self._dead_letter(dead)
            except (*TRANSIENT_STORE_ERRORS, KafkaError) as exc:
                self.metrics.batch_failures.labels(self.metrics.service, self.group_id).inc()
                self.status.degraded_since = self.status.degraded_since or time.monotonic()
                self.status.last_error = f"{type(exc).__name__}"
                log.warning(
                    "batch failed, retrying", error=self.status.last_error, retry_in_s=backoff
                )
                if self._stopping:
                    raise ShuttingDownError("stopping with a failing batch") from exc
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            self.metrics.handler_seconds.labels(self.metrics.service, self.group_id).observe(
                time.perf_counter() - started
            )
            self.status.degraded_since = None
            self.status.last_error = None
            self.status.batches += 1
            return

    async def fold(
        self, records: Sequence[ConsumerRecord[bytes, bytes]]
    ) -> list[tuple[ConsumerRecord[bytes, bytes], str]]:
        """Applies a batch to the views; returns the records to dead-letter, with reasons."""
        dead: list[tuple[ConsumerRecord[bytes, bytes], str]] = []
        pending = self._by_view(records, dead)
        for _ in range(MAX_CONFLICT_ROUNDS):
            pending = await self._write_round(pending, dead)
            if not pending:
                break
        else:
            raise RuntimeError(f"{self.projection.name}: views kept changing under the consumer")
        return dead

    def fold_in_memory(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], documents: dict[str, Document]
    ) -> list[tuple[ConsumerRecord[bytes, bytes], str]]:
        """Applies a batch to view documents held in ``documents`` (id -> the document as the
        store would hold it after the same writes); returns the records it could not apply.

        A rebuild folds a whole slice of history this way and then inserts each document once.
        """
        dead: list[tuple[ConsumerRecord[bytes, bytes], str]] = []
        dead_ids: set[int] = set()
        for view_id, events in self._by_view(records, dead).items():
            folded = self._fold_view(view_id, documents.get(view_id), events, dead, dead_ids)
            if folded is not None:
                documents[view_id] = folded.after()
                self.status.applied += len(folded.new_ids)
        return dead

    def _by_view(
        self,
        records: Sequence[ConsumerRecord[bytes, bytes]],
        dead: list[tuple[ConsumerRecord[bytes, bytes], str]],
    ) -> dict[str, list[ReceivedEvent]]:
        """Decodes the records (the undecodable join ``dead``) and groups them by view."""
        by_view: dict[str, list[ReceivedEvent]] = {}
        view_id_of = self.projection.view_id
        for record in records:
            if meant_for_another_group(record, self.group_id):
                continue
            try:
                envelope = from_kafka(record.value, record.headers)
                payload = decode_payload(envelope)
            except (UndecodableEventError, InvalidEventError) as exc:
                dead.append((record, str(exc)))
                continue
            event = ReceivedEvent(envelope, payload, record)
            view_id = view_id_of(event)
            if view_id is not None:
                by_view.setdefault(view_id, []).append(event)
        self.status.consumed += len(records)
        self.metrics.count_consumed(self.group_id, _tally(records))
        return by_view

    async def _write_round(
        self,
        by_view: dict[str, list[ReceivedEvent]],
        dead: list[tuple[ConsumerRecord[bytes, bytes], str]],
    ) -> dict[str, list[ReceivedEvent]]:
        """Folds and writes every view once; returns the views another writer changed first."""
        current = {
            d["_id"]: d for d in await find_by_ids(self.collection, list(by_view), {"outbox": 0})
        }
        operations: list[InsertOne[Document] | UpdateOne] = []
        written: list[tuple[str, list[str]]] = []
        emitted = False
        dead_ids = {id(r) for r, _ in dead}
        for view_id, events in by_view.items():
            folded = self._fold_view(view_id, current.get(view_id), events, dead, dead_ids)
            if folded is None:
                continue
            written.append((view_id, folded.new_ids))
            emitted = emitted or bool(folded.follow_ups)
            operations.append(folded.operation())
        if not operations:
            return {}
        conflicted = await self._bulk_write(operations, written)
        applied_now = sum(len(ids) for v, ids in written if v not in conflicted)
        self.status.applied += applied_now
        self.metrics.applied.labels(self.metrics.service, self.group_id).inc(applied_now)
        if emitted:
            self._on_events()
        return {v: by_view[v] for v in conflicted}

    def _fold_view(
        self,
        view_id: str,
        document: Document | None,
        events: list[ReceivedEvent],
        dead: list[tuple[ConsumerRecord[bytes, bytes], str]],
        dead_ids: set[int],
    ) -> FoldedView | None:
        """Folds one document's new events (no I/O); None when nothing changes."""
        applied = set(document.get("applied", ())) if document else set()
        state: Document | None = _state_of(document)
        sequence = document.get("event_seq", 0) if document else 0
        new_ids: list[str] = []
        follow_ups: list[EventEnvelope] = []
        # During a rebuild, follow-ups published long ago are counted, not queued again;
        # only a prefix of them, so the outbox never holds a gap the relay would stall on.
        published_prefix = self.already_published is not None and not (
            document and document.get("outbox_pending")
        )
        published_upto = 0
        fold_all = getattr(self.projection, "apply_all", None)
        if fold_all is not None:
            events = self._unseen(events, applied)
            try:
                state = fold_all(state, events) if events else state
                new_ids, events = [e.envelope.id for e in events], []
            except ProjectionError:
                pass  # apply them one by one below, to set the refused one aside
        for event in events:
            if event.envelope.id in applied or event.envelope.id in new_ids:
                self.status.duplicates += 1
                self.metrics.duplicates.labels(self.metrics.service, self.group_id).inc()
                continue
            try:
                change = self.projection.apply(state, event)
            except ProjectionError as exc:
                if id(event.record) not in dead_ids:
                    dead.append((event.record, f"{self.projection.name}: {exc}"))
                    dead_ids.add(id(event.record))
                continue
            state = change.state
            new_ids.append(event.envelope.id)
            for index, payload in enumerate(change.emit):
                sequence += 1
                if published_prefix and self._published(event):
                    published_upto = sequence
                    continue
                published_prefix = False
                follow_ups.append(self._follow_up(payload, event, view_id, sequence, index))
        if not new_ids or state is None:
            return None
        return FoldedView(
            view_id,
            document,
            state,
            new_ids,
            follow_ups,
            sequence,
            published_upto,
            self.projection.output_topic,
        )

    def _unseen(self, events: list[ReceivedEvent], applied: set[str]) -> list[ReceivedEvent]:
        """The events not applied yet, each once; the others are counted as duplicates."""
        unseen: dict[str, ReceivedEvent] = {}
        for event in events:
            if event.envelope.id in applied or event.envelope.id in unseen:
                self.status.duplicates += 1
                self.metrics.duplicates.labels(self.metrics.service, self.group_id).inc()
            else:
                unseen[event.envelope.id] = event
        return list(unseen.values())

    async def _bulk_write(
        self,
        operations: list[InsertOne[Document] | UpdateOne],
        written: list[tuple[str, list[str]]],
    ) -> set[str]:
        """Writes unordered; returns the view ids whose write lost a race."""
        inserts = sum(isinstance(op, InsertOne) for op in operations)
        outcome = await bulk_write_chunked(
            self.collection, operations, [view_id for view_id, _ in written]
        )
        if outcome.matched == len(operations) - inserts and outcome.inserted == inserts:
            return set()
        # Some version checks failed; a re-read tells which (applied ids are in the document).
        return await self._unapplied(written, outcome.duplicate_indexes)

    async def _unapplied(self, written: list[tuple[str, list[str]]], failed: set[int]) -> set[str]:
        ids = [view_id for view_id, _ in written]
        documents = {d["_id"]: d for d in await find_by_ids(self.collection, ids, {"applied": 1})}
        lost: set[str] = set()
        for index, (view_id, wanted) in enumerate(written):
            applied = set(documents.get(view_id, {}).get("applied", ()))
            if index in failed or not set(wanted) <= applied:
                lost.add(view_id)
        return lost

    def _follow_up(
        self, payload: EventPayload, cause: ReceivedEvent, subject: str, sequence: int, index: int
    ) -> EventEnvelope:
        # Deterministic id: the same cause always yields the same follow-up event id.
        return new_event(
            payload,
            event_id=str(uuid.uuid5(FOLLOW_UP_NAMESPACE, f"{cause.envelope.id}:{index}")),
            subject=subject,
            sequence=sequence,
            source=self.source,
            time=datetime.now(UTC),
            correlation_id=cause.envelope.correlationid,
            causation_id=cause.envelope.id,
        )

    async def _dead_letter(self, dead: list[tuple[ConsumerRecord[bytes, bytes], str]]) -> None:
        deliveries = []
        for record, reason in dead:
            headers = [
                *list(record.headers),
                ("dlq_reason", reason.encode()),
                ("dlq_source_topic", record.topic.encode()),
                ("dlq_source_partition", str(record.partition).encode()),
                ("dlq_source_offset", str(record.offset).encode()),
                ("dlq_consumer_group", self.group_id.encode()),
                ("dlq_time", datetime.now(UTC).isoformat().encode()),
            ]
            deliveries.append(
                await self.producer.send(
                    dead_letter_topic(record.topic),
                    value=record.value,
                    key=record.key,
                    headers=headers,
                )
            )
            log.warning(
                "event dead-lettered",
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                reason=reason,
            )
        await asyncio.gather(*deliveries)
        self.status.dead_lettered += len(dead)
        self.metrics.count_dead_lettered(self.group_id, _tally(record for record, _ in dead))

    def _published(self, event: ReceivedEvent) -> bool:
        return self.already_published is not None and self.already_published(event)


def _state_of(document: Document | None) -> Document | None:
    if document is None:
        return None
    return {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}


def type_of(record: ConsumerRecord[bytes, bytes]) -> str | None:
    """The record's CloudEvents type header, read without decoding anything else."""
    for name, value in record.headers:
        if name == "ce_type":
            return str(value.decode(errors="replace"))
    return None


def types_of(*payloads: type[EventPayload]) -> frozenset[str]:
    """The CloudEvents types of payload models, for a projection's ``event_types``."""
    return frozenset(payload.event_type for payload in payloads)


def _tally(records: Iterable[ConsumerRecord[bytes, bytes]]) -> Counter[tuple[str, str]]:
    """Counts records by (topic, CloudEvents type); a record without one counts as unknown."""
    counts: Counter[tuple[str, str]] = Counter()
    known = {event_type for event_type, _ in CATALOGUE.specs}
    for record in records:
        # Only catalogued types become labels: a header cannot grow the metric series.
        event_type = type_of(record)
        counts[(record.topic, event_type if event_type in known else "unknown")] += 1
    return counts
