"""Fixtures of deployment's service tests: the app on the test's own topics and database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.deployment.stack import Upstream
from tests.support.services import in_process, service_app, settings_env


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
