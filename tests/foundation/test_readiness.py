"""/readyz tells the truth: 503 naming what is down while Kafka or the store is stopped."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.infrastructure import ROOT, PrivateStack
from tests.support.services import free_port, in_process, service_app, settings_env


@pytest.fixture
def private_stack(unique: str) -> Iterator[PrivateStack]:
    stack = PrivateStack(
        ROOT / ".local" / "private" / unique, free_port(), free_port(), free_port()
    )
    stack.run("up")
    yield stack
    stack.run("down")
    shutil.rmtree(stack.state, ignore_errors=True)


async def _readiness_until(client: httpx.AsyncClient, status: int, timeout_s: float = 60) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        response = await client.get("/readyz")
        if response.status_code == status or time.monotonic() > deadline:
            assert response.status_code == status, response.json()
            return response.json()
        await asyncio.sleep(0.2)


async def test_readiness_follows_the_store_and_kafka(
    private_stack: PrivateStack, unique: str
) -> None:
    env = settings_env(
        "intake",
        unique,
        private_stack.kafka_bootstrap_servers,
        private_stack.mongodb_url,
        mongodb_timeout_ms="1000",
    )
    async with in_process(service_app("intake", env)) as client:
        await _readiness_until(client, 200)

        await asyncio.to_thread(private_stack.run, "store-stop")
        body = await _readiness_until(client, 503)
        assert body["checks"]["store"].startswith("unreachable")
        assert body["checks"]["kafka"] == "ok"
        await asyncio.to_thread(private_stack.run, "store-start")
        await _readiness_until(client, 200)

        await asyncio.to_thread(private_stack.run, "kafka-stop")
        body = await _readiness_until(client, 503)
        assert body["checks"]["kafka"] == "unreachable"
        assert body["checks"]["store"] == "ok"
        await asyncio.to_thread(private_stack.run, "kafka-start")
        await _readiness_until(client, 200)
