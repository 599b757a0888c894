"""Publishing a generated history to the real broker, and waiting for reporting to hold it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import httpx
from aiokafka import AIOKafkaProducer

from shared.events.envelope import EventEnvelope, to_kafka
from tests.reporting.history import topic_of


async def publish(bootstrap: str, prefix: str, events: Sequence[EventEnvelope]) -> None:
    """Publishes the events, in the order given, each on its producer's topic."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        deliveries = []
        for event in events:
            key, value, headers = to_kafka(event)
            topic = f"{prefix}.{topic_of(event)}"
            deliveries.append(await producer.send(topic, value=value, key=key, headers=headers))
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


async def wait_for_facts(api: httpx.AsyncClient, count: int, timeout_s: float = 60.0) -> None:
    """Polls the read model until it holds ``count`` facts (and no more)."""
    deadline = time.monotonic() + timeout_s
    held = -1
    while time.monotonic() < deadline:
        response = await api.get("/facts/count")
        assert response.status_code == 200, response.text
        held = response.json()["facts"]
        if held >= count:
            assert held == count, f"the read model holds {held} facts, {count} expected"
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"reporting holds {held} facts after {timeout_s}s, {count} expected")
