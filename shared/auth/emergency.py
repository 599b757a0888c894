"""Emergency ("break the glass") access: grants capped in length and number, revocable."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from shared.auth.principal import Principal
from shared.pages import Pages
from shared.persistence import ASCENDING, DESCENDING, Collection, Document, Update

VIETNAM = timezone(timedelta(hours=7))
REVOKE_ATTEMPTS = 3


class TooManyGrantsError(Exception):
    """The officer has opened as many emergency accesses today as the setting allows."""


async def prepare_grants(collection: Collection) -> None:
    """Creates the grants' missing indexes."""
    await collection.ensure_indexes(
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
        collection: Collection,
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
            "version": 1,
        }
        taken = await self.collection.count({"subject": principal.subject, "day": grant["day"]})
        for slot in range(taken + 1, self.per_day + 1):
            # the id is the officer's day and slot: inserting it claims the slot, atomically
            document = {**grant, "_id": _slot_id(principal.subject, grant["day"], slot)}
            if await self.collection.insert_new(document):
                return document
            # another request of the same officer took this slot first
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
        for _ in range(REVOKE_ATTEMPTS):
            grant = await self.collection.find_one(query)
            if grant is None or grant.get("revoked_at") is not None:
                return grant
            change = {"revoked_at": self.clock(), "revoked_by": principal.subject}
            version = grant.get("version")
            if version is None:  # granted before grants had versions: only revoking writes it
                await self.collection.put(grant_id, Update(set=change))
            elif not await self.collection.advance(grant_id, version, Update(set=change)):
                continue  # revoked by someone else meanwhile: answer with their revocation
            return {**grant, **change, "version": (version or 0) + 1}
        return await self.collection.find_one(query)

    async def listed(self, since: datetime | None, pages: Pages) -> list[Document]:
        """Returns a page of the grants opened since a moment (all if None), newest first."""
        where: dict[str, Any] = {"granted_at": {"$gte": since}} if since else {}
        newest = [("granted_at", DESCENDING), ("_id", DESCENDING)]
        return await pages.find(self.collection, where, newest)


def _slot_id(subject: str, day: str, slot: int) -> str:
    return hashlib.sha256(f"{subject}\0{day}\0{slot}".encode()).hexdigest()[:32]
