"""The MongoDB adapter: every port on the driver, with MongoDB's atomic single-document
updates as the write primitive."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from pymongo import InsertOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.persistence.errors import AlreadyStoredError
from shared.persistence.ports import (
    Advance,
    BatchOutcome,
    Document,
    Fields,
    Filter,
    IndexSpec,
    SortKey,
    Update,
    check_batch,
)
from shared.store import (
    DUPLICATE_KEY,
    REFUSAL_ERRORS,
    is_duplicate_key,
    is_store_outage,
    write_refusals,
)

BATCH_CHUNK = 500
"""Operations per bulk command."""
WRITE_MARKS = "write_marks"  # in ports.ADAPTER_FIELDS
"""Where each update of a batch leaves its token, so that the batch can tell which of its
updates won: a slot per version modulo ``MARK_SLOTS`` (a later writer overwrites it only
``MARK_SLOTS`` versions later), and one slot for bookkeeping writes."""
MARK_SLOTS = 8


class MongoCollection:
    """A collection on a store whose single-document updates are atomic (MongoDB)."""

    chunk = BATCH_CHUNK

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.driver = collection

    @property
    def name(self) -> str:
        """The collection's name."""
        return self.driver.name

    async def get(self, doc_id: Any, fields: Fields = None) -> Document | None:
        """Returns the document with this id, or None."""
        return await self.driver.find_one({"_id": doc_id}, _projection(fields))

    async def get_many(self, ids: Sequence[Any], fields: Fields = None) -> list[Document]:
        """Returns the documents with these ids that exist, each once."""
        unique = list(dict.fromkeys(ids))
        if not unique:
            return []
        query = {"_id": {"$in": unique}}
        return await self.driver.find(query, _projection(fields)).to_list(None)

    async def find_one(self, where: Filter, fields: Fields = None) -> Document | None:
        """Returns one document matching the filter, or None."""
        return await self.driver.find_one(dict(where), _projection(fields))

    async def find(
        self,
        where: Filter,
        fields: Fields = None,
        sort: SortKey = (),
        skip: int = 0,
        limit: int = 0,
    ) -> list[Document]:
        """Returns the documents matching the filter (limit 0: all of them)."""
        cursor = self.driver.find(dict(where), _projection(fields))
        if sort:
            cursor = cursor.sort(list(sort))
        if skip:
            cursor = cursor.skip(skip)
        if limit:
            cursor = cursor.limit(limit)
        return await cursor.to_list(None)

    async def scan(
        self, where: Filter, fields: Fields = None, sort: SortKey = (), batch_size: int = 500
    ) -> AsyncIterator[Document]:
        """Yields the documents matching the filter, read in batches."""
        cursor = self.driver.find(dict(where), _projection(fields), batch_size=batch_size)
        if sort:
            cursor = cursor.sort(list(sort))
        async for document in cursor:
            yield document

    async def aggregate(self, pipeline: Sequence[Document]) -> list[Document]:
        """Returns the result of a read-only aggregation pipeline."""
        cursor = await self.driver.aggregate(list(pipeline))
        return await cursor.to_list(None)

    async def count(self, where: Filter) -> int:
        """Returns how many documents match the filter."""
        return await self.driver.count_documents(dict(where))

    async def count_by(self, key: str, where: Filter) -> dict[Any, int]:
        """Returns how many matching documents hold each value of ``key``."""
        pipeline: list[Document] = [
            {"$match": dict(where)},
            {"$group": {"_id": f"${key}", "n": {"$sum": 1}}},
        ]
        return {row["_id"]: row["n"] for row in await self.aggregate(pipeline)}

    async def insert(self, document: Document) -> None:
        """Inserts a new document; raises AlreadyStoredError if its id or a unique key is
        taken."""
        try:
            await self.driver.insert_one(document)
        except DuplicateKeyError as exc:
            raise AlreadyStoredError(f"{self.name}: already stored") from exc

    async def insert_new(self, document: Document) -> bool:
        """Inserts a new document; False if its id or a unique key is taken."""
        try:
            await self.insert(document)
        except AlreadyStoredError:
            return False
        return True

    async def insert_all_new(self, documents: Sequence[Document]) -> set[Any]:
        """Inserts new documents unordered; returns the ids of those already taken."""
        taken: set[Any] = set()
        for start in range(0, len(documents), self.chunk):
            part = list(documents[start : start + self.chunk])
            try:
                await self.driver.insert_many(part, ordered=False)
            except BulkWriteError as exc:
                refused = write_refusals(exc)
                if refused:
                    raise next(iter(refused.values())) from exc
                taken.update(
                    part[e["index"]]["_id"]
                    for e in exc.details.get("writeErrors", [])
                    if e.get("code") == DUPLICATE_KEY
                )
        return taken

    async def advance(self, doc_id: Any, version: int, update: Update) -> bool:
        """Applies ``update`` if the document is at ``version`` (one atomic update)."""
        try:
            result = await self.driver.update_one(
                {"_id": doc_id, "version": version}, update.as_mongo(version)
            )
        except DuplicateKeyError as exc:
            raise AlreadyStoredError(f"{self.name}: a unique key is taken") from exc
        return result.matched_count == 1

    async def advance_many(self, writes: Sequence[Advance]) -> BatchOutcome:
        """Applies a batch of conditional updates and inserts, unordered, in chunks."""
        check_batch(writes)
        outcome = BatchOutcome()
        for start in range(0, len(writes), self.chunk):
            part = list(writes[start : start + self.chunk])
            tokens = {w.doc_id: uuid.uuid4().hex for w in part if w.document is None}
            await self._write_chunk(part, tokens, outcome)
        return outcome

    async def _write_chunk(
        self, writes: list[Advance], tokens: dict[Any, str], outcome: BatchOutcome
    ) -> None:
        operations = [_operation(write, tokens.get(write.doc_id, "")) for write in writes]
        try:
            result = await self.driver.bulk_write(operations, ordered=False)
            failed: set[int] = set()
            matched = result.matched_count
        except BulkWriteError as exc:
            for index, reason in write_refusals(exc).items():
                outcome.refused[writes[index].doc_id] = reason
            failed = {e["index"] for e in exc.details.get("writeErrors", [])}
            for index in failed:
                write = writes[index]
                if write.document is None and write.doc_id not in outcome.refused:
                    # An update that would give a unique key a second holder.
                    outcome.refused[write.doc_id] = AlreadyStoredError(
                        f"{self.name}: a unique key is taken"
                    )
            matched = exc.details.get("nMatched", 0)
        except REFUSAL_ERRORS as exc:
            if is_store_outage(exc):
                raise
            if len(writes) == 1:
                await self._settle_refused(writes[0], tokens, exc, outcome)
                return
            # Find the one the encoder or the store refuses. A store that refuses the whole
            # command (FerretDB) may have applied the writes before it: the tokens they left
            # tell them apart from writes that lost a race.
            for write in writes:
                await self._write_chunk([write], tokens, outcome)
            return
        updates = [w for i, w in enumerate(writes) if i not in failed and w.version is not None]
        inserted = {w.doc_id for i, w in enumerate(writes) if i not in failed and w.document}
        for index in failed:
            if writes[index].doc_id not in outcome.refused:
                outcome.lost.add(writes[index].doc_id)
        outcome.written |= inserted
        if matched == len(updates):
            outcome.written.update(w.doc_id for w in updates)
        elif updates:
            for write, won in zip(updates, await self._won(updates, tokens), strict=True):
                (outcome.written if won else outcome.lost).add(write.doc_id)

    async def _won(
        self, updates: list[Advance], tokens: dict[Any, str], matched: bool = True
    ) -> list[bool]:
        """Tells, from the marks the writes left, which of these updates were applied;
        ``matched``: each update was sent in a command that completed."""
        stored = await self.get_many([w.doc_id for w in updates], {"version": 1, WRITE_MARKS: 1})
        now = {d["_id"]: d for d in stored}
        return [_left_its_mark(now.get(w.doc_id), w, tokens[w.doc_id], matched) for w in updates]

    async def _settle_refused(
        self, write: Advance, tokens: dict[Any, str], exc: Exception, outcome: BatchOutcome
    ) -> None:
        """Records one write the store refused, unless an earlier command applied it."""
        if write.document is None and (await self._won([write], tokens, False))[0]:
            outcome.written.add(write.doc_id)
        elif is_duplicate_key(exc):
            outcome.refused[write.doc_id] = AlreadyStoredError(
                f"{self.name}: a unique key is taken"
            )
        else:
            outcome.refused[write.doc_id] = exc

    async def put(self, doc_id: Any, update: Update, upsert: bool = False) -> bool:
        """Applies ``update`` without a version check; whether a document matched or was
        created."""
        result = await self.driver.update_one({"_id": doc_id}, update.as_mongo(), upsert=upsert)
        return result.matched_count == 1 or result.upserted_id is not None

    async def put_many(self, puts: Sequence[tuple[Any, Update]]) -> int:
        """Applies each update without a version check, unordered, ``chunk`` to a command;
        returns how many documents matched."""
        matched = 0
        for start in range(0, len(puts), self.chunk):
            part = puts[start : start + self.chunk]
            operations = [UpdateOne({"_id": doc_id}, update.as_mongo()) for doc_id, update in part]
            result = await self.driver.bulk_write(operations, ordered=False)
            matched += result.matched_count
        return matched

    async def delete(self, doc_id: Any, where: Filter | None = None) -> bool:
        """Deletes the document (if it also matches ``where``); returns whether it did."""
        result = await self.driver.delete_one({**(where or {}), "_id": doc_id})
        return result.deleted_count == 1

    async def delete_where(self, where: Filter) -> int:
        """Deletes every document matching the filter; returns how many."""
        result = await self.driver.delete_many(dict(where))
        return result.deleted_count

    async def ensure_indexes(self, indexes: Sequence[IndexSpec]) -> None:
        """Creates only the missing indexes."""
        existing = {index["name"] async for index in await self.driver.list_indexes()}
        for name, keys, unique in indexes:
            if name not in existing:
                await self.driver.create_index(keys, name=name, unique=unique)

    async def drop_indexes(self, names: Sequence[str]) -> None:
        """Drops the named indexes that exist."""
        existing = {index["name"] async for index in await self.driver.list_indexes()}
        for name in names:
            if name in existing:
                await self.driver.drop_index(name)


