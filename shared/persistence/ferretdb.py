"""The FerretDB v1 adapter: the MongoDB adapter plus every workaround FerretDB v1 needs, and
nothing else.

FerretDB v1 applies an update by reading the document, changing it in Go and writing it
back, without a lock: two updates conditional on one version can both match, and one write
is lost. An insert into a unique index is its one atomic operation. So ``advance`` first
claims the version it writes: it inserts ``<collection>/<id>#<version + 1>`` into
``version_claims``. Of two writers of one version exactly one insert succeeds; only that one
updates the document, and then removes its claim. A claim left by a writer that stopped in
between is taken over once it has been seen held for ``STALE_CLAIM_S`` by the store's own
clock: the first writer it refuses stamps it with the store's time (``$currentDate``), and later
writers compare that stamp with the store's time, so no host's clock decides a takeover. A write
the caller stops waiting for (a cancelled task) still finishes and releases its claim.

The other workarounds: bulk writes in small chunks (FerretDB holds one pooled backend
connection per statement of a batch), one lookup per id instead of ``$in`` (which it does not
push down to its backend), and a unique-key refusal read from the backend's error text.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine, Iterable, Mapping, Sequence, Set
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import OperationFailure, ServerSelectionTimeoutError

from shared.logging import get_logger
from shared.persistence.errors import AlreadyStoredError
from shared.persistence.mongodb import BATCH_CHUNK, MongoCollection
from shared.persistence.ports import (
    Advance,
    BatchOutcome,
    Document,
    Fields,
    Update,
    check_batch,
)
from shared.store import WriteRefusedError, is_duplicate_key, is_store_outage

log = get_logger(__name__)
T = TypeVar("T")
VERSION_CLAIMS = "version_claims"
"""Each database's claims of the versions being written."""
STALE_CLAIM_S = 30.0
"""A claim seen held for longer than this by the store's clock was left by a writer that
stopped; another writer takes it over."""
LOOKUPS_IN_FLIGHT = 32
SMALL_CHUNK = 25
INSERT_CHUNK = BATCH_CHUNK
ABANDONED_KEPT = 10_000
_abandoned: dict[str, str] = {}
"""Claims this process left, with no write sent for them, when an outage stopped an attempt
(claim id: its token): a later attempt takes them over at once. A claim whose write was sent
may still be written by the store, so it waits to go stale like any other."""
_finishing: set[asyncio.Task[Any]] = set()
"""Writes whose caller was cancelled, kept referenced until they finish."""


def _parts(writes: Sequence[Advance], chunk: int) -> list[list[Advance]]:
    """The writes in the commands that send them: updates ``chunk`` at a time (each statement
    of a batch holds a pooled backend connection), inserts of new documents ``INSERT_CHUNK``
    at a time (one insert command, one statement: fewer commands cost both sides less CPU)."""
    inserts = [w for w in writes if w.document is not None]
    updates = [w for w in writes if w.document is None]
    return [
        *(inserts[i : i + INSERT_CHUNK] for i in range(0, len(inserts), INSERT_CHUNK)),
        *(updates[i : i + chunk] for i in range(0, len(updates), chunk)),
    ]


