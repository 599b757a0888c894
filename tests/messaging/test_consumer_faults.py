"""A record nobody planned for is dead-lettered alone; only an outage is retried, and a batch
retried too long makes /readyz answer 503 naming its group and partition.

On the real broker and store, through the consuming services as they run in production.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from pymongo import AsyncMongoClient

from shared.events.topics import Topic
from tests.messaging.hostile import Sent, ViewStack, headers_of, samples
from tests.messaging.support import eventually, probe_env, tallies
from tests.support.services import in_process, service_app

GROUPS_VIEWING_WORKERS = {
    "homeward-aftercare-cases",
    "homeward-reporting-facts",
    "homeward-training-candidates",
    "homeward-deployment-candidates",
}
"""The groups whose views hold every worker of intake's topic."""
GROUPS_READING_INTAKE = GROUPS_VIEWING_WORKERS | {"homeward-intake-transfer-list"}
"""Every group reading intake's topic: intake's transfer list ignores what is not a transfer."""


def _payload(event_type: str, worker: str, **changes: Any) -> bytes:
    data = {**samples()[event_type], "worker_id": worker, **changes}
    return json.dumps(data).encode()


async def _send(
    stack: ViewStack,
    topic: str,
    event_type: str,
    worker: str,
    *,
    time: str | None = None,
    **data: Any,
) -> Sent:
    event_id = str(uuid.uuid4())
    headers = headers_of(event_type, event_id, worker, time=time or "2026-03-02T08:30:00+07:00")
    return await stack.send(
        stack.topic(topic), _payload(event_type, worker, **data), headers, key=worker.encode()
    )


