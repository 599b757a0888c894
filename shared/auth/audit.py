"""The append-only audit trail: who did or read what, when, from where. Group-committed."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from shared.logging import get_logger
from shared.store import Document, ensure_indexes

log = get_logger(__name__)
AUDIT = "audit"
GRANTS = "emergency_access"


async def prepare_audit(collection: AsyncCollection[Document]) -> None:
    await ensure_indexes(
        collection,
        [
            ("by_worker", [("worker_id", ASCENDING), ("at", DESCENDING)], False),
            ("by_subject", [("subject", ASCENDING), ("at", DESCENDING)], False),
            ("by_time", [("at", DESCENDING)], False),
        ],
    )


class AuditTrail:
    """Writes audit entries in batches: a request waits until its entry is stored.

    Requests arriving together share one insert_many (FerretDB is fast at batches and slow at
    single writes), and no response leaves before its audit entry is durable. The collection is
    only ever inserted into; nothing in Homeward updates or deletes it.
    """

    def __init__(self, collection: AsyncCollection[Document], max_batch: int = 200) -> None:
        self.collection = collection
        self.max_batch = max_batch
        self._pending: list[tuple[Document, asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def record(self, entry: Document) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((entry, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await future

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                await self.collection.insert_many([entry for entry, _ in batch], ordered=False)
            except Exception as exc:
                log.error("audit write failed", error=type(exc).__name__)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for _, future in batch:
                if not future.done():
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
        cursor = self.collection.find(query).sort([("_id", DESCENDING)]).limit(limit)
        return [document async for document in cursor]

    async def close(self) -> None:
        if self._flushing is not None:
            with contextlib.suppress(Exception):
                await self._flushing
