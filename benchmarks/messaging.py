"""Benchmark: consume -> validate -> idempotent view update -> produce the follow-up.

    make infra-up && uv run python -m benchmarks.messaging --events 5000
    uv run python -m benchmarks.messaging --events 5000 --replicas 2   # two processes, one group

Runs three paths in one run, each in its own process (so peak RSS is its own), against the
same Kafka and store, and prints a table:

- homeward: the shared messaging code every service uses (FastStream batch subscriber, the
  effectively-once consumer folding a batch per view document and producing its follow-ups);
- plain: the same work written directly on aiokafka + PyMongo, as well as we can: batch
  consume, validate, one chunked bulk upsert per batch with the follow-up produced right away
  (no outbox, no dedupe check beyond the upsert filter), commit;
- raw store: the store's own bulk-upsert rate for the same number of documents, the ceiling.

Latency is from the input record's broker timestamp to the follow-up record's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient, UpdateOne

from shared.events.envelope import from_kafka, new_event, to_kafka
from shared.events.topics import Topic
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from shared.store import bulk_write_chunked

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
STEPS_PER_WORKER = 5


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def preload(prefix: str, events: int) -> None:
    """Creates the topics and produces the input events (not timed)."""
    import tests.messaging.probe as probe

    settings = ServiceSettings(kafka_bootstrap_servers=KAFKA, topic_prefix=prefix)
    from shared.events.topics import topic_specs

    await ensure_topics(settings, topic_specs(3, 1, prefix))
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, linger_ms=20, acks="all")
    await producer.start()
    workers = max(1, events // STEPS_PER_WORKER)
    sends = []
    for step in range(1, STEPS_PER_WORKER + 1):
        for w in range(workers):
            worker = f"w{w:07d}"
            payload = probe.Stepped(worker_id=worker, step=step)
            event = new_event(
                payload,
                event_id=str(uuid.uuid4()),
                subject=worker,
                sequence=step,
                source="bench",
                time=datetime.now(UTC),
                correlation_id="bench",
            )
            key, value, headers = to_kafka(event)
            sends.append(
                await producer.send(prefix + Topic.INTAKE, value, key=key, headers=headers)
            )
    await asyncio.gather(*sends)
    await producer.stop()


async def follow_up_latencies(prefix: str, expected: int, timeout_s: float) -> list[float]:
    """Reads input and follow-up topics; returns per-event latency in ms."""
    inputs = await _timestamps(prefix + Topic.INTAKE, expected, timeout_s, by="id")
    outputs = await _timestamps(prefix + Topic.TRAINING, expected, timeout_s, by="causationid")
    return [outputs[k] - inputs[k] for k in outputs if k in inputs]


async def _timestamps(topic: str, expected: int, timeout_s: float, by: str) -> dict[str, float]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=KAFKA, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    found: dict[str, float] = {}
    deadline = time.monotonic() + timeout_s
    try:
        while len(found) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            for records in batch.values():
                for record in records:
                    headers = dict(record.headers)
                    key = headers.get(f"ce_{by}")
                    if key is not None:
                        found.setdefault(key.decode(), float(record.timestamp))
    finally:
        await consumer.stop()
    return found


async def run_homeward(prefix: str, events: int, batch: int) -> dict[str, Any]:
    from tests.messaging.probe import ProbeSettings, create_app
    from tests.support.services import in_process

    settings = ProbeSettings(
        kafka_bootstrap_servers=KAFKA,
        mongodb_url=MONGO,
        mongodb_database=f"{prefix[:-1]}_probe",
        topic_prefix=prefix,
        produce=False,
        consumer_batch_size=batch,
        log_level="WARNING",
        relay_idle_interval_s=0.05,
    )
    app = create_app(settings)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO)
    tallies = client[f"{prefix[:-1]}_probe"]["tallies"]
    started = time.monotonic()
    async with in_process(app):
        consumer = app.state.runtime.consumers[0]
        relay = app.state.runtime.relay
        applied_at = await _when(
            lambda: consumer.status.applied + consumer.status.duplicates >= events
        )
        done = await _when(lambda: consumer.status.produced + relay.status.published >= events)
    views = await tallies.count_documents({})
    await client.drop_database(f"{prefix[:-1]}_probe")
    await client.close()
    return {
        "seconds": done - started,
        "applied_seconds": applied_at - started,
        "views": views,
        "rss_mb": peak_rss_mb(),
    }


async def run_replica(prefix: str, batch: int) -> dict[str, Any]:
    """One of several homeward processes in one consumer group: runs until SIGTERM."""
    import signal

    from tests.messaging.probe import ProbeSettings, create_app
    from tests.support.services import in_process

    settings = ProbeSettings(
        kafka_bootstrap_servers=KAFKA,
        mongodb_url=MONGO,
        mongodb_database=f"{prefix[:-1]}_probe",
        topic_prefix=prefix,
        produce=False,
        consumer_batch_size=batch,
        log_level="WARNING",
        relay_idle_interval_s=0.05,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    app = create_app(settings)
    async with in_process(app):
        print("ready", flush=True)
        await stop.wait()
        status = app.state.runtime.consumers[0].status
    return {
        "applied": status.applied,
        "duplicates": status.duplicates,
        "produced": status.produced,
        "rss_mb": peak_rss_mb(),
    }


def replicas_run(events: int, batch: int, replicas: int) -> None:
    """Runs ``replicas`` homeward processes in one consumer group over one history; prints
    their rate and checks that nothing was lost or applied twice."""
    prefix = f"bench{uuid.uuid4().hex[:8]}."
    asyncio.run(preload(prefix, events))
    command = [sys.executable, "-m", "benchmarks.messaging", "--child", "replica"]
    command += ["--prefix", prefix, "--batch", str(batch)]
    started = time.monotonic()
    outputs = [tempfile.TemporaryFile("w+") for _ in range(replicas)]  # noqa: SIM115
    children = [subprocess.Popen(command, stdout=output, text=True) for output in outputs]
    try:
        follow_ups = asyncio.run(_follow_ups(prefix + Topic.TRAINING, events, 600))
        seconds = time.monotonic() - started
    finally:
        for process in children:
            process.terminate()
    results = []
    for process, output in zip(children, outputs, strict=True):
        process.wait(timeout=60)
        output.seek(0)
        results.append(json.loads(output.read().strip().splitlines()[-1]))
        output.close()
    views = asyncio.run(_steps(prefix))
    workers = max(1, events // STEPS_PER_WORKER)
    wanted = list(range(1, STEPS_PER_WORKER + 1))
    broken = [w for w, steps in views.items() if sorted(steps) != wanted]
    causes, ids, records = follow_ups
    print(f"\n{events} events, {replicas} homeward processes in one group, batch {batch}")
    print(f"{'process':<10}{'applied':>9}{'duplicates':>12}{'produced':>10}{'RSS MB':>8}")
    for n, result in enumerate(results, 1):
        print(
            f"{n:<10}{result['applied']:>9}{result['duplicates']:>12}{result['produced']:>10}"
            f"{result['rss_mb']:>8.0f}"
        )
    print(f"\nrate: {events / seconds:.0f} events/s (start of the processes to the last follow-up)")
    print(
        f"views: {len(views)} of {workers}; with steps other than 1..{STEPS_PER_WORKER} once "
        f"each: {len(broken)}"
    )
    print(
        f"follow-ups: {records} records, {ids} distinct ids, {causes} distinct causes "
        f"(of {events}); copies are the same event produced again"
    )
    ok = not broken and len(views) == workers and causes == ids == events
    print("invariants: " + ("held" if ok else "BROKEN"))


async def _follow_ups(topic: str, expected: int, timeout_s: float) -> tuple[int, int, int]:
    """Reads the follow-up topic until ``expected`` distinct causes are seen; returns
    (distinct causes, distinct ids, records)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=KAFKA, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    causes: set[bytes] = set()
    ids: set[bytes] = set()
    records = 0
    deadline = time.monotonic() + timeout_s
    try:
        while len(causes) < expected and time.monotonic() < deadline:
            for batch in (await consumer.getmany(timeout_ms=500, max_records=5000)).values():
                for record in batch:
                    headers = dict(record.headers)
                    records += 1
                    causes.add(headers.get("ce_causationid", b""))
                    ids.add(headers.get("ce_id", b""))
        await asyncio.sleep(2)  # copies produced again arrive too
        for batch in (await consumer.getmany(timeout_ms=1000, max_records=50000)).values():
            for record in batch:
                headers = dict(record.headers)
                records += 1
                causes.add(headers.get("ce_causationid", b""))
                ids.add(headers.get("ce_id", b""))
    finally:
        await consumer.stop()
    return len(causes), len(ids), records