class FerretCollection(MongoCollection):
    """A collection on FerretDB v1: versions are claimed by a unique insert before a write."""

    chunk = SMALL_CHUNK

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection)
        self.claims: AsyncCollection[Document] = collection.database[VERSION_CLAIMS]

    async def get_many(self, ids: Sequence[Any], fields: Fields = None) -> list[Document]:
        """Returns the documents with these ids that exist, one indexed lookup per id."""
        gate = asyncio.Semaphore(LOOKUPS_IN_FLIGHT)

        async def one(doc_id: Any) -> Document | None:
            async with gate:
                return await self.get(doc_id, fields)

        found = await asyncio.gather(*(one(doc_id) for doc_id in dict.fromkeys(ids)))
        return [document for document in found if document is not None]

    async def insert(self, document: Document) -> None:
        """Inserts a new document; raises AlreadyStoredError if its id or a unique key is
        taken (FerretDB may say so in its backend's words)."""
        try:
            await super().insert(document)
        except OperationFailure as exc:
            if is_duplicate_key(exc):
                raise AlreadyStoredError(f"{self.name}: already stored") from exc
            raise

    async def advance(self, doc_id: Any, version: int, update: Update) -> bool:
        """Claims ``version + 1``, then applies ``update`` if the document is at ``version``."""
        return await _finish_even_if_cancelled(self._advance(doc_id, version, update))

    async def _advance(self, doc_id: Any, version: int, update: Update) -> bool:
        claim_id = self._claim_id(doc_id, version)
        token = uuid.uuid4().hex
        try:
            claimed = await self._claim(claim_id, doc_id, version, token)
        except BaseException as exc:
            await self._give_up({claim_id: token}, exc)
            raise
        if not claimed:
            return False
        try:
            result = await self.driver.update_one(
                {"_id": doc_id, "version": version}, update.as_mongo(version)
            )
        except BaseException as exc:
            await self._give_up({claim_id: token}, exc, sent={claim_id})
            if is_duplicate_key(exc):
                raise AlreadyStoredError(f"{self.name}: a unique key is taken") from exc
            raise
        await self._release({claim_id: token})
        return result.matched_count == 1

    async def advance_many(self, writes: Sequence[Advance]) -> BatchOutcome:
        """Claims each update's version in one batch of inserts, then writes the claimed."""
        check_batch(writes)
        return await _finish_even_if_cancelled(self._advance_many(writes))

    async def _advance_many(self, writes: Sequence[Advance]) -> BatchOutcome:
        outcome = BatchOutcome()
        # A NUL in a string makes FerretDB refuse the whole command after applying the writes
        # before it: such a write is refused here, before anything is sent.
        for write in writes:
            content = write.document if write.document is not None else write.update
            path = _nul_path(content) if _holds_nul(content) else None
            if path is not None:
                reason = f"{self.name}: U+0000 in a string at {path!r}, which the store refuses"
                outcome.refused[write.doc_id] = WriteRefusedError(reason)
        writes = [w for w in writes if w.doc_id not in outcome.refused]
        updates = [w for w in writes if w.document is None]
        claim_ids = {w.doc_id: self._claim_id(w.doc_id, w.version or 0) for w in updates}
        tokens = {claim_id: uuid.uuid4().hex for claim_id in claim_ids.values()}
        claims = [{"_id": c, "by": token} for c, token in tokens.items()]
        try:
            taken = await MongoCollection(self.claims).insert_all_new(claims) if claims else set()
        except BaseException as exc:
            await self._give_up(tokens, exc)
            raise
        held: list[str] = [c for c in claim_ids.values() if c not in taken]
        try:
            for write in updates:
                claim_id = claim_ids[write.doc_id]
                if claim_id in taken and await self._claim(
                    claim_id, write.doc_id, write.version or 0, tokens[claim_id]
                ):
                    held.append(claim_id)
        except BaseException as exc:
            await self._give_up({c: tokens[c] for c in held}, exc)
            raise
        held_set = set(held)
        ready = [w for w in writes if w.document is not None or claim_ids[w.doc_id] in held_set]
        outcome.lost.update(w.doc_id for w in updates if claim_ids[w.doc_id] not in held_set)
        sending: set[str] = set()
        try:
            for part in _parts(ready, self.chunk):
                sending = {claim_ids[w.doc_id] for w in part if w.document is None}
                marks = {w.doc_id: uuid.uuid4().hex for w in part if w.document is None}
                await self._write_chunk(part, marks, outcome)
        except BaseException as exc:
            await self._give_up({c: tokens[c] for c in held}, exc, sent=sending)
            raise
        await self._release({c: tokens[c] for c in held})
        return outcome

    def _claim_id(self, doc_id: Any, version: int) -> str:
        return f"{self.name}/{doc_id}#{version + 1}"

    async def _claim(self, claim_id: str, doc_id: Any, version: int, token: str) -> bool:
        """Inserts the claim; takes over an abandoned one. False if another writer holds it."""
        for _ in range(3):
            try:
                await self.claims.insert_one({"_id": claim_id, "by": token})
                return True
            except Exception as exc:
                if not is_duplicate_key(exc):
                    raise
            held = await self.claims.find_one({"_id": claim_id})
            if held is None:
                continue  # released meanwhile
            holder = {"_id": claim_id, "by": held.get("by")}
            ours = held.get("by") is not None and _abandoned.get(claim_id) == held.get("by")
            if not ours and not await self._stale(held):
                return False
            _abandoned.pop(claim_id, None)
            current = await self.driver.find_one({"_id": doc_id}, {"version": 1})
            if current is not None and current.get("version") != version:
                await self.claims.delete_one(holder)
                return False  # the claimed version was written: this writer read too early
            taken_over = await self.claims.delete_one(holder)
            if taken_over.deleted_count:
                log.warning("abandoned version claim taken over", collection=self.name)
        return False

    async def _stale(self, held: Document) -> bool:
        """Whether a claim has been seen held for ``STALE_CLAIM_S`` by the store's clock; the
        first writer to see it held stamps it with the store's time."""
        seen = held.get("seen")
        if seen is None:
            await self.claims.update_one(
                {"_id": held["_id"], "by": held.get("by"), "seen": {"$exists": False}},
                {"$currentDate": {"seen": True}},
            )
            return False
        reply = await self.driver.database.client.admin.command("hello")
        held_for = _as_utc(reply["localTime"]) - _as_utc(seen)
        return held_for >= timedelta(seconds=STALE_CLAIM_S)

    async def _give_up(
        self, claims: dict[str, str], exc: BaseException, sent: Set[str] = frozenset()
    ) -> None:
        """After a failed write: releases the claims if the store refused it. If its outcome
        is unknown (an outage), keeps them: those with no write sent (``sent``: the claims whose
        write may have reached the store) for this process to take over at once, the others to
        go stale, since the store may still be writing them."""
        if isinstance(exc, Exception) and not is_store_outage(exc):
            await self._release(claims)
            return
        if not isinstance(exc, ServerSelectionTimeoutError):
            claims = {c: token for c, token in claims.items() if c not in sent}
        if len(_abandoned) + len(claims) > ABANDONED_KEPT:
            _abandoned.clear()
        _abandoned.update(claims)

    async def _release(self, claims: dict[str, str]) -> None:
        """Deletes these claims (claim id: the token of the attempt that made it)."""
        if len(claims) == 1:
            ((claim_id, token),) = claims.items()
            await self.claims.delete_one({"_id": claim_id, "by": token})
        elif claims:
            # The collection holds only claims being written: a scan of it is short.
            await self.claims.delete_many(
                {"_id": {"$in": list(claims)}, "by": {"$in": list(claims.values())}}
            )


