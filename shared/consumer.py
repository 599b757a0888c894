"""Effectively-once consumers: a batch of events folded into views with one bulk write.

For each batch: decode every record (a bad one goes to ``<topic>.dlq`` with the reason), group
the events by view document, fold each document's new events in memory with the service's pure
projection, and write every changed document once, in one unordered bulk write. Each write
checks the version it read and records what it applied in the same atomic update (the last
event ids, and the highest offset of each input partition), so an event applied twice changes
nothing. Then the batch's follow-up events are produced (idempotent producer, acks=all) and
their acknowledgements awaited; offsets are committed only after this returns.

Each write also keeps the follow-ups it made in the view document (``follow_ups``), until its
consumer reads their cause's partition past the cause. A redelivered event (the produce failed,
or the process died, after the view write) is a duplicate whose follow-ups are produced again
from there, with the same ids; consumers downstream drop them by id.

What fails is sorted in two: a store or broker outage is retried, the whole batch, with backoff
and jitter, for as long as it lasts (readiness says so once it lasts too long); anything else
raised for one record (decoding, upcasting, its view id, the projection, encoding or writing
its view document) sends that record alone to ``<topic>.dlq``, with the exception, the stage
and the consumer group, and the rest of the batch is applied. So a partition always advances.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import KafkaError, MessageSizeTooLargeError, OutOfOrderSequenceNumber
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.envelope import (
    EventEnvelope,
    InvalidEventError,
    UndecodableEventError,
    decode_payload,
    from_kafka,
    new_event,
    to_kafka,
)
from shared.events.topics import dead_letter_topic
from shared.logging import get_logger, mask_text
from shared.metrics import EventMetrics
from shared.outbox import SET_ASIDE, UNPUBLISHABLE_ERRORS, reason_of, set_aside_record
from shared.persistence.ports import Advance, Collection, Update
from shared.persistence.stores import adapter_for
from shared.privacy.masters import MasterKeyError
from shared.privacy.sealing import Opener, Sealer, key_id_of, open_fields
from shared.replays import meant_for_another_group
from shared.retry import backoff_delays
from shared.store import (
    BOOKKEEPING_FIELDS,
    TRANSIENT_STORE_ERRORS,
    Document,
    WriteRefusedError,
    is_store_outage,
)

log = get_logger(__name__)
FOLLOW_UP_NAMESPACE = uuid.UUID("6f1c1a52-8d7e-4a8e-9a53-0c7d3e0b9a11")
MAX_CONFLICT_ROUNDS = 20
FIRST_BACKOFF_S = 0.1
MAX_BACKOFF_S = 5.0
STUCK_AFTER_S = 45.0
MAX_REASON_CHARS = 1000
APPLIED_IDS_KEPT = 100
"""How many of the last applied event ids a view document keeps (docs/decisions.md)."""
VIEWS_REMEMBERED = 2000
"""How many view documents, as last written, a consumer keeps instead of reading them again."""


class ProjectionError(ValueError):
    """The event cannot be applied to the view (a domain rule refuses it); dead-letter it."""


class ViewContentionError(RuntimeError):
    """Other writers kept changing the batch's views; the batch is tried again later."""


RETRIED_ERRORS: tuple[type[Exception], ...] = (
    *TRANSIENT_STORE_ERRORS,
    KafkaError,
    ViewContentionError,
    MasterKeyError,
)
"""An outage of the store, the broker or the master keys (a rotated file not yet mounted): the
batch is retried, never dead-lettered."""


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


Decoder = Callable[[ConsumerRecord[bytes, bytes]], ReceivedEvent]
"""Reads a record's event; raises what decoding raises (the record is then dead-lettered)."""


def decode_record(record: ConsumerRecord[bytes, bytes]) -> ReceivedEvent:
    """The record's event: its envelope and its payload, upcast to the current version.
    Sealed personal fields reach it withheld (``Opener`` opens those a projection reads)."""
    envelope = from_kafka(record.value, record.headers)
    if key_id_of(record.headers) is not None:
        envelope = open_fields(envelope, None, frozenset())
    return ReceivedEvent(envelope, decode_payload(envelope), record)


