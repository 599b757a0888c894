"""Registrations of one likely-duplicate key, and of typing mistakes, against distinct keys.

    uv run python -m benchmarks.duplicates                 # 200 of each, 4 at a time
    uv run python -m benchmarks.duplicates --count 500 --concurrency 8

Issue 19: 140 registrations sharing one name, birth date and commune made a review for every
pair (9,737), and each registration was slower than the last. Starts intake alone as a uvicorn
process on the Kafka and store of ``KAFKA_BOOTSTRAP_SERVERS`` / ``MONGODB_URL`` (a fresh
database), registers ``--count`` workers of distinct keys, then ``--count`` of one key (a new
national ID each), then ``--count`` of which about a third retype an earlier one with mistakes
(``tools.generator.typos``; issue 23), ``--concurrency`` at a time (closed loop: a careless
bulk entry). Prints, for each, the rate (and its ratio to the distinct keys' rate: 1.00 is
"as fast as any other"), p50 and p99 latency, the p50 of the last tenth, the
pending reviews the set added, and the people typed in more than once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Sequence

from pymongo import AsyncMongoClient

from benchmarks.common import KeepAliveClient, bearer_headers, load_average, percentile, table
from benchmarks.stack import LOGS
from shared.contracts.common import Gender
from tests.support.services import ServiceProcess, free_port, settings_env
from tools.generator.requests import national_id, registration_body
from tools.generator.typos import population

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
PROVINCE = "40"


def distinct_keys(seed: int, count: int) -> list[bytes]:
    """``count`` registrations, each of its own name, birth date and commune."""
    return [json.dumps(registration_body(seed, i, PROVINCE)).encode() for i in range(count)]


def one_key(seed: int, count: int) -> list[bytes]:
    """``count`` registrations of one name, birth date and commune, a national ID each."""
    base = registration_body(seed, 0, PROVINCE)
    year = int(base["date_of_birth"][:4])
    birth_province = base["locality"].get("former_province_code") or PROVINCE
    bodies = []
    for i in range(count):
        body = {**registration_body(seed, i, PROVINCE), **{
            k: base[k] for k in ("full_name", "date_of_birth", "gender", "locality")
        }}  # fmt: skip
        body["national_id"] = national_id(year, Gender(base["gender"]), birth_province, 900_000 + i)
        bodies.append(json.dumps(body).encode())
    return bodies


def retyped(seed: int, count: int) -> tuple[list[bytes], int]:
    """``count`` registrations, about a third an earlier one typed in again with one or two
    mistakes (a new national ID each); and how many people were typed in more than once."""
    bodies = []
    records = population(seed, count, PROVINCE, share=0.3)
    for index, record in enumerate(records):
        body = registration_body(seed, index, PROVINCE)
        body |= {
            "full_name": record.full_name,
            "date_of_birth": record.date_of_birth.isoformat(),
            "gender": record.gender.value,
            "locality": record.locality.model_dump(mode="json", exclude_none=True),
        }
        birth_province = record.locality.former_province_code or PROVINCE
        body["national_id"] = national_id(
            record.date_of_birth.year, record.gender, birth_province, 700_000 + index
        )
        bodies.append(json.dumps(body).encode())
    return bodies, len({r.person for r in records if r.typos})


async def register(
    client: KeepAliveClient, url: str, bodies: Sequence[bytes], concurrency: int
) -> tuple[float, list[float]]:
    """Registers every body, ``concurrency`` at a time; returns the seconds taken and each
    registration's latency in ms, in the order sent."""
    latencies = [0.0] * len(bodies)
    queue = iter(enumerate(bodies))

    async def caller() -> None:
        for index, body in queue:
            started = time.perf_counter()
            answer = await client.post(f"{url}/workers", body)
            if answer.status != 201:
                raise RuntimeError(f"registration answered {answer.status}: {answer.body[:200]!r}")
            latencies[index] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies


async def main(count: int, concurrency: int, seed: int) -> None:
    prefix = f"d{os.urandom(4).hex()}"
    LOGS.mkdir(parents=True, exist_ok=True)
    intake = ServiceProcess(
        "intake",
        settings_env("intake", prefix, KAFKA, MONGO, log_level="WARNING"),
        free_port(),
        LOGS / f"{prefix}-intake.log",
    )
    intake.start()
    rows = []
    rates: list[float] = []
    try:
        await intake.wait_ready(180)
        async with KeepAliveClient(headers=bearer_headers()) as client:
            store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(MONGO)
            reviews = store[f"{prefix}_intake"]["duplicate_reviews"]
            mistyped, people = retyped(seed + 2, count)
            for name, bodies, twice in (
                (f"{count} of distinct keys", distinct_keys(seed, count), 0),
                (f"{count} of one key", one_key(seed + 1, count), 1),
                (f"{count}, about a third retyped with mistakes", mistyped, people),
            ):
                before = await reviews.count_documents({"status": "pending"})
                seconds, latencies = await register(client, intake.url, bodies, concurrency)
                tail = latencies[-max(1, count // 10) :]
                rates.append(count / seconds)
                rows.append(
                    [
                        name,
                        f"{count / seconds:.0f}/s",
                        f"{rates[-1] / rates[0]:.2f}",
                        f"{percentile(latencies, 0.5):.1f}",
                        f"{percentile(latencies, 0.99):.1f}",
                        f"{percentile(tail, 0.5):.1f}",
                        await reviews.count_documents({"status": "pending"}) - before,
                        twice,
                    ]
                )
            await store.close()
    finally:
        await asyncio.to_thread(intake.stop)
    print(
        table(
            [
                "registrations",
                "rate",
                "rate / distinct keys' rate",
                "p50 ms",
                "p99 ms",
                "p50 ms, last tenth",
                "pending reviews added",
                "people typed in again",
            ],
            rows,
        )
    )
    print(f"concurrency {concurrency}; load average {load_average()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seed", type=int, default=19)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.count, arguments.concurrency, arguments.seed))
