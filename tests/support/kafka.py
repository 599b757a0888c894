"""Kafka helpers for tests: fresh names, reading a topic to the end, admin calls."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from pymongo import AsyncMongoClient

from shared.events.envelope import EventEnvelope
from shared.privacy.personal import every_personal_field
from shared.privacy.sealing import Opener
from shared.settings import ServiceSettings
from shared.wiring import data_keys


def fresh_name() -> str:
    """Returns a short unique name (topic prefix, database name)."""
    return f"t{uuid.uuid4().hex[:10]}"


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[ConsumerRecord[bytes, bytes]]], bool],
    timeout_s: float = 30.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Reads a topic from the beginning (no group) until ``until(records)`` holds."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        async with asyncio.timeout(timeout_s):
            while not until(records):
                batch = await consumer.getmany(timeout_ms=200)
                for partition_records in batch.values():
                    records.extend(partition_records)
    except TimeoutError:
        raise AssertionError(
            f"{topic}: condition not met within {timeout_s}s; got {len(records)} records"
        ) from None
    finally:
        await consumer.stop()
    return records


async def opened_events(
    records: list[ConsumerRecord[bytes, bytes]], mongodb_url: str, unique: str
) -> list[EventEnvelope]:
    """The records' events with every personal field opened with its worker's data key, as a
    service reading them all would (keys in the test's key store, ``<unique>_keys``)."""
    settings = ServiceSettings(mongodb_url=mongodb_url, key_store_database=f"{unique}_keys")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_url)
    try:
        opener = Opener(data_keys(settings, client), every_personal_field())
        await opener.load(records)
        return [opener.envelope(record) for record in records]
    finally:
        await client.close()
