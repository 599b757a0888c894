"""The persistence seam's contract, run against every adapter this machine has.

- ``memory``: always;
- ``ferretdb``: on the suite's store, whichever it is (version claims are correct on MongoDB
  too, only slower);
- ``mongodb``: when the suite's store is a real MongoDB (``STORE_KIND=mongodb``: a Docker
  engine ran it), since its atomic updates are what the adapter relies on.

Races run through separate store clients, as separate processes would: no lock in memory can
serialise them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import AutoReconnect

from shared.persistence import (
    Advance,
    Aggregates,
    AlreadyStoredError,
    Collection,
    ConcurrentUpdateError,
    Slots,
    UniqueKeys,
    Update,
    retry_on_conflict,
)
from shared.persistence.ferretdb import STALE_CLAIM_S, VERSION_CLAIMS, FerretCollection
from shared.persistence.memory import MemoryCollection, memory_database
from shared.persistence.mongodb import MongoCollection

ADAPTERS = ["memory", "ferretdb"] + (
    ["mongodb"] if os.environ.get("STORE_KIND") == "mongodb" else []
)
WRITERS = 3
"""Separate store clients in a race: each stands for one process."""

OpenCollection = Callable[[], Collection]


@pytest.fixture(params=ADAPTERS)
async def writers(
    request: pytest.FixtureRequest, mongodb_url: str, unique: str
) -> AsyncIterator[list[Collection]]:
    """The same collection seen by ``WRITERS`` writers (one client each) of one adapter."""
    if request.param == "memory":
        documents = memory_database(unique)["things"]
        yield [MemoryCollection(documents) for _ in range(WRITERS)]
        return
    clients: list[AsyncMongoClient[dict[str, Any]]] = [
        AsyncMongoClient(mongodb_url, tz_aware=True) for _ in range(WRITERS)
    ]
    adapter = FerretCollection if request.param == "ferretdb" else MongoCollection
    try:
        yield [adapter(client[unique]["things"]) for client in clients]
    finally:
        for client in clients:
            await client.close()


@pytest.fixture
def things(writers: list[Collection]) -> Collection:
    return writers[0]


async def test_reads_find_what_was_inserted(things: Collection) -> None:
    for n in range(5):
        await things.insert({"_id": f"t{n}", "kind": "odd" if n % 2 else "even", "n": n})

    assert await things.get("t1") == {"_id": "t1", "kind": "odd", "n": 1}
    assert await things.get("missing") is None
    assert await things.get("t1", {"n": 1}) == {"_id": "t1", "n": 1}
    many = await things.get_many(["t3", "t0", "t3", "missing"])
    assert sorted(d["_id"] for d in many) == ["t0", "t3"]
    assert [d["n"] for d in await things.find({"kind": "even"}, sort=[("n", -1)])] == [4, 2, 0]
    assert [d["n"] for d in await things.find({}, sort=[("n", 1)], skip=1, limit=2)] == [1, 2]
    assert await things.count({"kind": "odd"}) == 2
    assert await things.count_by("kind", {}) == {"odd": 2, "even": 3}
    assert [d["n"] async for d in things.scan({"n": {"$gte": 3}}, sort=[("n", 1)])] == [3, 4]
    assert (await things.find_one({"n": 2}) or {}).get("_id") == "t2"


async def test_an_id_is_inserted_once(things: Collection) -> None:
    await things.insert({"_id": "only", "n": 1})

    with pytest.raises(AlreadyStoredError):
        await things.insert({"_id": "only", "n": 2})
    assert await things.insert_new({"_id": "only", "n": 3}) is False
    assert await things.insert_all_new([{"_id": "only"}, {"_id": "new"}]) == {"only"}
    assert await things.get("only") == {"_id": "only", "n": 1}
    assert await things.get("new") == {"_id": "new"}


async def test_a_unique_index_refuses_a_second_holder(things: Collection) -> None:
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])  # again: no change
    await things.insert({"_id": "a", "code": "X"})

    with pytest.raises(AlreadyStoredError):
        await things.insert({"_id": "b", "code": "X"})
    assert await things.get("b") is None


async def test_inserting_many_refuses_only_the_holders_of_taken_keys(things: Collection) -> None:
    """A batch (over more than one chunk) with a taken id and taken unique keys in its middle,
    and two of its own documents holding one key: only the later holders are refused, by id,
    and every other document is stored."""
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])
    await things.insert({"_id": "old", "code": "X"})
    batch = [{"_id": f"n{n}", "code": f"c{n}"} for n in range(60)]
    batch[10] = {"_id": "n10", "code": "X"}  # a stored document's key
    batch[30] = {"_id": "old", "code": "c-old"}  # a stored document's id
    batch[45] = {"_id": "n45", "code": "c44"}  # an earlier document's key in the same batch

    assert await things.insert_all_new(batch) == {"n10", "old", "n45"}
    stored = {d["_id"]: d["code"] for d in await things.find({})}
    assert stored == {
        "old": "X",
        **{f"n{n}": f"c{n}" for n in range(60) if n not in (10, 30, 45)},
    }


async def test_a_dropped_index_refuses_nothing_more(things: Collection) -> None:
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])
    await things.insert({"_id": "a", "code": "X"})
    await things.drop_indexes(["one_per_code", "never_made"])
    await things.drop_indexes(["one_per_code"])  # again: no change

    await things.insert({"_id": "b", "code": "X"})
    assert await things.count({"code": "X"}) == 2


async def test_advance_writes_only_from_the_version_read(things: Collection) -> None:
    await things.insert({"_id": "d", "version": 1, "a": 1, "gone": True, "log": [1], "hi": 5})
    update = Update(set={"a": 2}, unset=["gone"], push={"log": [2, 3]}, max={"hi": 3}, inc={"c": 2})

    assert await things.advance("d", 1, update) is True
    assert await things.get("d") == {
        "_id": "d",
        "version": 2,
        "a": 2,
        "log": [1, 2, 3],
        "hi": 5,
        "c": 2,
    }
    assert await things.advance("d", 1, Update(set={"a": 99})) is False
    assert await things.advance("missing", 1, Update(set={"a": 1})) is False
    assert (await things.get("d") or {})["a"] == 2
    assert await things.get("missing") is None


async def test_advance_refuses_to_give_a_unique_key_a_second_holder(
    things: Collection,
) -> None:
    await things.ensure_indexes([("one_per_code", [("code", 1)], True)])
    await things.insert({"_id": "a", "version": 1, "code": "X"})
    await things.insert({"_id": "b", "version": 1, "code": "Y"})

    with pytest.raises(AlreadyStoredError):
        await things.advance("b", 1, Update(set={"code": "X"}))
    assert await things.get("b") == {"_id": "b", "version": 1, "code": "Y"}
    assert await things.advance("b", 1, Update(set={"code": "Z"})) is True


async def test_of_writers_racing_from_one_version_exactly_one_wins(
    writers: list[Collection],
) -> None:
    await writers[0].insert({"_id": "d", "version": 1})
    for version in range(1, 16):
        wins = await asyncio.gather(
            *(w.advance("d", version, Update(set={"winner": i})) for i, w in enumerate(writers * 3))
        )
        assert wins.count(True) == 1, (version, wins)
        stored = await writers[0].get("d")
        assert stored is not None
        assert stored["version"] == version + 1
        assert stored["winner"] == wins.index(True)


async def test_no_increment_is_lost_between_writers(writers: list[Collection]) -> None:
    await writers[0].insert({"_id": "counter", "version": 1, "value": 0})

    async def add_one(collection: Collection) -> None:
        async def attempt() -> None:
            current = await collection.get("counter")
            assert current is not None
            update = Update(set={"value": current["value"] + 1})
            if not await collection.advance("counter", current["version"], update):
                raise ConcurrentUpdateError("lost the race")

        await retry_on_conflict(attempt, attempts=200)

    await asyncio.gather(*(add_one(writers[n % WRITERS]) for n in range(30)))

    stored = await writers[0].get("counter")
    assert stored is not None
    assert (stored["value"], stored["version"]) == (30, 31)


async def test_a_batch_writes_each_document_on_its_own(writers: list[Collection]) -> None:
    things = writers[0]
    for n in range(4):
        await things.insert({"_id": f"v{n}", "version": 1, "n": 0})
    await things.advance("v1", 1, Update(set={"n": 100}))  # v1 is now at version 2

    outcome = await things.advance_many(
        [
            Advance("v0", 1, Update(set={"n": 1})),
            Advance("v1", 1, Update(set={"n": 1})),
            Advance("v2", 1, Update(set={"n": 1})),
            Advance("new", None, document={"_id": "new", "version": 1, "n": 1}),
            Advance("v3", None, document={"_id": "v3", "version": 1, "n": 1}),
        ]
    )

    assert outcome.written == {"v0", "v2", "new"}
    assert outcome.lost == {"v1", "v3"}
    stored = {d["_id"]: d["n"] for d in await things.find({})}
    assert stored == {"v0": 1, "v1": 100, "v2": 1, "v3": 0, "new": 1}


async def test_racing_batches_lose_no_write(writers: list[Collection]) -> None:
    ids = [f"v{n}" for n in range(20)]
    for doc_id in ids:
        await writers[0].insert({"_id": doc_id, "version": 1, "value": 0})

    async def add_one_to_each(collection: Collection) -> None:
        pending = set(ids)
        for _ in range(300):
            current = {d["_id"]: d for d in await collection.get_many(sorted(pending))}
            outcome = await collection.advance_many(
                [
                    Advance(
                        i, current[i]["version"], Update(set={"value": current[i]["value"] + 1})
                    )
                    for i in sorted(pending)
                ]
            )
            pending -= outcome.written
            if not pending:
                return
            await asyncio.sleep(0.002)
        raise AssertionError(f"still pending: {pending}")

    await asyncio.gather(*(add_one_to_each(w) for w in writers))

    stored = await writers[0].get_many(ids)
    assert {d["value"] for d in stored} == {WRITERS}
    assert {d["version"] for d in stored} == {WRITERS + 1}


async def test_of_concurrent_deletes_exactly_one_deletes(writers: list[Collection]) -> None:
    for n in range(10):
        await writers[0].insert({"_id": f"d{n}", "owner": "a"})
    for n in range(10):
        done = await asyncio.gather(*(w.delete(f"d{n}") for w in writers * 2))
        assert done.count(True) == 1
    assert await writers[0].delete("x") is False
    await writers[0].insert({"_id": "kept", "owner": "a"})
    assert await writers[0].delete("kept", {"owner": "b"}) is False
    assert await writers[0].get("kept") is not None
    assert await writers[0].delete_where({"owner": "a"}) == 1


async def test_put_sets_fields_without_a_version(things: Collection) -> None:
    assert await things.put("job", Update(set={"state": "new"})) is False
    assert await things.put("job", Update(set={"state": "new"}), upsert=True) is True
    assert await things.put("job", Update(set={"state": "done"}, inc={"rows": 3})) is True
    assert await things.get("job") == {"_id": "job", "state": "done", "rows": 3}


async def test_put_many_sets_each_document_on_its_own(things: Collection) -> None:
    await things.insert({"_id": "a", "page": 3})
    await things.insert({"_id": "b", "page": 9})
    raised = [(key, Update(max={"page": 5})) for key in ("a", "b", "missing")]
    assert await things.put_many(raised) == 2
    assert await things.get_many(["a", "b", "missing"]) in (
        [{"_id": "a", "page": 5}, {"_id": "b", "page": 9}],
        [{"_id": "b", "page": 9}, {"_id": "a", "page": 5}],
    )
    assert await things.put_many([]) == 0


async def test_slots_never_hold_more_than_the_capacity(writers: list[Collection]) -> None:
    slots = [Slots(w) for w in writers]
    await slots[0].prepare()
    for capacity in (1, 2, 5):
        group = f"course-{capacity}"
        holders = [f"enrolment-{n}" for n in range(12)]
        taken = await asyncio.gather(
            *(slots[n % WRITERS].take(group, capacity, h) for n, h in enumerate(holders))
        )
        held = [t for t in taken if t is not None]
        assert len(held) == capacity
        assert sorted(t["slot"] for t in held) == list(range(1, capacity + 1))
        assert {t["holder"] for t in held} <= set(holders)
        assert await slots[1].count(group) == capacity
        again = await slots[2].take(group, capacity, held[0]["holder"])  # a retried request
        assert again is not None
        assert again["_id"] == held[0]["_id"]
        assert await slots[0].release(group, held[0]["holder"]) is True
        assert await slots[0].release(group, held[0]["holder"]) is False
        late = await slots[1].take(group, capacity, "late")
        assert late is not None
        assert late["slot"] == held[0]["slot"]
    assert await slots[0].counts(["course-1", "course-5", "none"]) == {
        "course-1": 1,
        "course-5": 5,
        "none": 0,
    }


async def test_a_unique_key_has_one_owner(writers: list[Collection]) -> None:
    keys = [UniqueKeys(w) for w in writers]
    won = await asyncio.gather(*(keys[n % WRITERS].claim("HW-1", f"o{n}") for n in range(9)))
    assert won.count(True) == 1
    owner = f"o{won.index(True)}"
    assert await keys[1].owner_of("HW-1") == owner
    assert await keys[2].claim("HW-1", owner) is True  # the same owner, again
    assert await keys[0].key_of(owner) == "HW-1"
    assert await keys[0].release("HW-1", "someone else") is False
    assert await keys[0].release("HW-1", owner) is True
    assert await keys[0].owner_of("HW-1") is None


async def test_a_unique_key_keeps_its_owner_under_the_collections_field_name(
    writers: list[Collection],
) -> None:
    keys = [UniqueKeys(w, owner="incident_id") for w in writers]
    won = await asyncio.gather(
        *(keys[n % WRITERS].claim("HW-2", f"i{n}", {"year": 2026}) for n in range(6))
    )
    assert won.count(True) == 1
    owner = f"i{won.index(True)}"
    assert await writers[1].get("HW-2") == {"_id": "HW-2", "incident_id": owner, "year": 2026}
    assert await keys[2].owner_of("HW-2") == owner
    assert await keys[0].key_of(owner) == "HW-2"
    assert await keys[1].release("HW-2", owner) is True
    assert await keys[1].owner_of("HW-2") is None


async def test_aggregates_save_state_and_events_together(writers: list[Collection]) -> None:
    seen: list[int] = []
    aggregates = Aggregates(writers[0], "topic", on_events=lambda: seen.append(1))
    created = await aggregates.create("w1", {"name": "Linh"}, [])
    assert created["version"] == 1
    with pytest.raises(AlreadyStoredError):
        await aggregates.create("w1", {"name": "Linh"}, [])

    await aggregates.save("w1", 1, {"name": "Lan", "_id": "ignored", "version": 7}, unset=["x"])
    with pytest.raises(ConcurrentUpdateError):
        await aggregates.save("w1", 1, {"name": "stale"})

    stored = await aggregates.get("w1")
    assert stored is not None
    assert (stored["_id"], stored["name"], stored["version"]) == ("w1", "Lan", 2)
    assert "outbox" not in stored
    assert seen == []


async def _claim_left_behind(mongodb_url: str, database: str, claim: dict[str, Any]) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    try:
        await client[database][VERSION_CLAIMS].insert_one(claim)
    finally:
        await client.close()


async def _store_time(client: AsyncMongoClient[dict[str, Any]]) -> datetime:
    """The store's own clock, as the adapter reads it."""
    moment: datetime = (await client.admin.command("hello"))["localTime"]
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def test_a_claim_left_by_a_stopped_writer_is_taken_over(
    mongodb_url: str, unique: str
) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = FerretCollection(client[unique]["things"])
    claims = client[unique][VERSION_CLAIMS]
    try:
        await things.insert({"_id": "d", "version": 1})
        await _claim_left_behind(mongodb_url, unique, {"_id": "things/d#2", "by": "a writer"})
        assert await things.advance("d", 1, Update(set={"a": 1})) is False  # it may still write
        assert await things.advance("d", 1, Update(set={"a": 1})) is False

        seen_long_ago = await _store_time(client) - timedelta(seconds=STALE_CLAIM_S + 1)
        await claims.update_one({"_id": "things/d#2"}, {"$set": {"seen": seen_long_ago}})
        assert await things.advance("d", 1, Update(set={"a": 2})) is True
        assert (await things.get("d") or {}).get("a") == 2
        assert await claims.count_documents({}) == 0
    finally:
        await client.close()


