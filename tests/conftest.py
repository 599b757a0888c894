"""Suite-wide fixtures: the real broker and store, chosen once per run.

See tests/support/infrastructure.py for the order in which the infrastructure is chosen.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId
from hypothesis import HealthCheck, settings
from pymongo import AsyncMongoClient

from shared.auth import AuthSettings, DevIssuer
from shared.logging import LOG_DIR_VARIABLE
from tests.support import infrastructure
from tests.support.kafka import fresh_name
from tools import log_scan

# Property tests check results, not speed: on a shared 2-core machine an example can take
# longer than hypothesis' 200 ms deadline whatever the code does.
settings.register_profile("homeward", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("homeward")

_INFRA: infrastructure.Infrastructure | None = None


def pytest_configure(config: pytest.Config) -> None:
    # The controller starts the stack once; xdist workers inherit its addresses by environment.
    global _INFRA
    if hasattr(config, "workerinput") or os.environ.get("HOMEWARD_TEST_INFRA_READY"):
        return
    if config.option.collectonly:
        return
    _start_log_copy()
    _INFRA = infrastructure.provide()
    os.environ["KAFKA_BOOTSTRAP_SERVERS"] = _INFRA.kafka_bootstrap_servers
    os.environ["MONGODB_URL"] = _INFRA.mongodb_url
    os.environ["STORE_KIND"] = _INFRA.store_kind
    os.environ["HOMEWARD_TEST_INFRA_READY"] = "1"
    os.environ["HOMEWARD_TEST_INFRA_ORIGIN"] = _INFRA.origin
    os.environ["HOMEWARD_TEST_INFRA_LOCAL"] = "1" if _INFRA.local else ""


def pytest_unconfigure(config: pytest.Config) -> None:
    if _INFRA is not None:
        _INFRA.shutdown()


_LOG_SCAN_STARTED = 0.0


def _start_log_copy() -> None:
    """Every process of the run (workers, services) copies its log lines to one folder."""
    global _LOG_SCAN_STARTED
    _LOG_SCAN_STARTED = time.time()
    folder = infrastructure.ROOT / ".local" / "test-logs" / f"run-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    os.environ[LOG_DIR_VARIABLE] = str(folder)
    DevIssuer(AuthSettings()).ensure_keys()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The whole suite's logs, scanned for national ID and phone numbers: any is a failure."""
    if hasattr(session.config, "workerinput") or not _LOG_SCAN_STARTED:
        return
    copies = Path(os.environ[LOG_DIR_VARIABLE])
    service_output = [
        p
        for p in (infrastructure.ROOT / ".local" / "test-logs").glob("*.log")
        if p.stat().st_mtime >= _LOG_SCAN_STARTED
    ]
    files, lines, findings = log_scan.scan([copies, *service_output])
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    summary = f"log scan: {files} log files, {lines} lines, {len(findings)} with personal data"
    if reporter is not None:
        reporter.write_line(summary)
        for finding in findings[:50]:
            reporter.write_line(f"  {finding}")
    if findings:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


LONGEST_FIRST = (
    "tests/journey/test_demo.py",
    "tests/scale/test_faults.py",
    "tests/security/test_access_matrix.py",
    "tests/security/test_fuzz.py",
    "tests/scale/test_generator.py",
    "tests/journey/test_erasure.py",
    "tests/deploy/test_front_door.py",
    "tests/journey/test_journey.py",
    "tests/journey/test_case_migration.py",
    "tests/foundation/test_readiness.py",
    "tests/journey/test_whole_life.py",
    "tests/notifications/test_journey.py",
    "tests/journey/test_merged_duplicate.py",
    "tests/scale/test_rebuild_by_partition.py",
    "tests/messaging/test_hostile_records.py",
    "tests/training/test_api_crash.py",
    "tests/intake/test_name_search.py",
    "tests/messaging/test_consumer_faults.py",
    "tests/messaging/test_guarantees.py",
    "tests/clients/test_clients.py",
)
"""Modules whose tests take the longest, longest first: they start while the other worker
still has short tests to take, so no long test is left to run alone at the end. A module of
an ``xdist_group`` brings its whole group forward (xdist sends a group's tests together, at
the place of its first test: ``--no-loadscope-reorder`` keeps this order)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Runs the modules of ``LONGEST_FIRST`` first, in its order; the rest keep theirs. Under
    ``--dist loadgroup``, names each test's ``xdist_group`` in its id, as xdist means to."""
    rank = {module: n for n, module in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
    if getattr(config.option, "loadgroup", False):  # absent without xdist (-n 0)
        for item in items:
            _name_group(item)


def _name_group(item: pytest.Item) -> None:
    """Appends ``@<group>`` to the id of a test marked ``xdist_group``: the controller sends
    the tests whose ids end alike to one worker. xdist does this itself by setting the id's
    old attribute, which pytest 9.2 no longer reads, so every group was silently spread over
    both workers (and a module's shared services started on each)."""
    groups = {
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    }
    if not groups or item.nodeid.rfind("@") > item.nodeid.rfind("]"):
        return  # no group, or named already
    item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(groups))}")


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"homeward infrastructure: {os.environ.get('HOMEWARD_TEST_INFRA_ORIGIN', '?')} "
        f"(kafka {os.environ.get('KAFKA_BOOTSTRAP_SERVERS')}, "
        f"store {os.environ.get('MONGODB_URL')}, {os.environ.get('STORE_KIND')})"
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