def check_topic(event: ReceivedEvent) -> None:
    """Raises InvalidEventError if the event arrived on a topic other than its type's in the
    catalogue: a consumer trusts a type only from the service that owns its topic."""
    expected = CATALOGUE.current(event.envelope.type).topic
    if not event.record.topic.endswith(expected):
        raise InvalidEventError(
            f"{event.envelope.type} arrived on {event.record.topic}; its topic is {expected}"
        )


@dataclass
class ViewChange:
    """What applying one event does to a view: its new state and any follow-up events."""

    state: Document
    emit: list[EventPayload] = field(default_factory=list)


Partition = tuple[str, int]
"""An input partition: (topic, partition)."""


@dataclass(frozen=True)
class FollowUp:
    """A follow-up event made by a fold, and the record that caused it."""

    envelope: EventEnvelope
    topic: str
    cause: ConsumerRecord[bytes, bytes]

    def stored(self) -> Document:
        """Its stored form in the view document, from which it is produced again."""
        return {
            "cause": self.envelope.causationid,
            "cause_topic": self.cause.topic,
            "cause_partition": self.cause.partition,
            "cause_offset": self.cause.offset,
            "topic": self.topic,
            "event": self.envelope.model_dump_json(),
        }


@dataclass
class FoldedView:
    """One view document's new events folded: how to write it, or what it becomes."""

    view_id: str
    before: Document | None  # as read before the fold
    state: Document | None  # None: nothing new to write (only duplicates)
    new_ids: list[str]
    follow_ups: list[FollowUp]  # made by this fold, to produce
    again: list[Document]  # stored follow-ups of redelivered events, to produce again
    sequence: int
    offsets: dict[Partition, int]  # highest offset applied per input partition, after
    kept: list[Document]  # the stored follow-ups after the write
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def write(self) -> Advance:
        """The one write: an insert, or an update from the version read."""
        if self.before is None:
            return Advance(self.view_id, None, document=self.after())
        changes = self._bookkeeping()
        del changes["version"]  # the write primitive moves it
        changes.update((k, v) for k, v in self._state().items() if k not in BOOKKEEPING_FIELDS)
        unset = [k for k in self.before if k not in BOOKKEEPING_FIELDS and k not in changes]
        # The token tells a document this consumer wrote from one another writer (a rebuild)
        # stored at the same version: a remembered document is written only over itself.
        return Advance(
            self.view_id,
            self.before["version"],
            Update(set=changes, unset=unset),
            expect={"write_token": self.before.get("write_token")},
        )

    def after(self) -> Document:
        """The document as the store holds it once ``write()`` is written."""
        before = self.before or {"outbox": [], "outbox_pending": False, "outbox_sent": 0}
        document: Document = {"_id": self.view_id}
        document.update((k, v) for k, v in self._state().items() if k not in BOOKKEEPING_FIELDS)
        document.update(
            outbox=before.get("outbox", []),
            outbox_pending=before.get("outbox_pending", False),
            outbox_sent=before.get("outbox_sent", 0),
        )
        document.update(self._bookkeeping())
        return document

    def _state(self) -> Document:
        assert self.state is not None, "nothing to write"
        return self.state

    def _bookkeeping(self) -> Document:
        earlier = self.before.get("applied", []) if self.before else []
        return {
            "version": (self.before["version"] if self.before else 0) + 1,
            "event_seq": self.sequence,
            "applied": [*earlier, *self.new_ids][-APPLIED_IDS_KEPT:],
            "applied_offsets": [
                {"topic": topic, "partition": partition, "offset": offset}
                for (topic, partition), offset in sorted(self.offsets.items())
            ],
            "follow_ups": self.kept,
            "write_token": self.token,
        }


def offsets_of(document: Document | None) -> dict[Partition, int]:
    """The highest offset of each input partition a view document has applied."""
    if document is None:
        return {}
    return {
        (entry["topic"], entry["partition"]): entry["offset"]
        for entry in document.get("applied_offsets", ())
    }


