"""Intake with its store commands timed per route, for ``benchmarks.api_vs_bare --profile``.

``create_intake_app`` is intake's app with a PyMongo command listener: every command's time,
by command and collection, is added to the route of the request that sent it (``background``
for the relay and other tasks started outside a request), and each route's requests and wall
time are counted. When the app stops, the totals go to the JSON file ``INTAKE_PROFILE`` names;
The wall time of a few steps is timed the same way (``STEPS``: the guard, the audit entry's
wait, registration's parts), so ``report`` turns them into a table of where a request's wall
time goes. With ``INTAKE_PROFILE_SKIP=audit`` the audit entry is not written at all: what the
trail costs, by difference (never for production).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from pymongo import monitoring

from benchmarks.common import table

BACKGROUND = "background"
_route: contextvars.ContextVar[str] = contextvars.ContextVar("route", default=BACKGROUND)


class StoreTimes(monitoring.CommandListener):
    """Store commands' count and time (ms), by the route that sent them and by command."""

    def __init__(self) -> None:
        self.commands: dict[str, dict[str, list[float]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0.0])
        )
        self._names: dict[int, str] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        collection = target if isinstance(target, str) else ""
        self._names[event.request_id] = f"{event.command_name} {collection}".strip()

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._note(event.request_id, event.duration_micros)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._note(event.request_id, event.duration_micros)

    def _note(self, request_id: int, micros: int) -> None:
        name = self._names.pop(request_id, "?")
        entry = self.commands[_route.get()][name]
        entry[0] += 1
        entry[1] += micros / 1000


STEPS = (
    ("shared.auth.guard", "Guard", "__call__", "guard: token, rule, record scope"),
    ("shared.auth.audit", "AuditTrail", "record", "audit entry: the wait until it is stored"),
    ("services.intake.store", "NameIndex", "register", "registration: name-search markers"),
    (
        "services.intake.service.workers",
        "IntakeService",
        "_flag_duplicates",
        "registration: duplicates",
    ),
    ("services.intake.store", "Workers", "create", "registration: the worker's insert"),
    (
        "services.intake.store",
        "DuplicateReviews",
        "read_group",
        "registration: group read, beside the insert",
    ),
)
_steps: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))


def _time_steps() -> None:
    """Wraps each step's coroutine method so its wall time is added to the request's route."""
    import importlib

    for module_name, class_name, method, label in STEPS:
        owner = getattr(importlib.import_module(module_name), class_name, None)
        original = getattr(owner, method, None)
        if owner is None or original is None:
            continue  # moved or renamed: that step is simply not shown

        def timed(original: Any = original, label: str = label) -> Any:
            async def step(*args: Any, **kwargs: Any) -> Any:
                started = time.monotonic()
                try:
                    return await original(*args, **kwargs)
                finally:
                    entry = _steps[_route.get()][label]
                    entry[0] += 1
                    entry[1] += (time.monotonic() - started) * 1000

            return step

        setattr(owner, method, timed())
    if os.environ.get("INTAKE_PROFILE_SKIP") == "audit":
        from shared.auth.audit import AuditTrail

        async def unrecorded(self: AuditTrail, entry: Any) -> None:
            return None

        AuditTrail.record = unrecorded  # type: ignore[method-assign]


def create_intake_app() -> FastAPI:
    """Intake's app, its store commands and requests timed by route."""
    from services.intake.app import create_app

    _time_steps()
    times = StoreTimes()
    monitoring.register(times)
    requests: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    app = create_app()
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            yield
        _write({"requests": requests, "commands": times.commands, "steps": _steps})

    app.router.lifespan_context = lifespan
    asgi = app.build_middleware_stack

    def build() -> Any:
        stack = asgi()

        async def timed(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await stack(scope, receive, send)
                return
            name = f"{scope['method']} {_template(scope['path'])}"
            token = _route.set(name)
            started = time.monotonic()
            try:
                await stack(scope, receive, send)
            finally:
                _route.reset(token)
                entry = requests[name]
                entry[0] += 1
                entry[1] += (time.monotonic() - started) * 1000

        return timed

    app.build_middleware_stack = build  # type: ignore[method-assign]
    return app


def _write(totals: dict[str, Any]) -> None:
    Path(os.environ["INTAKE_PROFILE"]).write_text(json.dumps(totals))


def _template(path: str) -> str:
    return "/workers/{id}" if path.startswith("/workers/") and path.count("/") == 2 else path


def report(path: Path) -> str:
    """Per route: its store commands per request, their ms per request and share of the
    route's wall time; then the background's commands per request of the run."""
    found = json.loads(path.read_text())
    requests: dict[str, list[float]] = found["requests"]
    commands: dict[str, dict[str, list[float]]] = found["commands"]
    steps: dict[str, dict[str, list[float]]] = found.get("steps", {})
    total_requests = sum(count for count, _ in requests.values()) or 1
    lines = []
    for route, (count, wall_ms) in sorted(requests.items()):
        if count < 10:
            continue
        per_request = wall_ms / count
        rows = []
        spent = 0.0
        for name, (n, ms) in sorted(commands.get(route, {}).items(), key=lambda i: -i[1][1]):
            spent += ms
            rows.append((name, f"{n / count:.2f}", f"{ms / count:.2f}", f"{ms / wall_ms:.0%}"))
        rows.append(
            (
                "everything else (HTTP, auth, validation, waits in the process)",
                "",
                f"{(wall_ms - spent) / count:.2f}",
                f"{(wall_ms - spent) / wall_ms:.0%}",
            )
        )
        step_rows = [
            (name, f"{n / count:.2f}", f"{ms / count:.2f}", f"{ms / wall_ms:.0%}")
            for name, (n, ms) in sorted(steps.get(route, {}).items(), key=lambda i: -i[1][1])
        ]
        lines += [
            f"{route}: {int(count):,} requests, {per_request:.1f} ms wall each (mean)",
            "",
            table(("store command", "commands/request", "ms/request", "share of wall time"), rows),
            "",
            table(
                ("step (steps nest)", "calls/request", "ms/request", "share of wall time"),
                step_rows,
            ),
            "",
        ]
    background = commands.get(BACKGROUND, {})
    background_rows = [
        (name, f"{n / total_requests:.2f}", f"{ms / total_requests:.2f}")
        for name, (n, ms) in sorted(background.items(), key=lambda i: -i[1][1])
    ]
    lines += [
        "outside requests (the relay, the flushes of tasks started at start-up), per request:",
        "",
        table(("command", "commands/request", "ms/request"), background_rows),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(report(Path(sys.argv[1])))
