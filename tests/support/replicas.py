"""Two processes of one service on the same store and topics, and small helpers the services'
tests share."""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx

from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.services import ServiceProcess, free_port, settings_env


@asynccontextmanager
async def two_replicas(
    service: str,
    kafka_bootstrap: str,
    mongodb_url: str,
    unique: str,
    *,
    settings: Mapping[str, str] | None = None,
    ready_s: float = 60.0,
    timeout_s: float = 30.0,
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Runs two processes of ``service`` on the test's database and topics (``settings``: more
    of its settings) and yields an authorised client for each; stops them after."""
    processes = []
    for n in range(2):
        log = ROOT / ".local" / "test-logs" / f"{unique}-{service}-{n}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        env = settings_env(service, unique, kafka_bootstrap, mongodb_url, **(settings or {}))
        processes.append(ServiceProcess(service, env, free_port(), log))
    try:
        for process in processes:
            process.start()
        for process in processes:
            await process.wait_ready(ready_s)
        async with (
            authorized_client(base_url=processes[0].url, timeout=timeout_s) as first,
            authorized_client(base_url=processes[1].url, timeout=timeout_s) as second,
        ):
            yield [first, second]
    finally:
        for process in processes:
            process.stop()


def imports(source: str) -> set[str]:
    """Returns the modules a source file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found