def follow_up_id(
    cause_id: str, projection: str, payload: EventPayload, subject: str, tell: str
) -> str:
    """The id of a follow-up: the same cause always yields the same id, whatever order the
    projection emits its follow-ups in (docs/service-pattern.md).

    ``tell`` tells apart follow-ups of one cause with the same type and subject: empty when
    there is one, otherwise the payload's canonical JSON.
    """
    name = f"{cause_id}|{projection}|{payload.event_type}|{subject}|{tell}"
    return str(uuid.uuid5(FOLLOW_UP_NAMESPACE, name))


class Projection(Protocol):
    """A service's pure read model: which document an event touches and how it changes it."""

    name: str
    output_topic: str

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the id of the view document the event changes, or None to ignore it."""

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the new state; must not do I/O. Raises ProjectionError to dead-letter."""

    # Optional: ``personal_fields: frozenset[str]``, the personal fields (by name, in any event
    # type) the projection reads: only those are opened; every other personal field reaches it
    # withheld (shared/privacy/sealing.py).
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
    produced: int = 0  # follow-ups acknowledged by the broker (again ones included)
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
        producer: AIOKafkaProducer | None,
        group_id: str,
        source: str,
        stuck_after_s: float = STUCK_AFTER_S,
    ) -> None:
        self.projection = projection
        self.collection = collection
        self._views: tuple[AsyncCollection[Document], Collection] | None = None
        # Without a producer (a rebuild's folder) follow-ups are only kept in the documents,
        # for the live consumer to produce when it reaches their causes.
        self.producer = producer
        # Replaces a producer whose sequence a refused record broke (the runtime sets it).
        self.renew_producer: Callable[[], Awaitable[AIOKafkaProducer]] | None = None
        self.group_id = group_id
        self.source = source
        self.status = ConsumerStatus()
        self.metrics = EventMetrics(source)  # install_metrics swaps in the app's registry
        # A rebuild replays events whose follow-ups were published long ago: it says which.
        self.already_published: Callable[[ReceivedEvent], bool] | None = None
        # Fault injection for tests: runs after the view write, before the follow-ups leave.
        self.before_produce: Callable[[int], Awaitable[None]] | None = None
        # A service's step that must be done before views are written (it sees each fold's
        # document before and after): a mark elsewhere that a reader checks before reading
        # the view. Redelivery runs it again, so it must be idempotent.
        self.before_write: Callable[[Sequence[FoldedView]], Awaitable[None]] | None = None
        self.stuck_after_s = stuck_after_s
        # Opens the personal fields the projection reads (``personal_fields``) and seals those
        # of its follow-ups (the runtime sets both; without them sealed fields are withheld).
        self.opener: Opener | None = None
        self.sealer: Sealer | None = None
        self._stopping = False
        self._starts: dict[Partition, int] = {}
        # View documents as this consumer last wrote them: the next batch reads none of them
        # (a write is conditional on version and token, so one changed since is read again).
        self._remembered: OrderedDict[str, Document] = OrderedDict()

    @property
    def views(self) -> Collection:
        """The view collection on the seam: views are written only through its primitive."""
        if self._views is None or self._views[0] is not self.collection:
            self._views = (self.collection, adapter_for(self.collection))
        return self._views[1]

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
                self._remembered.clear()  # what a failed write left is read again
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
        """Applies a batch to the views and produces its follow-ups; returns the records to
        dead-letter, with reasons."""
        dead: list[DeadLetter] = []
        pending = self._by_view(records, dead, await self.decoder(records))
        for _ in range(MAX_CONFLICT_ROUNDS):
            pending = await self._write_round(pending, dead)
            if not pending:
                break
        else:
            raise ViewContentionError(
                f"{self.projection.name}: views kept changing under the consumer"
            )
        return dead

    async def decoder(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> Decoder:
        """How this projection reads the records: with the data keys they need loaded, its
        personal fields opened and the others withheld."""
        opener = self.opener
        if opener is None:
            return decode_record
        await opener.load(records)

        def decode(record: ConsumerRecord[bytes, bytes]) -> ReceivedEvent:
            return ReceivedEvent(*opener.open(record), record)

        return decode

    def fold_in_memory(
        self,
        records: Sequence[ConsumerRecord[bytes, bytes]],
        documents: dict[str, Document],
        decode: Decoder | None = None,
        screened: bool = False,
    ) -> list[DeadLetter]:
        """Applies a batch to view documents held in ``documents`` (id -> the document as the
        store would hold it after the same writes); returns the records it could not apply.

        A rebuild folds a whole slice of history this way and then inserts each document once;
        ``decode`` lets several views share one decoding of each record. ``screened`` says the
        records were screened once for all the views: none is a dead letter replayed for
        another group, and ``decode`` raises for an event on another type's topic.
        """
        dead: list[DeadLetter] = []
        dead_ids: set[int] = set()
        by_view = self._by_view(records, dead, decode or decode_record, False, screened)
        for view_id, events in by_view.items():
            folded = self._fold_view(view_id, documents.get(view_id), events, dead, dead_ids)
            if folded is not None and folded.state is not None:
                documents[view_id] = folded.after()
                self.status.applied += len(folded.new_ids)
        return dead

    def _by_view(
        self,
        records: Sequence[ConsumerRecord[bytes, bytes]],
        dead: list[DeadLetter],
        decode: Decoder | None = None,
        tally: bool = True,
        screened: bool = False,
    ) -> dict[str, list[ReceivedEvent]]:
        """Decodes the records (the undecodable join ``dead``) and groups them by view;
        ``screened`` as for ``fold_in_memory``."""
        decode = decode or decode_record
        by_view: dict[str, list[ReceivedEvent]] = {}
        view_id_of = self.projection.view_id
        starts: dict[Partition, int] = {}
        producing = self.producer is not None  # only a producing consumer reads the starts
        for record in records:
            if producing:
                where = (record.topic, record.partition)
                starts[where] = min(record.offset, starts.get(where, record.offset))
            if not screened and meant_for_another_group(record, self.group_id):
                continue
            try:
                event = decode(record)
                if not screened:
                    check_topic(event)
            except Exception as exc:
                dead.append(DeadLetter.of(record, Stage.DECODE, exc))
                continue
            try:
                view_id = view_id_of(event)
            except Exception as exc:
                dead.append(DeadLetter.of(record, Stage.VIEW_ID, exc))
                continue
            if view_id is not None:
                by_view.setdefault(view_id, []).append(event)
        self._starts = starts
        self.status.consumed += len(records)
        if tally:
            self.metrics.count_consumed(self.group_id, _tally(records))
        return by_view

    async def _write_round(
        self, by_view: dict[str, list[ReceivedEvent]], dead: list[DeadLetter]
    ) -> dict[str, list[ReceivedEvent]]:
        """Folds and writes every view once, then produces the follow-ups of the views
        written; returns the views another writer changed first.

        A view whose write cannot be built, encoded or stored is written again one event at
        a time, so that only the events its write fails on are dead-lettered.
        """
        current = await self._documents(list(by_view))
        operations: list[Advance] = []
        written: list[FoldedView] = []
        settled: list[FoldedView] = []  # nothing to write: only follow-ups to produce again
        dead_ids = {id(letter.record) for letter in dead}
        refused: list[str] = []
        for view_id, events in by_view.items():
            folded = self._fold_view(view_id, current.get(view_id), events, dead, dead_ids)
            if folded is None:
                continue
            if folded.state is None:
                settled.append(folded)
                continue
            try:
                operation = folded.write()
            except Exception as exc:
                if is_retried(exc):
                    raise
                refused.append(view_id)
                continue
            written.append(folded)
            operations.append(operation)
        conflicted: set[str] = set()
        if operations:
            conflicted, refused_now = await self._bulk_write(operations, written)
            refused += refused_now
            lost = conflicted | set(refused_now)
            settled += [folded for folded in written if folded.view_id not in lost]
            self._count_applied(sum(len(f.new_ids) for f in written if f.view_id not in lost))
            self._remember(f for f in written if f.view_id not in lost)
        for view_id in [*refused, *conflicted]:
            self._remembered.pop(view_id, None)
        for view_id in refused:
            done = await self._one_by_one(view_id, by_view[view_id], dead, dead_ids)
            if done is None:
                conflicted.add(view_id)
            else:
                settled += done
        await self._produce(settled)
        return {v: by_view[v] for v in conflicted}

    async def _documents(self, view_ids: list[str]) -> dict[str, Document]:
        """The view documents, as remembered or else as read (those that exist)."""
        found: dict[str, Document] = {}
        unknown: list[str] = []
        for view_id in view_ids:
            document = self._remembered.get(view_id)
            if document is None:
                unknown.append(view_id)
            else:
                found[view_id] = document
                self._remembered.move_to_end(view_id)
        for document in await self.views.get_many(unknown, {"outbox": 0}):
            found[document["_id"]] = document
        return found

    def _remember(self, written: Iterable[FoldedView]) -> None:
        for folded in written:
            self._remembered[folded.view_id] = folded.after()
            self._remembered.move_to_end(folded.view_id)
        while len(self._remembered) > VIEWS_REMEMBERED:
            self._remembered.popitem(last=False)

    async def _one_by_one(
        self,
        view_id: str,
        events: list[ReceivedEvent],
        dead: list[DeadLetter],
        dead_ids: set[int],
    ) -> list[FoldedView] | None:
        """Writes one view's events one at a time, dead-lettering those whose write is
        refused; returns the folds written, or None when another writer changed the view
        first."""
        found = await self.views.get_many([view_id], {"outbox": 0})
        document = found[0] if found else None
        done: list[FoldedView] = []
        for event in events:
            folded = self._fold_view(view_id, document, [event], dead, dead_ids)
            if folded is None:
                continue
            if folded.state is None:
                done.append(folded)
                continue
            if self.before_write is not None:
                await self.before_write([folded])
            try:
                outcome = await self.views.advance_many([folded.write()])
            except Exception as exc:
                if is_retried(exc):
                    raise
                self._refuse(dead, dead_ids, event.record, Stage.ENCODE, exc)
                continue
            if outcome.refused:
                refusal = outcome.refused[view_id]
                stage = Stage.WRITE if isinstance(refusal, WriteRefusedError) else Stage.ENCODE
                self._refuse(dead, dead_ids, event.record, stage, refusal)
                continue
            if outcome.lost:
                await self._produce(done)  # written already: theirs go out now
                return None
            self._count_applied(len(folded.new_ids))
            done.append(folded)
            document = folded.after()
        return done

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

    def _count_duplicate(self) -> None:
        self.status.duplicates += 1
        self.metrics.duplicates.labels(self.metrics.service, self.group_id).inc()

    def _fold_view(
        self,
        view_id: str,
        document: Document | None,
        events: list[ReceivedEvent],
        dead: list[DeadLetter],
        dead_ids: set[int],
    ) -> FoldedView | None:
        """Folds one document's new events (no I/O); None when nothing is to be done. An
        event the projection raises on joins ``dead``, and the others are folded without it.

        An event is a duplicate when its id is among the document's last applied ids, or its
        offset is at or below the highest the document applied from its partition (a
        partition is read in order). A duplicate's stored follow-ups are produced again.
        """
        applied = set(document.get("applied", ())) if document else set()
        offsets = offsets_of(document)
        state: Document | None = _state_of(document)
        sequence = document.get("event_seq", 0) if document else 0
        new_ids: list[str] = []
        follow_ups: list[FollowUp] = []
        repeated: set[str] = set()
        events = [e for e in events if id(e.record) not in dead_ids]
        fresh = self._unseen(events, applied, offsets, repeated)
        fold_all = getattr(self.projection, "apply_all", None)
        if fold_all is not None:
            try:
                state = fold_all(state, fresh) if fresh else state
                new_ids, fresh = [e.envelope.id for e in fresh], []
            except Exception as exc:
                if is_retried(exc):
                    raise
                # apply them one by one below, to set the refused one aside
        folded = set(new_ids)
        applied_now: list[ReceivedEvent] = [e for e in events if e.envelope.id in folded]
        for event in fresh:
            try:
                change = self.projection.apply(state, event)
                emitted = self._follow_ups(change.emit, event, view_id, sequence)
            except Exception as exc:
                if is_retried(exc):
                    raise
                if isinstance(exc, ProjectionError):
                    exc = ProjectionError(f"{self.projection.name}: {exc}")
                self._refuse(dead, dead_ids, event.record, Stage.APPLY, exc)
                continue
            state = change.state
            new_ids.append(event.envelope.id)
            applied_now.append(event)
            sequence += len(emitted)
            if not self._published(event):
                follow_ups.extend(emitted)
        stored = document.get("follow_ups", []) if document else []
        again = [entry for entry in stored if entry.get("cause") in repeated]
        if not new_ids or state is None:
            if not again:
                return None
            return FoldedView(view_id, document, None, [], [], again, sequence, offsets, stored)
        for event in applied_now:
            where = (event.record.topic, event.record.partition)
            offsets[where] = max(event.record.offset, offsets.get(where, -1))
        kept = [*self._still_kept(stored), *(f.stored() for f in follow_ups)]
        return FoldedView(
            view_id, document, state, new_ids, follow_ups, again, sequence, offsets, kept
        )

    def _still_kept(self, stored: list[Document]) -> list[Document]:
        """The stored follow-ups a write keeps: all, unless this consumer produces them.

        A producing consumer drops those whose cause lies below where this batch starts in
        the cause's partition: that partition was read past them, each batch's follow-ups
        acknowledged before the next batch, so they went out. A rebuild keeps them all: the
        live consumer may still have to produce them.
        """
        if self.producer is None:
            return list(stored)
        starts: dict[Any, int] = dict(self._starts)
        return [
            entry
            for entry in stored
            if entry["cause_offset"]
            >= starts.get((entry["cause_topic"], entry["cause_partition"]), -1)
        ]

    def _unseen(
        self,
        events: list[ReceivedEvent],
        applied: set[str],
        offsets: dict[Partition, int],
        repeated: set[str],
    ) -> list[ReceivedEvent]:
        """The events not applied yet, each once; the others are counted as duplicates and
        their ids added to ``repeated``."""
        unseen: dict[str, ReceivedEvent] = {}
        for event in events:
            event_id = event.envelope.id
            record = event.record
            below = record.offset <= offsets.get((record.topic, record.partition), -1)
            if event_id in applied or event_id in unseen or below:
                self._count_duplicate()
                repeated.add(event_id)
            else:
                unseen[event_id] = event
        return list(unseen.values())

    def _follow_ups(
        self, emit: list[EventPayload], cause: ReceivedEvent, subject: str, sequence: int
    ) -> list[FollowUp]:
        """The follow-ups of one event, stamped after ``sequence`` with deterministic ids."""
        kinds = Counter(payload.event_type for payload in emit)
        made: dict[str, FollowUp] = {}
        for payload in emit:
            tell = ""
            if kinds[payload.event_type] > 1:
                tell = json.dumps(payload.model_dump(mode="json"), sort_keys=True)
            event_id = follow_up_id(cause.envelope.id, self.projection.name, payload, subject, tell)
            if event_id in made:  # the same follow-up twice is one event
                continue
            envelope = new_event(
                payload,
                event_id=event_id,
                subject=subject,
                sequence=sequence + len(made) + 1,
                source=self.source,
                time=datetime.now(UTC),
                correlation_id=cause.envelope.correlationid,
                causation_id=cause.envelope.id,
            )
            made[event_id] = FollowUp(envelope, self.projection.output_topic, cause.record)
        return list(made.values())

    async def _produce(self, folds: list[FoldedView]) -> None:
        """Produces the follow-ups of views written (and those of redelivered events again),
        and waits for the broker's acknowledgements; an outage raises, so the batch is
        retried uncommitted. A follow-up the broker refuses for itself is set aside in
        ``outbox_set_aside`` (``homeward outbox replay`` publishes it)."""
        if self.producer is None:
            return
        outgoing: list[tuple[str, EventEnvelope]] = []
        for folded in folds:
            for entry in folded.again:
                outgoing.append((folded.view_id, _stored_envelope(entry)))
            outgoing.extend((folded.view_id, f.envelope) for f in folded.follow_ups)
        if not outgoing:
            return
        if self.before_produce is not None:
            await self.before_produce(len(outgoing))
        topic = self.projection.output_topic
        refused: list[tuple[str, EventEnvelope]] = []
        deliveries: list[tuple[tuple[str, EventEnvelope], asyncio.Future[Any]]] = []
        for item in outgoing:
            try:
                deliveries.append((item, await self._send(topic, item[1])))
            except UNPUBLISHABLE_ERRORS:
                refused.append(item)
        outcomes = await asyncio.gather(*(d for _, d in deliveries), return_exceptions=True)
        for (item, _), outcome in zip(deliveries, outcomes, strict=True):
            if isinstance(outcome, (*UNPUBLISHABLE_ERRORS, OutOfOrderSequenceNumber)):
                refused.append(item)
            elif isinstance(outcome, BaseException):
                raise outcome  # the broker is down: the batch is tried again
        set_aside = 0
        if refused:
            # A refused record leaves a gap in the producer's sequence that fails the later
            # ones: each is sent alone, with a new producer after a refusal.
            set_aside = await self._one_at_a_time(topic, refused)
        produced: Counter[tuple[str, str]] = Counter()
        for _, envelope in outgoing:
            produced[(topic, envelope.type)] += 1
        self.metrics.count_produced(produced)
        self.status.produced += len(outgoing) - set_aside

    async def _one_at_a_time(self, topic: str, refused: list[tuple[str, EventEnvelope]]) -> int:
        """Sends each refused follow-up alone; returns how many were set aside."""
        renew, set_aside = True, 0
        for view_id, envelope in refused:
            if renew and self.renew_producer is not None:
                self.producer = await self.renew_producer()
            try:
                await (await self._send(topic, envelope))
                renew = False
            except UNPUBLISHABLE_ERRORS as exc:
                await self._set_aside(view_id, topic, envelope, exc)
                renew, set_aside = True, set_aside + 1
        if renew and self.renew_producer is not None:
            self.producer = await self.renew_producer()
        return set_aside

    async def _send(self, topic: str, envelope: EventEnvelope) -> asyncio.Future[Any]:
        assert self.producer is not None
        if self.sealer is not None:
            key, value, headers = await self.sealer.encode(envelope)
        else:
            key, value, headers = to_kafka(envelope)
        delivery: asyncio.Future[Any] = await self.producer.send(
            topic, value=value, key=key, headers=headers
        )
        return delivery

    async def _set_aside(
        self, view_id: str, topic: str, envelope: EventEnvelope, exc: BaseException
    ) -> None:
        entry = envelope.model_dump(mode="json")
        entry["topic"] = topic
        reason = reason_of(exc)
        aside = set_aside_record(self.collection.name, view_id, entry, reason, datetime.now(UTC))
        with contextlib.suppress(DuplicateKeyError):  # set aside before a retry
            await self.collection.database[SET_ASIDE].insert_one(aside)
        self.metrics.set_aside.labels(self.metrics.service, self.collection.name).inc()
        log.error(
            "follow-up set aside",
            collection=self.collection.name,
            sequence=envelope.sequence,
            event_id=envelope.id,
            event_type=envelope.type,
            reason=reason.split(":", 1)[0],
        )

    async def _bulk_write(
        self, operations: list[Advance], written: list[FoldedView]
    ) -> tuple[set[str], list[str]]:
        """Writes each view from the version read; returns the view ids whose write lost a
        race, and those whose document the store or the encoder refused."""
        if self.before_write is not None:
            await self.before_write(written)
        outcome = await self.views.advance_many(operations)
        refused = [f.view_id for f in written if f.view_id in outcome.refused]
        return set(outcome.lost), refused

    async def _dead_letter(self, dead: list[DeadLetter]) -> None:
        assert self.producer is not None, "a folder without a producer dead-letters nothing"
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


def _stored_envelope(entry: Document) -> EventEnvelope:
    return EventEnvelope.model_validate_json(entry["event"])


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
