"""API load: p50/p99 latency and throughput of the main reads and writes at a steady rate.

    uv run python -m benchmarks.api_load --generator-check          # the generator's ceiling
    uv run python -m benchmarks.api_load --rate 200 --duration 300  # floor per kind, then the mix

Do not run it under ``nice``: the generator must keep its schedule, and it checks that it did.

Starts the four services as uvicorn processes (one worker each) on the Kafka and store of
``KAFKA_BOOTSTRAP_SERVERS`` / ``MONGODB_URL``, registers ``--preload`` workers and waits until
deployment's and aftercare's views hold them all. Then, from this second process over loopback:

1. the latency floor: each request kind alone at ``--floor-rate`` (default 5/s);
2. the mix at ``--rate`` for ``--duration`` s.

Both are open-loop: requests start on a fixed schedule whatever the answers do, and each
latency counts from its scheduled start, so a service that falls behind shows it. The generator
records how late it started each request; if its p99 lateness reaches 10 ms the run says the
figures are INVALID (they would measure the generator). Callers are ``--callers`` service
tokens in turn (the expensive-endpoint rate limit is per caller, as for many officers).
Prints a table per phase, the services' CPU per request and the machine's load average.
Target: p99 < 50 ms for reads.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx

from benchmarks.common import (
    Answer,
    HttpError,
    KeepAliveClient,
    Lateness,
    bearer_headers,
    cpu_seconds,
    load_average,
    percentile,
    store_cpu_seconds,
    table,
)
from benchmarks.stack import (
    RunningServices,
    preload,
    registration_bodies,
    running_services,
    wait_for_views,
)
from tests.support.services import free_port

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
SURNAMES = ("nguyen", "tran", "le thi", "pham van", "hoang", "vu", "dang")
READ_TARGET_MS = 50.0

Send = Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class Kind:
    """One request kind of the mix: its name, its share, and how to send one (-> status)."""

    name: str
    share: float
    send: Send
    service: str


@dataclass
class Run:
    """What one phase measured."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lateness: Lateness = field(default_factory=Lateness)
    seconds: float = 0.0
    generator_cpu_s: float = 0.0
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))


async def steady_load(kinds: list[Kind], rate: float, duration_s: float, rng: random.Random) -> Run:
    """Starts ``rate`` requests a second for ``duration_s``, each of a kind drawn by share."""
    run = Run()
    names = [k.name for k in kinds]
    weights = [k.share for k in kinds]
    by_name = {k.name: k for k in kinds}
    total = int(rate * duration_s)
    plan = rng.choices(names, weights, k=total)
    tasks: list[asyncio.Task[None]] = []

    async def one(name: str, scheduled: float) -> None:
        run.lateness.note(scheduled)
        try:
            status = await by_name[name].send()
            outcome = str(status)
        except (HttpError, httpx.HTTPError) as exc:
            outcome = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}({exc})"
        elapsed_ms = (time.monotonic() - scheduled) * 1000
        if outcome.startswith("2"):
            run.latencies[name].append(elapsed_ms)
        else:
            run.errors[name] += 1
            run.failures[outcome] += 1

    cpu_before = cpu_seconds()
    started = time.monotonic() + 0.05
    for index, name in enumerate(plan):
        scheduled = started + index / rate
        delay = scheduled - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        run.sent[by_name[name].service] += 1
        tasks.append(asyncio.create_task(one(name, scheduled)))
    await asyncio.gather(*tasks)
    run.seconds = time.monotonic() - started
    run.generator_cpu_s = cpu_seconds() - cpu_before
    return run


