"""The ports of the persistence seam: what repositories and use cases depend on.

A ``Collection`` is a set of documents with an ``_id``, queried in MongoDB's filter language.
Its one write primitive for a document that changes is ``advance``: write an update if, and
only if, the document is still at the version the writer read. Every adapter makes it atomic
across processes, without a lock in memory; an insert of a new ``_id`` is atomic everywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

Document = dict[str, Any]
Filter = Mapping[str, Any]
Fields = Mapping[str, int] | None
"""A projection: ``{"field": 1}`` keeps fields, ``{"field": 0}`` drops them; None keeps all."""
SortKey = Sequence[tuple[str, int]]
IndexSpec = tuple[str, list[tuple[str, int]], bool]
"""(name, keys, unique)."""
ASCENDING = 1
ADAPTER_FIELDS = frozenset({"write_marks"})
"""Fields the adapters keep in documents for themselves: no writer sets or removes them."""
DESCENDING = -1


class StoreKind(StrEnum):
    """Which adapter serves the store: chosen once, from a setting, never probed."""

    MONGODB = "mongodb"
    FERRETDB = "ferretdb"
    MEMORY = "memory"


@dataclass(frozen=True)
class Update:
    """What a write changes in one document: fields set, fields removed, values appended,
    fields raised to at least a value, numbers added to."""

    set: Mapping[str, Any] = field(default_factory=dict)
    unset: Iterable[str] = ()
    push: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    max: Mapping[str, Any] = field(default_factory=dict)
    inc: Mapping[str, int] = field(default_factory=dict)
    bookkeeping: bool = False
    """Only bookkeeping (the relay's marks): written from the version read, like any other
    write, but leaves the version as it is, so a writer that read the same version still wins."""

    def as_mongo(self, version: int | None = None) -> Document:
        """Returns the update in MongoDB's operator form; with ``version``, it also moves the
        document to ``version + 1`` (unless it is bookkeeping)."""
        changes = dict(self.set)
        removed = list(self.unset)
        if version is not None:
            # The write primitive owns the version: a field set here is replaced by it.
            others = [*removed, *self.push, *self.max, *self.inc]
            if "version" in others or (self.bookkeeping and "version" in changes):
                raise ValueError("the update changes the version, which the write owns")
        if version is not None and not self.bookkeeping:
            changes["version"] = version + 1
        operators: Document = {}
        if changes:
            operators["$set"] = changes
        unset = {name: "" for name in removed if name not in changes}
        if unset:
            operators["$unset"] = unset
        push = {name: {"$each": list(values)} for name, values in self.push.items() if values}
        if push:
            operators["$push"] = push
        if self.max:
            operators["$max"] = dict(self.max)
        if self.inc:
            operators["$inc"] = dict(self.inc)
        _check_paths(operators)
        return operators


def _check_paths(operators: Document) -> None:
    """Raises ValueError for an update a store would refuse (nothing changed, a field changed
    twice or with a field inside it); the in-memory store would apply it."""
    if not operators:
        raise ValueError("the update changes nothing")
    ordered = sorted(path for changes in operators.values() for path in changes)
    for before, after in itertools.pairwise(ordered):
        if after == before or after.startswith(before + "."):
            raise ValueError(f"the update changes {before!r} twice, or a field inside it")


@dataclass(frozen=True)
class Advance:
    """One document's conditional write in a batch: ``update`` applies if the document is at
    ``version``; ``document`` (with ``version`` None) is inserted as a new document instead."""

    doc_id: str
    version: int | None
    update: Update = field(default_factory=Update)
    document: Document | None = None
    expect: Mapping[str, Any] = field(default_factory=dict)
    """Further fields the document must hold for the update to apply (equalities)."""


def check_batch(writes: Sequence[Advance]) -> None:
    """Raises ValueError, before anything is written, if a batch names a document twice (its
    writes would race each other, and the outcome could not tell them apart) or holds an
    update without the version it read."""
    seen: set[Any] = set()
    for write in writes:
        if write.doc_id in seen:
            raise ValueError(f"a batch names the document {write.doc_id!r} twice")
        if write.document is None:
            if write.version is None:
                raise ValueError(f"the update of {write.doc_id!r} names no version it read")
            write.update.as_mongo(write.version)  # raises for an update a store refuses
        seen.add(write.doc_id)


@dataclass
class BatchOutcome:
    """What a batch of writes did: which documents it wrote, which lost a race, and which the
    store or the encoder refused for their content (doc id: the error)."""

    written: set[str] = field(default_factory=set)
    lost: set[str] = field(default_factory=set)
    refused: dict[str, Exception] = field(default_factory=dict)


class Collection(Protocol):
    """A collection of documents, as the seam offers it to repositories."""

    @property
    def name(self) -> str:
        """The collection's name."""
        ...

    async def get(self, doc_id: Any, fields: Fields = None) -> Document | None:
        """Returns the document with this id, or None."""
        ...

    async def get_many(self, ids: Sequence[Any], fields: Fields = None) -> list[Document]:
        """Returns the documents with these ids that exist, each once, in no set order."""
        ...

    async def find_one(self, where: Filter, fields: Fields = None) -> Document | None:
        """Returns one document matching the filter, or None."""
        ...

    async def find(
        self,
        where: Filter,
        fields: Fields = None,
        sort: SortKey = (),
        skip: int = 0,
        limit: int = 0,
    ) -> list[Document]:
        """Returns the documents matching the filter (limit 0: all of them)."""
        ...

    def scan(
        self, where: Filter, fields: Fields = None, sort: SortKey = (), batch_size: int = 500
    ) -> AsyncIterator[Document]:
        """Yields the documents matching the filter, read in batches (for long reads)."""
        ...

    async def aggregate(self, pipeline: Sequence[Document]) -> list[Document]:
        """Returns the result of a read-only aggregation pipeline."""
        ...

    async def count(self, where: Filter) -> int:
        """Returns how many documents match the filter."""
        ...

    async def count_by(self, key: str, where: Filter) -> dict[Any, int]:
        """Returns, for each value of ``key`` among the matching documents, how many hold it."""
        ...

    async def insert(self, document: Document) -> None:
        """Inserts a new document; raises ``AlreadyStoredError`` if its id or a unique key is
        taken."""
        ...

    async def insert_new(self, document: Document) -> bool:
        """Inserts a new document; returns False, writing nothing, if its id or a unique key
        is taken."""
        ...

    async def insert_all_new(self, documents: Sequence[Document]) -> set[Any]:
        """Inserts new documents, each on its own; returns the ids of those already taken."""
        ...

    async def advance(self, doc_id: Any, version: int, update: Update) -> bool:
        """Applies ``update`` and moves the document to ``version + 1`` if it is still at
        ``version``; returns False, writing nothing, if another writer moved it first. Raises
        ``AlreadyStoredError``, writing nothing, if the update would give a unique key a
        second holder."""
        ...

    async def advance_many(self, writes: Sequence[Advance]) -> BatchOutcome:
        """Applies a batch of ``advance`` writes and inserts, each on its own."""
        ...

    async def put(self, doc_id: Any, update: Update, upsert: bool = False) -> bool:
        """Applies ``update`` without a version check; returns whether a document matched (or
        was created). Only for documents one writer owns."""
        ...

    async def put_many(self, puts: Sequence[tuple[Any, Update]]) -> int:
        """Applies each ``put`` (document id, update) without a version check, each on its own,
        in as few commands as the store allows; returns how many documents matched. Only for
        documents one writer owns, or hints."""
        ...

    async def delete(self, doc_id: Any, where: Filter | None = None) -> bool:
        """Deletes the document (if it also matches ``where``); returns whether it did. Of two
        concurrent deletes of one document, exactly one returns True."""
        ...

    async def delete_where(self, where: Filter) -> int:
        """Deletes every document matching the filter; returns how many."""
        ...

    async def ensure_indexes(self, indexes: Sequence[IndexSpec]) -> None:
        """Creates the indexes that do not exist yet."""
        ...

    async def drop_indexes(self, names: Sequence[str]) -> None:
        """Drops the named indexes that exist (an index a new one replaces)."""
        ...
