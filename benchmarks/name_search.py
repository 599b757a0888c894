"""What one page of a name search reads from the store, for few and for many matches.

    uv run python -m benchmarks.name_search                     # 30, 300, 3,000 matches
    uv run python -m benchmarks.name_search --matches 30 3000 30000 --limit 50

Issue 19: the name search read every bucket marker of its key (one per 10 matches), so a
common name cost more store work as the country grew. Against the store of ``MONGODB_URL`` (a
fresh database, dropped at the end), for each count puts that many workers of one name in
intake's name index through ``NameIndex.register`` (the registration's own write path; the
worker documents are inserted directly, without Kafka), then reads the first page and the
next one through ``NameIndex.search``, as ``GET /workers?name=`` does. Prints, per page, the
commands sent, the documents the store returned, and the milliseconds taken (the best of five),
beside the plain search (one filtered, sorted query: what a database not yet indexed reads).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient, monitoring

from benchmarks.common import load_average, table
from services.intake import store
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from shared.store import Document

MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
PROVINCE = "01"
NAME = ["n", "ng", "ngu", "nguy", "nguye", "nguyen", "v", "va", "van", "a", "an"]


class StoreWork(monitoring.CommandListener):
    """Counts commands sent and documents returned, while on."""

    def __init__(self) -> None:
        self.on = False
        self.commands = 0
        self.documents = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.on:
            self.commands += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if self.on:
            cursor = event.reply.get("cursor", {})
            self.documents += len(cursor.get("firstBatch", cursor.get("nextBatch", [])))

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def fill(index: store.NameIndex, matches: int, start: datetime) -> None:
    """Registers ``matches`` workers of one name, one second apart, in batches."""
    workers = index.workers
    for first in range(0, matches, 500):
        batch: list[Document] = []
        for n in range(first, min(matches, first + 500)):
            fields = await index.register(NAME, PROVINCE)
            batch.append({
                "_id": str(uuid.uuid4()), "registered_at": start + timedelta(seconds=n),
                "status": "registered", "name_prefixes": NAME,
                "locality": {"province_code": PROVINCE}, **fields,
            })  # fmt: skip
        await workers.insert_all_new(batch)


async def measure(
    work: StoreWork,
    read: Callable[[], Awaitable[tuple[list[Document], str | None]]],
    runs: int = 5,
) -> tuple[int, int, float, str | None]:
    """(commands, documents, best ms, next cursor) of a search page."""
    best = float("inf")
    cursor: str | None = None
    for _ in range(runs):
        work.on, work.commands, work.documents = True, 0, 0
        began = time.perf_counter()
        _, cursor = await read()
        best = min(best, (time.perf_counter() - began) * 1000)
        work.on = False
    return work.commands, work.documents, best, cursor


def page_of(
    index: store.NameIndex, query: Document, cursor: str | None, limit: int
) -> Callable[[], Awaitable[tuple[list[Document], str | None]]]:
    """Reads a page of the name search for "nguyen" after ``cursor``."""
    return functools.partial(index.search, query, ["nguyen"], None, cursor, limit)


async def main(counts: Sequence[int], limit: int) -> None:
    work = StoreWork()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        MONGO, tz_aware=True, event_listeners=[work]
    )
    rows: list[list[object]] = []
    try:
        for matches in counts:
            name = f"bench_names_{uuid.uuid4().hex[:8]}"
            database = client[name]
            try:
                on = open_store(database, kind_of(database))
                await store.prepare(on)
                index = store.NameIndex(on)
                await fill(index, matches, datetime(2026, 1, 1, tzinfo=UTC))
                query = store.worker_filter(name_terms=["nguyen"])
                reader = store.NameIndex(on)  # a process that did not write them
                first = await measure(work, page_of(reader, query, None, limit))
                second = await measure(work, page_of(reader, query, first[3], limit))
                plain = functools.partial(
                    store.list_workers, on.collection(store.WORKERS), query, None, limit
                )
                linear = await measure(work, plain)
                rows.append([
                    f"{matches:,}", *first[:2], f"{first[2]:.1f}", *second[:2],
                    f"{second[2]:.1f}", f"{linear[2]:.1f}",
                ])  # fmt: skip
            finally:
                await client.drop_database(name)
    finally:
        await client.close()
    print(
        table(
            [
                "matches",
                "page 1: commands",
                "page 1: documents",
                "page 1: ms",
                "page 2: commands",
                "page 2: documents",
                "page 2: ms",
                "plain search, page 1: ms",
            ],
            rows,
        )
    )
    print(f"\nlimit {limit}, {store.PAGE_SIZE} workers a page; load average {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, nargs="+", default=[30, 300, 3000])
    parser.add_argument("--limit", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.matches, arguments.limit))
