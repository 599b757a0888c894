"""Nothing lost, nothing applied twice: the messaging guarantees on the real broker and store.

The probe service (tests/messaging/probe.py) is built only from the shared messaging code
every Homeward service uses: it writes events through the outbox and folds them into a view
with the effectively-once consumer, which emits a follow-up event per applied event.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections import defaultdict
from collections.abc import Iterator

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from shared.events.envelope import from_kafka
from shared.events.topics import Topic
from tests.messaging.support import (
    PROBE_FACTORY,
    PROBE_MODULE,
    all_applied,
    event_ids,
    events_on,
    eventually,
    probe_env,
    tallies,
)
from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT, PrivateStack
from tests.support.services import ServiceProcess, free_port, in_process, service_app

WORKERS = 100
STEPS = 10


@pytest.fixture
def private_stack(unique: str) -> Iterator[PrivateStack]:
    stack = PrivateStack(
        ROOT / ".local" / "private" / unique, free_port(), free_port(), free_port()
    )
    stack.run("up")
    yield stack
    stack.run("down")
    shutil.rmtree(stack.state, ignore_errors=True)


def _process(unique: str, kafka: str, mongo: str, **extra: str) -> ServiceProcess:
    log = ROOT / ".local" / "test-logs" / f"{unique}-probe.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    return ServiceProcess(
        "probe", probe_env(unique, kafka, mongo, **extra), free_port(), log, factory=PROBE_FACTORY
    )


def _assert_exact(views: dict[str, list[int]], workers: int, steps: int) -> None:
    assert len(views) == workers
    for worker, seen in views.items():
        assert seen == list(range(1, steps + 1)), f"{worker}: {seen}"


@pytest.fixture
async def private_client(private_stack: PrivateStack):
    client: AsyncMongoClient[dict] = AsyncMongoClient(private_stack.mongodb_url, tz_aware=True)
    yield client
    await client.close()


async def test_requests_accepted_while_kafka_is_down_are_delivered_in_order_when_it_returns(
    private_stack: PrivateStack, unique: str, private_client
) -> None:
    store_client = private_client
    kafka, mongo = private_stack.kafka_bootstrap_servers, private_stack.mongodb_url
    app = service_app("probe", probe_env(unique, kafka, mongo), PROBE_MODULE)
    async with in_process(app) as api:
        await asyncio.to_thread(private_stack.run, "kafka-stop")
        for round_ in range(5):
            for worker in range(10):
                response = await api.post(f"/workers/w{worker}/steps")
                assert response.status_code == 201, response.text
                assert response.json() == {"steps": round_ + 1}
        await asyncio.to_thread(private_stack.run, "kafka-start")

        await eventually(lambda: all_applied(store_client, unique, 10, 5), what="all applied")
        _assert_exact(await tallies(store_client, unique), 10, 5)
        records = await events_on(kafka, f"{unique}.{Topic.INTAKE}", 50)
        sequences: dict[str, list[int]] = defaultdict(list)
        for record in records:
            event = from_kafka(record.value, record.headers)
            sequences[event.subject].append(event.sequence)
        assert all(seq == [1, 2, 3, 4, 5] for seq in sequences.values()), sequences


async def test_consumer_killed_mid_stream_loses_nothing_and_applies_nothing_twice(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    producer = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url, consume="false"), PROBE_MODULE
    )
    consumer = _process(
        unique, kafka_bootstrap, mongodb_url, produce="false", consumer_batch_size="50"
    )
    async with in_process(producer) as api:
        workers = [f"w{i:04d}" for i in range(WORKERS)]
        response = await api.post("/bulk-steps", json={"workers": workers, "steps": STEPS})
        assert response.status_code == 201
        consumer.start()
        try:

            async def some_applied() -> bool:
                count = sum(len(s) for s in (await tallies(store_client, unique)).values())
                return 0 < count < WORKERS * STEPS

            await eventually(some_applied, what="part of the stream applied")
            consumer.kill()
            consumer.start()
            await eventually(
                lambda: all_applied(store_client, unique, WORKERS, STEPS),
                what="the whole stream applied",
            )
            follow_ups = await events_on(
                kafka_bootstrap, f"{unique}.{Topic.TRAINING}", WORKERS * STEPS, timeout_s=120
            )
        finally:
            consumer.stop()
    _assert_exact(await tallies(store_client, unique), WORKERS, STEPS)
    assert len(set(event_ids(follow_ups))) == WORKERS * STEPS


async def test_relay_killed_between_publish_and_mark_sent_duplicates_are_absorbed(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    crashing = _process(
        unique, kafka_bootstrap, mongodb_url, consume="false", crash_after_publish="true"
    )
    consumer = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url, produce="false"), PROBE_MODULE
    )
    crashing.start()
    try:
        await crashing.wait_ready()
        async with authorized_client(base_url=crashing.url) as api:
            workers = [f"w{i:04d}" for i in range(50)]
            # The relay may publish and kill the process before the answer goes out; the
            # documents are stored by then (they are inserted before the relay is woken).
            with contextlib.suppress(httpx.RemoteProtocolError):
                await api.post("/bulk-steps", json={"workers": workers, "steps": STEPS})
        assert crashing.process is not None
        await asyncio.to_thread(crashing.process.wait, 30)  # killed itself after publishing
        topic = f"{unique}.{Topic.INTAKE}"
        first = await events_on(kafka_bootstrap, topic, 1)
        recovered = _process(unique, kafka_bootstrap, mongodb_url, consume="false")
        recovered.start()
        try:
            await recovered.wait_ready()
            records = await events_on(kafka_bootstrap, topic, len(first) + 50 * STEPS)
        finally:
            recovered.stop()
    finally:
        crashing.stop()
    ids = event_ids(records)
    assert len(ids) > len(set(ids)), "the crash should have republished some events"
    assert len(set(ids)) == 50 * STEPS
    async with in_process(consumer):
        await eventually(lambda: all_applied(store_client, unique, 50, STEPS), what="applied")
    _assert_exact(await tallies(store_client, unique), 50, STEPS)


async def test_poison_messages_go_to_the_dead_letter_topic_and_the_consumer_goes_on(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    topic = f"{unique}.{Topic.INTAKE}"
    app = service_app("probe", probe_env(unique, kafka_bootstrap, mongodb_url), PROBE_MODULE)
    async with in_process(app) as api:
        await api.post("/workers/good/steps")
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(topic, b"not json at all", key=b"bad1")
            await producer.send_and_wait(
                topic,
                b'{"worker_id": "bad2"}',
                key=b"bad2",
                headers=[
                    ("ce_id", b"e-bad2"),
                    ("ce_type", b"probe.stepped"),
                    ("ce_source", b"x"),
                    ("ce_subject", b"bad2"),
                    ("ce_time", b"2026-01-01T00:00:00+00:00"),
                    ("ce_dataschema", b"urn:homeward:schema:probe.stepped:v1"),
                    ("ce_specversion", b"1.0"),
                    ("ce_correlationid", b"c"),
                ],
            )
        finally:
            await producer.stop()
        await api.post("/workers/zero/steps")  # step 1: fine
        await api.post("/workers/good/steps")

        dead = await events_on(kafka_bootstrap, f"{topic}.dlq", 2)
        reasons = {r.key: dict(r.headers) for r in dead}
        assert reasons[b"bad1"]["dlq_reason"].startswith(b"missing CloudEvents headers")
        assert reasons[b"bad1"]["dlq_source_topic"] == topic.encode()
        assert "dlq_source_offset" in reasons[b"bad1"]
        assert b"step: Field required" in reasons[b"bad2"]["dlq_reason"]
        assert {r.value for r in dead} == {b"not json at all", b'{"worker_id": "bad2"}'}

        async def good_applied() -> bool:
            views = await tallies(store_client, unique)
            return views.get("good") == [1, 2] and views.get("zero") == [1]

        await eventually(good_applied, what="valid events around the poison applied")
        assert (await api.get("/readyz")).status_code == 200


async def test_sigterm_finishes_the_batch_commits_and_exits_within_ten_seconds(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    producer = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url, consume="false"), PROBE_MODULE
    )
    consumer = _process(
        unique, kafka_bootstrap, mongodb_url, produce="false", consumer_batch_size="100"
    )
    async with in_process(producer) as api:
        workers = [f"w{i:04d}" for i in range(WORKERS)]
        await api.post("/bulk-steps", json={"workers": workers, "steps": STEPS})
        consumer.start()
        try:

            async def started() -> bool:
                return len(await tallies(store_client, unique)) > 0

            await eventually(started, what="consumption started")
            took = await asyncio.to_thread(consumer.terminate)
            assert took < 10, f"shutdown took {took:.1f}s"
            assert consumer.process is not None
            # uvicorn re-raises the signal after a graceful shutdown: exit by SIGTERM, not kill.
            assert consumer.process.returncode in (0, -15)
            assert "Application shutdown complete" in consumer.log_path.read_text()
            consumer.start()
            await eventually(
                lambda: all_applied(store_client, unique, WORKERS, STEPS), what="applied"
            )
        finally:
            consumer.stop()
    _assert_exact(await tallies(store_client, unique), WORKERS, STEPS)


async def test_a_failing_store_is_retried_never_skipped_and_readiness_shows_it(
    private_stack: PrivateStack, unique: str, private_client
) -> None:
    kafka, mongo = private_stack.kafka_bootstrap_servers, private_stack.mongodb_url
    producer = service_app("probe", probe_env(unique, kafka, mongo, consume="false"), PROBE_MODULE)
    consumer = service_app(
        "probe",
        probe_env(unique, kafka, mongo, produce="false", mongodb_timeout_ms="500"),
        PROBE_MODULE,
    )
    async with in_process(producer) as producer_api:
        await producer_api.post("/bulk-steps", json={"workers": ["a", "b"], "steps": 3})
        await events_on(kafka, f"{unique}.{Topic.INTAKE}", 6)
    await asyncio.to_thread(private_stack.run, "store-stop")
    try:
        async with in_process(consumer, ready=False) as api:

            async def retrying() -> dict | None:
                body = (await api.get("/readyz")).json()
                return body if body["status"] == "unready" else None

            body = await eventually(retrying, what="unready while the store is down")
            assert body["checks"]["store"].startswith("unreachable")
            await asyncio.sleep(2)
            await asyncio.to_thread(private_stack.run, "store-start")
            await eventually(lambda: all_applied(private_client, unique, 2, 3), what="applied")
            _assert_exact(await tallies(private_client, unique), 2, 3)

            async def ready_again() -> bool:
                return (await api.get("/readyz")).status_code == 200

            await eventually(ready_again, what="ready again")
    finally:
        await asyncio.to_thread(private_stack.run, "store-start")
