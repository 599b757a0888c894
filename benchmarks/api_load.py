"""API load: p50/p99 latency and throughput of the main reads and writes at a steady rate.

    nice -n 19 uv run python -m benchmarks.api_load --rate 200 --duration 300

Starts the four services as uvicorn processes (one worker each) on the Kafka and store of
``KAFKA_BOOTSTRAP_SERVERS`` / ``MONGODB_URL``, registers ``--preload`` workers, then sends an
open-loop load from this second process over loopback: requests are started on a fixed
schedule whatever the answers do, and each latency counts from its scheduled start (so a
service that falls behind shows it). Prints a table per request kind. Target: p99 < 50 ms for
reads.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

import httpx

from benchmarks.common import bearer_headers, percentile, table
from benchmarks.stack import preload, register, running_services

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
SURNAMES = ("nguyen", "tran", "le thi", "pham van", "hoang", "vu", "dang")

Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def mix(
    urls: dict[str, str], workers: list[str], rng: random.Random
) -> list[tuple[str, float, Request]]:
    """The request kinds, their shares, and how to send one."""
    intake, deployment, aftercare = urls["intake"], urls["deployment"], urls["aftercare"]

    def some() -> str:
        return rng.choice(workers)

    return [
        ("write: register a worker (intake)", 0.15, lambda c: register(c, intake)),
        ("read: a worker's record (intake)", 0.30, lambda c: c.get(f"{intake}/workers/{some()}")),
        (
            "read: search by name, a province (intake)",
            0.15,
            lambda c: c.get(
                f"{intake}/workers",
                params={"name": rng.choice(SURNAMES), "province_code": "40", "limit": 20},
            ),
        ),
        (
            "read: a candidate (deployment)",
            0.20,
            lambda c: c.get(f"{deployment}/workers/{some()}"),
        ),
        (
            "read: a worker's timeline (aftercare)",
            0.20,
            lambda c: c.get(f"{aftercare}/workers/{some()}/timeline"),
        ),
    ]


async def steady_load(
    client: httpx.AsyncClient,
    kinds: list[tuple[str, float, Request]],
    rate: float,
    duration_s: float,
    rng: random.Random,
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    """Sends ``rate`` requests a second for ``duration_s``; returns latencies (ms) and errors
    per kind, and the seconds it took until the last answer."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    failures: dict[str, int] = defaultdict(int)
    names = [k[0] for k in kinds]
    weights = [k[1] for k in kinds]
    senders = {k[0]: k[2] for k in kinds}
    tasks: list[asyncio.Task[None]] = []
    started = time.monotonic()

    async def one(name: str, scheduled: float) -> None:
        try:
            response = await senders[name](client)
            outcome = str(response.status_code)
        except httpx.HTTPError as exc:
            outcome = type(exc).__name__
        elapsed_ms = (time.monotonic() - scheduled) * 1000
        if outcome.startswith("2"):
            latencies[name].append(elapsed_ms)
        else:
            errors[name] += 1
            failures[outcome] += 1

    total = int(rate * duration_s)
    for index in range(total):
        scheduled = started + index / rate
        delay = scheduled - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        name = rng.choices(names, weights)[0]
        tasks.append(asyncio.create_task(one(name, scheduled)))
    await asyncio.gather(*tasks)
    if failures:
        print("failed requests by outcome:", dict(sorted(failures.items())))
    return latencies, errors, time.monotonic() - started


def report(
    latencies: dict[str, list[float]], errors: dict[str, int], seconds: float, rate: float
) -> str:
    rows = []
    for name in sorted(set(latencies) | set(errors)):
        values = latencies.get(name, [])
        rows.append(
            (
                name,
                f"{len(values) + errors.get(name, 0):,}",
                errors.get(name, 0),
                f"{percentile(values, 0.5):.1f}",
                f"{percentile(values, 0.99):.1f}",
                f"{max(values, default=0):.0f}",
            )
        )
    answered = sum(len(v) for v in latencies.values())
    reads = [x for name, v in latencies.items() if name.startswith("read") for x in v]
    rows.append(
        (
            f"**all ({rate:.0f}/s offered, {answered / seconds:.0f}/s answered 2xx)**",
            f"{answered + sum(errors.values()):,}",
            sum(errors.values()),
            f"{percentile([x for v in latencies.values() for x in v], 0.5):.1f}",
            f"{percentile([x for v in latencies.values() for x in v], 0.99):.1f}",
            "",
        )
    )
    verdict = "met" if percentile(reads, 0.99) < 50 else "NOT met"
    return (
        table(("request", "sent", "errors", "p50 ms", "p99 ms", "max ms"), rows)
        + f"\n\nreads p99 {percentile(reads, 0.99):.1f} ms: target p99 < 50 ms {verdict}"
    )


async def main(rate: float, duration_s: float, preload_count: int) -> None:
    rng = random.Random(13)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
    async with (
        running_services(KAFKA, MONGO) as services,
        httpx.AsyncClient(headers=bearer_headers(), timeout=30, limits=limits) as client,
    ):
        print(f"services up on prefix {services.prefix}: {services.urls}")
        workers = await preload(client, services.urls["intake"], preload_count, seed=13)
        await asyncio.sleep(5)  # let the views take the preloaded registrations
        print(f"preloaded {len(workers)} workers; {rate:.0f} requests/s for {duration_s:.0f} s")
        latencies, errors, seconds = await steady_load(
            client, mix(services.urls, workers, rng), rate, duration_s, rng
        )
    print(report(latencies, errors, seconds, rate))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--preload", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(main(args.rate, args.duration, args.preload))
