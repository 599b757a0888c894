"""The outbox relay: publishes events waiting in aggregate documents, then marks them sent."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    CorruptRecordException,
    InvalidTopicError,
    MessageSizeTooLargeError,
    OutOfOrderSequenceNumber,
    RecordListTooLargeError,
    RecordTooLargeError,
    UnsupportedForMessageFormatError,
)
from pydantic import ValidationError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.events.envelope import EventEnvelope, to_kafka
from shared.logging import get_logger
from shared.metrics import EventMetrics
from shared.persistence.ports import Advance, Collection, Update
from shared.persistence.stores import adapter_for
from shared.privacy.personal import withheld_data
from shared.privacy.sealing import Sealer
from shared.retry import backoff_delays
from shared.store import Document, IndexSpec, ensure_indexes

log = get_logger(__name__)
FIRST_BACKOFF_S = 0.1
MAX_BACKOFF_S = 5.0
OUTBOX_PENDING_INDEX: IndexSpec = ("outbox_pending", [("outbox_pending", 1)], False)
SET_ASIDE = "outbox_set_aside"
"""Each service database's collection of outbox entries the relay could not publish."""
REASON_CHARS = 500
UNORDERED_REASON = "sequence: missing or not an integer, so the entry cannot be ordered"
SET_ASIDE_COUNT_INTERVAL_S = 10.0
# What the broker or the producer refuses about ONE record: retrying it can never succeed.
# Any other Kafka error is an outage of the broker, and the whole pass is retried.
UNPUBLISHABLE_ERRORS: tuple[type[Exception], ...] = (
    MessageSizeTooLargeError,
    RecordTooLargeError,
    RecordListTooLargeError,
    InvalidTopicError,
    CorruptRecordException,
    UnsupportedForMessageFormatError,
    ValidationError,
    ValueError,
    TypeError,
    KeyError,
)


@dataclass
class RelayStatus:
    """What the relay last saw, for readiness and metrics."""

    published: int = 0
    last_error: str | None = None
    failing_since: float | None = None
    pending_documents: int = 0
    oldest_pending_at: datetime | None = None
    set_aside: int = 0
    last_pass_at: float = field(default_factory=time.monotonic)

    @property
    def oldest_pending_age_s(self) -> float:
        """How long the oldest event seen waiting by the last pass has waited, until now."""
        if self.oldest_pending_at is None:
            return 0.0
        return max(0.0, (datetime.now(UTC) - self.oldest_pending_at).total_seconds())


