"""End-to-end latency: from an accepted registration to the worker's entry in aftercare.

    nice -n 19 uv run python -m benchmarks.end_to_end --rate 10 --duration 120 --events-rate 200

Starts the four services (``benchmarks.stack``) on ``KAFKA_BOOTSTRAP_SERVERS`` /
``MONGODB_URL``. Under a background load of a generated history published at
``--events-rate`` events/s to the same topics (the consumers fold it alongside), it registers
``--rate`` workers a second through intake's API and, for each registration answered 201,
measures the time until aftercare's case view holds that worker (intake's outbox -> Kafka ->
aftercare's consumer -> the case document with its timeline), polling aftercare's store every
20 ms. Prints p50/p99/max.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time

import httpx
from pymongo import AsyncMongoClient

from benchmarks.common import bearer_headers, percentile, table
from benchmarks.stack import register, running_services
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


async def main(rate: float, duration_s: float, events_rate: float) -> None:
    async with (
        running_services(KAFKA, MONGO) as services,
        httpx.AsyncClient(headers=bearer_headers(), timeout=30) as client,
    ):
        store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(MONGO, tz_aware=True)
        cases = store[f"{services.prefix}_aftercare"]["cases"]
        pending: dict[str, float] = {}
        latencies: list[float] = []
        failed = 0
        done = asyncio.Event()

        async def poll() -> None:
            while not done.is_set() or pending:
                if pending:
                    found = await cases.find({"_id": {"$in": list(pending)}}, {"_id": 1}).to_list(
                        None
                    )
                    now = time.monotonic()
                    for document in found:
                        answered = pending.pop(str(document["_id"]), None)
                        if answered is not None:
                            latencies.append((now - answered) * 1000)
                await asyncio.sleep(POLL_S)

        async def one() -> None:
            nonlocal failed
            try:
                response = await register(client, services.urls["intake"], seed=57)
            except httpx.HTTPError:
                failed += 1
                return
            if response.status_code == 201:
                pending[response.json()["worker_id"]] = time.monotonic()
            else:
                failed += 1

        print(f"services up on prefix {services.prefix}")
        loading = asyncio.create_task(background(services.prefix, events_rate, duration_s))
        polling = asyncio.create_task(poll())
        started = time.monotonic()
        tasks = []
        for index in range(int(rate * duration_s)):
            delay = started + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=10, help="registrations/s")
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--events-rate", type=float, default=200, help="history events/s")
    args = parser.parse_args()
    asyncio.run(main(args.rate, args.duration, args.events_rate))