async def _steps(prefix: str) -> dict[str, list[int]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO)
    try:
        tallies = client[f"{prefix[:-1]}_probe"]["tallies"]
        views = {d["_id"]: d["steps"] async for d in tallies.find({}, {"steps": 1})}
        await client.drop_database(f"{prefix[:-1]}_probe")
    finally:
        await client.close()
    return views


async def _when(condition: Any, poll_s: float = 0.05) -> float:
    """Returns the monotonic time at which ``condition()`` first held (polled)."""
    while not condition():  # noqa: ASYNC110 - polls counters another task updates
        await asyncio.sleep(poll_s)
    return time.monotonic()


async def run_plain(prefix: str, events: int, batch: int) -> dict[str, Any]:
    import tests.messaging.probe as probe

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO)
    views = client[f"{prefix[:-1]}_plain"]["tallies"]
    consumer = AIOKafkaConsumer(
        prefix + Topic.INTAKE,
        bootstrap_servers=KAFKA,
        group_id=f"{prefix}plain",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=batch,
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=KAFKA, enable_idempotence=True, acks="all", linger_ms=5
    )
    await producer.start()
    await consumer.start()
    started = time.monotonic()
    seen = 0
    try:
        while seen < events:
            polled = await consumer.getmany(timeout_ms=200, max_records=batch)
            records = [r for rs in polled.values() for r in rs]
            if not records:
                continue
            operations: list[UpdateOne] = []
            ids: list[str] = []
            sends = []
            for record in records:
                event = from_kafka(record.value, record.headers)
                step = int(probe.Stepped.model_validate(event.data).model_dump()["step"])
                operations.append(
                    UpdateOne(
                        {"_id": event.subject, "applied": {"$ne": event.id}},
                        {"$push": {"steps": step, "applied": event.id}},
                        upsert=True,
                    )
                )
                ids.append(event.subject)
            # Same-document updates in one batch must not race: write in arrival order.
            await bulk_write_chunked(views, operations, ids)
            for record in records:
                event = from_kafka(record.value, record.headers)
                follow = json.dumps({"worker_id": event.subject}).encode()
                sends.append(
                    await producer.send(
                        prefix + Topic.TRAINING,
                        follow,
                        key=record.key,
                        headers=[("ce_causationid", event.id.encode())],
                    )
                )
            await asyncio.gather(*sends)
            await consumer.commit()
            seen += len(records)
        done = time.monotonic()
    finally:
        await consumer.stop()
        await producer.stop()
    count = await views.count_documents({})
    await client.drop_database(f"{prefix[:-1]}_plain")
    await client.close()
    return {"seconds": done - started, "views": count, "rss_mb": peak_rss_mb()}


