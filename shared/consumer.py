"""Effectively-once consumers: a batch of events folded into views with one bulk write.

For each batch: decode every record (a bad one goes to ``<topic>.dlq`` with the reason), group
the events by view document, fold each document's new events in memory with the service's pure
projection, and write every changed document once, in one unordered bulk write. Each write
checks the version it read and records the applied event ids in the same atomic update, so an
event applied twice changes nothing. Offsets are committed only after this returns.

What fails is sorted in two: a store or broker outage is retried, the whole batch, with backoff
and jitter, for as long as it lasts (readiness says so once it lasts too long); anything else
raised for one record (decoding, upcasting, its view id, the projection, encoding or writing
its view document) sends that record alone to ``<topic>.dlq``, with the exception, the stage
and the consumer group, and the rest of the batch is applied. So a partition always advances.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import KafkaError, MessageSizeTooLargeError
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
from shared.logging import get_logger, mask_text
from shared.metrics import EventMetrics
from shared.replays import meant_for_another_group
from shared.retry import backoff_delays
from shared.store import (
    BOOKKEEPING_FIELDS,
    TRANSIENT_STORE_ERRORS,
    Document,
    WriteRefusedError,
    aggregate_update,
    bulk_write_chunked,
    find_by_ids,
    is_store_outage,
    new_aggregate,
    outbox_entry,
)

log = get_logger(__name__)
FOLLOW_UP_NAMESPACE = uuid.UUID("6f1c1a52-8d7e-4a8e-9a53-0c7d3e0b9a11")
MAX_CONFLICT_ROUNDS = 20
FIRST_BACKOFF_S = 0.1
MAX_BACKOFF_S = 5.0
STUCK_AFTER_S = 45.0
MAX_REASON_CHARS = 1000


class ProjectionError(ValueError):
    """The event cannot be applied to the view (a domain rule refuses it); dead-letter it."""


class ViewContentionError(RuntimeError):
    """Other writers kept changing the batch's views; the batch is tried again later."""


RETRIED_ERRORS: tuple[type[Exception], ...] = (
    *TRANSIENT_STORE_ERRORS,
    KafkaError,
    ViewContentionError,
)
"""An outage of the store or the broker: the batch is retried, never dead-lettered."""


def is_retried(exc: BaseException) -> bool:
    """Whether a failure is an outage (the batch is retried) rather than a record's fault."""
    return isinstance(exc, RETRIED_ERRORS) or is_store_outage(exc)


# Refusals whose message is written for a reader (and names no field value): kept as they are.
_EXPLAINED = (UndecodableEventError, InvalidEventError, ProjectionError)


class Stage(StrEnum):
    """Where a record was refused on its way into a view."""

    DECODE = "decode"  # the envelope, the payload, or its upcast to the current version
    VIEW_ID = "view_id"  # which view document the event changes
    APPLY = "apply"  # the projection (apply or apply_all) and its follow-up events
    ENCODE = "encode"  # building the view document's write, or the driver encoding it
    WRITE = "write"  # the store refused the view document
    BATCH = "batch"  # an unexpected failure of the batch, narrowed down to this record


