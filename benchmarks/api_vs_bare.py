"""Intake's API against a bare FastAPI + PyMongo app on the same store, in one run.

    uv run python -m benchmarks.api_vs_bare                      # 8 callers, 20 s a phase
    uv run python -m benchmarks.api_vs_bare --seconds 10 --rounds 1
    uv run python -m benchmarks.api_vs_bare --only post --profile /tmp/intake-times.json

Starts intake (uvicorn, one worker, as in production; its relay publishing to the Kafka of
``KAFKA_BOOTSTRAP_SERVERS``) and ``benchmarks.bare_api`` (uvicorn the same way, with the same
HTTP protocol) on the store of ``MONGODB_URL``, each on a fresh database. Then, closed loop,
``--callers`` callers each send their next request as soon as the last is answered, for
``--seconds`` a phase:

- ``GET /workers/{id}``: intake's record read (token, guard, audit entry) against one
  ``find_one``; ids drawn from the workers each registered in its warm-up;
- ``POST /workers``: intake's registration (token, guard, audit entry, the worker with its
  outbox, name-search markers, the duplicate group and review, the relay's publication and
  mark) against the same body validated by the same model and stored by one ``insert_one``.

Each round runs every phase on both servers back to back, intake first in odd rounds and the
bare app first in even ones, so the machine's noise hits both; ``--rounds`` of them. Prints a
table (req/s, p50/p99 per server, intake's share of the bare rate), the per-round ratios, each
server's and the store's CPU per request, and the machine's load. On a machine others share,
compare the ratios of one run, not rates across runs.

``--profile <file>`` runs intake with its store commands timed per route
(``benchmarks.profiled``, which costs intake some speed: a profile run's ratios are not the
figures) and prints where a request's wall time goes; ``python -m benchmarks.profiled <file>``
prints it again. Set ``HOMEWARD_STATE`` to the store's state directory (``scripts/infra.sh``)
for the store's CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import profiled
from benchmarks.common import (
    HttpError,
    KeepAliveClient,
    bearer_headers,
    cpu_seconds,
    load_average,
    percentile,
    store_cpu_seconds,
    table,
)
from benchmarks.stack import LOGS
from tests.support.services import ServiceProcess, free_port, settings_env
from tools.generator.requests import registration_body

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
SERVERS = ("homeward", "bare")
READ_TARGET = 0.7
WRITE_TARGET = 0.4


@dataclass
class Phase:
    """What one server answered on one path, over every round."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_s: float = 0.0
    store_cpu_s: float = 0.0
    rounds: list[float] = field(default_factory=list)
    """Requests answered a second, each round."""

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


@dataclass
class Target:
    """One server: where it answers, its process, the ids of the workers it registered."""

    name: str
    process: ServiceProcess
    headers: Iterator[dict[str, str]]
    workers: list[str] = field(default_factory=list)


Send = Callable[[Target], Awaitable[tuple[int, bytes]]]


async def closed_loop(target: Target, send: Send, callers: int, seconds: float) -> Phase:
    """``callers`` loops, each sending its next request once the last is answered."""
    phase = Phase()
    deadline = time.monotonic() + seconds

    async def caller() -> None:
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, _ = await send(target)
                outcome = str(status)
            except HttpError as exc:
                outcome = f"HttpError({exc})"
            if outcome.startswith("2"):
                phase.latencies.append((time.monotonic() - started) * 1000)
            else:
                phase.errors[outcome] = phase.errors.get(outcome, 0) + 1

    started = time.monotonic()
    await asyncio.gather(*(caller() for _ in range(callers)))
    phase.seconds = time.monotonic() - started
    return phase


class Bodies:
    """Registration bodies, a fresh national ID each; made ahead, and more when they run out."""

    def __init__(self, count: int) -> None:
        self.seed = int(time.time()) % 100_000
        self.made = 0
        self.ready: list[bytes] = []
        self._make(count)

    def _make(self, count: int) -> None:
        start = self.made + 1
        self.ready += [
            json.dumps(registration_body(self.seed, index, "40")).encode()
            for index in range(start, start + count)
        ]
        self.made += count

    def next(self) -> bytes:
        if not self.ready:
            self._make(200)
        return self.ready.pop()