async def test_a_time_past_year_9999_in_utc_is_dead_lettered_and_a_correction_reaches_every_view(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    worker = str(uuid.uuid4())
    async with ViewStack(unique, kafka_bootstrap, mongodb_url).running() as stack:
        registered = await _send(stack, Topic.INTAKE, "worker.registered", worker)
        consulted = await _send(
            stack, Topic.INTAKE, "worker.consulted", worker, time="9999-12-31T23:59:59-01:00"
        )
        corrected = await _send(
            stack, Topic.INTAKE, "worker.corrected", worker, full_name="Lò Thị Corrected"
        )
        sent = [registered, consulted, corrected]
        await eventually(lambda: stack.all_committed_past(sent), what="every group past them")

        fates = await stack.fates(sent)
        odd = {stack.short(f.group): f for f in fates if f.record is consulted}
        assert set(odd) == GROUPS_READING_INTAKE
        for fate in odd.values():
            assert fate.outcome == "dead-lettered", fate
            assert fate.dead_letter is not None
            assert fate.dead_letter["dlq_stage"] == b"decode"
            assert b"time cannot be represented in UTC" in fate.dead_letter["dlq_reason"]
        for fate in fates:
            if fate.record is not consulted:
                viewing = stack.short(fate.group) in GROUPS_VIEWING_WORKERS
                assert fate.outcome in (("applied",) if viewing else ("applied", "ignored")), fate
        # The correction is in every view of the worker.
        assert {
            stack.short(f.group) for f in fates if f.record is corrected and f.outcome == "applied"
        } == GROUPS_VIEWING_WORKERS


async def test_an_unexpected_exception_in_a_projection_dead_letters_that_record_alone(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    stack = ViewStack(unique, kafka_bootstrap, mongodb_url)
    async with stack.running():
        # One batch each: reporting's fact of a loan approved in year 10000 UTC raises
        # OverflowError in the projection; a departure whose placement id holds a NUL makes
        # a candidate document the store cannot encode (the id is a key in it). Events of
        # the same workers come before and after them.
        sent = [
            await _send(stack, Topic.INTAKE, "worker.registered", first),
            await _send(
                stack, Topic.INTAKE, "loan.approved", first, changed_at="9999-12-31T23:59:59-01:00"
            ),
            await _send(stack, Topic.INTAKE, "worker.corrected", first),
            await _send(stack, Topic.INTAKE, "worker.registered", second),
            await _send(stack, Topic.AFTERCARE, "worker.checked-in", first),
            await _send(stack, Topic.DEPLOYMENT, "worker.departed", first, placement_id="p\x00q"),
            await _send(stack, Topic.DEPLOYMENT, "worker.departed", second),
        ]
        await eventually(lambda: stack.all_committed_past(sent), what="every group past them")
        fates = await stack.fates(sent)

    dead = {
        (stack.short(f.group), sent.index(f.record)) for f in fates if f.outcome == "dead-lettered"
    }
    assert {("homeward-reporting-facts", 1), ("homeward-deployment-candidates", 5)} <= dead
    # FerretDB on PostgreSQL refuses a NUL in any string too (MongoDB only in a key): a view
    # that stores the placement id dead-letters the departure there. Nothing else is refused.
    assert {index for _, index in dead} == {1, 5}
    letters = {stack.short(f.group): f.dead_letter for f in fates if f.dead_letter is not None}
    assert letters["homeward-reporting-facts"]["dlq_stage"] == b"apply"
    assert letters["homeward-reporting-facts"]["dlq_error_type"] == b"OverflowError"
    assert letters["homeward-reporting-facts"]["dlq_projection"] == b"facts"
    assert letters["homeward-deployment-candidates"]["dlq_stage"] in (b"encode", b"write")
    # The driver refuses to encode a NUL in a key; the FerretDB adapter refuses any NUL first.
    assert letters["homeward-deployment-candidates"]["dlq_error_type"] in (
        b"InvalidDocument",
        b"WriteRefusedError",
    )
    assert all(f.committed_past for f in fates)
    assert not [f for f in fates if f.outcome == "lost"]


async def test_readiness_names_the_group_and_partition_of_a_batch_retried_past_the_bound(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    env = probe_env(unique, kafka_bootstrap, mongodb_url, consumer_stuck_after_s="1")
    app = service_app("probe", env, "tests.messaging.probe")
    nowhere: AsyncMongoClient[dict] = AsyncMongoClient(
        "mongodb://127.0.0.1:9", serverSelectionTimeoutMS=200, tz_aware=True
    )
    try:
        async with in_process(app) as api:
            consumer = app.state.runtime.consumers[0]
            reachable = consumer.collection
            # The view's collection on a store that does not answer: every write is an outage.
            consumer.collection = nowhere[reachable.database.name][reachable.name]
            await api.post("/workers/w1/steps")

            async def unready() -> dict[str, Any] | None:
                response = await api.get("/readyz")
                return response.json() if response.status_code == 503 else None

            body = await eventually(unready, timeout_s=30, what="503 once the bound has passed")
            check = body["checks"]["consumer:tallies"]
            assert check.startswith(f"group {unique}.homeward-probe-tallies stuck on {unique}.")
            assert f"{Topic.INTAKE}[" in check
            assert "ServerSelectionTimeoutError" in check
            assert body["checks"]["store"] == "ok"  # the service's own store answers
            metrics = (await api.get("/metrics")).text
            assert (
                _gauge(metrics, "homeward_consumer_stuck", f"{unique}.homeward-probe-tallies")
                == 1.0
            )

            consumer.collection = reachable

            async def ready() -> bool:
                return (await api.get("/readyz")).status_code == 200

            await eventually(ready, what="ready once the batch is written")
            assert (await tallies(store_client, unique)) == {"w1": [1]}
            await asyncio.sleep(2.1)  # past the scrape cache
            metrics = (await api.get("/metrics")).text
            assert (
                _gauge(metrics, "homeward_consumer_stuck", f"{unique}.homeward-probe-tallies")
                == 0.0
            )
    finally:
        await nowhere.close()


def _gauge(text: str, name: str, group: str) -> float:
    values = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name + "{") and f'group="{group}"' in line
    ]
    assert values, f"{name} of {group} not in /metrics"
    return max(values)


async def test_a_header_that_is_not_utf8_is_dead_lettered_and_the_partition_advances(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    # FastStream's batch parser decoded every header as UTF-8 and nacked the batch forever.
    worker = str(uuid.uuid4())
    async with ViewStack(unique, kafka_bootstrap, mongodb_url).running() as stack:
        headers = [
            *headers_of("worker.registered", str(uuid.uuid4()), worker),
            ("ce_source", b"\xff\xfe"),
        ]
        odd = await stack.send(
            stack.topic(Topic.INTAKE),
            _payload("worker.registered", worker),
            headers,
            key=worker.encode(),
        )
        corrected = await _send(stack, Topic.INTAKE, "worker.corrected", worker)
        sent = [odd, corrected]
        await eventually(lambda: stack.all_committed_past(sent), what="every group past them")
        fates = await stack.fates(sent)

    assert {f.outcome for f in fates if f.record is odd} == {"dead-lettered"}
    viewing = [f for f in fates if stack.short(f.group) in GROUPS_VIEWING_WORKERS]
    assert {f.outcome for f in viewing if f.record is corrected} == {"applied"}
    assert {f.dead_letter["dlq_reason"] for f in fates if f.dead_letter} == {
        b"header ce_source is not UTF-8"
    }
