"""Claims: what only one holder may have, decided by an insert into a unique index.

- ``Slots``: the numbered slots of a group (a course's seats, a job order's positions), each
  held by at most one holder, and at most one slot per holder in a group.
- ``UniqueKeys``: keys each claimed once (certificate numbers, ticket numbers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.persistence.ports import ASCENDING, Collection, Document, IndexSpec


class Slots:
    """The numbered slots of groups: ``<group>#<n>`` for n in 1..capacity, one per holder.

    The three field names are the collection's own (a course's seats say ``course_id``,
    ``enrolment_id`` and ``seat``).
    """

    def __init__(
        self,
        collection: Collection,
        group: str = "group",
        holder: str = "holder",
        number: str = "slot",
    ) -> None:
        self.collection = collection
        self.group_field = group
        self.holder_field = holder
        self.number_field = number

    def indexes(self) -> list[IndexSpec]:
        """The indexes the slots need: by group, and one slot per holder in a group."""
        group, holder = self.group_field, self.holder_field
        return [
            (f"by_{group}", [(group, ASCENDING)], False),
            (f"one_{holder}_per_{group}", [(group, ASCENDING), (holder, ASCENDING)], True),
        ]

    async def prepare(self) -> None:
        """Creates the slots' missing indexes."""
        await self.collection.ensure_indexes(self.indexes())

    async def take(
        self, group: str, capacity: int, holder: str, details: Mapping[str, Any] | None = None
    ) -> Document | None:
        """Takes a free slot for the holder, or returns the one it holds; None when every
        slot is taken."""
        held = await self.held_by(group, holder)
        if held is not None:
            return held
        number = self.number_field
        in_group = await self.collection.find({self.group_field: group}, {number: 1})
        taken = {d[number] for d in in_group}
        for slot in range(1, capacity + 1):
            if slot in taken:
                continue
            claim = {
                **(details or {}),
                "_id": f"{group}#{slot}",
                self.group_field: group,
                number: slot,
                self.holder_field: holder,
            }
            if await self.collection.insert_new(claim):
                return claim
            mine = await self.held_by(group, holder)
            if mine is not None:
                return mine  # a retry of the same request got there first
        return None

    async def held_by(self, group: str, holder: str) -> Document | None:
        """Returns the holder's slot in the group, or None."""
        return await self.collection.find_one({self.group_field: group, self.holder_field: holder})

    async def of_holder(self, holder: str) -> Document | None:
        """Returns the slot a holder holds in any group, or None."""
        return await self.collection.find_one({self.holder_field: holder})

    async def release(self, group: str, holder: str) -> bool:
        """Frees the holder's slot if it holds one; returns whether it did."""
        held = await self.held_by(group, holder)
        if held is None:
            return False
        return await self.collection.delete(held["_id"], {self.holder_field: holder})

    async def holders(self, group: str) -> list[Document]:
        """Returns the group's taken slots, by slot number."""
        return await self.collection.find(
            {self.group_field: group}, sort=[(self.number_field, ASCENDING)]
        )

    async def count(self, group: str) -> int:
        """Returns how many slots of the group are taken."""
        return await self.collection.count({self.group_field: group})

    async def counts(self, groups: Sequence[str]) -> dict[str, int]:
        """Returns how many slots of each group are taken."""
        if not groups:
            return {}
        field = self.group_field
        counts = await self.collection.count_by(field, {field: {"$in": list(groups)}})
        return {group: counts.get(group, 0) for group in groups}


class UniqueKeys:
    """Keys that each belong to one owner: the first to claim a key holds it.

    The owner's field name is the collection's own (a certificate number names its
    ``enrolment_id``, a ticket its ``incident_id``).
    """

    def __init__(self, collection: Collection, owner: str = "owner") -> None:
        self.collection = collection
        self.owner_field = owner

    async def claim(self, key: str, owner: str, details: Mapping[str, Any] | None = None) -> bool:
        """Claims the key for the owner; False if another owner holds it. Claiming again for
        the same owner succeeds (a retried request)."""
        claim = {**(details or {}), "_id": key, self.owner_field: owner}
        if await self.collection.insert_new(claim):
            return True
        return await self.owner_of(key) == owner

    async def owner_of(self, key: str) -> str | None:
        """Returns who holds the key, or None."""
        document = await self.collection.get(key, {self.owner_field: 1})
        return str(document[self.owner_field]) if document else None

    async def key_of(self, owner: str) -> str | None:
        """Returns a key the owner holds, or None."""
        document = await self.collection.find_one({self.owner_field: owner}, {"_id": 1})
        return str(document["_id"]) if document else None

    async def release(self, key: str, owner: str) -> bool:
        """Gives the key back if the owner holds it."""
        return await self.collection.delete(key, {self.owner_field: owner})

    async def release_where(self, where: Mapping[str, Any]) -> int:
        """Gives back every key whose details match ``where``; returns how many."""
        return await self.collection.delete_where(dict(where))