def senders(client: KeepAliveClient, bodies: Bodies, rng: random.Random) -> dict[str, Send]:
    """How to send each path's request to a target."""

    async def read(target: Target) -> tuple[int, bytes]:
        worker_id = rng.choice(target.workers)
        url = f"{target.process.url}/workers/{worker_id}"
        answer = await client.get(url, headers=next(target.headers))
        return answer.status, answer.body

    async def register(target: Target) -> tuple[int, bytes]:
        url = f"{target.process.url}/workers"
        answer = await client.post(url, bodies.next(), next(target.headers))
        if answer.status == 201 and len(target.workers) < 5_000:
            target.workers.append(json.loads(answer.body)["worker_id"])
        return answer.status, answer.body

    return {"GET /workers/{id}": read, "POST /workers": register}


async def run_phase(target: Target, send: Send, args: argparse.Namespace, into: Phase) -> None:
    """One phase on one server, added to ``into``, with the server's and the store's CPU."""
    pid = target.process.process.pid if target.process.process else None
    cpu_before, store_before = cpu_seconds(pid), sum(store_cpu_seconds().values())
    phase = await closed_loop(target, send, args.callers, args.seconds)
    into.latencies += phase.latencies
    for outcome, count in phase.errors.items():
        into.errors[outcome] = into.errors.get(outcome, 0) + count
    into.seconds += phase.seconds
    into.rounds.append(phase.rate)
    into.cpu_s += cpu_seconds(pid) - cpu_before
    used = sum(store_cpu_seconds().values()) - store_before
    into.store_cpu_s += max(0.0, used - args.store_idle * phase.seconds)


async def store_idle(seconds: float) -> float:
    """The store's CPU seconds a second while neither server is sent anything (other users of
    a shared store, the relay's polls): subtracted from each phase's."""
    before, started = sum(store_cpu_seconds().values()), time.monotonic()
    await asyncio.sleep(seconds)
    return (sum(store_cpu_seconds().values()) - before) / (time.monotonic() - started)


