"""All four services as real processes on a test's own topics and databases, and waiting."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.services import SERVICES, ServiceProcess, free_port, settings_env

LOGS = ROOT / ".local" / "test-logs"
QUICK = {"erasure_interval_s": "0.5"}
"""The other services finish an erasure (stored answers, registers, write logs) within this."""


@dataclass(frozen=True)
class Stack:
    """HTTP clients of the four running services."""

    intake: httpx.AsyncClient
    training: httpx.AsyncClient
    deployment: httpx.AsyncClient
    aftercare: httpx.AsyncClient

    @property
    def urls(self) -> dict[str, str]:
        """Each service's base URL, by name."""
        return {name: str(getattr(self, name).base_url).rstrip("/") for name in SERVICES}


@contextlib.asynccontextmanager
async def running_stack(unique: str, kafka: str, mongo: str) -> AsyncIterator[Stack]:
    """Starts intake, training, deployment and aftercare as uvicorn processes, all on the
    test's topic prefix, each with its own database and a free port; stops them all after."""
    LOGS.mkdir(parents=True, exist_ok=True)
    ports = {service: free_port() for service in SERVICES}
    # intake asks the others for their part of a personal-data export
    others = {f"{s}_url": f"http://127.0.0.1:{p}" for s, p in ports.items() if s != "intake"}
    extra = {service: others if service == "intake" else QUICK for service in SERVICES}
    processes = [
        ServiceProcess(
            service,
            settings_env(service, unique, kafka, mongo, **extra[service]),
            ports[service],
            LOGS / f"{unique}-{service}.log",
        )
        for service in SERVICES
    ]
    try:
        for process in processes:
            process.start()
        await asyncio.gather(*(process.wait_ready(90) for process in processes))
        async with contextlib.AsyncExitStack() as clients:
            opened = [
                await clients.enter_async_context(
                    authorized_client(base_url=process.url, timeout=30)
                )
                for process in processes
            ]
            yield Stack(*opened)
    finally:
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes))


async def eventually(
    check: Callable[[], Awaitable[Any]], what: str, timeout_s: float = 30.0
) -> Any:
    """Polls ``check`` until it returns something truthy, and returns that; fails at the
    deadline naming what was awaited and the last value seen."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what}: not seen within {timeout_s}s (last: {last!r})")
