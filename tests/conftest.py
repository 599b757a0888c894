"""Suite-wide fixtures: the real broker and store, chosen once per run.

See tests/support/infrastructure.py for the order in which the infrastructure is chosen.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from pymongo import AsyncMongoClient

from tests.support import infrastructure
from tests.support.kafka import fresh_name

_INFRA: infrastructure.Infrastructure | None = None


def pytest_configure(config: pytest.Config) -> None:
    # The controller starts the stack once; xdist workers inherit its addresses by environment.
    global _INFRA
    if hasattr(config, "workerinput") or os.environ.get("HOMEWARD_TEST_INFRA_READY"):
        return
    if config.option.collectonly:
        return
    _INFRA = infrastructure.provide()
    os.environ["KAFKA_BOOTSTRAP_SERVERS"] = _INFRA.kafka_bootstrap_servers
    os.environ["MONGODB_URL"] = _INFRA.mongodb_url
    os.environ["HOMEWARD_TEST_INFRA_READY"] = "1"
    os.environ["HOMEWARD_TEST_INFRA_ORIGIN"] = _INFRA.origin
    os.environ["HOMEWARD_TEST_INFRA_LOCAL"] = "1" if _INFRA.local else ""


def pytest_unconfigure(config: pytest.Config) -> None:
    if _INFRA is not None:
        _INFRA.shutdown()


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"homeward infrastructure: {os.environ.get('HOMEWARD_TEST_INFRA_ORIGIN', '?')} "
        f"(kafka {os.environ.get('KAFKA_BOOTSTRAP_SERVERS')}, "
        f"store {os.environ.get('MONGODB_URL')})"
    )


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return os.environ["KAFKA_BOOTSTRAP_SERVERS"]


@pytest.fixture(scope="session")
def mongodb_url() -> str:
    return os.environ["MONGODB_URL"]


@pytest.fixture
def unique() -> str:
    """A fresh name for this test's topics and databases, so tests never see each other."""
    return fresh_name()


@pytest.fixture
async def store_client(mongodb_url: str) -> AsyncIterator[AsyncMongoClient[dict]]:
    client: AsyncMongoClient[dict] = AsyncMongoClient(mongodb_url, tz_aware=True)
    yield client
    await client.close()
