"""Helpers for the delivery-guarantee tests: the probe's views and topics, waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import ConsumerRecord

from shared.events.envelope import from_kafka
from tests.support.kafka import read_topic
from tests.support.services import settings_env

PROBE_MODULE = "tests.messaging.probe"
PROBE_FACTORY = "tests.messaging.probe:create_app"


def probe_env(unique: str, kafka: str, mongo: str, **extra: str) -> dict[str, str]:
    return settings_env("probe", unique, kafka, mongo, **extra)


async def eventually(
    check: Callable[[], Awaitable[Any]], timeout_s: float = 60.0, what: str = "condition"
) -> Any:
    """Polls ``check`` until it returns something truthy."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} not reached within {timeout_s}s (last: {last!r})")


async def tallies(store_client: Any, unique: str) -> dict[str, list[int]]:
    """Returns each worker's steps as the probe's view holds them."""
    cursor = store_client[f"{unique}_probe"]["tallies"].find({}, {"steps": 1})
    return {d["_id"]: d["steps"] for d in await cursor.to_list(None)}


async def all_applied(store_client: Any, unique: str, workers: int, steps: int) -> bool:
    views = await tallies(store_client, unique)
    return len(views) == workers and all(len(s) >= steps for s in views.values())


async def events_on(
    kafka: str, topic: str, at_least: int, timeout_s: float = 60.0
) -> list[ConsumerRecord[bytes, bytes]]:
    return await read_topic(kafka, topic, until=lambda r: len(r) >= at_least, timeout_s=timeout_s)


def event_ids(records: list[ConsumerRecord[bytes, bytes]]) -> list[str]:
    return [from_kafka(r.value, r.headers).id for r in records]
