"""The in-memory adapter: the ports on mongomock's documents, for fast use-case tests.

One event loop runs every coroutine and no call here awaits in the middle of a write, so each
write is atomic, as the store adapters' are.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

import mongomock

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


class MemoryCollection:
    """A collection held in memory."""

    def __init__(self, collection: Any) -> None:
        self.documents = collection

    @property
    def name(self) -> str:
        """The collection's name."""
        return str(self.documents.name)

    async def get(self, doc_id: Any, fields: Fields = None) -> Document | None:
        """Returns the document with this id, or None."""
        return _copy(self.documents.find_one({"_id": doc_id}, _projection(fields)))

    async def get_many(self, ids: Sequence[Any], fields: Fields = None) -> list[Document]:
        """Returns the documents with these ids that exist, each once."""
        query = {"_id": {"$in": list(dict.fromkeys(ids))}}
        return [dict(d) for d in self.documents.find(query, _projection(fields))]

    async def find_one(self, where: Filter, fields: Fields = None) -> Document | None:
        """Returns one document matching the filter, or None."""
        return _copy(self.documents.find_one(dict(where), _projection(fields)))

    async def find(
        self,
        where: Filter,
        fields: Fields = None,
        sort: SortKey = (),
        skip: int = 0,
        limit: int = 0,
    ) -> list[Document]:
        """Returns the documents matching the filter (limit 0: all of them)."""
        cursor = self.documents.find(dict(where), _projection(fields))
        if sort:
            cursor = cursor.sort(list(sort))
        return [dict(d) for d in cursor.skip(skip).limit(limit)]

    async def scan(
        self, where: Filter, fields: Fields = None, sort: SortKey = (), batch_size: int = 500
    ) -> AsyncIterator[Document]:
        """Yields the documents matching the filter."""
        for document in await self.find(where, fields, sort):
            yield document

    async def aggregate(self, pipeline: Sequence[Document]) -> list[Document]:
        """Returns the result of a read-only aggregation pipeline."""
        return [dict(d) for d in self.documents.aggregate(list(pipeline))]

    async def count(self, where: Filter) -> int:
        """Returns how many documents match the filter."""
        return int(self.documents.count_documents(dict(where)))

    async def count_by(self, key: str, where: Filter) -> dict[Any, int]:
        """Returns how many matching documents hold each value of ``key``."""
        counts: dict[Any, int] = {}
        for document in self.documents.find(dict(where)):
            value = document.get(key)
            counts[value] = counts.get(value, 0) + 1
        return counts

    async def insert(self, document: Document) -> None:
        """Inserts a new document; raises AlreadyStoredError if its id or a unique key is
        taken."""
        try:
            self.documents.insert_one(dict(document))
        except mongomock.DuplicateKeyError as exc:
            raise AlreadyStoredError(f"{self.name}: already stored") from exc

    async def insert_new(self, document: Document) -> bool:
        """Inserts a new document; False if its id or a unique key is taken."""
        try:
            await self.insert(document)
        except AlreadyStoredError:
            return False
        return True

    async def insert_all_new(self, documents: Sequence[Document]) -> set[Any]:
        """Inserts new documents, each on its own; returns the ids of those already taken."""
        return {d["_id"] for d in documents if not await self.insert_new(d)}

    async def advance(self, doc_id: Any, version: int, update: Update) -> bool:
        """Applies ``update`` if the document is at ``version``."""
        return self._advance(doc_id, version, update, {})

    def _advance(
        self, doc_id: Any, version: int, update: Update, expect: Mapping[str, Any]
    ) -> bool:
        try:
            result = self.documents.update_one(
                {**expect, "_id": doc_id, "version": version}, update.as_mongo(version)
            )
        except mongomock.DuplicateKeyError as exc:
            raise AlreadyStoredError(f"{self.name}: a unique key is taken") from exc
        return bool(result.matched_count == 1)

    async def advance_many(self, writes: Sequence[Advance]) -> BatchOutcome:
        """Applies a batch of conditional updates and inserts, each on its own."""
        check_batch(writes)
        outcome = BatchOutcome()
        for write in writes:
            if write.document is not None:
                won = await self.insert_new(write.document)
            else:
                assert write.version is not None  # check_batch
                try:
                    won = self._advance(write.doc_id, write.version, write.update, write.expect)
                except AlreadyStoredError as exc:
                    outcome.refused[write.doc_id] = exc
                    continue
            (outcome.written if won else outcome.lost).add(write.doc_id)
        return outcome

    async def put(self, doc_id: Any, update: Update, upsert: bool = False) -> bool:
        """Applies ``update`` without a version check."""
        result = self.documents.update_one({"_id": doc_id}, update.as_mongo(), upsert=upsert)
        return bool(result.matched_count == 1 or result.upserted_id is not None)

    async def put_many(self, puts: Sequence[tuple[Any, Update]]) -> int:
        """Applies each update without a version check; returns how many documents matched."""
        return sum([await self.put(doc_id, update) for doc_id, update in puts])

    async def delete(self, doc_id: Any, where: Filter | None = None) -> bool:
        """Deletes the document (if it also matches ``where``); returns whether it did."""
        return bool(self.documents.delete_one({**(where or {}), "_id": doc_id}).deleted_count)

    async def delete_where(self, where: Filter) -> int:
        """Deletes every document matching the filter; returns how many."""
        return int(self.documents.delete_many(dict(where)).deleted_count)

    async def ensure_indexes(self, indexes: Sequence[IndexSpec]) -> None:
        """Creates the indexes (unique ones refuse duplicates, as in a store)."""
        for name, keys, unique in indexes:
            self.documents.create_index(keys, name=name, unique=unique)

    async def drop_indexes(self, names: Sequence[str]) -> None:
        """Drops the named indexes that exist."""
        existing = self.documents.index_information()
        for name in names:
            if name in existing:
                self.documents.drop_index(name)


def memory_database(name: str = "") -> Any:
    """Returns a new, empty in-memory database."""
    return mongomock.MongoClient(tz_aware=True)[name or f"memory_{uuid.uuid4().hex[:8]}"]


def _copy(document: Document | None) -> Document | None:
    return dict(document) if document is not None else None


def _projection(fields: Fields) -> dict[str, int] | None:
    return dict(fields) if fields else None
