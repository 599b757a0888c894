"""End-to-end latency: from an accepted registration to the worker's entry in aftercare.

    uv run python -m benchmarks.end_to_end --rate 10 --duration 120 --events-rate 0
    uv run python -m benchmarks.end_to_end --rate 10 --duration 120 --events-rate 50

Starts the four services (``benchmarks.stack``) on ``KAFKA_BOOTSTRAP_SERVERS`` /
``MONGODB_URL``. Under a background load of a generated history published at
``--events-rate`` events/s to the same topics (the consumers fold it alongside), it registers
``--rate`` workers a second through intake's API and, for each registration answered 201,
measures the time until aftercare's case view holds that worker (intake's outbox -> Kafka ->
aftercare's consumer -> the case document with its timeline), polling aftercare's store for
each waiting worker by _id, ``--poll`` (20 ms) between rounds. Prints p50/p99/max, how late
the registrations started against their schedule (a late generator marks the run INVALID), the
services' and the local store's CPU (the store's includes the polls: ~1.5 ms of FerretDB CPU
each), and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time

from pymongo import AsyncMongoClient

from benchmarks.common import (
    HttpError,
    KeepAliveClient,
    Lateness,
    bearer_headers,
    load_average,
    percentile,
    store_cpu_seconds,
    table,
)
from benchmarks.stack import registration_bodies, running_services
from tools.generator import Publisher, Scope, generate

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
POLL_S = 0.02


async def background(prefix: str, rate: float, duration_s: float) -> int:
    """Publishes a generated province history at ``rate`` events/s for about ``duration_s``."""
    if rate <= 0:
        return 0
    workers = int(rate * duration_s / 20) + 1
    events = generate(31, Scope.province("38", workers))
    async with Publisher(KAFKA, f"{prefix}.") as publisher:
        stream = (e for _, e in zip(range(int(rate * duration_s)), events, strict=False))
        report = await publisher.publish(stream, rate=rate)
    return report.total


async def main(rate: float, duration_s: float, events_rate: float, poll_s: float = POLL_S) -> None:
    bodies = iter(registration_bodies(int(time.time()) % 100_000, int(rate * duration_s) + 1))
    lateness = Lateness()
    print(f"load average before: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})")
    async with (
        running_services(KAFKA, MONGO, relay_idle_interval_s="0.2") as services,
        KeepAliveClient(bearer_headers()) as client,
    ):
        store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(MONGO, tz_aware=True)
        cases = store[f"{services.prefix}_aftercare"]["cases"]
        pending: dict[str, float] = {}
        latencies: list[float] = []
        failed = 0
        done = asyncio.Event()

        async def poll() -> None:
            # One find by _id per waiting worker: FerretDB v1 hands PostgreSQL an _id equality
            # but filters an "$in" in Go after fetching every case, which would load the store
            # more than the services do.
            while not done.is_set() or pending:
                for worker_id in list(pending):
                    if await cases.find_one({"_id": worker_id}, {"_id": 1}) is not None:
                        latencies.append((time.monotonic() - pending.pop(worker_id)) * 1000)
                await asyncio.sleep(poll_s)

        async def one(scheduled: float) -> None:
            nonlocal failed
            lateness.note(scheduled)
            try:
                answer = await client.post(f"{services.urls['intake']}/workers", next(bodies))
            except HttpError:
                failed += 1
                return
            if answer.status == 201:
                pending[json.loads(answer.body)["worker_id"]] = time.monotonic()
            else:
                failed += 1

        print(f"services up on prefix {services.prefix}")
        loading = asyncio.create_task(background(services.prefix, events_rate, duration_s))
        polling = asyncio.create_task(poll())
        started = time.monotonic()
        tasks = []
        cpu_before = {**services.cpu(), **store_cpu_seconds()}
        for index in range(int(rate * duration_s)):
            scheduled = started + index / rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(scheduled)))
        await asyncio.gather(*tasks)
        published = await loading
        done.set()
        try:
            await asyncio.wait_for(polling, 120)
        except TimeoutError:
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        await store.close()
        cpu_after = {**services.cpu(), **store_cpu_seconds()}
        seconds = time.monotonic() - started
    print(f"load average after: {load_average()}\n")
    rows = [
        (
            f"{len(latencies) + len(pending):,} registrations answered 201 at {rate:.0f}/s, "
            f"{published:,} history events at {events_rate:.0f}/s alongside",
            f"{percentile(latencies, 0.5):.0f}",
            f"{percentile(latencies, 0.99):.0f}",
            f"{max(latencies, default=0):.0f}",
            len(pending),
            failed,
        )
    ]
    print(
        table(
            ("load", "p50 ms", "p99 ms", "max ms", "never arrived", "not accepted"),
            rows,
        )
    )
    print(lateness.summary())
    if not lateness.valid:
        print("**INVALID: the generator fell behind its schedule**")
    shares = {p: f"{(cpu_after[p] - cpu_before[p]) / seconds:.0%}" for p in cpu_after}
    # the store's share includes this script's polls: one find by _id per waiting worker
    # every --poll seconds
    print(f"CPU, share of a core over {seconds:.0f} s (services, then the store): {shares}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=10, help="registrations/s")
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--events-rate", type=float, default=200, help="history events/s")
    parser.add_argument(
        "--poll", type=float, default=POLL_S, help="seconds between rounds of the view's polls"
    )
    args = parser.parse_args()
    asyncio.run(main(args.rate, args.duration, args.events_rate, args.poll))