async def _finish_even_if_cancelled(work: Coroutine[Any, Any, T]) -> T:
    """Runs ``work`` to its end even if the caller is cancelled meanwhile, so a write never
    leaves its claim behind for others to wait out."""
    task = asyncio.ensure_future(work)
    _finishing.add(task)
    task.add_done_callback(_finished)
    return await asyncio.shield(task)


def _finished(task: asyncio.Task[Any]) -> None:
    _finishing.discard(task)
    if not task.cancelled():
        task.exception()  # a cancelled caller never reads it: marked read here


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_WALKED = (str, Mapping, list, tuple, set, frozenset)


_PLAIN = frozenset({int, float, bool, bytes, type(None), datetime})
"""Types of values that hold no string: skipped without a look further."""


def _holds_nul(value: object) -> bool:
    """Whether a string (a value or a field name) holds U+0000: ``_nul_path`` without the
    paths, for the documents that hold none. Plain dictionaries and lists, most of what a
    document holds, are told by their exact type before the general checks."""
    if type(value) is dict:
        return _within_hold_nul(value.items())
    if type(value) is list:
        return _within_hold_nul(enumerate(value))
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        for name, inner in value.items():
            if isinstance(name, str) and "\x00" in name:
                return True
            if isinstance(inner, _WALKED) and _holds_nul(inner):
                return True
        return False
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_nul(inner) for inner in value if isinstance(inner, _WALKED))
    if isinstance(value, Update):
        return _holds_nul([value.set, value.push, value.max, value.unset])
    return False


def _within_hold_nul(pairs: Iterable[tuple[object, object]]) -> bool:
    """``_holds_nul`` over a dictionary's items or a list's (index, item) pairs."""
    for name, inner in pairs:
        if isinstance(name, str) and "\x00" in name:
            return True
        if isinstance(inner, str):
            if "\x00" in inner:
                return True
        elif type(inner) not in _PLAIN and isinstance(inner, _WALKED) and _holds_nul(inner):
            return True
    return False


def _nul_path(value: object, path: str = "") -> str | None:
    """Returns where a string (a value or a field name) holds U+0000, or None."""
    if isinstance(value, Update):
        parts = {"set": value.set, "push": value.push, "max": value.max, "unset": value.unset}
        return _nul_path(parts)
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, Mapping):
        for name, inner in value.items():
            inner_path = f"{path}.{name}" if path else str(name)
            if isinstance(name, str) and "\x00" in name:
                return inner_path.replace("\x00", "\ufffd")
            found = _nul_path(inner, inner_path)
            if found is not None:
                return found
    elif isinstance(value, list | tuple | set | frozenset):
        for index, inner in enumerate(value):
            found = _nul_path(inner, f"{path}.{index}")
            if found is not None:
                return found
    return None
