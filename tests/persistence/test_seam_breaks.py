"""Attacks on the persistence seam: batches a careless caller or a race can produce."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import AutoReconnect

from shared.persistence import Advance, Collection, Update
from shared.persistence.ferretdb import VERSION_CLAIMS, FerretCollection
from shared.persistence.memory import MemoryCollection, memory_database
from shared.persistence.mongodb import MongoCollection
from tests.persistence.racer import BATCH_IDS
from tests.persistence.test_contract import ADAPTERS
from tests.support.infrastructure import ROOT

STORES = [a for a in ADAPTERS if a != "memory"]


@pytest.fixture(params=ADAPTERS)
async def pair(
    request: pytest.FixtureRequest, mongodb_url: str, unique: str
) -> AsyncIterator[list[Collection]]:
    if request.param == "memory":
        documents = memory_database(unique)["things"]
        yield [MemoryCollection(documents), MemoryCollection(documents)]
        return
    clients: list[AsyncMongoClient[dict[str, Any]]] = [
        AsyncMongoClient(mongodb_url, tz_aware=True) for _ in range(2)
    ]
    adapter = FerretCollection if request.param == "ferretdb" else MongoCollection
    try:
        yield [adapter(client[unique]["things"]) for client in clients]
    finally:
        for client in clients:
            await client.close()


@pytest.mark.parametrize("adapter", STORES)
async def test_a_batch_refused_for_a_nul_reports_the_others_written(
    adapter: str, mongodb_url: str, unique: str
) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    kind = FerretCollection if adapter == "ferretdb" else MongoCollection
    things = kind(client[unique]["things"])
    try:
        for n in range(4):
            await things.insert({"_id": f"v{n}", "version": 1, "a": 0})
        outcome = await things.advance_many(
            [
                Advance("n0", None, document={"_id": "n0", "version": 1}),
                Advance("v0", 1, Update(set={"a": 1})),
                Advance("v1", 1, Update(set={"a": "bad\x00nul"})),
                Advance("n1", None, document={"_id": "n1", "version": 1, "a": "x\x00"}),
                Advance("n2", None, document={"_id": "n2", "version": 1}),
                Advance("v2", 1, Update(set={"a": 1})),
                Advance("v3", 1, Update(set={"a": 1})),
            ]
        )
        stored = {d["_id"]: d for d in await things.find({})}
        written = {i for i, d in stored.items() if d["version"] == 2 or i.startswith("n")}
        assert outcome.written == written, (outcome, stored)
        assert outcome.lost == set()
        assert set(outcome.refused) == {"v0", "v1", "v2", "v3", "n0", "n1", "n2"} - written
        assert await client[unique][VERSION_CLAIMS].count_documents({}) == 0
    finally:
        await client.close()


async def test_a_write_overwritten_at_once_by_a_later_batch_is_still_reported_written(
    pair: list[Collection],
) -> None:
    """Writer 0 wins d at version 1; before it checks which of its writes won, writer 1
    (a relay's mark, say) writes d again: writer 0 must not report its write lost."""
    first, second = pair
    await first.insert({"_id": "d", "version": 1, "n": 0})
    await first.insert({"_id": "e", "version": 5, "n": 0})
    original = first.get_many

    # Another process's batches (on FerretDB they claim versions 3 and 4, which writer 0
    # does not hold; this process's document lock is left out, as it would be there).
    other = MongoCollection(second.driver) if isinstance(second, MongoCollection) else second

    later: list[int] = []  # in memory no batch reads back: nothing comes in between

    async def get_many_after_a_mark(ids: Any, fields: Any = None) -> list[dict[str, Any]]:
        later.append(2)
        mark = Update(set={"marked": True}, bookkeeping=True)
        await other.advance_many([Advance("d", 2, mark)])
        await other.advance_many([Advance("d", 2, Update(set={"n": 2}))])
        return await original(ids, fields)

    first.get_many = get_many_after_a_mark  # type: ignore[method-assign]
    outcome = await first.advance_many(
        [Advance("d", 1, Update(set={"n": 1})), Advance("e", 1, Update(set={"n": 1}))]
    )

    assert outcome.written == {"d"}
    assert outcome.lost == {"e"}
    assert (await first.get("d") or {}).get("n") == (later or [1])[0]


async def test_a_batch_naming_a_document_twice_is_refused_before_writing(
    pair: list[Collection],
) -> None:
    things = pair[0]
    await things.insert({"_id": "d", "version": 1, "n": 0})
    with pytest.raises(ValueError, match="twice"):
        await things.advance_many(
            [Advance("d", 1, Update(inc={"n": 1})), Advance("d", 1, Update(inc={"n": 1}))]
        )
    assert await things.get("d") == {"_id": "d", "version": 1, "n": 0}


async def test_a_batch_update_taking_a_unique_key_is_refused_not_lost(
    pair: list[Collection],
) -> None:
    things = pair[0]
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])
    await things.insert({"_id": "a", "version": 1, "code": "X"})
    await things.insert({"_id": "b", "version": 1, "code": "Y"})
    await things.insert({"_id": "c", "version": 1, "code": "Z"})

    outcome = await things.advance_many(
        [Advance("b", 1, Update(set={"code": "X"})), Advance("c", 1, Update(set={"n": 1}))]
    )

    assert outcome.written == {"c"}
    assert outcome.lost == set()
    assert set(outcome.refused) == {"b"}
    assert (await things.get("b") or {}).get("code") == "Y"