class OutboxRelay:
    """Publishes each pending document's events in sequence order with an idempotent producer.

    A crash between publish and mark-sent publishes those events again on restart; consumers
    absorb the duplicate by event id. Documents are marked sent in one bulk write per pass.
    An entry the broker or the producer refuses for itself (too large, not encodable) is set
    aside in ``outbox_set_aside`` with the reason, and the document's later events go on;
    ``homeward outbox replay`` publishes it once the cause is fixed. Only an outage of the
    broker or the store stops a pass, which is then retried with backoff and jitter.
    """

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Document]],
        producer: AIOKafkaProducer,
        batch_size: int = 500,
        idle_interval_s: float = 0.2,
        idle_max_interval_s: float = 2.0,
        after_publish: Callable[[int], Awaitable[None]] | None = None,
        set_aside: AsyncCollection[Document] | None = None,
    ) -> None:
        self.collections = list(collections)
        self.set_aside = set_aside
        # Replaces a producer whose sequence a refused batch broke (the runtime sets it).
        self.renew_producer: Callable[[], Awaitable[AIOKafkaProducer]] | None = None
        # Fault injection for crash tests: runs after Kafka acknowledged, before mark-sent.
        self.after_publish = after_publish
        self.producer = producer
        # Seals personal fields with their workers' keys (the runtime sets it).
        self.sealer: Sealer | None = None
        self.batch_size = batch_size
        self.idle_interval_s = idle_interval_s
        self.idle_max_interval_s = max(idle_max_interval_s, idle_interval_s)
        self.status = RelayStatus()
        self.metrics = EventMetrics("relay")  # install_metrics swaps in the app's registry
        self._wake = asyncio.Event()
        self._stopping = False
        self._indexed: set[str] = set()
        # Views whose outboxes only earlier versions wrote: read until a pass finds none.
        self._leftovers: set[str] = set()
        self._oldest_seen: datetime | None = None
        self._set_aside_counted_at = float("-inf")
        # Events this relay published whose document it could not mark sent yet (a stopped
        # writer's claim blocks every write of it for a while): not published again meanwhile.
        self._unmarked: dict[tuple[str, object], set[str]] = {}

    def drain_leftovers(self, collection: AsyncCollection[Document]) -> None:
        """Adds a view collection whose outboxes only earlier versions wrote (consumers now
        produce their follow-ups themselves): it is read until one pass finds nothing in it,
        then no more."""
        if collection.name not in {c.name for c in self.collections}:
            self.collections.append(collection)
            self._leftovers.add(collection.name)

    def notify(self) -> None:
        """Wakes the relay: new events were written."""
        self._wake.set()

    def stop(self) -> None:
        """Asks the loop to finish its pass and return."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publishes until stopped, backing off while Kafka or the store fails.

        Every write through the service wakes the relay; the idle pass is the safety net for
        what no wake announced (another replica's crash, a wake lost). Its interval doubles
        while passes find nothing and nothing wakes the relay, from ``idle_interval_s`` up to
        ``idle_max_interval_s``, and starts again from the first after a wake or a find.
        """
        delays = backoff_delays(FIRST_BACKOFF_S, MAX_BACKOFF_S)
        idle = self.idle_interval_s
        while not self._stopping:
            # Cleared before the pass, not before the sleep: events written during the pass
            # wake the next sleep at once instead of waiting out the interval or the backoff.
            self._wake.clear()
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Kafka or store down: keep events, retry later
                if isinstance(exc, OutOfOrderSequenceNumber):
                    with contextlib.suppress(Exception):  # Kafka down: the next pass says so
                        await self._renew_producer()
                self.status.last_error = f"{type(exc).__name__}: {exc}"
                self.status.failing_since = self.status.failing_since or time.monotonic()
                delay = next(delays)
                log.warning(
                    "outbox relay pass failed", error=self.status.last_error, retry_in_s=delay
                )
                await self._sleep(delay)
                continue
            delays = backoff_delays(FIRST_BACKOFF_S, MAX_BACKOFF_S)
            self.status.last_error = None
            self.status.failing_since = None
            if published or self.status.pending_documents:
                idle = self.idle_interval_s
            if published == 0:
                woken = await self._sleep(idle)
                idle = self.idle_interval_s if woken else self.next_idle_interval(idle)

    def next_idle_interval(self, idle_s: float) -> float:
        """The idle interval after a pass that found nothing and a sleep nothing woke."""
        return min(idle_s * 2, self.idle_max_interval_s)

    async def _sleep(self, seconds: float) -> bool:
        """Sleeps until woken or ``seconds`` have passed; True if woken."""
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True

    async def publish_pending(self) -> int:
        """Runs one pass over every collection; returns how many events it published."""
        total = 0
        pending_documents = 0
        more_waiting = False  # a collection had more pending documents than one pass takes
        self._oldest_seen = None
        for collection in list(self.collections):
            await self._ensure_index(collection)
            documents = await collection.find(
                {"outbox_pending": True},
                {"outbox": 1, "event_seq": 1, "outbox_sent": 1, "version": 1},
                limit=self.batch_size,
            ).to_list(None)
            if not documents:
                if collection.name in self._leftovers:
                    self.collections.remove(collection)
                    self._leftovers.discard(collection.name)
                continue
            pending_documents += len(documents)
            more_waiting = more_waiting or len(documents) >= self.batch_size
            if self.sealer is not None:  # the new workers' keys, in one insert
                await self.sealer.prepare(e for d in documents for e in d.get("outbox", []))
            attempts: list[_Attempt] = []
            refused: list[tuple[Document, Document, str]] = []
            marks: list[tuple[Document, int]] = []
            for document in documents:
                done = self._unmarked.get((collection.full_name, document["_id"]), set())
                sent_upto = document.get("outbox_sent", 0)
                last = sent_upto
                outbox = document.get("outbox", [])
                malformed = [e for e in outbox if _sequence_of(e) is None]
                refused.extend((document, entry, UNORDERED_REASON) for entry in malformed)
                ordered = [e for e in outbox if _sequence_of(e) is not None]
                for entry in sorted(ordered, key=_ordered):
                    if _ordered(entry) <= sent_upto:
                        continue
                    if str(entry.get("id")) in done:
                        last = _ordered(entry)
                        continue
                    self._note_waiting(entry)
                    last = _ordered(entry)
                    try:
                        attempts.append(_Attempt(document, entry, await self._send(entry)))
                    except UNPUBLISHABLE_ERRORS as exc:
                        refused.append((document, entry, reason_of(exc)))
                if malformed and _is_sequence(document.get("event_seq")):
                    # Every entry read was sent or set aside: the document is settled up to
                    # the sequence it had when read, whatever its malformed entries claimed.
                    last = max(last, document["event_seq"])
                marks.append((document, last))
            outcomes = await asyncio.gather(*(a.delivery for a in attempts), return_exceptions=True)
            produced: Counter[tuple[str, str]] = Counter()
            acknowledged: list[_Attempt] = []
            suspects: list[_Attempt] = []
            # Batches sent after one the broker refused fail on the gap it left in the sequence.
            refusal = (UNPUBLISHABLE_ERRORS, OutOfOrderSequenceNumber)
            refused_batch = any(isinstance(o, UNPUBLISHABLE_ERRORS) for o in outcomes)
            for attempt, outcome in zip(attempts, outcomes, strict=True):
                if not isinstance(outcome, BaseException):
                    produced[(attempt.entry["topic"], attempt.entry["type"])] += 1
                    acknowledged.append(attempt)
                elif refused_batch and isinstance(outcome, refusal):
                    suspects.append(attempt)
                else:
                    raise outcome  # the broker is down: keep everything, retry the pass
            # The broker refuses a whole batch for one record in it, and each refusal leaves a
            # gap in the producer's sequence that fails every later record of the partition:
            # try each refused record alone, with a new producer after every refusal, so only
            # the culprit is set aside.
            renew = bool(suspects)
            for attempt in suspects:
                if renew:
                    await self._renew_producer()
                try:
                    await (await self._send(attempt.entry))
                    renew = False
                except UNPUBLISHABLE_ERRORS as exc:
                    refused.append((attempt.document, attempt.entry, reason_of(exc)))
                    renew = True
                else:
                    produced[(attempt.entry["topic"], attempt.entry["type"])] += 1
                    acknowledged.append(attempt)
            if renew:
                await self._renew_producer()
            if self.after_publish is not None:
                await self.after_publish(len(attempts))
            if refused:
                await self._set_aside(collection, refused)
            unmarked = await mark_sent(adapter_for(collection), marks)
            self._remember_unmarked(collection.full_name, documents, acknowledged, unmarked)
            self.metrics.count_produced(produced)
            total += sum(produced.values())
        self.status.published += total
        self.status.pending_documents = pending_documents
        self.status.last_pass_at = time.monotonic()
        # What this pass published is gone; what it left behind is at most as old.
        self.status.oldest_pending_at = self._oldest_seen if more_waiting else None
        await self._count_set_aside()
        return total

    def _remember_unmarked(
        self,
        collection: str,
        documents: Sequence[Document],
        acknowledged: Sequence[_Attempt],
        unmarked: set[object],
    ) -> None:
        """Keeps the ids of the events published for documents left unmarked; forgets those
        of the documents marked."""
        for document in documents:
            key = (collection, document["_id"])
            if document["_id"] not in unmarked:
                self._unmarked.pop(key, None)
        if len(self._unmarked) + len(unmarked) > UNMARKED_KEPT:
            self._unmarked.clear()  # costs only events published again
        for attempt in acknowledged:
            if attempt.document["_id"] in unmarked:
                key = (collection, attempt.document["_id"])
                self._unmarked.setdefault(key, set()).add(str(attempt.entry.get("id")))

    async def _renew_producer(self) -> None:
        if self.renew_producer is not None:
            self.producer = await self.renew_producer()

    def _note_waiting(self, entry: Document) -> None:
        """Keeps the oldest waiting entry's time; readiness sees it even if the pass fails."""
        moment = _moment(entry.get("time"))
        if moment is None or (self._oldest_seen is not None and self._oldest_seen <= moment):
            return
        self._oldest_seen = moment
        previous = self.status.oldest_pending_at
        if previous is None or moment < previous:
            self.status.oldest_pending_at = moment

    async def _send(self, entry: Document) -> asyncio.Future[object]:
        """Hands one entry to the producer; returns its delivery."""
        event = EventEnvelope.model_validate(entry)
        if self.sealer is not None:
            key, value, headers = await self.sealer.encode(event)
        else:
            key, value, headers = to_kafka(event)
        delivery: asyncio.Future[object] = await self.producer.send(
            entry["topic"], value=value, key=key, headers=headers
        )
        return delivery

    async def _count_set_aside(self) -> None:
        """Counts the entries set aside and not replayed: at once after one is set aside,
        otherwise now and then (a replay happens in another process)."""
        if self.set_aside is None:
            return
        if time.monotonic() - self._set_aside_counted_at < SET_ASIDE_COUNT_INTERVAL_S:
            return
        waiting = {"status": {"$ne": "replayed"}}
        self.status.set_aside = await self.set_aside.count_documents(waiting)
        self._set_aside_counted_at = time.monotonic()

    async def _set_aside(
        self, collection: AsyncCollection[Document], refused: list[tuple[Document, Document, str]]
    ) -> None:
        """Keeps each refused entry, with its reason, where ``homeward outbox`` finds it."""
        if self.set_aside is None:
            raise RuntimeError("an outbox entry was refused and the relay has nowhere to keep it")
        now = datetime.now(UTC)
        for document, entry, reason in refused:
            aside = set_aside_record(collection.name, document["_id"], entry, reason, now)
            with contextlib.suppress(DuplicateKeyError):  # set aside before a crash
                await self.set_aside.insert_one(aside)
            self.metrics.set_aside.labels(self.metrics.service, collection.name).inc()
            self._set_aside_counted_at = float("-inf")  # count again at the end of the pass
            log.error(
                "outbox entry set aside",
                collection=collection.name,
                document_id=str(document["_id"]),
                sequence=aside["sequence"],
                event_id=aside["event_id"],
                event_type=aside["type"],
                reason=reason.split(":", 1)[0],
            )

    async def _ensure_index(self, collection: AsyncCollection[Document]) -> None:
        # Each pass asks for the pending documents: without an index that reads them all.
        if collection.full_name not in self._indexed:
            await ensure_indexes(collection, [OUTBOX_PENDING_INDEX])
            self._indexed.add(collection.full_name)