async def run_raw(prefix: str, events: int) -> dict[str, Any]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO)
    collection = client[f"{prefix[:-1]}_raw"]["tallies"]
    workers = max(1, events // STEPS_PER_WORKER)
    started = time.monotonic()
    for step in range(1, STEPS_PER_WORKER + 1):
        operations = [
            UpdateOne({"_id": f"w{w:07d}"}, {"$push": {"steps": step}}, upsert=True)
            for w in range(workers)
        ]
        await bulk_write_chunked(collection, operations, [f"w{w:07d}" for w in range(workers)])
    done = time.monotonic()
    await client.drop_database(f"{prefix[:-1]}_raw")
    await client.close()
    return {"seconds": done - started, "rss_mb": peak_rss_mb()}


def child(path: str, prefix: str, events: int, batch: int) -> None:
    if path == "replica":
        result = asyncio.run(run_replica(prefix, batch))
    elif path == "homeward":
        result = asyncio.run(run_homeward(prefix, events, batch))
    elif path == "plain":
        result = asyncio.run(run_plain(prefix, events, batch))
    else:
        result = asyncio.run(run_raw(prefix, events))
    print(json.dumps(result))


def spawn(path: str, prefix: str, events: int, batch: int) -> dict[str, Any]:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.messaging",
            "--child",
            path,
            "--prefix",
            prefix,
            "--events",
            str(events),
            "--batch",
            str(batch),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--child")
    parser.add_argument("--prefix")
    parser.add_argument(
        "--replicas", type=int, default=0, help="run N homeward processes in one group instead"
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.prefix, args.events, args.batch)
        return
    if args.replicas:
        replicas_run(args.events, args.batch, args.replicas)
        return
    rows = []
    for path in ("homeward", "plain"):
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        asyncio.run(preload(prefix, args.events))
        result = spawn(path, prefix, args.events, args.batch)
        latencies = asyncio.run(follow_up_latencies(prefix, args.events, 60))
        result["p50"] = percentile(latencies, 0.50)
        result["p99"] = percentile(latencies, 0.99)
        rows.append((path, result))
    raw = spawn("raw", f"bench{uuid.uuid4().hex[:8]}.", args.events, args.batch)
    rate = {name: args.events / r["seconds"] for name, r in rows}
    raw_rate = args.events / raw["seconds"]
    print(
        f"\n{args.events} events, batch {args.batch}, {args.events // STEPS_PER_WORKER} workers "
        f"x {STEPS_PER_WORKER} steps; kafka {KAFKA}; store {MONGO}\n"
    )
    print(f"{'path':<12}{'events/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'peak RSS MB':>13}")
    for name, result in rows:
        print(
            f"{name:<12}{rate[name]:>10.0f}{result['p50']:>10.0f}{result['p99']:>10.0f}"
            f"{result['rss_mb']:>13.0f}"
        )
    print(f"{'raw store':<12}{raw_rate:>10.0f}{'':>10}{'':>10}{raw['rss_mb']:>13.0f}")
    print(f"\nhomeward / plain loop: {rate['homeward'] / rate['plain']:.2f}  (target >= 0.8)")
    print(f"homeward / raw store:  {rate['homeward'] / raw_rate:.2f}  (target >= 0.7)")
    _ = statistics


if __name__ == "__main__":
    main()
