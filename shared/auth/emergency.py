"""Emergency ("break the glass") access: grants capped in length and number, revocable."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.auth.principal import Principal
from shared.store import Document, ensure_indexes

VIETNAM = timezone(timedelta(hours=7))


class TooManyGrantsError(Exception):
    """The officer has opened as many emergency accesses today as the setting allows."""


async def prepare_grants(collection: AsyncCollection[Document]) -> None:
    await ensure_indexes(
        collection,
        [
            ("by_day", [("subject", ASCENDING), ("day", ASCENDING)], False),
            ("by_worker", [("subject", ASCENDING), ("worker_id", ASCENDING)], False),
            ("by_time", [("granted_at", DESCENDING)], False),
        ],
    )


class EmergencyGrants:
    """The service's emergency grants: opened, checked, listed and revoked."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        service: str,
        per_day: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.collection = collection
        self.service = service
        self.per_day = per_day
        self.clock = clock

    async def open(
        self, principal: Principal, worker_id: str, reason: str, minutes: int
    ) -> Document:
        """Stores a grant in the officer's next free slot of the day (Vietnam's date).

        Raises ``TooManyGrantsError`` when every slot of the day is taken; revoked grants keep
        their slot.
        """
        now = self.clock()
        grant: Document = {
            "subject": principal.subject,
            "role": principal.role.value,
            "worker_id": worker_id,
            "reason": reason,
            "granted_at": now,
            "expires_at": now + timedelta(minutes=minutes),
            "revoked_at": None,
            "revoked_by": None,
            "service": self.service,
            "day": now.astimezone(VIETNAM).date().isoformat(),
        }
        taken = await self.collection.count_documents(
            {"subject": principal.subject, "day": grant["day"]}
        )
        for slot in range(taken + 1, self.per_day + 1):
            # the id is the officer's day and slot: inserting it claims the slot, atomically
            document = {**grant, "_id": _slot_id(principal.subject, grant["day"], slot)}
            try:
                await self.collection.insert_one(document)
            except DuplicateKeyError:
                continue  # another request of the same officer took this slot first
            return document
        raise TooManyGrantsError(f"at most {self.per_day} emergency accesses a day")

    async def is_open(self, principal: Principal, worker_id: str) -> bool:
        """Whether the caller holds an unexpired, unrevoked grant for the worker."""
        grant = await self.collection.find_one(
            {
                "subject": principal.subject,
                "worker_id": worker_id,
                "revoked_at": None,
                "expires_at": {"$gt": self.clock()},
            },
            {"_id": 1},
        )
        return grant is not None

    async def revoke(
        self, grant_id: str, principal: Principal, any_holder: bool
    ) -> Document | None:
        """Ends a grant now; None if there is none the caller may revoke (their own, or any)."""
        query: dict[str, Any] = {"_id": grant_id}
        if not any_holder:
            query["subject"] = principal.subject
        grant = await self.collection.find_one(query)
        if grant is None:
            return None
        if grant.get("revoked_at") is None:
            now = self.clock()
            change = {"revoked_at": now, "revoked_by": principal.subject}
            await self.collection.update_one({"_id": grant_id}, {"$set": change})
            grant.update(change)
        return grant


def _slot_id(subject: str, day: str, slot: int) -> str:
    return hashlib.sha256(f"{subject}\0{day}\0{slot}".encode()).hexdigest()[:32]
