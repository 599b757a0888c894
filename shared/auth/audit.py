"""The append-only audit trail: who did or read what, when, from where. Group-committed."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from shared.logging import get_logger
from shared.persistence import ASCENDING, DESCENDING, Advance, Collection, Document

log = get_logger(__name__)
AUDIT = "audit"
GRANTS = "emergency_access"


async def prepare_audit(collection: Collection) -> None:
    """Creates the audit trail's missing indexes."""
    await collection.ensure_indexes(
        [
            ("by_worker", [("worker_id", ASCENDING), ("at", DESCENDING)], False),
            ("by_subject", [("subject", ASCENDING), ("at", DESCENDING)], False),
            ("by_time", [("at", DESCENDING)], False),
        ],
    )


class AuditWriteError(RuntimeError):
    """An audit entry could not be stored: the request it belongs to must not be answered."""


class AuditTrail:
    """Writes audit entries in group commits: a request waits until its entry is stored.

    The first entry after a quiet moment waits ``flush_interval_s`` for others (or until
    ``max_batch`` are waiting), then all of them go in one batch of inserts. Entries that arrive
    while a batch is in flight gather the same way and go in a batch of their own, without
    waiting for the one in flight, up to ``max_in_flight`` batches at once; beyond that they
    wait together for the first batch to return, and go in one. The store commits
    each insert durably before it answers (synchronous_commit=on under FerretDB; acknowledged
    writes on MongoDB), so no response leaves before its entry is durable, and an entry whose
    insert failed fails its own request (a 500), never silently. One insert costs FerretDB and
    PostgreSQL about as much for 20 entries as for one (docs/performance.md). The collection is
    only ever inserted into; nothing in Homeward updates it, and only the retention job
    deletes entries past their period (``shared.privacy.retention``).
    """

    def __init__(
        self,
        collection: Collection,
        max_batch: int = 100,
        flush_interval_s: float = 0.002,
        max_in_flight: int = 4,
    ) -> None:
        self.collection = collection
        self.max_batch = max_batch
        self.flush_interval_s = flush_interval_s
        self._pending: list[tuple[Document, asyncio.Future[None]]] = []
        self._full = asyncio.Event()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._gathering: asyncio.Task[None] | None = None
        self._flushes: set[asyncio.Task[None]] = set()
        self.inserts = 0
        """How many inserts the trail has made (each carries one batch)."""

    async def record(self, entry: Document) -> None:
        """Returns once the entry is stored; raises ``AuditWriteError`` if it could not be."""
        # the flush owns the entry: a request cancelled while it waits is still audited
        await asyncio.shield(self.submit(entry))

    def submit(self, entry: Document) -> asyncio.Future[None]:
        """Hands the entry to the next batch; the future is done once the entry is stored, or
        fails with ``AuditWriteError`` if it could not be."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieve)  # a request that ended without an answer waits not
        self._pending.append((_storable(entry), future))
        if len(self._pending) >= self.max_batch:
            self._full.set()
        if self._gathering is None or self._gathering.done():
            self._gathering = self._start_flush()
        return future

    def _start_flush(self) -> asyncio.Task[None]:
        flush = asyncio.create_task(self._flush(), name="audit-flush")
        self._flushes.add(flush)
        flush.add_done_callback(self._flushes.discard)
        return flush

    async def _flush(self) -> None:
        """Gathers entries for the window, then, once fewer than ``max_in_flight`` batches
        are in flight, takes every entry waiting (up to ``max_batch``) and inserts them."""
        if len(self._pending) < self.max_batch:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self.flush_interval_s)
        async with self._in_flight:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            if len(self._pending) < self.max_batch:
                self._full.clear()
            # entries from now on gather for the next batch (at once if some are left over)
            self._gathering = self._start_flush() if self._pending else None
            if batch:
                await self._insert(batch)

    async def _insert(self, batch: list[tuple[Document, asyncio.Future[None]]]) -> None:
        self.inserts += 1
        failed: dict[str, str] = {}
        inserts = [Advance(entry["_id"], None, document=entry) for entry, _ in batch]
        try:
            # each entry is inserted on its own: only the entries the store refused fail
            outcome = await self.collection.advance_many(inserts)
            failed = dict.fromkeys(outcome.lost, "a unique key is taken")
            failed.update({i: type(e).__name__ for i, e in outcome.refused.items()})
        except Exception as exc:
            failed = {entry["_id"]: type(exc).__name__ for entry, _ in batch}
        if failed:
            log.error("audit write failed", entries=len(failed), of=len(batch))
        for entry, future in batch:
            if future.done():
                continue
            if entry["_id"] in failed:
                reason = failed[entry["_id"]]
                future.set_exception(AuditWriteError(f"audit entry not stored ({reason})"))
            else:
                future.set_result(None)

    async def query(
        self,
        *,
        worker_id: str | None,
        subject: str | None,
        since: datetime | None,
        until: datetime | None,
        before: str | None,
        limit: int,
    ) -> list[Document]:
        query: dict[str, Any] = {}
        if worker_id:
            query["worker_id"] = worker_id
        if subject:
            query["subject"] = subject
        window: dict[str, Any] = {}
        if since:
            window["$gte"] = since
        if until:
            window["$lt"] = until
        if window:
            query["at"] = window
        if before:
            query["_id"] = {"$lt": before}
        return await self.collection.find(query, sort=[("_id", DESCENDING)], limit=limit)

    async def close(self) -> None:
        while self._flushes:
            with contextlib.suppress(Exception):
                await asyncio.gather(*self._flushes)


def _retrieve(future: asyncio.Future[None]) -> None:
    """Marks a failed entry's error seen: the request it belongs to answers it, or ended
    before answering anything."""
    if not future.cancelled():
        future.exception()


def _storable(value: Any) -> Any:
    """The entry with every NUL in its strings replaced: a store on PostgreSQL refuses a NUL
    in any string by failing the whole insert, and with it the entries of other requests."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value