@dataclass(frozen=True)
class DeadLetter:
    """A record set aside: what was raised, at which stage, and by which projection."""

    record: ConsumerRecord[bytes, bytes]
    stage: Stage
    error_type: str
    reason: str

    @classmethod
    def of(
        cls, record: ConsumerRecord[bytes, bytes], stage: Stage, exc: BaseException
    ) -> DeadLetter:
        """The dead letter of a record refused by ``exc``."""
        if isinstance(exc, _EXPLAINED):
            text = str(exc)  # written to name fields and rules, never values
        else:  # an unforeseen message may quote the record: mask what looks personal
            text = mask_text(f"{type(exc).__name__}: {exc}")
        return cls(record, stage, type(exc).__name__, text[:MAX_REASON_CHARS])


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
    retrying: tuple[tuple[str, int], ...] = ()  # (topic, partition) of the batch retried

    def stuck_for(self, bound_s: float) -> float | None:
        """How long the batch in hand has been retried, when that is longer than ``bound_s``."""
        if self.degraded_since is None:
            return None
        waited = time.monotonic() - self.degraded_since
        return waited if waited >= bound_s else None


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
        stuck_after_s: float = STUCK_AFTER_S,
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
        self.stuck_after_s = stuck_after_s
        self._on_events = on_events
        self._stopping = False

    def stop(self) -> None:
        """Makes a batch stuck in retries give up so shutdown stays fast."""
        self._stopping = True

    async def handle(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        """Processes one batch: refused records are dead-lettered, the others applied; an
        outage is retried with backoff and jitter until it ends."""
        delays = backoff_delays(FIRST_BACKOFF_S, MAX_BACKOFF_S)
        while True:
            started = time.perf_counter()
            try:
                dead = await self._settle(records)
                if dead:
                    await self._dead_letter(dead)
            except Exception as exc:
                if not is_retried(exc):
                    raise
                self.metrics.batch_failures.labels(self.metrics.service, self.group_id).inc()
                self.status.degraded_since = self.status.degraded_since or time.monotonic()
                self.status.last_error = f"{type(exc).__name__}"
                self.status.retrying = tuple(sorted({(r.topic, r.partition) for r in records}))
                delay = next(delays)
                log.warning(
                    "batch failed, retrying",
                    error=self.status.last_error,
                    group=self.group_id,
                    retry_in_s=round(delay, 3),
                )
                if self._stopping:
                    raise ShuttingDownError("stopping with a failing batch") from exc
                await asyncio.sleep(delay)
                continue
            self.metrics.handler_seconds.labels(self.metrics.service, self.group_id).observe(
                time.perf_counter() - started
            )
            self.status.degraded_since = None
            self.status.last_error = None
            self.status.retrying = ()
            self.status.batches += 1
            return

    async def _settle(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> list[DeadLetter]:
        """Folds the batch; should it fail on something unforeseen, folds each half apart,
        down to the one record that fails, which is then dead-lettered."""
        try:
            return await self.fold(records)
        except Exception as exc:
            if is_retried(exc):
                raise
            if len(records) == 1:
                return [DeadLetter.of(records[0], Stage.BATCH, exc)]
            log.error(
                "batch failed unexpectedly, narrowing it down",
                error=type(exc).__name__,
                group=self.group_id,
                records=len(records),
            )
            half = len(records) // 2
            return [*await self._settle(records[:half]), *await self._settle(records[half:])]

    async def fold(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> list[DeadLetter]:
        """Applies a batch to the views; returns the records to dead-letter, with reasons."""
        dead: list[DeadLetter] = []
        pending = self._by_view(records, dead)
        for _ in range(MAX_CONFLICT_ROUNDS):
            pending = await self._write_round(pending, dead)
            if not pending:
                break
        else:
            raise ViewContentionError(
                f"{self.projection.name}: views kept changing under the consumer"
            )
        return dead

    def fold_in_memory(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], documents: dict[str, Document]
    ) -> list[DeadLetter]:
        """Applies a batch to view documents held in ``documents`` (id -> the document as the
        store would hold it after the same writes); returns the records it could not apply.

        A rebuild folds a whole slice of history this way and then inserts each document once.
        """
        dead: list[DeadLetter] = []
        dead_ids = {id(letter.record) for letter in dead}
        for view_id, events in self._by_view(records, dead).items():
            folded = self._fold_view(view_id, documents.get(view_id), events, dead, dead_ids)
            if folded is not None:
                documents[view_id] = folded.after()
                self.status.applied += len(folded.new_ids)
        return dead

    def _by_view(
        self, records: Sequence[ConsumerRecord[bytes, bytes]], dead: list[DeadLetter]
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
            except Exception as exc:
                dead.append(DeadLetter.of(record, Stage.DECODE, exc))
                continue
            event = ReceivedEvent(envelope, payload, record)
            try:
                view_id = view_id_of(event)
            except Exception as exc:
                dead.append(DeadLetter.of(record, Stage.VIEW_ID, exc))
                continue
            if view_id is not None:
                by_view.setdefault(view_id, []).append(event)
        self.status.consumed += len(records)
        self.metrics.count_consumed(self.group_id, _tally(records))
        return by_view

    async def _write_round(
        self, by_view: dict[str, list[ReceivedEvent]], dead: list[DeadLetter]
    ) -> dict[str, list[ReceivedEvent]]:
        """Folds and writes every view once; returns the views another writer changed first.

        A view whose write cannot be built, encoded or stored is written again one event at
        a time, so that only the events its write fails on are dead-lettered.
        """
        current = {
            d["_id"]: d for d in await find_by_ids(self.collection, list(by_view), {"outbox": 0})
        }
        operations: list[InsertOne[Document] | UpdateOne] = []
        written: list[tuple[str, list[str]]] = []
        emitted = False
        dead_ids = {id(letter.record) for letter in dead}
        refused: list[str] = []
        for view_id, events in by_view.items():
            folded = self._fold_view(view_id, current.get(view_id), events, dead, dead_ids)
            if folded is None:
                continue
            try:
                operation = folded.operation()
            except Exception as exc:
                if is_retried(exc):
                    raise
                refused.append(view_id)
                continue
            written.append((view_id, folded.new_ids))
            emitted = emitted or bool(folded.follow_ups)
            operations.append(operation)
        conflicted: set[str] = set()
        if operations:
            conflicted, refused_now = await self._bulk_write(operations, written)
            refused += refused_now
            applied_now = sum(
                len(ids) for v, ids in written if v not in conflicted and v not in refused_now
            )
            self._count_applied(applied_now)
        for view_id in refused:
            if not await self._one_by_one(view_id, by_view[view_id], dead, dead_ids):
                conflicted.add(view_id)
        if emitted:
            self._on_events()
        return {v: by_view[v] for v in conflicted}

    async def _one_by_one(
        self,
        view_id: str,
        events: list[ReceivedEvent],
        dead: list[DeadLetter],
        dead_ids: set[int],
    ) -> bool:
        """Writes one view's events one at a time, dead-lettering those whose write is
        refused; False when another writer changed the view first."""
        found = await find_by_ids(self.collection, [view_id], {"outbox": 0})
        document = found[0] if found else None
        for event in events:
            folded = self._fold_view(view_id, document, [event], dead, dead_ids)
            if folded is None:
                continue
            try:
                operation = folded.operation()
                outcome = await bulk_write_chunked(
                    self.collection, [operation], [view_id], refusals=True
                )
            except Exception as exc:
                if is_retried(exc):
                    raise
                self._refuse(dead, dead_ids, event.record, Stage.ENCODE, exc)
                continue
            if outcome.refused:
                refusal = outcome.refused[0]
                stage = Stage.WRITE if isinstance(refusal, WriteRefusedError) else Stage.ENCODE
                self._refuse(dead, dead_ids, event.record, stage, refusal)
                continue
            if outcome.duplicate_indexes or outcome.matched + outcome.inserted == 0:
                return False
            self._count_applied(len(folded.new_ids))
            if folded.follow_ups:
                self._on_events()
            document = folded.after()
        return True

    def _refuse(
        self,
        dead: list[DeadLetter],
        dead_ids: set[int],
        record: ConsumerRecord[bytes, bytes],
        stage: Stage,
        exc: BaseException,
    ) -> None:
        if id(record) not in dead_ids:
            dead.append(DeadLetter.of(record, stage, exc))
            dead_ids.add(id(record))

    def _count_applied(self, applied: int) -> None:
        self.status.applied += applied
        self.metrics.applied.labels(self.metrics.service, self.group_id).inc(applied)

    def _fold_view(
        self,
        view_id: str,
        document: Document | None,
        events: list[ReceivedEvent],
        dead: list[DeadLetter],
        dead_ids: set[int],
    ) -> FoldedView | None:
        """Folds one document's new events (no I/O); None when nothing changes. An event the
        projection raises on joins ``dead``, and the others are folded without it."""
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
        events = [e for e in events if id(e.record) not in dead_ids]
        fold_all = getattr(self.projection, "apply_all", None)
        if fold_all is not None:
            events = self._unseen(events, applied)
            try:
                state = fold_all(state, events) if events else state
                new_ids, events = [e.envelope.id for e in events], []
            except Exception as exc:
                if is_retried(exc):
                    raise
                # apply them one by one below, to set the refused one aside
        for event in events:
            if event.envelope.id in applied or event.envelope.id in new_ids:
                self.status.duplicates += 1
                self.metrics.duplicates.labels(self.metrics.service, self.group_id).inc()
                continue
            emitted: list[EventEnvelope] = []
            next_sequence, upto, prefix = sequence, published_upto, published_prefix
            try:
                change = self.projection.apply(state, event)
                for index, payload in enumerate(change.emit):
                    next_sequence += 1
                    if prefix and self._published(event):
                        upto = next_sequence
                        continue
                    prefix = False
                    emitted.append(self._follow_up(payload, event, view_id, next_sequence, index))
            except Exception as exc:
                if is_retried(exc):
                    raise
                if isinstance(exc, ProjectionError):
                    exc = ProjectionError(f"{self.projection.name}: {exc}")
                self._refuse(dead, dead_ids, event.record, Stage.APPLY, exc)
                continue
            state = change.state
            new_ids.append(event.envelope.id)
            sequence, published_upto, published_prefix = next_sequence, upto, prefix
            follow_ups.extend(emitted)
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
    ) -> tuple[set[str], list[str]]:
        """Writes unordered; returns the view ids whose write lost a race, and those whose
        document the store or the encoder refused."""
        inserts = sum(isinstance(op, InsertOne) for op in operations)
        outcome = await bulk_write_chunked(
            self.collection, operations, [view_id for view_id, _ in written], refusals=True
        )
        refused = [written[index][0] for index in sorted(outcome.refused)]
        if outcome.matched == len(operations) - inserts and outcome.inserted == inserts:
            return set(), refused
        # Some version checks failed; a re-read tells which (applied ids are in the document).
        failed = outcome.duplicate_indexes | set(outcome.refused)
        lost = await self._unapplied(written, failed)
        return lost - set(refused), refused

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

    async def _dead_letter(self, dead: list[DeadLetter]) -> None:
        deliveries = []
        for letter in dead:
            record = letter.record
            headers = [
                *list(record.headers),
                ("dlq_reason", letter.reason.encode()),
                ("dlq_error_type", letter.error_type.encode()),
                ("dlq_stage", letter.stage.value.encode()),
                ("dlq_projection", self.projection.name.encode()),
                ("dlq_source_topic", record.topic.encode()),
                ("dlq_source_partition", str(record.partition).encode()),
                ("dlq_source_offset", str(record.offset).encode()),
                ("dlq_consumer_group", self.group_id.encode()),
                ("dlq_time", datetime.now(UTC).isoformat().encode()),
            ]
            topic = dead_letter_topic(record.topic)
            try:
                delivery = await self.producer.send(
                    topic, value=record.value, key=record.key, headers=headers
                )
            except MessageSizeTooLargeError:
                # The record and the reasons do not fit: keep the reasons, drop the value.
                delivery = await self.producer.send(
                    topic,
                    value=None,
                    key=record.key,
                    headers=[*headers[-10:], ("dlq_value_dropped", b"too large")],
                )
            deliveries.append(delivery)
            # The reason's text may quote the record; the log line names only where it failed.
            log.warning(
                "event dead-lettered",
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                group=self.group_id,
                stage=letter.stage.value,
                error=letter.error_type,
            )
        await asyncio.gather(*deliveries)
        self.status.dead_lettered += len(dead)
        self.metrics.count_dead_lettered(self.group_id, _tally(letter.record for letter in dead))

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
