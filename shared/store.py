"""The document store: client factory, and aggregate documents that carry their own outbox.

Every aggregate document holds its state plus the bookkeeping that makes writes safe without
multi-document transactions (FerretDB has none):

- ``version``: optimistic concurrency; every write names the version it read.
- ``event_seq``: the last event sequence assigned for this aggregate (per worker).
- ``outbox``: events written in the same atomic update as the state change they describe.
- ``outbox_pending`` / ``outbox_sent``: what the relay still has to publish.
- ``applied``, ``applied_offsets``: which input events a view has folded (idempotent
  consumers: the last ids, and the highest offset of each input partition).
- ``follow_ups``: a view's follow-up events its consumer produced and may produce again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bson.errors import BSONError
from pymongo import AsyncMongoClient, InsertOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    AutoReconnect,
    BulkWriteError,
    ConnectionFailure,
    DocumentTooLarge,
    DuplicateKeyError,
    ExecutionTimeout,
    NetworkTimeout,
    OperationFailure,
    ServerSelectionTimeoutError,
    WTimeoutError,
)

from shared.events.envelope import EventEnvelope
from shared.persistence.aggregates import new_aggregate as new_aggregate
from shared.persistence.aggregates import outbox_entry as outbox_entry
from shared.persistence.aggregates import retry_on_conflict as retry_on_conflict
from shared.persistence.errors import ConcurrentUpdateError as ConcurrentUpdateError
from shared.persistence.ports import ADAPTER_FIELDS

Document = dict[str, Any]
DUPLICATE_KEY = 11000
BOOKKEEPING_FIELDS = frozenset(
    {
        "_id",
        "version",
        "event_seq",
        "outbox",
        "outbox_pending",
        "outbox_sent",
        "applied",
        "applied_offsets",
        "follow_ups",
        "write_token",
        *ADAPTER_FIELDS,
    }
)


class WriteNotAcknowledgedError(ConnectionFailure):
    """The store applied a write but could not meet its write concern: the write may not last,
    so it counts as failed and is done again (every write here is idempotent)."""


class WriteRefusedError(ValueError):
    """The store refused to write a document, for the document's sake (its size, its keys)."""


class TransientWriteError(ConnectionFailure):
    """The store refused a write for a reason of its own state (a failover, a lock, a timeout),
    not of the document: the same write can succeed later."""


TRANSIENT_STORE_ERRORS: tuple[type[Exception], ...] = (
    AutoReconnect,
    ConnectionFailure,
    ExecutionTimeout,
    NetworkTimeout,
    ServerSelectionTimeoutError,
    WTimeoutError,
)
# Server error codes a write can fail with that say nothing about the document written.
TRANSIENT_WRITE_CODES = frozenset(
    {
        6,  # HostUnreachable
        7,  # HostNotFound
        24,  # LockTimeout
        50,  # MaxTimeMSExpired
        89,  # NetworkTimeout
        91,  # ShutdownInProgress
        112,  # WriteConflict
        189,  # PrimarySteppedDown
        262,  # ExceededTimeLimit
        9001,  # SocketException
        10107,  # NotWritablePrimary
        11600,  # InterruptedAtShutdown
        11602,  # InterruptedDueToReplStateChange
        13435,  # NotPrimaryNoSecondaryOk
        13436,  # NotPrimaryOrSecondary
    }
)
# A command refused with one of these codes says the store cannot work now, not that the
# documents are wrong: the write is retried, never dead-lettered.
OUTAGE_CODES = TRANSIENT_WRITE_CODES | {
    13,  # Unauthorized
    18,  # AuthenticationFailed
    11601,  # Interrupted
    14031,  # OutOfDiskSpace
}


def is_store_outage(exc: BaseException) -> bool:
    """Whether an error says the store is unreachable or unable to work, whatever was sent."""
    if isinstance(exc, TRANSIENT_STORE_ERRORS):
        return True
    if isinstance(exc, OperationFailure) and not isinstance(exc, BulkWriteError):
        return exc.code in OUTAGE_CODES
    return False


# Raised by the driver while encoding one document: the document is at fault, not the store.
ENCODING_ERRORS: tuple[type[Exception], ...] = (
    BSONError,
    DocumentTooLarge,
    OverflowError,
    TypeError,
    ValueError,
)
# What a write may raise for one of its documents (an OperationFailure only if no outage code).
REFUSAL_ERRORS: tuple[type[Exception], ...] = (*ENCODING_ERRORS, OperationFailure)


def is_duplicate_key(exc: BaseException) -> bool:
    """Returns whether a write failed on a unique key.

    MongoDB says DuplicateKeyError (11000). FerretDB v1 does too on insert, but an UPDATE that
    breaks a unique index comes back as a plain OperationFailure carrying the backend's words:
    SQLite's "UNIQUE constraint failed", PostgreSQL's SQLSTATE 23505.
    """
    if isinstance(exc, DuplicateKeyError):
        return True
    if isinstance(exc, OperationFailure):
        text = str(exc)
        return "UNIQUE constraint failed" in text or "SQLSTATE 23505" in text
    return False


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