def report(run: Run, rate: float, title: str) -> str:
    """The phase's table, the reads' verdict, and whether the generator kept its schedule."""
    rows = []
    for name in sorted(set(run.latencies) | set(run.errors)):
        values = run.latencies.get(name, [])
        rows.append(
            (
                name,
                f"{len(values) + run.errors.get(name, 0):,}",
                run.errors.get(name, 0),
                f"{percentile(values, 0.5):.1f}",
                f"{percentile(values, 0.99):.1f}",
                f"{max(values, default=0):.0f}",
            )
        )
    every = [x for v in run.latencies.values() for x in v]
    reads = [x for name, v in run.latencies.items() if name.startswith("read") for x in v]
    answered = len(every)
    rows.append(
        (
            f"**all ({rate:g}/s offered, {answered / run.seconds:.0f}/s answered 2xx)**",
            f"{answered + sum(run.errors.values()):,}",
            sum(run.errors.values()),
            f"{percentile(every, 0.5):.1f}",
            f"{percentile(every, 0.99):.1f}",
            f"{max(every, default=0):.0f}",
        )
    )
    lines = [
        f"### {title}",
        "",
        table(("request", "sent", "errors", "p50 ms", "p99 ms", "max ms"), rows),
        "",
    ]
    if run.failures:
        lines.append(f"failed requests by outcome: {dict(sorted(run.failures.items()))}")
    verdict = "met" if percentile(reads, 0.99) < READ_TARGET_MS else "NOT met"
    per_request = run.generator_cpu_s / max(1, len(run.lateness.values)) * 1000
    lines += [
        f"reads p99 {percentile(reads, 0.99):.1f} ms: target p99 < {READ_TARGET_MS:.0f} ms "
        f"{verdict}",
        run.lateness.summary(),
        f"generator CPU {run.generator_cpu_s:.1f} s ({per_request:.2f} ms per request, "
        f"{run.generator_cpu_s / run.seconds:.0%} of a core)",
    ]
    if not run.lateness.valid:
        lines.append("**INVALID: the generator fell behind its schedule**")
    return "\n".join(lines)


def cpu_report(before: dict[str, float], after: dict[str, float], run: Run) -> str:
    """Each process's CPU over the phase: a service's per request it was sent, the store's
    (FerretDB, PostgreSQL) per request answered."""
    rows = []
    total = sum(len(v) + run.errors.get(k, 0) for k, v in run.latencies.items())
    total += sum(v for k, v in run.errors.items() if k not in run.latencies)
    for process in before:
        used = after[process] - before[process]
        sent = run.sent.get(process, total if process in STORE_PROCESSES else 0)
        rows.append(
            (
                process,
                f"{sent:,}",
                f"{used:.1f}",
                f"{used / sent * 1000:.2f}" if sent else "",
                f"{used / run.seconds:.0%}",
            )
        )
    used = sum(after.values()) - sum(before.values())
    rows.append(
        (
            "**all**",
            f"{total:,}",
            f"{used:.1f}",
            f"{used / total * 1000:.2f}" if total else "",
            f"{used / run.seconds:.0%}",
        )
    )
    return table(("process", "requests", "CPU s", "CPU ms/request", "share of a core"), rows)


STORE_PROCESSES = ("ferretdb", "postgres")


def cpu_snapshot(services: RunningServices) -> dict[str, float]:
    """CPU seconds used so far by each service process and by the local store's processes."""
    return {**services.cpu(), **store_cpu_seconds()}


async def idle_cpu(services: RunningServices, seconds: float) -> dict[str, float]:
    """Each process's CPU seconds per second while no request is sent (relay polls, consumers'
    fetches, the store's own housekeeping): subtracted from the floor's figures."""
    before, started = cpu_snapshot(services), time.monotonic()
    await asyncio.sleep(seconds)
    after, elapsed = cpu_snapshot(services), time.monotonic() - started
    return {p: max(0.0, after[p] - before[p]) / elapsed for p in before}


async def floor(
    kinds: list[Kind], services: RunningServices, args: argparse.Namespace, rng: random.Random
) -> None:
    """Each kind alone at ``--floor-rate``: its latency, and the CPU one request costs the
    service it goes to, the other services (consumers of what it wrote), FerretDB and
    PostgreSQL, with the idle CPU measured just before subtracted."""
    await asyncio.sleep(2)
    idle = await idle_cpu(services, args.idle_seconds)
    idle_text = ", ".join(f"{p} {v * 1000:.0f}" for p, v in idle.items())
    print(
        f"\nload average before the floor: {load_average()}\n"
        f"idle CPU (ms per s): {idle_text}\n"
        f"## Latency floor: each kind alone, {args.floor_rate:g}/s for "
        f"{args.floor_duration:g} s\n"
    )
    rows = []
    for kind in kinds:
        alone = Kind(kind.name, 1.0, kind.send, kind.service)
        before, started = cpu_snapshot(services), time.monotonic()
        run = await steady_load([alone], args.floor_rate, args.floor_duration, rng)
        await asyncio.sleep(args.settle_seconds)  # consumers finish what the last requests wrote
        after, elapsed = cpu_snapshot(services), time.monotonic() - started
        count = max(1, len(run.lateness.values))
        per = {p: max(0.0, after[p] - before[p] - idle[p] * elapsed) / count * 1000 for p in before}
        own = per[kind.service]
        others = sum(v for p, v in per.items() if p not in STORE_PROCESSES) - own
        print(report(run, args.floor_rate, kind.name))
        print(f"CPU ms per request (idle subtracted): {per}\n")
        values = run.latencies.get(kind.name, [])
        rows.append(
            (
                kind.name,
                f"{percentile(values, 0.5):.1f}",
                f"{percentile(values, 0.99):.1f}",
                f"{own:.2f}",
                f"{others:.2f}",
                f"{per.get('ferretdb', 0):.2f}",
                f"{per.get('postgres', 0):.2f}",
                f"**{sum(per.values()):.2f}**",
                "kept" if run.lateness.valid else "LATE",
            )
        )
    print(f"load average after the floor: {load_average()}\n")
    print(
        table(
            (
                f"request, alone at {args.floor_rate:g}/s",
                "p50 ms",
                "p99 ms",
                "CPU ms: its service",
                "other services",
                "FerretDB",
                "PostgreSQL",
                "all",
                "schedule",
            ),
            rows,
        )
    )