def report(results: dict[str, dict[str, Phase]], args: argparse.Namespace) -> str:
    """The table, then each path's ratio per round and the CPU per request."""
    rows = []
    for path, phases in results.items():
        ours, bare = phases["homeward"], phases["bare"]
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        target = READ_TARGET if path.startswith("GET") else WRITE_TARGET
        rows.append(
            (
                path,
                f"{ours.rate:.0f}",
                f"{bare.rate:.0f}",
                f"**{ratio:.2f}** ({'met' if ratio >= target else 'NOT met'}: >= {target})",
                f"{percentile(ours.latencies, 0.5):.1f} / {percentile(ours.latencies, 0.99):.1f}",
                f"{percentile(bare.latencies, 0.5):.1f} / {percentile(bare.latencies, 0.99):.1f}",
            )
        )
    lines = [
        table(
            (
                f"path ({args.callers} callers, closed loop)",
                "homeward req/s",
                "bare req/s",
                "ratio",
                "homeward p50 / p99 ms",
                "bare p50 / p99 ms",
            ),
            rows,
        ),
        "",
    ]
    for path, phases in results.items():
        ours, bare = phases["homeward"], phases["bare"]
        per_round = ", ".join(
            f"{o / b:.2f}" if b else "-" for o, b in zip(ours.rounds, bare.rounds, strict=True)
        )
        lines.append(f"{path}: ratio per round {per_round}")
    lines.append("")
    cpu_rows = []
    for path, phases in results.items():
        for name in SERVERS:
            phase = phases[name]
            count = max(1, len(phase.latencies))
            cpu_rows.append(
                (
                    path,
                    name,
                    f"{len(phase.latencies):,}",
                    f"{phase.cpu_s / count * 1000:.2f}",
                    f"{phase.store_cpu_s / count * 1000:.2f}",
                    f"{phase.cpu_s / phase.seconds:.0%}" if phase.seconds else "",
                )
            )
    lines.append(
        table(
            (
                "path",
                "server",
                "answered",
                "server CPU ms/request",
                "store CPU ms/request (idle subtracted)",
                "server's share of a core",
            ),
            cpu_rows,
        )
    )
    failed = {
        f"{path} {name}": phases[name].errors
        for path, phases in results.items()
        for name in SERVERS
        if phases[name].errors
    }
    if failed:
        lines.append(f"\nfailed requests: {failed}")
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(21)
    prefix = f"v{uuid.uuid4().hex[:8]}"
    LOGS.mkdir(parents=True, exist_ok=True)
    intake_env = settings_env("intake", prefix, KAFKA, MONGO, log_level="WARNING")
    intake_env["INTAKE_RELAY_IDLE_INTERVAL_S"] = "0.2"  # production's, not the tests'
    bare_env = {"BARE_MONGODB_URL": MONGO, "BARE_MONGODB_DATABASE": f"{prefix}_bare"}
    factory = ""
    if args.profile:
        intake_env["INTAKE_PROFILE"] = args.profile
        factory = "benchmarks.profiled:create_intake_app"
    intake = ServiceProcess(
        "intake", intake_env, free_port(), LOGS / f"{prefix}-intake.log", factory
    )
    bare = ServiceProcess(
        "bare", bare_env, free_port(), LOGS / f"{prefix}-bare.log", "benchmarks.bare_api:create_app"
    )
    tokens = [bearer_headers(f"homeward-benchmarks-{n:03d}") for n in range(args.callers)]
    targets = {
        "homeward": Target("homeward", intake, itertools.cycle(tokens)),
        "bare": Target("bare", bare, itertools.repeat({})),
    }
    bodies = Bodies(args.bodies)
    print(f"load average before: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})")
    try:
        for process in (intake, bare):
            process.start()
        await asyncio.gather(intake.wait_ready(180), bare.wait_ready(60))
        print(f"intake {intake.url}, bare {bare.url}, databases {prefix}_intake / {prefix}_bare")
        async with KeepAliveClient(timeout_s=30) as client:
            send = senders(client, bodies, rng)
            paths = [p for p in send if args.only in ("", p.split()[0].lower())]
            warm = argparse.Namespace(callers=args.callers, seconds=args.warmup, store_idle=0.0)
            for target in targets.values():  # workers to read, connections, caches
                await run_phase(target, send["POST /workers"], warm, Phase())
            print(f"warm-up registered {[len(t.workers) for t in targets.values()]} workers")
            args.store_idle = await store_idle(args.idle)
            print(f"the store's CPU with neither server sent anything: {args.store_idle:.2f} s/s")
            results = {path: {name: Phase() for name in SERVERS} for path in paths}
            for round_ in range(args.rounds):
                order = SERVERS if round_ % 2 == 0 else SERVERS[::-1]
                for path in paths:
                    for name in order:
                        await asyncio.sleep(args.settle)  # the last phase's relay work ends
                        await run_phase(targets[name], send[path], args, results[path][name])
                print(f"round {round_ + 1} done, load average {load_average()}")
    finally:
        await asyncio.gather(asyncio.to_thread(intake.stop), asyncio.to_thread(bare.stop))
    print(f"load average after: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})\n")
    print(report(results, args))
    if args.profile:
        print(f"\nwhere intake's wall time goes (--profile {args.profile}):\n")
        print(profiled.report(Path(args.profile)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20, help="each phase, each server")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=5, help="registrations, each server")
    parser.add_argument("--idle", type=float, default=5, help="store's idle CPU measured for")
    parser.add_argument("--settle", type=float, default=1.0, help="pause before each phase")
    parser.add_argument("--bodies", type=int, default=3000, help="registration bodies made ahead")
    parser.add_argument("--only", choices=("", "get", "post"), default="")
    parser.add_argument("--profile", default="", help="time intake's store commands; JSON here")
    arguments = parser.parse_args()
    if arguments.profile:
        arguments.profile = str(Path(arguments.profile).resolve())  # intake runs elsewhere
    asyncio.run(main(arguments))
