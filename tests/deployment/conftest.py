"""Fixtures of deployment's service tests: the app on the test's own topics and database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.deployment.stack import Upstream
from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.services import (
    ServiceProcess,
    free_port,
    in_process,
    service_app,
    settings_env,
)

LOGS = ROOT / ".local" / "test-logs"


@pytest.fixture
async def api(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The deployment service, in process, ready (Kafka and the store answer)."""
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    async with in_process(service_app("deployment", env)) as client:
        yield client


@pytest.fixture
async def upstream(kafka_bootstrap: str, unique: str) -> AsyncIterator[Upstream]:
    """Publishes intake's, training's and aftercare's events to the test's topics."""
    async with Upstream(kafka_bootstrap, unique) as publisher:
        yield publisher


@pytest.fixture
async def replicas(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two deployment processes on the test's database and topics, in one consumer group."""
    env = settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    LOGS.mkdir(parents=True, exist_ok=True)
    processes = [
        ServiceProcess("deployment", env, free_port(), LOGS / f"{unique}-deployment-{n}.log")
        for n in (1, 2)
    ]
    clients: list[httpx.AsyncClient] = []
    try:
        for process in processes:
            process.start()
        for process in processes:
            await process.wait_ready(90)
            clients.append(authorized_client(base_url=process.url, timeout=60))
        yield clients
    finally:
        for client in clients:
            await client.aclose()
        for process in processes:
            process.stop()