# -- the request kinds -------------------------------------------------------------------------


def caller_headers(count: int) -> Iterator[dict[str, str]]:
    """Service tokens of ``count`` callers, in turn."""
    tokens = [bearer_headers(f"homeward-benchmarks-{n:03d}") for n in range(count)]
    return itertools.cycle(tokens)


def kinds_of(
    client: KeepAliveClient,
    services: RunningServices,
    workers: list[str],
    bodies: Iterator[bytes],
    callers: Iterator[dict[str, str]],
    rng: random.Random,
) -> list[Kind]:
    """The mix: 15 % registrations, 30 % intake records, 15 % name searches in a province,
    20 % deployment candidates, 20 % aftercare timelines."""
    intake = services.urls["intake"]
    deployment = services.urls["deployment"]
    aftercare = services.urls["aftercare"]

    def some() -> str:
        return rng.choice(workers)

    async def status(answer: Awaitable[Answer]) -> int:
        return (await answer).status

    def register() -> Awaitable[int]:
        return status(client.post(f"{intake}/workers", next(bodies), next(callers)))

    def read(url: Callable[[], str]) -> Send:
        return lambda: status(client.get(url(), headers=next(callers)))

    def search() -> Awaitable[int]:
        params = {"name": rng.choice(SURNAMES), "province_code": "40", "limit": 20}
        return status(client.get(f"{intake}/workers", params, next(callers)))

    return [
        Kind("write: register a worker (intake)", 0.15, register, "intake"),
        Kind(
            "read: a worker's record (intake)",
            0.30,
            read(lambda: f"{intake}/workers/{some()}"),
            "intake",
        ),
        Kind("read: search by name, a province (intake)", 0.15, search, "intake"),
        Kind(
            "read: a candidate (deployment)",
            0.20,
            read(lambda: f"{deployment}/workers/{some()}"),
            "deployment",
        ),
        Kind(
            "read: a worker's timeline (aftercare)",
            0.20,
            read(lambda: f"{aftercare}/workers/{some()}/timeline"),
            "aftercare",
        ),
    ]


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(13)
    floor_count = int(args.floor_rate * args.floor_duration)
    mix_registrations = int(args.rate * args.duration * 0.2) + floor_count + 100
    seed = int(time.time()) % 100_000
    bodies_all = registration_bodies(seed, args.preload + mix_registrations)
    print(f"load average before: {load_average()}  ({time.strftime('%Y-%m-%d %H:%M:%S %Z')})")
    async with (
        running_services(KAFKA, MONGO, relay_idle_interval_s="0.2") as services,
        KeepAliveClient(bearer_headers()) as client,
    ):
        print(f"services up on prefix {services.prefix}: {services.urls}")
        workers = await preload(client, services.urls["intake"], bodies_all[: args.preload])
        waited = await wait_for_views(MONGO, services.prefix, workers)
        print(f"preloaded {len(workers)} workers; views held them all after {waited:.1f} s")
        bodies = iter(bodies_all[args.preload :])
        kinds = kinds_of(client, services, workers, bodies, caller_headers(args.callers), rng)
        if args.kinds:  # the floor of some kinds only (the mix keeps every kind)
            wanted = args.kinds.split(",")
            floor_kinds = [k for k in kinds if any(w in k.name for w in wanted)]
        else:
            floor_kinds = kinds
        if args.floor_rate > 0:
            await floor(floor_kinds, services, args, rng)
        if args.duration > 0:
            await asyncio.sleep(2)
            print(f"load average before the mix: {load_average()}")
            before = cpu_snapshot(services)
            run = await steady_load(kinds, args.rate, args.duration, rng)
            after = cpu_snapshot(services)
            print(f"load average after the mix: {load_average()}\n")
            print(report(run, args.rate, f"The mix at {args.rate:g}/s for {args.duration:g} s"))
            print("\nCPU during the mix (services and the local store):\n")
            print(cpu_report(before, after, run))