async def test_claims_made_before_an_outage_in_the_middle_of_a_batch_are_taken_over_at_once(
    mongodb_url: str, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store goes away while a batch settles a claim another writer holds: the claims the
    batch already made must not block its own retry until they go stale."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = FerretCollection(client[unique]["things"])
    try:
        for doc_id in ("d0", "d1"):
            await things.insert({"_id": doc_id, "version": 1, "n": 0})
        held = {"_id": "things/d1#2", "at": datetime.now(UTC), "by": "another writer"}
        await client[unique][VERSION_CLAIMS].insert_one(held)

        async def outage(*_: Any) -> bool:
            raise AutoReconnect("the store went away")

        with monkeypatch.context() as patch:
            patch.setattr(things, "_claim", outage)
            with pytest.raises(AutoReconnect):
                await things.advance_many(
                    [Advance("d0", 1, Update(set={"n": 1})), Advance("d1", 1, Update(set={"n": 1}))]
                )

        outcome = await things.advance_many([Advance("d0", 1, Update(set={"n": 1}))])
        assert outcome.written == {"d0"}
        assert (await things.get("d0") or {}).get("n") == 1
    finally:
        await client.close()


@pytest.mark.parametrize("adapter", STORES)
async def test_writers_in_separate_processes_lose_no_write(
    adapter: str, mongodb_url: str, unique: str
) -> None:
    """No lock in one process serialises these writers: only the write primitive does."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = MongoCollection(client[unique]["things"])
    processes, rounds = 3, 12
    try:
        await things.insert({"_id": "counter", "version": 1, "value": 0})
        for doc_id in BATCH_IDS:
            await things.insert({"_id": doc_id, "version": 1, "value": 0})
        racers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.persistence.racer",
                mongodb_url,
                unique,
                adapter,
                str(rounds),
                f"p{n}",
                cwd=ROOT,
            )
            for n in range(processes)
        ]
        codes = await asyncio.wait_for(asyncio.gather(*(r.wait() for r in racers)), 240)

        assert codes == [0] * processes
        total = processes * rounds
        counter = await things.get("counter")
        assert counter is not None
        assert (counter["value"], counter["version"]) == (total, total + 1)
        for document in await things.get_many(BATCH_IDS):
            assert (document["value"], document["version"]) == (total, total + 1)
            assert document["seen"] == {f"p{n}": rounds for n in range(processes)}
        assert await client[unique][VERSION_CLAIMS].count_documents({}) == 0
    finally:
        await client.close()


@pytest.mark.parametrize(
    "update",
    [
        Update(inc={"version": 5}),
        Update(max={"version": 50}),
        Update(set={"version": 9}, bookkeeping=True),
        Update(set={"a.b": 1}, unset=["a"]),
        Update(set={"log": []}, push={"log": [1]}),
        Update(max={"n": 1}, inc={"n": 1}),
        Update(bookkeeping=True),
    ],
    ids=["inc-version", "max-version", "bookkeeping-version", "parent", "twice", "max-inc", "none"],
)
async def test_an_update_a_store_refuses_is_refused_by_every_adapter(
    pair: list[Collection], update: Update
) -> None:
    """The in-memory store applied these (moving the version at will): a use case tested on
    it would fail on the store."""
    things = pair[0]
    await things.insert({"_id": "d", "version": 1, "n": 0, "log": [0]})

    with pytest.raises(ValueError, match=r"version|twice|nothing"):
        await things.advance("d", 1, update)
    with pytest.raises(ValueError, match=r"version|twice|nothing"):
        await things.advance_many([Advance("d", 1, update)])
    assert await things.get("d", {"write_marks": 0}) == {
        "_id": "d",
        "version": 1,
        "n": 0,
        "log": [0],
    }
