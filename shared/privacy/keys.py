"""The key store: one data key per worker, wrapped by a master key, in a collection of its own.

A data key's document: ``_id`` the worker id (also the key id events carry), ``wrapped`` and
``master`` (which master key wrapped it). Erasing a worker removes the wrapped key and keeps a
tombstone, so no new key is ever made for them: what was sealed with it cannot be opened again,
wherever it is copied. Opened keys are cached per process for ``cache_s`` seconds, so an erased
key stops opening anything everywhere within that time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.ciphers.aead import AESGCMSIV

from shared.persistence.ports import Collection, Update
from shared.privacy.masters import KEY_BYTES, KeyWrapper, MasterKeyError

DATA_KEYS = "data_keys"
"""The key store's collection, in the database every service shares (``key_store_database``)."""
LOADED_AT_ONCE = 200


@dataclass(frozen=True)
class DataKey:
    """A worker's opened data key."""

    key_id: str
    cipher: AESGCMSIV


class DataKeys:
    """Makes, opens, caches and erases the workers' data keys."""

    def __init__(self, collection: Collection, masters: KeyWrapper, cache_s: float) -> None:
        self.collection = collection
        self.masters = masters
        self.cache_s = cache_s
        self._cache: dict[str, tuple[DataKey | None, float]] = {}

    def _keep(self, key_id: str, key: DataKey | None) -> None:
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[key_id] = (key, time.monotonic() + self.cache_s)

    def _open(self, document: dict[str, object]) -> DataKey | None:
        owner = str(document["_id"])
        wrapped, master = document.get("wrapped"), document.get("master")
        if not isinstance(wrapped, bytes) or not isinstance(master, str):
            return None  # erased
        return DataKey(owner, AESGCMSIV(self.masters.unwrap(master, wrapped, owner)))

    async def load(self, key_ids: Iterable[str]) -> dict[str, DataKey | None]:
        """Opens the keys (those not cached in a few reads), so opening a batch's events
        needs no I/O; None for an erased or unknown key."""
        now = time.monotonic()
        opened: dict[str, DataKey | None] = {}
        wanted = []
        for key_id in set(key_ids):
            found = self._cache.get(key_id)
            if found is not None and found[1] >= now:
                opened[key_id] = found[0]
            else:
                wanted.append(key_id)
        for start in range(0, len(wanted), LOADED_AT_ONCE):
            chunk = wanted[start : start + LOADED_AT_ONCE]
            found_documents = {d["_id"]: d for d in await self.collection.get_many(chunk)}
            for key_id in chunk:
                document = found_documents.get(key_id)
                key = None if document is None else self._open(document)
                self._keep(key_id, key)
                opened[key_id] = key
        return opened

    async def make_new(self, owners: Iterable[str]) -> None:
        """Makes the keys of owners likely new (their registrations) in one insert, and keeps
        them opened, so ``key_for`` finds them; a key or tombstone already stored refuses its
        new one, and is read instead."""
        now = time.monotonic()
        fresh = [o for o in dict.fromkeys(owners) if not self._cache.get(o, (None, -1.0))[1] >= now]
        if not fresh:
            return
        made = {}
        for owner in fresh:
            secret = AESGCMSIV.generate_key(bit_length=KEY_BYTES * 8)
            master, wrapped = self.masters.wrap(secret, owner)
            made[owner] = {
                "_id": owner,
                "wrapped": wrapped,
                "master": master,
                "created_at": datetime.now(UTC),
            }
        taken = await self.collection.insert_all_new(list(made.values()))
        stored = {d["_id"]: d for d in await self.collection.get_many(list(taken))} if taken else {}
        for owner, document in made.items():
            kept = stored.get(owner) if owner in taken else document
            self._keep(owner, None if kept is None else self._open(kept))

    async def key_for(self, owner: str, new_owner: bool = False) -> DataKey | None:
        """The owner's data key, made the first time; None once the owner is erased.

        ``new_owner``: the owner is likely new (their registration), so the key is made and
        inserted before any read; a key or tombstone already stored refuses it, and is read."""
        found = self._cache.get(owner)
        if found is not None and found[1] >= time.monotonic():
            return found[0]
        document = None if new_owner else await self.collection.get(owner)
        if document is None:
            secret = AESGCMSIV.generate_key(bit_length=KEY_BYTES * 8)
            master, wrapped = self.masters.wrap(secret, owner)
            made = {
                "_id": owner,
                "wrapped": wrapped,
                "master": master,
                "created_at": datetime.now(UTC),
            }
            if not await self.collection.insert_new(made):
                document = await self.collection.get(owner)  # stored before, or erased
            else:
                document = made
        key = None if document is None else self._open(document)
        self._keep(owner, key)
        return key

    def forget(self, owner: str) -> None:
        """Stops using the owner's key in this process (its erasure was heard)."""
        self._keep(owner, None)

    async def erase(self, owner: str) -> bool:
        """Destroys the owner's data key, keeping a tombstone; returns whether a key existed."""
        had = await self.collection.get(owner)
        await self.collection.put(
            owner,
            Update(set={"erased_at": datetime.now(UTC)}, unset=["wrapped", "master"]),
            upsert=True,
        )
        self._keep(owner, None)
        return had is not None and "wrapped" in had

    async def rewrap(self) -> tuple[int, set[str]]:
        """Re-wraps every data key not wrapped by the current master key; returns how many
        it re-wrapped and the master keys some data key still needs."""
        current, rewrapped, needed = self.masters.current_id, 0, {self.masters.current_id}
        async for document in self.collection.scan({"master": {"$ne": current}}):
            master, wrapped = document.get("master"), document.get("wrapped")
            if not isinstance(master, str) or not isinstance(wrapped, bytes):
                continue
            owner = str(document["_id"])
            try:
                secret = self.masters.unwrap(master, wrapped, owner)
            except MasterKeyError:
                needed.add(master)
                continue
            new_master, new_wrapped = self.masters.wrap(secret, owner)
            update = Update(set={"master": new_master, "wrapped": new_wrapped})
            if not await self.collection.put(owner, update):
                continue  # erased meanwhile
            rewrapped += 1
        async for document in self.collection.scan({"master": {"$ne": current}}, {"master": 1}):
            if isinstance(document.get("master"), str):
                needed.add(document["master"])
        return rewrapped, needed
