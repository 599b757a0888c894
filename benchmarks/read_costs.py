"""Where intake's CPU per record read goes, against the bare app, in one process.

    uv run python -m benchmarks.read_costs                   # 6 rounds of 600 reads a part
    uv run python -m benchmarks.read_costs --rounds 3 --without find,audit
    uv run python -m benchmarks.read_costs --set relay_idle_max_interval_s=0.2 --rest 15

Builds intake's app (its runtime on the Kafka of ``KAFKA_BOOTSTRAP_SERVERS`` and the store of
``MONGODB_URL``, a fresh database) and ``benchmarks.bare_api`` in this one process, registers
40 workers in each, then calls both ASGI apps directly (no HTTP client, no server), 8 callers
at a time, on uvloop as uvicorn runs them. Blocks of ``--reads`` reads alternate, in an order
shuffled each round, between intake as it is (twice: the two rows differ by the noise), the
bare app, and intake with one part left out (``--without``):

- ``find``: the worker's document from memory, not the store (its view is still built);
- ``audit``: the audit entry built, but its insert not made (answered as stored);
- ``guard``: the first request's caller kept, no guard at all after it (no audit entry);
- ``middlewares``: intake's pure-ASGI layers (limits, correlation, forwarded prefix, metrics)
  removed, the audit middleware kept.

So the machine's load hits every variant alike; the table gives each one's CPU per read
(``time.process_time``: the process, its consumers and relay included) and the bare app's
share of it, the ratio ``benchmarks.api_vs_bare`` measures over HTTP. Then the process's CPU
at rest over ``--rest`` seconds; ``--set NAME=VALUE`` gives intake a setting of its own. The
parts left out are monkeypatched for the measurement: never for production.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvloop
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from benchmarks.common import bearer_headers, load_average, table
from tests.intake.support import person
from tests.support.services import in_process, service_app, settings_env

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
CALLERS = 8
WORKERS = 40
PARTS = ("find", "audit", "guard", "middlewares")
Message = dict[str, Any]
Toggle = tuple[Callable[[], None], Callable[[], None]]


async def call(
    app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes = b""
) -> list[Message]:
    """The messages the ASGI app sends for one request."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8001"), *headers],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8001),
        "state": {},
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def toggles(app: FastAPI) -> dict[str, Toggle]:
    """How to leave each part out of intake's reads, and put it back."""
    from shared.auth.audit import AuditTrail
    from shared.auth.guard import Guard
    from shared.wiring import AuditMiddleware

    def swap(owner: Any, name: str, replacement: Any) -> Toggle:
        original = getattr(owner, name)
        return (lambda: setattr(owner, name, replacement), lambda: setattr(owner, name, original))

    service = app.state.service
    documents: dict[str, Any] = {}
    read = service.get_worker

    async def from_memory(worker_id: str) -> Any:
        if worker_id not in documents:
            documents[worker_id] = await read(worker_id)
        return documents[worker_id]

    def stored_at_once(self: AuditTrail, entry: Any) -> asyncio.Future[None]:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future

    callers: dict[str, Any] = {}
    guard = Guard.__call__

    async def first_caller(self: Guard, request: Any) -> Any:
        if "principal" not in callers:
            callers["principal"] = await guard(self, request)
        request.state.principal = callers["principal"]
        return callers["principal"]

    layers = list(app.user_middleware)

    def layered(kept: list[Any]) -> Callable[[], None]:
        def rebuild() -> None:
            app.user_middleware = kept
            app.middleware_stack = app.build_middleware_stack()

        return rebuild

    return {
        "find": swap(service, "get_worker", from_memory),
        "audit": swap(AuditTrail, "submit", stored_at_once),
        "guard": swap(Guard, "__call__", first_caller),
        "middlewares": (
            layered([m for m in layers if m.cls is AuditMiddleware]),  # type: ignore[comparison-overlap]
            layered(layers),
        ),
    }


@asynccontextmanager
async def bare_app(database: str) -> AsyncIterator[FastAPI]:
    """The bare app on its own database, its lifespan running."""
    from benchmarks.bare_api import create_app

    os.environ["BARE_MONGODB_URL"] = MONGO
    os.environ["BARE_MONGODB_DATABASE"] = database
    app = create_app()
    async with app.router.lifespan_context(app):
        yield app


async def register(app: Any, headers: list[tuple[bytes, bytes]]) -> list[str]:
    """Registers ``WORKERS`` workers; returns their ids."""
    ids = []
    for index in range(WORKERS):
        body = json.dumps(person(index)).encode()
        length = str(len(body)).encode()
        json_headers = [(b"content-type", b"application/json"), (b"content-length", length)]
        sent = await call(app, "POST", "/workers", [*headers, *json_headers], body)
        assert sent[0]["status"] == 201, sent
        ids.append(json.loads(sent[1]["body"])["worker_id"])
    return ids


