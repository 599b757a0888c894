"""The write primitive when the store stops in the middle of a batch (a private store)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from shared.persistence import Advance, Update
from shared.persistence.ferretdb import STALE_CLAIM_S, VERSION_CLAIMS, FerretCollection
from shared.store import is_store_outage
from tests.support.infrastructure import ROOT, PrivateStack
from tests.support.services import free_port

DOCUMENTS = 100


@pytest.fixture
def private_store(unique: str) -> Iterator[PrivateStack]:
    stack = PrivateStack(ROOT / ".local" / "private" / unique, free_port(), free_port())
    stack.run("store-start")
    yield stack
    stack.run("down")
    shutil.rmtree(stack.state, ignore_errors=True)


@pytest.fixture
async def private_client(private_store: PrivateStack) -> AsyncIterator[Any]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        private_store.mongodb_url, tz_aware=True, serverSelectionTimeoutMS=1500
    )
    yield client
    await client.close()


async def test_a_batch_cut_by_an_outage_is_finished_by_its_retry_once_each(
    private_store: PrivateStack, private_client: Any, unique: str
) -> None:
    """The store stops after the batch's first chunk: once it is back, the same batch sent
    again writes at once the chunks never sent (their claims are taken over, not waited out).
    The chunk sent as the store stopped may have reached it, so its claims wait to go stale
    by the store's clock. No document is written twice."""
    things = FerretCollection(private_client[unique]["things"])
    ids = [f"d{n:03}" for n in range(DOCUMENTS)]
    for doc_id in ids:
        await things.insert({"_id": doc_id, "version": 1, "value": 0})
    batch = [Advance(doc_id, 1, Update(inc={"value": 1})) for doc_id in ids]
    write_chunk = things._write_chunk
    chunks: list[int] = []

    async def stop_after_the_first_chunk(*args: Any) -> None:
        await write_chunk(*args)
        chunks.append(1)
        if len(chunks) == 1:
            await asyncio.to_thread(private_store.run, "store-stop")

    things._write_chunk = stop_after_the_first_chunk  # type: ignore[method-assign,assignment]
    with pytest.raises(PyMongoError) as outage:
        await things.advance_many(batch)
    assert is_store_outage(outage.value)
    things._write_chunk = write_chunk  # type: ignore[method-assign]
    await asyncio.to_thread(private_store.run, "store-start")

    outcome = await things.advance_many(batch)

    first = set(ids[: things.chunk])
    in_flight = set(ids[things.chunk : 2 * things.chunk])
    assert outcome.lost == first | in_flight
    assert outcome.written == set(ids) - first - in_flight

    claims = private_client[unique][VERSION_CLAIMS]
    store_now = (await private_client.admin.command("hello"))["localTime"]
    stale = store_now.replace(tzinfo=UTC) - timedelta(seconds=STALE_CLAIM_S + 1)
    await claims.update_many({}, {"$set": {"seen": stale}})
    again = await things.advance_many([w for w in batch if w.doc_id in in_flight])
    assert again.written == in_flight
    stored = await things.get_many(ids)
    assert {(d["value"], d["version"]) for d in stored} == {(1, 2)}
    assert await private_client[unique][VERSION_CLAIMS].count_documents({}) == 0
