"""Aggregate writes are compare-and-set, even on FerretDB, whose updates are not atomic."""

from __future__ import annotations

import asyncio

import pytest

from shared.store import AggregateCollection, ConcurrentUpdateError


async def test_concurrent_saves_of_one_version_have_exactly_one_winner(
    store_client, unique
) -> None:
    collection = store_client[unique]["aggregates"]
    aggregates = AggregateCollection(collection, topic="t")
    for round_ in range(10):
        doc_id = f"a{round_}"
        await aggregates.create(doc_id, {"owner": None}, [])

        async def claim(owner: int, doc_id: str = doc_id) -> bool:
            try:
                await aggregates.save(doc_id, 1, {"owner": owner})
                return True
            except ConcurrentUpdateError:
                return False

        results = await asyncio.gather(*[claim(i) for i in range(6)])
        assert results.count(True) == 1
        stored = await aggregates.get(doc_id)
        assert stored is not None
        assert stored["version"] == 2
        assert stored["owner"] == results.index(True)
    await store_client.drop_database(unique)


async def test_a_stale_version_is_refused(store_client, unique) -> None:
    aggregates = AggregateCollection(store_client[unique]["aggregates"], topic="t")
    await aggregates.create("a", {"n": 0}, [])
    await aggregates.save("a", 1, {"n": 1})
    with pytest.raises(ConcurrentUpdateError):
        await aggregates.save("a", 1, {"n": 2})
    stored = await aggregates.get("a")
    assert stored is not None
    assert stored["n"] == 1
    await store_client.drop_database(unique)