MARK_ATTEMPTS = 8
UNMARKED_KEPT = 10_000
MARK_FIRST_BACKOFF_S = 0.005
MARK_MAX_BACKOFF_S = 0.1


async def mark_sent(
    collection: Collection, sent_upto: Sequence[tuple[Document, int]]
) -> set[object]:
    """Marks published events sent, each document with the write primitive, from the version
    the pass read: its outbox, every entry of which was published or set aside, is emptied.
    A document changed since the pass read it is marked again from its new version (emptied
    only if it gained no entry meanwhile); one that keeps changing is left, and its events go
    out again in the next pass (consumers drop the duplicates). Not ``event_seq == last``: a
    consumer's follow-ups raise ``event_seq`` of a document without an outbox entry.
    Returns the ids of the documents left unmarked."""
    writes = [
        Advance(document["_id"], document["version"], _mark(last, cleared=True))
        for document, last in sent_upto
        if _is_sequence(document.get("version"))
    ]
    for document, last in sent_upto:
        if not _is_sequence(document.get("version")):  # written before documents had versions
            mark = _mark(last, cleared=document.get("event_seq") == last)
            await collection.put(document["_id"], mark)
    if not writes:
        return set()
    outcome = await collection.advance_many(writes)
    lasts = {document["_id"]: last for document, last in sent_upto}
    unmarked: set[object] = set(outcome.refused)
    for doc_id in outcome.lost:
        if not await _mark_again(collection, doc_id, lasts[doc_id]):
            unmarked.add(doc_id)
    return unmarked