async def main(args: argparse.Namespace) -> None:
    prefix = f"r{uuid.uuid4().hex[:8]}"
    env = settings_env("intake", prefix, KAFKA, MONGO, log_level="WARNING")
    env["INTAKE_RELAY_IDLE_INTERVAL_S"] = "0.2"  # production's, not the tests'
    env.update({f"INTAKE_{name.upper()}": value for name, value in args.set})
    intake = service_app("intake", env)
    token = bearer_headers("homeward-benchmarks")["Authorization"].encode()
    auth = [(b"authorization", token)]
    rng = random.Random(21)
    print(f"load average before: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})")
    try:
        async with in_process(intake, ready=False) as client, bare_app(f"{prefix}_bare") as bare:
            await store_ready(client)
            servers: dict[str, tuple[Any, list[tuple[bytes, bytes]], list[str]]] = {
                "intake": (intake, auth, await register(intake, auth)),
                "bare": (bare, [], await register(bare, [])),
            }
            parts = toggles(intake)

            async def block(server: str) -> float:
                app, headers, ids = servers[server]
                left = iter(range(args.reads))

                async def caller() -> None:
                    for _ in left:
                        sent = await call(app, "GET", f"/workers/{rng.choice(ids)}", headers)
                        assert sent[0]["status"] == 200, sent

                started = time.process_time()
                await asyncio.gather(*(caller() for _ in range(CALLERS)))
                return time.process_time() - started

            variants = [
                "intake",
                "intake, again",
                "bare",
                *(f"intake without {p}" for p in args.without),
            ]
            cpu = dict.fromkeys(variants, 0.0)
            await block("intake")  # connections, caches
            for round_ in range(args.rounds):
                for variant in random.Random(round_).sample(variants, len(variants)):
                    left_out = variant.removeprefix("intake without ")
                    if left_out in parts:
                        parts[left_out][0]()
                    try:
                        cpu[variant] += await block("bare" if variant == "bare" else "intake")
                    finally:
                        if left_out in parts:
                            parts[left_out][1]()
                print(f"round {round_ + 1} done, load average {load_average()}")
            idle_started = time.process_time()
            await asyncio.sleep(args.rest)
            idle = (time.process_time() - idle_started) / args.rest
    finally:
        await drop(prefix)
    print(f"load average after: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})\n")
    reads = args.reads * args.rounds
    rows = [
        (
            variant,
            f"{cpu[variant] / reads * 1000:.3f}",
            f"{(cpu[variant] - cpu['intake']) / reads * 1000:+.3f}",
            f"{cpu['bare'] / cpu[variant]:.2f}",
        )
        for variant in variants
    ]
    print(
        table(
            (
                f"GET /workers/{{id}}, {CALLERS} callers, {reads:,} reads each",
                "CPU ms/read",
                "against intake",
                "bare app's CPU / this",
            ),
            rows,
        )
    )
    settings = ", ".join(f"{name}={value}" for name, value in args.set) or "as deployed"
    print(
        f"\nthe process at rest (intake's consumers and relay; settings {settings}): "
        f"{idle * 1000:.1f} ms CPU a second over {args.rest:g} s"
    )


async def store_ready(client: Any) -> None:
    """Returns once intake's store is prepared (reads need no broker)."""
    for _ in range(600):
        answer = await client.get("/readyz")
        if answer.json()["checks"].get("store") == "ok":
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("intake's store was not prepared within a minute")


async def drop(prefix: str) -> None:
    """Drops the databases this run made."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO)
    try:
        for name in await client.list_database_names():
            if name.startswith(f"{prefix}_"):
                await client.drop_database(name)
    finally:
        await client.close()


def run(coroutine: Awaitable[None]) -> None:
    """Runs on uvloop, the loop uvicorn picks when it is installed."""

    async def wrapped() -> None:
        await coroutine

    uvloop.run(wrapped())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reads", type=int, default=600, help="reads a block")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--without", type=lambda text: text.split(","), default=list(PARTS))
    parser.add_argument("--rest", type=float, default=5.0, help="seconds timed at rest")
    parser.add_argument(
        "--set",
        type=lambda text: tuple(text.split("=", 1)),
        action="append",
        default=[],
        help="NAME=VALUE: one of intake's settings (relay_idle_max_interval_s=0.2)",
    )
    arguments = parser.parse_args()
    unknown = set(arguments.without) - set(PARTS)
    if unknown:
        parser.error(f"--without takes {', '.join(PARTS)}, not {', '.join(sorted(unknown))}")
    run(main(arguments))
