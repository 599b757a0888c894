"""Helpers for the operator CLI tests: run ``homeward`` against a test's topics and databases."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner, Result

import shared.contracts  # noqa: F401 - registers the payloads
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import EventEnvelope, new_event, to_kafka
from shared.events.topics import Topic
from shared.settings import ServiceSettings
from shared.wiring import ServiceRuntime
from tests.support.infrastructure import ROOT
from tools.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "contracts" / "samples"
PHONE = "0912345678"


def cli_env(unique: str, kafka: str, mongo: str, cache: Path) -> dict[str, str]:
    """The environment that points ``homeward`` at the test's own topics and databases."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": kafka,
        "MONGODB_URL": mongo,
        "TOPIC_PREFIX": f"{unique}.",
        "CONSUMER_GROUP_PREFIX": f"{unique}.",
        "HOMEWARD_DATABASE_PREFIX": unique,
        "HOMEWARD_CACHE": str(cache),
        "COLUMNS": "200",
    }


async def homeward(env: dict[str, str], *args: str, expect: int | None = 0) -> Result:
    """Runs the CLI in a thread (it runs its own event loop), as an operator would."""
    runner = CliRunner()
    result = await asyncio.to_thread(runner.invoke, app, list(args), env=env)
    if expect is not None and result.exit_code != expect:
        raise AssertionError(
            f"homeward {' '.join(args)} exited {result.exit_code}: {result.output}"
            f"{result.exception!r}"
        )
    return result


async def homeward_process(env: dict[str, str], *args: str, expect: int = 0) -> str:
    """Runs the CLI as its own process (``python -m tools.cli``); returns its output.

    Also for calls to unreachable servers: a client library's socket left to the garbage
    collector then warns in that process, not in the test's.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tools.cli",
        *args,
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    text = output.decode()
    if process.returncode != expect:
        raise AssertionError(f"homeward {' '.join(args)} exited {process.returncode}: {text}")
    return text


def json_output(result: Result) -> Any:
    """The last JSON document the command printed."""
    lines = [line for line in result.stdout.splitlines() if line.startswith(("[", "{"))]
    return json.loads(lines[-1])


def registered(worker_id: str, *, name: str = "Lò Văn Test") -> EventEnvelope:
    """A valid ``worker.registered`` event for a new worker, with a phone to mask."""
    sample = json.loads((SAMPLES / "worker.registered.v1.json").read_text())
    data = copy.deepcopy(sample["data"])
    data.update(worker_id=worker_id, full_name=name, phone=PHONE)
    data["family_contact"]["phone"] = PHONE
    spec = CATALOGUE.spec("worker.registered", 1)
    return new_event(
        spec.payload.model_validate(data),
        event_id=str(uuid.uuid4()),
        subject=worker_id,
        sequence=1,
        source="intake",
        time=datetime.now(UTC),
        correlation_id=str(uuid.uuid4()),
    )


def sample_event(event_type: str, worker_id: str, source: str) -> EventEnvelope:
    """The stored sample of an event type, about the given worker."""
    sample = json.loads((SAMPLES / f"{event_type}.v1.json").read_text())
    data = copy.deepcopy(sample["data"])
    data["worker_id"] = worker_id
    spec = CATALOGUE.spec(event_type, 1)
    return new_event(
        spec.payload.model_validate(data),
        event_id=str(uuid.uuid4()),
        subject=worker_id,
        sequence=1,
        source=source,
        time=datetime.now(UTC),
        correlation_id=str(uuid.uuid4()),
    )


async def publish(kafka: str, topic: str, events: list[EventEnvelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        futures = []
        for event in events:
            key, value, headers = to_kafka(event)
            futures.append(await producer.send(topic, value=value, key=key, headers=headers))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


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
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} not reached within {timeout_s}s (last: {last!r})")


async def started(unique: str, kafka: str, mongo: str, projection: Any) -> ServiceRuntime:
    """A runtime folding intake's topic into ``<unique>_ops.registrations`` with a projection."""
    settings = ServiceSettings(
        service_name=f"ops{unique}",
        kafka_bootstrap_servers=kafka,
        mongodb_url=mongo,
        mongodb_database=f"{unique}_ops",
        topic_prefix=f"{unique}.",
        consumer_group_prefix=f"{unique}.",
        consumer_batch_timeout_ms=20,
        relay_idle_interval_s=0.05,
    )
    runtime = ServiceRuntime.create(settings)
    runtime.subscribe(projection, [Topic.INTAKE], "registrations")

    async def prepare(_: Any) -> None:
        return None

    await runtime.start(prepare)

    async def connected() -> bool:
        return runtime.kafka_connected

    await eventually(connected, what="kafka connected")
    return runtime