async def _mark_again(collection: Collection, doc_id: object, last: int) -> bool:
    """Marks the document from its version now; False if it kept changing."""
    # A writer holding the document's next version for a moment is waited out, briefly.
    delays = backoff_delays(MARK_FIRST_BACKOFF_S, MARK_MAX_BACKOFF_S)
    for _ in range(MARK_ATTEMPTS):
        await asyncio.sleep(next(delays))
        document = await collection.get(doc_id, {"version": 1, "outbox": 1, "outbox_sent": 1})
        if document is None:
            return True
        # Emptied only if every entry it holds now was published (none came meanwhile).
        sequences = [_sequence_of(entry) for entry in document.get("outbox", [])]
        whole = all(s is not None and s <= last for s in sequences)
        if document.get("outbox_sent", 0) >= last and not (whole and sequences):
            return True
        mark = _mark(last, cleared=whole)
        if await collection.advance(doc_id, document["version"], mark):
            return True
    return False


def _mark(last: int, cleared: bool) -> Update:
    """The write that records events sent up to ``last``, emptying the outbox if ``cleared``."""
    if cleared:
        emptied = {"outbox": [], "outbox_pending": False}
        return Update(set=emptied, max={"outbox_sent": last}, bookkeeping=True)
    return Update(max={"outbox_sent": last}, bookkeeping=True)