# -- the generator's own ceiling ---------------------------------------------------------------

TRIVIAL_ANSWER = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n"
    b'{"status":"ok"}'
)


async def serve_trivial(port: int) -> None:
    """An HTTP/1.1 keep-alive server answering every request at once with a fixed body (it
    costs next to nothing, so what a client run measures is the client)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                if length:
                    await reader.readexactly(length)
                writer.write(TRIVIAL_ANSWER)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


async def generator_check(rates: list[float], httpx_rates: list[float], duration_s: float) -> None:
    """Runs the generator with ``KeepAliveClient`` at ``rates`` and with httpx at ``httpx_rates``
    against a trivial server: its CPU per request and how late it started requests. (httpx is
    given only low rates: once behind, it takes minutes to finish a few seconds of schedule.)"""
    port = free_port()
    server = subprocess.Popen(  # noqa: ASYNC220 - a child process for the whole check
        [sys.executable, "-m", "benchmarks.api_load", "--serve-trivial", str(port)]
    )
    rng = random.Random(1)
    rows = []
    try:
        await asyncio.sleep(1.0)
        url = f"http://127.0.0.1:{port}/healthz"
        headers = bearer_headers()
        print(f"load average before: {load_average()}")
        for rate in httpx_rates:
            limits = httpx.Limits(max_connections=500, max_keepalive_connections=500)
            async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as heavy:

                async def with_httpx() -> int:
                    return (await heavy.get(url)).status_code

                rows.append(await _check_row("httpx", rate, duration_s, with_httpx, rng))
        for rate in rates:
            async with KeepAliveClient(headers) as light:

                async def with_light() -> int:
                    return (await light.get(url)).status

                rows.append(await _check_row("KeepAliveClient", rate, duration_s, with_light, rng))
        print(f"load average after: {load_average()}\n")
    finally:
        server.terminate()
        server.wait(5)
    print(
        table(
            (
                "client",
                "offered /s",
                "answered /s",
                "p50 ms",
                "p99 ms",
                "start lateness p99 ms",
                "generator CPU ms/request",
                "schedule",
            ),
            rows,
        )
    )


async def _check_row(
    name: str, rate: float, duration_s: float, send: Send, rng: random.Random
) -> tuple[object, ...]:
    run = await steady_load([Kind("probe", 1.0, send, "trivial")], rate, duration_s, rng)
    values = run.latencies.get("probe", [])
    return (
        name,
        f"{rate:g}",
        f"{len(values) / run.seconds:.0f}",
        f"{percentile(values, 0.5):.2f}",
        f"{percentile(values, 0.99):.2f}",
        f"{percentile(run.lateness.values, 0.99):.2f}",
        f"{run.generator_cpu_s / max(1, len(run.lateness.values)) * 1000:.2f}",
        "kept" if run.lateness.valid else "LATE",
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--preload", type=int, default=500)
    parser.add_argument("--floor-rate", type=float, default=5)
    parser.add_argument("--floor-duration", type=float, default=10)
    parser.add_argument("--callers", type=int, default=100)
    parser.add_argument(
        "--kinds", default="", help="floor only the kinds whose names hold one of these words"
    )
    parser.add_argument("--idle-seconds", type=float, default=5, help="idle CPU measured for")
    parser.add_argument(
        "--settle-seconds", type=float, default=1.5, help="after each floor kind, before its CPU"
    )
    parser.add_argument(
        "--generator-check",
        action="store_true",
        help="measure only the generator against a trivial server (--check-rates, and httpx at "
        "--check-httpx-rates)",
    )
    parser.add_argument("--check-rates", default="200,500,1000")
    parser.add_argument("--check-httpx-rates", default="50,200")
    parser.add_argument("--serve-trivial", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if os.nice(0) > 0:
        print(f"warning: running at nice {os.nice(0)}; the schedule check will tell if it matters")
    if args.serve_trivial:
        asyncio.run(serve_trivial(args.serve_trivial))
    elif args.generator_check:
        rates = [float(r) for r in args.check_rates.split(",")]
        httpx_rates = [float(r) for r in args.check_httpx_rates.split(",") if r]
        duration = args.duration if args.duration != 300 else 15
        asyncio.run(generator_check(rates, httpx_rates, duration))
    else:
        asyncio.run(main(args))
