"""One process of a cross-process race on the write primitive (run by test_seam_breaks).

``python -m tests.persistence.racer <store url> <database> <adapter> <rounds> <name>`` adds
one, ``rounds`` times, to a counter with ``advance`` and to each of a few documents with
``advance_many``, and marks each document as a relay would, between the two.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from pymongo import AsyncMongoClient

from shared.persistence import Advance, Collection, Update
from shared.persistence.ferretdb import FerretCollection
from shared.persistence.mongodb import MongoCollection

BATCH_IDS = [f"b{n}" for n in range(8)]


async def add_one(things: Collection) -> None:
    """Adds one to the counter, from the version read, until it wins."""
    while True:
        current = await things.get("counter")
        assert current is not None
        update = Update(set={"value": current["value"] + 1})
        if await things.advance("counter", current["version"], update):
            return
        await asyncio.sleep(0.001)


async def add_one_to_each(things: Collection, name: str, round_: int) -> None:
    """Adds one to each batch document, and marks it as a relay would, until all are won."""
    pending = set(BATCH_IDS)
    while pending:
        current = {d["_id"]: d for d in await things.get_many(sorted(pending))}
        outcome = await things.advance_many(
            [
                Advance(i, current[i]["version"], Update(set={"value": current[i]["value"] + 1}))
                for i in sorted(pending)
            ]
        )
        assert not outcome.refused, outcome.refused
        pending -= outcome.written
        await mark(things, sorted(outcome.written), name, round_)
        await asyncio.sleep(0.001)


async def mark(things: Collection, ids: list[str], name: str, round_: int) -> None:
    """Records, as bookkeeping, that this process wrote these documents in this round."""
    unmarked = set(ids)
    while unmarked:
        current = {d["_id"]: d["version"] for d in await things.get_many(sorted(unmarked))}
        seen = Update(max={f"seen.{name}": round_}, bookkeeping=True)
        outcome = await things.advance_many(
            [Advance(i, current[i], seen) for i in sorted(unmarked)]
        )
        assert not outcome.refused, outcome.refused
        unmarked -= outcome.written
        await asyncio.sleep(0.001)


async def main(url: str, database: str, adapter: str, rounds: int, name: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, tz_aware=True)
    kind = FerretCollection if adapter == "ferretdb" else MongoCollection
    things = kind(client[database]["things"])
    try:
        for round_ in range(1, rounds + 1):
            await asyncio.gather(add_one(things), add_one_to_each(things, name, round_))
    finally:
        await client.close()


if __name__ == "__main__":
    url, database, adapter, rounds, name = sys.argv[1:6]
    asyncio.run(main(url, database, adapter, int(rounds), name))
