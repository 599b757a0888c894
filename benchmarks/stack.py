"""The four services as uvicorn processes on one Kafka and store, for the load benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from tests.support.infrastructure import ROOT
from tests.support.services import SERVICES, ServiceProcess, free_port, settings_env
from tools.generator.requests import registration_body

LOGS = ROOT / ".local" / "bench-logs"


@dataclass(frozen=True)
class RunningServices:
    """Where each service answers, and the run's topic prefix / database prefix."""

    prefix: str
    urls: dict[str, str]


@contextlib.asynccontextmanager
async def running_services(kafka: str, mongo: str) -> AsyncIterator[RunningServices]:
    """Starts the four services on a fresh prefix; stops them after."""
    prefix = f"b{uuid.uuid4().hex[:8]}"
    LOGS.mkdir(parents=True, exist_ok=True)
    processes = [
        ServiceProcess(
            s,
            settings_env(s, prefix, kafka, mongo, log_level="WARNING"),
            free_port(),
            LOGS / f"{prefix}-{s}.log",
        )
        for s in SERVICES
    ]
    try:
        for process in processes:
            process.start()
        await asyncio.gather(*(p.wait_ready(180) for p in processes))
        yield RunningServices(prefix, {p.service: p.url for p in processes})
    finally:
        await asyncio.gather(*(asyncio.to_thread(p.stop) for p in processes))


_serial = itertools.count(1)


async def register(
    client: httpx.AsyncClient, url: str, province: str = "40", seed: int = 0
) -> httpx.Response:
    """Registers one new worker (a fresh national ID each call)."""
    body = registration_body(seed or 99, next(_serial), province)
    return await client.post(f"{url}/workers", json=body)


async def preload(client: httpx.AsyncClient, url: str, count: int, seed: int) -> list[str]:
    """Registers ``count`` workers, eight at a time; returns their ids."""
    ids: list[str] = []
    semaphore = asyncio.Semaphore(8)

    async def one() -> None:
        async with semaphore:
            response = await register(client, url, seed=seed)
            response.raise_for_status()
            ids.append(response.json()["worker_id"])

    await asyncio.gather(*(one() for _ in range(count)))
    return ids