def _projection(fields: Fields) -> dict[str, int] | None:
    return dict(fields) if fields else None


def _operation(write: Advance, token: str) -> InsertOne[Document] | UpdateOne:
    if write.document is not None:
        return InsertOne(write.document)
    assert write.version is not None  # check_batch
    update = write.update.as_mongo(write.version)
    update.setdefault("$set", {})[_mark_slot(write)] = token
    return UpdateOne({**write.expect, "_id": write.doc_id, "version": write.version}, update)


def _mark_slot(write: Advance) -> str:
    assert write.version is not None
    if write.update.bookkeeping:
        return f"{WRITE_MARKS}.b"
    return f"{WRITE_MARKS}.v{(write.version + 1) % MARK_SLOTS}"


def _left_its_mark(stored: Document | None, write: Advance, token: str, matched: bool) -> bool:
    """Whether the update was applied, judged from the document as it is now; ``matched``:
    the update was sent in a command that completed, so it matched if the document was at
    its version."""
    if stored is None:
        return False
    if matched and stored.get("version") == write.version:
        # Versions only grow: still at the version read, the document took a bookkeeping
        # write from it, and no other update.
        return write.update.bookkeeping
    slot = _mark_slot(write).split(".", 1)[1]
    marks = stored.get(WRITE_MARKS)
    return isinstance(marks, dict) and marks.get(slot) == token


__all__ = ["MongoCollection", "is_duplicate_key"]