async def test_a_claim_is_timed_by_the_stores_clock_not_the_claimants(
    mongodb_url: str, unique: str
) -> None:
    """A replica whose clock runs an hour behind makes a claim that looks an hour old by host
    clocks: it is still live, and only the store's clock may say when it is stale."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = FerretCollection(client[unique]["things"])
    claims = client[unique][VERSION_CLAIMS]
    try:
        await things.insert({"_id": "d", "version": 1})
        behind = datetime.now(UTC) - timedelta(hours=1)
        live = {"_id": "things/d#2", "at": behind, "by": "a replica behind", "seen": behind}
        await _claim_left_behind(
            mongodb_url, unique, {k: v for k, v in live.items() if k != "seen"}
        )
        assert await things.advance("d", 1, Update(set={"a": 1})) is False
        held = await claims.find_one({"_id": "things/d#2"})
        assert held is not None
        assert held["by"] == "a replica behind"
        first_seen = held["seen"]  # stamped by the store when the claim first refused a writer
        assert abs(first_seen - await _store_time(client)) < timedelta(seconds=STALE_CLAIM_S)

        await claims.update_one({"_id": "things/d#2"}, {"$set": {"seen": behind}})
        assert await things.advance("d", 1, Update(set={"a": 2})) is True  # an hour by the store
        assert (await things.get("d") or {}).get("a") == 2
    finally:
        await client.close()


async def test_an_own_claim_whose_write_may_still_run_is_not_taken_over_at_once(
    mongodb_url: str, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection drops after the update was sent: the store may still apply it, so the
    same process's next attempt from that version must not write beside it."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = FerretCollection(client[unique]["things"])
    try:
        await things.insert({"_id": "d", "version": 1})
        update_one = things.driver.update_one
        still_running: list[asyncio.Task[Any]] = []
        store_goes_on = asyncio.Event()

        async def dropped_after_sending(*args: Any, **kwargs: Any) -> Any:
            async def at_the_store() -> Any:
                await store_goes_on.wait()
                return await update_one(*args, **kwargs)

            still_running.append(asyncio.create_task(at_the_store()))
            raise AutoReconnect("connection closed after the update was sent")

        with monkeypatch.context() as patch:
            patch.setattr(things.driver, "update_one", dropped_after_sending)
            with pytest.raises(AutoReconnect):
                await things.advance("d", 1, Update(set={"a": "first"}))

        assert await things.advance("d", 1, Update(set={"a": "second"})) is False
        store_goes_on.set()
        await asyncio.gather(*still_running)
        stored = await things.get("d")
        assert stored is not None
        assert (stored["a"], stored["version"]) == ("first", 2)
    finally:
        await client.close()


async def test_a_cancelled_writer_releases_its_claim_for_the_next(
    mongodb_url: str, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request cancelled in the middle of its write: the write finishes and its claim goes,
    so another replica's writer goes on at once instead of waiting for it to go stale."""
    clients: list[AsyncMongoClient[dict[str, Any]]] = [
        AsyncMongoClient(mongodb_url, tz_aware=True) for _ in range(2)
    ]
    cancelled, other = (FerretCollection(c[unique]["things"]) for c in clients)
    claims = clients[0][unique][VERSION_CLAIMS]
    try:
        await cancelled.insert({"_id": "d", "version": 1, "n": 0})
        update_one = cancelled.driver.update_one
        writing, go_on = asyncio.Event(), asyncio.Event()

        async def slow_update(*args: Any, **kwargs: Any) -> Any:
            writing.set()
            await go_on.wait()
            return await update_one(*args, **kwargs)

        monkeypatch.setattr(cancelled.driver, "update_one", slow_update)
        request = asyncio.create_task(cancelled.advance("d", 1, Update(inc={"n": 1})))
        await writing.wait()
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        go_on.set()
        for _ in range(100):
            if await claims.count_documents({}) == 0:
                break
            await asyncio.sleep(0.05)
        assert await claims.count_documents({}) == 0  # not left to go stale

        current = await other.get("d")
        assert current is not None
        assert await other.advance("d", current["version"], Update(inc={"n": 1})) is True
        assert (await other.get("d") or {}).get("n") == current["n"] + 1
    finally:
        for client in clients:
            await client.close()


