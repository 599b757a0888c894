"""The store a service opens once at start-up, with the adapter its setting names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.ferretdb import FerretCollection
from shared.persistence.kinds import kind_of, register
from shared.persistence.mongodb import MongoCollection
from shared.persistence.ports import Collection, Document, StoreKind


@dataclass
class Store:
    """One database, served by the adapter of its kind."""

    kind: StoreKind
    database: Any  # AsyncDatabase for the stores, a mongomock database in memory
    _collections: dict[str, Collection] = field(default_factory=dict)

    def collection(self, name: str) -> Collection:
        """Returns the named collection (the same object each time)."""
        found = self._collections.get(name)
        if found is None:
            found = self._collections[name] = _adapter(self.kind, self.database[name])
        return found

    async def ping(self) -> None:
        """Raises if the store does not answer."""
        if self.kind is not StoreKind.MEMORY:
            await self.database.command("ping")


def open_store(database: AsyncDatabase[Document], kind: StoreKind | str) -> Store:
    """Returns the store on this database, served by the adapter of ``kind``."""
    chosen = StoreKind(kind)
    if chosen is StoreKind.MEMORY:
        raise ValueError("an in-memory store holds no database of a server: use memory_store()")
    register(database.client, chosen)
    return Store(chosen, database)


def memory_store(name: str = "") -> Store:
    """Returns a new, empty store held in memory (for tests: needs the dev dependencies)."""
    from shared.persistence.memory import memory_database

    return Store(StoreKind.MEMORY, memory_database(name))


def _adapter(kind: StoreKind, collection: Any) -> Collection:
    if kind is StoreKind.FERRETDB:
        return FerretCollection(collection)
    if kind is StoreKind.MONGODB:
        return MongoCollection(collection)
    from shared.persistence.memory import MemoryCollection

    return MemoryCollection(collection)


def adapter_for(collection: AsyncCollection[Document]) -> Collection:
    """Returns a driver collection served by the adapter its store was opened with."""
    return _adapter(kind_of(collection.database), collection)
