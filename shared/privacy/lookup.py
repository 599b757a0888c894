"""Lookup keys: the secrets of keyed hashes (HMAC-SHA256) that find records by a personal
value without keeping the value. Without the key, nobody holding the hashes can test a guess.

One key per purpose (``national_id``: import rows; ``likeness``: duplicate reviews), made on
first use in the key store's ``lookup_keys`` collection by an insert only one writer wins, so
every service and replica hashes with the same key. It is wrapped by the master key as a data
key is (``homeward keys rotate-master`` re-wraps these too). A lookup key is never erased or
replaced: every hash made with it would stop matching.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shared.persistence.ports import Collection
from shared.privacy.masters import KEY_BYTES, KeyWrapper

LOOKUP_KEYS = "lookup_keys"
"""The lookup keys' collection, in the key store's database (``key_store_database``)."""
NATIONAL_ID = "national_id"
LIKENESS = "likeness"


@dataclass(frozen=True)
class KeyedHash:
    """Hashes the values of one purpose with its lookup key: the same value, the same hash."""

    secret: bytes = field(repr=False)

    def __call__(self, value: str) -> str:
        """The value's keyed hash, in hex."""
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()


PROCESS_HASH = KeyedHash(secrets.token_bytes(KEY_BYTES))
"""A keyed hash of this process only, for a store no key store serves (tests in memory):
never a bare hash, and nothing it made outlives the process."""


class LookupKeys:
    """Opens (and makes, the first time) the lookup key of each purpose."""

    def __init__(self, collection: Collection, masters: KeyWrapper) -> None:
        self.collection = collection
        self.masters = masters
        self._opened: dict[str, KeyedHash] = {}

    async def hash_for(self, purpose: str) -> KeyedHash:
        """The keyed hash of a purpose; its key is made if no service made it yet."""
        opened = self._opened.get(purpose)
        if opened is not None:
            return opened
        document = await self.collection.get(purpose)
        if document is None:
            secret = secrets.token_bytes(KEY_BYTES)
            master, wrapped = self.masters.wrap(secret, purpose)
            made = {"_id": purpose, "wrapped": wrapped, "master": master,
                    "created_at": datetime.now(UTC)}  # fmt: skip
            if await self.collection.insert_new(made):
                document = made
            else:  # another service or replica made it first: theirs is the key
                document = await self.collection.get(purpose)
                assert document is not None, "a lookup key is never deleted"
        stored = document["wrapped"]
        assert isinstance(stored, bytes)
        secret = self.masters.unwrap(str(document["master"]), stored, purpose)
        self._opened[purpose] = KeyedHash(secret)
        return self._opened[purpose]
