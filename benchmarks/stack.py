"""The four services as uvicorn processes on one Kafka and store, for the load benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from pymongo import AsyncMongoClient

from benchmarks.common import KeepAliveClient, cpu_seconds
from tests.support.infrastructure import ROOT
from tests.support.services import SERVICES, ServiceProcess, free_port, settings_env
from tools.generator.requests import registration_body

LOGS = ROOT / ".local" / "bench-logs"


@dataclass(frozen=True)
class RunningServices:
    """Where each service answers, its process id, and the run's topic / database prefix."""

    prefix: str
    urls: dict[str, str]
    pids: dict[str, int]

    def cpu(self) -> dict[str, float]:
        """CPU seconds each service process has used so far."""
        return {service: cpu_seconds(pid) for service, pid in self.pids.items()}


@contextlib.asynccontextmanager
async def running_services(
    kafka: str, mongo: str, **settings: str
) -> AsyncIterator[RunningServices]:
    """Starts the four services on a fresh prefix; stops them after. ``settings``: extra
    ``<SERVICE>_<NAME>`` settings for every service."""
    prefix = f"b{uuid.uuid4().hex[:8]}"
    LOGS.mkdir(parents=True, exist_ok=True)
    processes = [
        ServiceProcess(
            s,
            settings_env(s, prefix, kafka, mongo, log_level="WARNING", **settings),
            free_port(),
            LOGS / f"{prefix}-{s}.log",
        )
        for s in SERVICES
    ]
    try:
        for process in processes:
            process.start()
        await asyncio.gather(*(p.wait_ready(180) for p in processes))
        yield RunningServices(
            prefix,
            {p.service: p.url for p in processes},
            {p.service: p.process.pid for p in processes if p.process is not None},
        )
    finally:
        await asyncio.gather(*(asyncio.to_thread(p.stop) for p in processes))


def registration_bodies(seed: int, count: int, province: str = "40") -> list[bytes]:
    """``count`` registration bodies as JSON, made before a run so the generator's schedule
    does not pay for them (a fresh national ID each)."""
    return [
        json.dumps(registration_body(seed, index, province)).encode()
        for index in range(1, count + 1)
    ]


async def preload(client: KeepAliveClient, url: str, bodies: Sequence[bytes]) -> list[str]:
    """Registers one worker per body, eight at a time; returns their ids."""
    ids: list[str] = []
    semaphore = asyncio.Semaphore(8)

    async def one(body: bytes) -> None:
        async with semaphore:
            answer = await client.post(f"{url}/workers", body)
            if answer.status != 201:
                raise RuntimeError(f"preload registration answered {answer.status}")
            ids.append(json.loads(answer.body)["worker_id"])

    await asyncio.gather(*(one(body) for body in bodies))
    return ids


async def wait_for_views(
    mongo: str, prefix: str, worker_ids: Sequence[str], timeout_s: float = 300
) -> float:
    """Waits until deployment's candidates and aftercare's cases hold every worker; returns
    the seconds it took."""
    started = time.monotonic()
    store: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo)
    views = [store[f"{prefix}_deployment"]["candidates"], store[f"{prefix}_aftercare"]["cases"]]
    try:
        while time.monotonic() - started < timeout_s:
            counts = [
                await view.count_documents({"_id": {"$in": list(worker_ids)}}) for view in views
            ]
            if all(count == len(worker_ids) for count in counts):
                return time.monotonic() - started
            await asyncio.sleep(0.2)
        raise TimeoutError(f"views hold {counts} of {len(worker_ids)} workers after {timeout_s} s")
    finally:
        await store.close()