async def test_claims_are_removed_after_each_write(mongodb_url: str, unique: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    things = FerretCollection(client[unique]["things"])
    try:
        await things.insert({"_id": "d", "version": 1})
        await things.advance("d", 1, Update(set={"a": 1}))
        await things.advance("d", 1, Update(set={"a": 1}))  # loses: its claim goes too
        await things.advance_many([Advance("d", 2, Update(set={"a": 2}))])
        assert await client[unique][VERSION_CLAIMS].count_documents({}) == 0
    finally:
        await client.close()


@pytest.mark.parametrize("adapter", [a for a in ADAPTERS if a != "memory"])
async def test_a_refused_document_is_reported_and_the_others_written(
    adapter: str, mongodb_url: str, unique: str
) -> None:
    """Only the stores encode documents: in memory nothing is refused."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url, tz_aware=True)
    kind = FerretCollection if adapter == "ferretdb" else MongoCollection
    things = kind(client[unique]["things"])
    for n in range(3):
        await things.insert({"_id": f"v{n}", "version": 1})

    outcome = await things.advance_many(
        [
            Advance("v0", 1, Update(set={"a": 1})),
            Advance("v1", 1, Update(set={"a": object()})),
            Advance("v2", 1, Update(set={"a": 1})),
        ]
    )

    assert outcome.written == {"v0", "v2"}
    assert set(outcome.refused) == {"v1"}
    assert (await things.get("v1") or {}).get("version") == 1
    await client.close()


async def test_bookkeeping_leaves_the_version_for_the_writers(writers: list[Collection]) -> None:
    await writers[0].insert({"_id": "d", "version": 1, "outbox": [1], "sent": 0})
    mark = Update(set={"outbox": []}, max={"sent": 1}, bookkeeping=True)

    assert await writers[1].advance("d", 1, mark) is True
    assert await writers[2].advance("d", 1, Update(set={"state": "new"}, push={"outbox": [2]}))
    assert await writers[1].advance("d", 1, mark) is False  # from a version now gone

    assert await writers[0].get("d") == {
        "_id": "d",
        "version": 2,
        "outbox": [2],
        "sent": 1,
        "state": "new",
    }


async def test_a_batch_write_can_expect_more_than_the_version(things: Collection) -> None:
    await things.insert({"_id": "a", "version": 1, "by": "me"})
    await things.insert({"_id": "b", "version": 1, "by": "someone else"})
    await things.insert({"_id": "c", "version": 1})

    outcome = await things.advance_many(
        [
            Advance("a", 1, Update(set={"n": 1}), expect={"by": "me"}),
            Advance("b", 1, Update(set={"n": 1}), expect={"by": "me"}),
            Advance("c", 1, Update(set={"n": 1}), expect={"by": None}),
        ]
    )

    assert (outcome.written, outcome.lost) == ({"a", "c"}, {"b"})
    assert {d["_id"]: d.get("n") for d in await things.find({})} == {"a": 1, "b": None, "c": 1}
