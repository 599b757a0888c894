"""A service's stop is bounded: one step that hangs does not keep the process alive."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from shared import wiring
from tests.support.services import in_process, service_app, settings_env


async def test_a_job_that_ignores_its_cancel_does_not_hold_the_stop(
    kafka_bootstrap: str, mongodb_url: str, unique: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test's service once hung in its stop for the whole test timeout after its test had
    passed. Each step of the stop (the consumers' group leave, the background jobs, the audit
    trail's last write) is now waited for a bounded time, then left behind with a warning."""
    monkeypatch.setattr(wiring, "STOP_STEP_TIMEOUT_S", 0.5)
    app = service_app("notifications", settings_env("notifications", unique, kafka_bootstrap,
                                                    mongodb_url))  # fmt: skip
    released = asyncio.Event()
    stopped_at_last = asyncio.Event()

    async def stubborn() -> None:
        while not released.is_set():  # deaf to every cancel until the test lets it go
            with contextlib.suppress(asyncio.CancelledError):
                await released.wait()
        stopped_at_last.set()

    async def run_and_stop() -> None:
        async with in_process(app):
            app.state.runtime.run_in_background(stubborn(), name="stubborn")
            await asyncio.sleep(0)

    await asyncio.wait_for(run_and_stop(), timeout=60)  # returned: the stop did not wait on
    assert not stopped_at_last.is_set()
    released.set()
    await asyncio.wait_for(stopped_at_last.wait(), timeout=5)
