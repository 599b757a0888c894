"""The API load generator: its client speaks HTTP/1.1 to a real server process, and a run
whose requests start late says its figures are invalid."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time

from benchmarks.api_load import Kind, report, steady_load
from benchmarks.common import HttpError, KeepAliveClient
from tests.support.infrastructure import ROOT
from tests.support.services import free_port


async def _trivial_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: ASYNC220 - the server lives for the test
        [sys.executable, "-m", "benchmarks.api_load", "--serve-trivial", str(port)], cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + 30
    async with KeepAliveClient() as client:
        while True:
            try:
                await client.get(url)
                return server, url
            except HttpError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)


async def test_every_request_is_answered_and_its_start_recorded() -> None:
    server, url = await _trivial_server()
    try:
        async with KeepAliveClient() as client:

            async def send() -> int:
                return (await client.get(url, {"q": "x"})).status

            run = await steady_load(
                [Kind("probe", 1.0, send, "trivial")], 100, 1.0, random.Random(1)
            )
            assert len(run.latencies["probe"]) == 100
            assert not run.errors
            assert len(run.lateness.values) == 100
            opened = client.connections_opened
            for _ in range(5):
                assert (await client.get(url)).status == 200
            assert client.connections_opened == opened  # keep-alive: connections are reused
            answer = await client.post(url, b'{"a": 1}')
            assert (answer.status, answer.body) == (200, b'{"status":"ok"}')
    finally:
        server.terminate()
        server.wait(10)


async def test_a_generator_that_falls_behind_marks_its_run_invalid() -> None:
    async def blocking() -> int:
        time.sleep(0.03)  # noqa: ASYNC251 - holds the event loop on purpose: later starts are late
        return 200

    run = await steady_load([Kind("probe", 1.0, blocking, "none")], 100, 0.5, random.Random(1))
    assert not run.lateness.valid
    assert "INVALID" in report(run, 100, "late on purpose")
