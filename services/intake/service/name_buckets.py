"""A name search whose work is bounded by the page, on a store that sorts in memory.

FerretDB v1 decodes every document its filter matches and sorts them in Go (~0.45 ms of CPU a
worker), so "the newest 20 named Nguyễn" cost as much as all of them. Here each worker carries,
for every name key (``<scope>|<prefix>``: the nation, ``*``, and its province, ``p<code>``),
the id of a time bucket of at most ``BUCKET_SIZE`` workers registered one after another. A
search reads the key's bucket markers (tiny documents), then the buckets newest first, each an
equality FerretDB hands to PostgreSQL, and stops once more than a page of the workers it holds
registered after the last bucket it read opened: about a page and a bucket of workers decoded
(~25 for a page of 20), whatever the number of matches. Every worker of a bucket registered
before the key's next bucket opened, because this process hands buckets out in the order of the
registrations' clock (read with no await between). That holds for one intake process per
store, as FerretDB's deployments run (docs/decisions.md); MongoDB, which may run several,
keeps the plain search, bounded there by its own indexes.

A correction that gives a worker a new key (a new name or province) puts it in that key's
"late" bucket, which every search reads beside the walk. Databases that held workers before
this layout keep the plain search (``layout`` marker).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.intake.store import SEARCH_BUCKETS
from shared.store import DUPLICATE_KEY, Document, is_ferretdb

LAYOUT_ID = "layout"
BUCKET_SIZE = 10
MIN_TERM = 2
LATE = "late"
NATION = "*"
LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


def search_keys(prefixes: Iterable[str], province_code: str) -> list[str]:
    """The name keys a worker is found by: each prefix of two letters or more, nation-wide
    and in its province."""
    terms = [term for term in prefixes if len(term) >= MIN_TERM]
    return [f"{NATION}|{t}" for t in terms] + [f"p{province_code}|{t}" for t in terms]


def key_of(term: str, province_code: str | None) -> str | None:
    """The key a search for ``term`` reads, or None if the term is too short for one."""
    if len(term) < MIN_TERM:
        return None
    return f"p{province_code}|{term}" if province_code else f"{NATION}|{term}"


def key_of_bucket(bucket_id: str) -> str:
    scope, term, _ = bucket_id.split("|", 2)
    return f"{scope}|{term}"


@dataclass
class _Open:
    bucket_id: str
    stored: asyncio.Future[None]
    """Done once the bucket's marker is stored: a worker joining it waits for that."""
    members: int = 0


@dataclass(frozen=True)
class Placement:
    """A worker's buckets, the markers of those it opened, and the markers it waits for."""

    bucket_ids: list[str]
    opened: list[tuple[Document, asyncio.Future[None]]]
    waits: list[asyncio.Future[None]]


class MarkerNotStoredError(RuntimeError):
    """The marker of a bucket a worker joined could not be stored."""


class NameBuckets:
    """Hands out each name key's open bucket, opening a new one every ``size`` workers."""

    def __init__(self, database: AsyncDatabase[Document], size: int = BUCKET_SIZE) -> None:
        self.database = database
        self.markers = database[SEARCH_BUCKETS]
        self.size = size
        self._open: dict[str, _Open] = {}
        self._process = uuid.uuid4().hex[:8]
        self._enabled: bool | None = None

    async def enabled(self, workers_collection: str) -> bool:
        """Whether this database uses the layout: on FerretDB, if it held no worker when first
        asked (remembered in a marker); databases with older workers keep the plain search."""
        if self._enabled is None:
            if not await is_ferretdb(self.database):
                self._enabled = False
            elif await self.markers.find_one({"_id": LAYOUT_ID}, {"_id": 1}) is not None:
                self._enabled = True
            elif await self.database[workers_collection].find_one({}, {"_id": 1}) is None:
                with contextlib.suppress(DuplicateKeyError):
                    await self.markers.insert_one({"_id": LAYOUT_ID, "since": datetime.now(UTC)})
                self._enabled = True
            else:
                self._enabled = False
        return self._enabled

    def assign(self, keys: Sequence[str], now: datetime) -> Placement:
        """The bucket of each key for a worker registered at ``now``. Synchronous: call it
        where ``now`` was read, with no await between, so buckets follow the order of the
        registrations' clock; then ``place`` the result before storing the worker."""
        loop = asyncio.get_running_loop()
        stamp = f"{now:%Y%m%dT%H%M%S%f}"
        ids: list[str] = []
        opened: list[tuple[Document, asyncio.Future[None]]] = []
        waits: list[asyncio.Future[None]] = []
        for key in keys:
            bucket = self._open.get(key)
            if bucket is None or bucket.members >= self.size:
                bucket = _Open(f"{key}|{stamp}|{self._process}", loop.create_future())
                self._open[key] = bucket
                marker = {"_id": bucket.bucket_id, "key": key, "opened": now}
                opened.append((marker, bucket.stored))
            elif not bucket.stored.done():
                waits.append(bucket.stored)
            bucket.members += 1
            ids.append(bucket.bucket_id)
        return Placement(ids, opened, waits)

    async def place(self, placement: Placement) -> None:
        """Stores the markers of the buckets the worker opened and waits for those of the
        buckets it joined, so no stored worker names a bucket without a marker. A marker that
        could not be stored closes its bucket and fails every registration in it."""
        if placement.opened:
            try:
                await self.record([marker for marker, _ in placement.opened])
            except BaseException:
                for marker, stored in placement.opened:
                    bucket = self._open.get(marker["key"])
                    if bucket is not None and bucket.bucket_id == marker["_id"]:
                        del self._open[marker["key"]]
                    if not stored.done():
                        stored.set_exception(MarkerNotStoredError(marker["key"]))
                        stored.exception()  # retrieved: its waiters, if any, raise it
                raise
            for _, stored in placement.opened:
                if not stored.done():
                    stored.set_result(None)
        for stored in placement.waits:
            await asyncio.shield(stored)

    async def record(self, markers: Sequence[Document]) -> None:
        """Stores bucket markers (before the workers that name them); a marker already there
        is kept."""
        if not markers:
            return
        try:
            await self.markers.insert_many(list(markers), ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors) or not errors:
                raise

    async def late(self, keys: Iterable[str]) -> list[str]:
        """The late buckets of keys a corrected worker gained (markers stored)."""
        ids = [f"{key}|{LATE}" for key in keys]
        await self.record([{"_id": i, "key": key_of_bucket(i), "opened": LONG_AGO} for i in ids])
        return ids

    async def buckets(self, key: str) -> tuple[list[tuple[datetime, str]], str | None]:
        """The key's buckets, newest first, as (opened, id), and its late bucket if any."""
        found = await self.markers.find({"key": key}, {"opened": 1}).to_list(None)
        late = next((m["_id"] for m in found if m["_id"].endswith(f"|{LATE}")), None)
        walk = sorted(
            ((m["opened"], m["_id"]) for m in found if m["_id"] != late),
            reverse=True,
        )
        return walk, late


def corrected_buckets(
    before: Sequence[str], old_keys: Sequence[str], new_keys: Sequence[str]
) -> tuple[list[str], list[str]]:
    """A corrected worker's buckets for the keys it keeps, and the keys it gained."""
    kept = {key_of_bucket(b): b for b in before}
    keep = [kept[k] for k in new_keys if k in kept and k in old_keys]
    gained = [k for k in new_keys if k not in kept]
    return keep, gained
