"""Idempotency-Key for POSTs that create something: a retried request gets the first answer.

A commune officer on a weak connection retries after a timeout; the retry must not create a
second record. The first request claims the key (a unique ``_id``), runs, and stores its answer;
a retry with the same key and body gets that stored answer back. The id of what the request
creates is derived from the key, so even a crash between the business write and storing the
answer cannot create a second record: the re-run hits the same id.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from shared.persistence import Collection, Update
from shared.persistence.stores import Store

COLLECTION = "idempotency_keys"
IDEMPOTENCY_NAMESPACE = uuid.UUID("0b7e3c57-5f0e-4a47-9d55-2f5b1d7c9e10")
STALE_AFTER = timedelta(seconds=30)


class IdempotencyConflictError(Exception):
    """The key is being used by a request still in flight, or was used with another body."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


IdempotencyKeyHeader = Header(
    alias="Idempotency-Key",
    min_length=8,
    max_length=200,
    description="A client-chosen unique key; a retry with the same key and body gets the "
    "first answer again and never creates a second record.",
)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer worth replaying."""

    status_code: int
    body: Any


def derived_id(scope: str, key: str) -> str:
    """Returns the id of the record a keyed request creates: the same key, the same id."""
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{scope}\n{key}"))


def fingerprint(body: Any) -> str:
    """Returns a hash of the request body, to refuse a key reused for another request."""
    canonical = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyKeys:
    """The keys a service has seen, with the answers it gave."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    @classmethod
    def of(cls, store: Store) -> IdempotencyKeys:
        """Returns the keys kept in the store's ``idempotency_keys`` collection."""
        return cls(store.collection(COLLECTION))

    async def run(
        self,
        scope: str,
        key: str | None,
        body: Any,
        create: Callable[[str | None], Awaitable[Answer]],
        now: datetime | None = None,
        worker_id: str | None = None,
    ) -> JSONResponse:
        """Runs ``create`` once per key; ``create`` gets the derived id (None without a key).

        ``worker_id``: the worker the request is about (else the answer's ``worker_id``), kept
        beside the stored answer so that erasing the worker deletes it (``forget_worker``)."""
        if key is None:
            answer = await create(None)
            return JSONResponse(answer.body, status_code=answer.status_code)
        now = now or datetime.now(UTC)
        doc_id = f"{scope}\n{key}"
        request_hash = fingerprint(body)
        stored = await self._claim(doc_id, request_hash, now)
        if stored is not None:
            return JSONResponse(stored.body, status_code=stored.status_code)
        try:
            answer = await create(derived_id(scope, key))
        except BaseException:
            await self.collection.delete(doc_id, {"state": "in_progress"})
            raise
        if answer.status_code >= 500:
            await self.collection.delete(doc_id)
        else:
            # The claim is this request's own: no other writer changes it while it is in
            # progress and fresh, so the answer is put without a version.
            done = {
                "state": "done",
                "status_code": answer.status_code,
                "body": answer.body,
                "worker_id": worker_id or _worker_in(answer.body),
            }
            await self.collection.put(doc_id, Update(set=done))
        return JSONResponse(answer.body, status_code=answer.status_code)

    async def forget_worker(self, worker_id: str) -> int:
        """Deletes the stored requests and answers about an erased worker (a retry of one then
        runs again, and finds the worker erased); returns how many."""
        forgotten = await self.collection.delete_where({"worker_id": worker_id})
        # answers stored before the worker was kept beside them name the worker inside
        return forgotten + await self.collection.delete_where({"body.worker_id": worker_id})

    async def _claim(self, doc_id: str, request_hash: str, now: datetime) -> Answer | None:
        claim = {"_id": doc_id, "hash": request_hash, "state": "in_progress", "claimed_at": now}
        if await self.collection.insert_new(claim):
            return None
        existing = await self.collection.get(doc_id)
        if existing is None:  # released between our insert and read: try once more
            if await self.collection.insert_new(claim):
                return None
            raise IdempotencyConflictError(
                409, "a request with this Idempotency-Key is still being processed"
            )
        if existing["hash"] != request_hash:
            raise IdempotencyConflictError(
                422, "Idempotency-Key was already used with a different request body"
            )
        if existing["state"] == "done":
            return Answer(existing["status_code"], existing["body"])
        claimed_at = existing["claimed_at"]
        if claimed_at.tzinfo is None:
            claimed_at = claimed_at.replace(tzinfo=UTC)
        if now - claimed_at < STALE_AFTER:
            raise IdempotencyConflictError(
                409, "a request with this Idempotency-Key is still being processed"
            )
        # The first attempt died mid-way: take over (its record, if written, has the same id).
        # Of several retries, the one whose delete removes the stale claim and whose insert
        # lands holds the key; an atomic delete and insert decide it on every store.
        stale = {"state": "in_progress", "claimed_at": existing["claimed_at"]}
        if await self.collection.delete(doc_id, stale) and await self.collection.insert_new(claim):
            return None
        raise IdempotencyConflictError(
            409, "a request with this Idempotency-Key is still being processed"
        )


async def get_idempotency(request: Request) -> IdempotencyKeys:
    """FastAPI dependency: the service's idempotency keys, set in its ``app.py``."""
    keys: IdempotencyKeys = request.app.state.idempotency
    return keys


Idempotency = Annotated[IdempotencyKeys, Depends(get_idempotency)]
IdempotencyKey = Annotated[str | None, IdempotencyKeyHeader]


def _worker_in(body: Any) -> str | None:
    """The worker an answer is about, if it names one."""
    worker = body.get("worker_id") if isinstance(body, dict) else None
    return worker if isinstance(worker, str) else None
