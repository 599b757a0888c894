"""Two reporting processes on one store and broker: targets saved through both at once, and
the facts consumer running in both, one consumer group.

Both are their own uvicorn processes (no lock in memory is shared) on the same database and
topics. Managers save a period's targets through either at once: every answered save is one
stored version, numbered 1..n, none twice. A generated history (with redeliveries) is
published while the second process joins the group, so partitions move between them mid-way:
every counted event is one fact, once, in the worker's document.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.reporting import store
from tests.reporting.history import COUNTED_TYPES, PROVINCE, events_of, generate
from tests.reporting.support import publish, wait_for_facts
from tests.support.auth import auth_headers, authorized_client
from tests.support.infrastructure import ROOT
from tests.support.services import ServiceProcess, free_port, settings_env

LOGS = ROOT / ".local" / "test-logs"
SAVES = 16
SEED = 23
MANAGER = auth_headers("provincial_manager", "qm-14", province_code=PROVINCE)


@pytest.fixture
def processes(kafka_bootstrap: str, mongodb_url: str, unique: str) -> list[ServiceProcess]:
    """Two reporting processes on the test's database and topics (not started)."""
    env = settings_env("reporting", unique, kafka_bootstrap, mongodb_url)
    LOGS.mkdir(parents=True, exist_ok=True)
    return [
        ServiceProcess("reporting", env, free_port(), LOGS / f"{unique}-reporting-{n}.log")
        for n in (1, 2)
    ]


@pytest.fixture
async def running(processes: list[ServiceProcess]) -> AsyncIterator[list[ServiceProcess]]:
    try:
        yield processes
    finally:
        for process in processes:
            process.stop()


def client_of(process: ServiceProcess) -> httpx.AsyncClient:
    return authorized_client(base_url=process.url, timeout=60)


async def test_targets_saved_through_two_replicas_at_once_get_one_version_each(
    running: list[ServiceProcess], store_client: AsyncMongoClient[dict[str, Any]], unique: str
) -> None:
    for process in running:
        process.start()
    for process in running:
        await process.wait_ready(90)
    clients = [client_of(p) for p in running]
    try:
        answers = await asyncio.gather(
            *(
                clients[n % 2].put(
                    f"/provinces/{PROVINCE}/targets/2025",
                    json={"province_target": 100 + n, "note": f"save {n}"},
                    headers=MANAGER,
                )
                for n in range(SAVES)
            )
        )
        versions = (
            await clients[0].get(f"/provinces/{PROVINCE}/targets/2025", headers=MANAGER)
        ).json()["items"]
    finally:
        for client in clients:
            await client.aclose()

    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    saved = [a.json() for a in answers if a.status_code == 200]
    assert len(saved) >= 2, [a.text for a in answers]
    assert sorted(s["version"] for s in saved) == list(range(1, len(saved) + 1))
    assert [v["version"] for v in versions] == list(range(1, len(saved) + 1))
    by_version = {v["version"]: (v["province_target"], v["note"]) for v in versions}
    assert by_version == {s["version"]: (s["province_target"], s["note"]) for s in saved}
    stored = store_client[f"{unique}_reporting"][store.TARGETS]
    assert await stored.count_documents({}) == len(saved)


async def test_the_facts_consumer_in_two_replicas_keeps_every_fact_once(
    running: list[ServiceProcess],
    store_client: AsyncMongoClient[dict[str, Any]],
    kafka_bootstrap: str,
    unique: str,
) -> None:
    events = events_of(generate(SEED, workers=60), SEED)
    rng = random.Random(SEED)
    arrival = [*events, *rng.sample(events, 40)]  # redelivered events too
    rng.shuffle(arrival)
    counted = {e.id for e in events if e.type in COUNTED_TYPES}
    first, second = running
    first.start()
    await first.wait_ready(90)
    half = len(arrival) // 2
    await publish(kafka_bootstrap, unique, arrival[:half])
    second.start()  # joins the group while the first is consuming: partitions move
    await publish(kafka_bootstrap, unique, arrival[half:])
    await second.wait_ready(90)

    async with client_of(first) as one, client_of(second) as other:
        await wait_for_facts(one, len(counted), timeout_s=120)
        await wait_for_facts(other, len(counted), timeout_s=10)

    facts = store_client[f"{unique}_reporting"][store.FACTS]
    held: Counter[str] = Counter()
    async for document in facts.find({}):
        worker_facts = store.worker_facts(document)
        assert {f.worker_id for f in worker_facts} == {document["_id"]}
        held.update(f.event_id for f in worker_facts)
    assert set(held) == counted
    assert held.most_common(1)[0][1] == 1