class AggregateCollection:
    """A collection of aggregate documents, each written with its outbox in one write (the
    seam's ``Aggregates`` on a driver collection, for code not yet moved onto the seam)."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        topic: str,
        on_events: Callable[[], None] = lambda: None,
    ) -> None:
        from shared.persistence.aggregates import Aggregates
        from shared.persistence.stores import adapter_for

        self.collection = collection
        self.topic = topic
        self.aggregates = Aggregates(adapter_for(collection), topic, on_events)

    async def get(self, doc_id: str) -> Document | None:
        """Returns the document, or None."""
        return await self.aggregates.get(doc_id)

    async def create(
        self, doc_id: str, state: Mapping[str, Any], events: Sequence[EventEnvelope]
    ) -> Document:
        """Inserts a new aggregate; raises DuplicateKeyError if a unique key is taken."""
        document = new_aggregate(doc_id, state, events, self.topic)
        await self.collection.insert_one(document)
        if events:
            self.aggregates._on_events()
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
        await self.aggregates.save(doc_id, version, state, events, unset)


# FerretDB v1.24.2 (SQLite) keeps one of a database's 100 pooled connections per statement of
# a batch until the batch ends: a batch of 100 updates hangs, and concurrent batches can exhaust
# the pool and deadlock the server. Small chunks keep several writers well inside the pool.
BULK_CHUNK = 25


@dataclass
class BulkOutcome:
    """What an unordered bulk write did, across its chunks."""

    matched: int = 0
    inserted: int = 0
    duplicate_indexes: set[int] = field(default_factory=set)
    # Operations the store or the encoder refused for their document, by index: the error.
    refused: dict[int, Exception] = field(default_factory=dict)


async def bulk_write_chunked(
    collection: AsyncCollection[Document],
    operations: Sequence[InsertOne[Document] | UpdateOne],
    target_ids: Sequence[str],
    chunk: int = BULK_CHUNK,
    refusals: bool = False,
) -> BulkOutcome:
    """Writes unordered in chunks, holding the targets' locks; ``target_ids[i]`` is the
    ``_id`` operation ``i`` writes. Duplicate-key failures are reported; a write-concern
    failure or a store fault raises a transient error. A document the store or the encoder
    refuses raises, or with ``refusals`` is reported in ``refused`` and the others written."""
    outcome = BulkOutcome()
    for start in range(0, len(operations), chunk):
        part = list(operations[start : start + chunk])
        try:
            result = await collection.bulk_write(part, ordered=False)
            outcome.matched += result.matched_count
            outcome.inserted += result.inserted_count
        except BulkWriteError as exc:
            refused = write_refusals(exc)
            if refused and not refusals:
                raise
            outcome.matched += exc.details.get("nMatched", 0)
            outcome.inserted += exc.details.get("nInserted", 0)
            errors = exc.details.get("writeErrors", [])
            outcome.duplicate_indexes.update(
                start + e["index"] for e in errors if e.get("code") == DUPLICATE_KEY
            )
            outcome.refused.update((start + index, reason) for index, reason in refused.items())
        except REFUSAL_ERRORS as exc:
            # FerretDB refuses a document it cannot store (a NUL in a string) with an error of
            # the whole command: written one by one, the others go through.
            if not refusals or is_store_outage(exc):
                raise
            await _write_one_by_one(collection, part, target_ids, start, outcome)
    return outcome


def write_refusals(exc: BulkWriteError) -> dict[int, Exception]:
    """Returns the operations a bulk write refused for their document (index: reason).

    Raises WriteNotAcknowledgedError when the write concern failed (whatever else happened),
    and TransientWriteError when an operation failed for the store's own state.
    """
    details = exc.details
    concern = details.get("writeConcernErrors") or []
    if concern:
        first = concern[0]
        raise WriteNotAcknowledgedError(
            f"write concern not met ({len(concern)} errors; code {first.get('code')}: "
            f"{first.get('errmsg', '')})"
        )
    refused: dict[int, Exception] = {}
    for error in details.get("writeErrors", []):
        code = error.get("code")
        if code == DUPLICATE_KEY:
            continue
        if code in TRANSIENT_WRITE_CODES:
            raise TransientWriteError(f"write failed with code {code}: {error.get('errmsg', '')}")
        reason = f"the store refused the write (code {code}): {error.get('errmsg', '')}"
        refused[error["index"]] = WriteRefusedError(reason)
    return refused


async def _write_one_by_one(
    collection: AsyncCollection[Document],
    part: list[InsertOne[Document] | UpdateOne],
    target_ids: Sequence[str],
    start: int,
    outcome: BulkOutcome,
) -> None:
    """Writes a chunk one operation at a time, to find the documents that cannot be encoded."""
    for offset, operation in enumerate(part):
        index = start + offset
        try:
            result = await collection.bulk_write([operation], ordered=False)
            outcome.matched += result.matched_count
            outcome.inserted += result.inserted_count
        except BulkWriteError as exc:
            refused = write_refusals(exc)
            if refused:
                outcome.refused[index] = refused[0]
            elif any(e.get("code") == DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
                outcome.duplicate_indexes.add(index)
        except REFUSAL_ERRORS as exc:
            if is_store_outage(exc):
                raise
            outcome.refused[index] = exc


IndexSpec = tuple[str, list[tuple[str, int]], bool]
"""(name, keys, unique)."""


async def ensure_indexes(
    collection: AsyncCollection[Document], indexes: Sequence[IndexSpec]
) -> None:
    """Creates only the missing indexes.

    On FerretDB v1 a createIndexes call takes a server-wide metadata lock even when the index
    exists, and under load that lock can deadlock with running writes; asking first avoids it.
    """
    existing = {index["name"] async for index in await collection.list_indexes()}
    for name, keys, unique in indexes:
        if name not in existing:
            await collection.create_index(keys, name=name, unique=unique)