@dataclass
class _Attempt:
    """An entry handed to the producer, and its delivery."""

    document: Document
    entry: Document
    delivery: asyncio.Future[object]


def set_aside_record(
    collection: str, document_id: object, entry: Document, reason: str, now: datetime
) -> Document:
    """Returns the stored form of an outbox entry set aside: the entry whole, and why."""
    sequence = _sequence_of(entry)
    # An entry with no usable sequence is named by its event id, the only other handle it has.
    position = sequence if sequence is not None else f"unordered:{entry.get('id')}"
    return {
        "_id": f"{collection}:{document_id}:{position}",
        "collection": collection,
        "document_id": document_id,
        "sequence": sequence,
        "event_id": str(entry.get("id")),
        "type": str(entry.get("type")),
        "topic": str(entry.get("topic")),
        "entry": entry,
        "reason": reason,
        "set_aside_at": now,
        "status": "waiting",
    }


async def forget_set_aside(collection: Collection, worker_id: str) -> int:
    """Withholds every personal field of the entries set aside about an erased worker: a replay
    then publishes them withheld, as sealing with the destroyed key would. Returns how many it
    changed; again, none."""
    changed = 0
    found = {
        str(d["_id"]): d
        for where in ({"entry.subject": worker_id}, {"entry.data.worker_id": worker_id})
        for d in await collection.find(where)
    }
    for doc_id, document in found.items():
        entry = dict(document.get("entry") or {})
        data = dict(entry.get("data") or {})
        kept = withheld_data(str(entry.get("type")), data)
        if kept != data:
            await collection.put(doc_id, Update(set={"entry": {**entry, "data": kept}}))
            changed += 1
    return changed


def reason_of(exc: BaseException) -> str:
    """Why an entry was refused, in words free of the entry's values (no personal data)."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        )
        return f"ValidationError: {problems}"[:REASON_CHARS]
    return f"{type(exc).__name__}: {exc}"[:REASON_CHARS]


def _is_sequence(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sequence_of(entry: Document) -> int | None:
    """The entry's sequence, or None when it is missing or not an integer."""
    sequence = entry.get("sequence")
    return sequence if _is_sequence(sequence) else None


def _ordered(entry: Document) -> int:
    """The sequence of an entry known to have one."""
    sequence = _sequence_of(entry)
    assert sequence is not None
    return sequence


def _moment(iso_time: object) -> datetime | None:
    if not isinstance(iso_time, str):
        return None
    try:
        moment = datetime.fromisoformat(iso_time)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
