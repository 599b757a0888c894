"""Replay benchmark: rebuild every service's views from a generated national history.

    nice -n 19 uv run python -m benchmarks.replay --events 1000000 --parallel 2
    nice -n 19 uv run python -m benchmarks.replay --reuse r1m --parallel 2   # same topics
    nice -n 19 uv run python -m benchmarks.replay --reuse r1m --parallel 2 --separately

Publishes a country history of ``--events`` events (``tools.generator``, merged by time as
years of operation leave them) to topics of its own prefix, unless ``--reuse`` names a prefix
already loaded. Then rebuilds every view into fresh databases with
``shared.rebuild.rebuild_views``: one pass over the topics, each record read and decoded once
and folded into every view that reads it, one partition number at a time, each document
inserted once. ``--parallel N`` splits the partition numbers over N processes. With
``--separately`` (the operator's ``homeward views rebuild``, one view at a time), each view is
rebuilt in a process of its own reading its topics itself, N at a time. Prints a table (events
read, documents and refusals per view; wall time, CPU of the replay and of the store, and peak
RSS) and the projection to 20M events (linear in events, from the measured cost per event).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pymongo import AsyncMongoClient

from benchmarks.common import peak_rss_mb, table
from shared.kafka import client_options
from shared.rebuild import rebuild_view, rebuild_views, subscriptions_of
from shared.settings import ServiceSettings
from tests.support.infrastructure import ROOT
from tests.support.services import service_app, settings_env
from tools.generator import Publisher, Scope, generate
from tools.generator.verify import all_topics

KAFKA = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
# Longest first: with --parallel 2, aftercare's cases (about as long as the four others
# together) runs beside the rest instead of starting after training's (longest-job-first).
VIEWS = (
    ("aftercare", "cases"),
    ("reporting", "facts"),
    ("deployment", "candidates"),
    ("training", "candidates"),
    ("aftercare", "incidents"),
)
EVENTS_PER_WORKER = 24  # what the generator's journeys average, a little under
TARGET_EVENTS = 20_000_000
TOTAL_HEADERS = ["rebuild", "history events", "wall s", "CPU s (replay + store)"]
TOTAL_HEADERS += ["CPU us/event", "peak RSS MB", "load average after"]


async def load(prefix: str, events: int, rate: float) -> dict[str, Any]:
    """Publishes the first ``events`` events of a country history; returns what it sent."""
    workers = events // EVENTS_PER_WORKER + 1
    history = itertools.islice(generate(2026, Scope.country(workers)), events)
    started = time.monotonic()
    async with Publisher(KAFKA, f"{prefix}.") as publisher:
        report = await publisher.publish(history, rate=rate)
    return {"sent": report.sent, "seconds": time.monotonic() - started}


async def rebuild_one(prefix: str, service: str, view: str, database: str) -> dict[str, Any]:
    """Rebuilds one view into ``database`` (not switched: there is no live service)."""
    app = service_app(service, settings_env(service, prefix, KAFKA, MONGO))
    subscription = next(s for s in subscriptions_of(app.state.runtime) if s.projection.name == view)
    options = client_options(ServiceSettings(kafka_bootstrap_servers=KAFKA))
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO, tz_aware=True)
    cpu_before, store_before = cpu_seconds(), store_cpu_seconds()
    try:
        result = await rebuild_view(client[database], subscription, options, switch=False)
    finally:
        await client.close()
    return {
        "service": service,
        "view": view,
        "topics": [t.removeprefix(f"{prefix}.") for t in subscription.topics],
        "events": result.events,
        "documents": result.documents,
        "unappliable": result.unappliable,
        "seconds": result.seconds,
        "cpu_s": cpu_seconds() - cpu_before,
        "store_cpu_s": store_cpu_seconds() - store_before,
        "rss_mb": own_peak_rss_mb(),
        "method": result.method.split(",")[0],
    }


async def rebuild_all(prefix: str, run: str, partition_numbers: list[int] | None) -> dict[str, Any]:
    """Rebuilds every view of ``VIEWS`` in one pass over the topics (of those partition
    numbers), each service's views into ``replay_<run>_<service>`` (not switched)."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGO, tz_aware=True)
    targets = []
    for service, view in VIEWS:
        app = service_app(service, settings_env(service, prefix, KAFKA, MONGO))
        subscriptions = subscriptions_of(app.state.runtime)
        subscription = next(s for s in subscriptions if s.projection.name == view)
        targets.append((client[f"replay_{run}_{service}"], subscription))
    options = client_options(ServiceSettings(kafka_bootstrap_servers=KAFKA))
    cpu_before, started = cpu_seconds(), time.monotonic()
    try:
        results = await rebuild_views(
            targets, options, stamp=run, switch=False, partition_numbers=partition_numbers
        )
    finally:
        await client.close()
    return {
        "views": [
            {
                "service": service,
                "view": view,
                "topics": [t.removeprefix(f"{prefix}.") for t in subscription.topics],
                "events": result.events,
                "documents": result.documents,
                "unappliable": result.unappliable,
                "refused": len(result.refused),
                "method": result.method.split(",")[0],
            }
            for (service, view), (_, subscription), result in zip(
                VIEWS, targets, results, strict=True
            )
        ],
        "seconds": time.monotonic() - started,
        "cpu_s": cpu_seconds() - cpu_before,
        "rss_mb": own_peak_rss_mb(),
    }


def store_cpu_seconds() -> float:
    """CPU time the store's processes used so far: FerretDB and PostgreSQL (with its exited
    backends), found by the pid files ``scripts/infra.sh`` writes under ``HOMEWARD_STATE``."""
    state = Path(os.environ.get("HOMEWARD_STATE", ROOT / ".local" / "stack"))
    pids = []
    for pidfile in (state / "ferretdb.pid", state / "postgres" / "data" / "postmaster.pid"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            pids.append(int(pidfile.read_text().split()[0]))
    ticks = 0
    for pid in pids:
        ticks += _ticks(pid, children=True)
        for child in _children(pid):
            ticks += _ticks(child, children=False)
    return ticks / os.sysconf("SC_CLK_TCK")


def _ticks(pid: int, children: bool) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # fields[11:15] are utime, stime, cutime, cstime (stat fields 14-17)
    return sum(int(f) for f in fields[11 : 15 if children else 13])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def cpu_seconds() -> float:
    """CPU time this process used so far (user + system): contention does not inflate it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(prefix: str, *arguments: str) -> dict[str, Any]:
    """Runs ``--child`` or ``--pass`` in a process of its own; returns what it printed."""
    command = [sys.executable, "-m", "benchmarks.replay", *arguments, "--reuse", prefix]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    result: dict[str, Any] = json.loads(line)
    return result


def own_peak_rss_mb() -> float:
    """This process's peak RSS since it started (``VmHWM``). ``ru_maxrss`` would do on macOS,
    but Linux carries it over a fork and exec: every child would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()


async def topic_sizes(prefix: str) -> tuple[dict[str, int], list[int]]:
    """Records per topic, from the offsets (reading a 1M-event history took 2.8 GB), and the
    topics' partition numbers."""
    topics = all_topics(f"{prefix}.")
    reader = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await reader.start()
    try:
        cluster = await reader._client.fetch_all_metadata()
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(cluster.partitions_for_topic(topic) or ())
        ]
        firsts = await reader.beginning_offsets(partitions)
        ends = await reader.end_offsets(partitions)
    finally:
        await asyncio.sleep(0)  # aiokafka raises if stopped before its start-up task ran
        await reader.stop()
    sizes = dict.fromkeys((t.removeprefix(f"{prefix}.") for t in topics), 0)
    for tp in partitions:
        sizes[tp.topic.removeprefix(f"{prefix}.")] += ends[tp] - firsts[tp]
    return sizes, sorted({tp.partition for tp in partitions})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reuse", help="topic prefix of a history loaded before")
    parser.add_argument("--rate", type=float, default=0, help="publish rate; 0 = unthrottled")
    parser.add_argument("--parallel", type=int, default=1, help="processes at once")
    parser.add_argument(
        "--separately", action="store_true", help="each view in its own process, reading alone"
    )
    parser.add_argument("--child", nargs=3, metavar=("SERVICE", "VIEW", "DATABASE"))
    parser.add_argument("--pass", dest="one_pass", nargs=2, metavar=("RUN", "PARTITIONS"))
    args = parser.parse_args()
    if args.child:
        service, view, database = args.child
        print(json.dumps(asyncio.run(rebuild_one(args.reuse, service, view, database))))
        return
    if args.one_pass:
        run, numbers = args.one_pass
        chosen = [int(n) for n in numbers.split(",")]
        print(json.dumps(asyncio.run(rebuild_all(args.reuse, run, chosen))))
        return
    prefix = args.reuse or f"r{uuid.uuid4().hex[:6]}"
    if not args.reuse:
        loaded = asyncio.run(load(prefix, args.events, args.rate))
        total = sum(loaded["sent"].values())
        print(
            f"loaded {total:,} events under prefix {prefix} in {loaded['seconds']:.0f} s "
            f"({total / loaded['seconds']:,.0f} events/s): {loaded['sent']}"
        )
    sizes, numbers = asyncio.run(topic_sizes(prefix))
    history = sum(sizes.values())
    print(f"history {prefix}: {history:,} events ({sizes}); load average {_load()}")
    run = uuid.uuid4().hex[:6]
    store_before, started = store_cpu_seconds(), time.monotonic()
    if args.separately:
        views, processes = _separately(prefix, run, args.parallel)
        how = f"each view alone, {args.parallel} at a time"
    else:
        views, processes = _in_one_pass(prefix, run, args.parallel, numbers)
        how = f"one pass, partition numbers over {args.parallel} process(es)"
    wall = time.monotonic() - started
    store_cpu = store_cpu_seconds() - store_before
    cpu = sum(p["cpu_s"] for p in processes) + store_cpu
    rows = [
        (
            f"{v['service']}.{v['view']}",
            ", ".join(t.split(".")[1] for t in v["topics"]),
            f"{v['events']:,}",
            f"{v['documents']:,}",
            f"{v['unappliable']:,}",
            v["method"],
        )
        for v in views
    ]
    print()
    print(table(["view", "reads", "events read", "documents", "unappliable", "method"], rows))
    print()
    print(
        table(
            TOTAL_HEADERS,
            [
                (
                    how,
                    f"{history:,}",
                    f"{wall:.1f}",
                    f"{sum(p['cpu_s'] for p in processes):.1f} + {store_cpu:.1f}",
                    f"{cpu / history * 1e6:,.0f}",
                    f"{max(p['rss_mb'] for p in processes):.0f}",
                    _load(),
                )
            ],
        )
    )
    scale = TARGET_EVENTS / history
    print(
        f"\nprojection to {TARGET_EVENTS:,} events (linear in events, x{scale:,.0f}): "
        f"{wall * scale / 60:,.0f} min at this run's wall time; "
        f"{cpu * scale / 60:,.0f} CPU-min (replay + store), so >= {cpu * scale / 120:,.0f} min "
        f"on 2 idle cores; target < 30 min"
    )


def _separately(
    prefix: str, run: str, parallel: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each view rebuilt alone in a process of its own, ``parallel`` at a time."""

    def rebuild(service_view: tuple[str, str]) -> dict[str, Any]:
        service, view = service_view
        result = run_child(prefix, "--child", service, view, f"replay_{run}_{service}")
        print(f"  {service}.{view}: {result['events']:,} events in {result['seconds']:.1f} s")
        return result

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        results = list(pool.map(rebuild, VIEWS))
    return results, results


def _in_one_pass(
    prefix: str, run: str, parallel: int, numbers: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every view in one pass, the partition numbers dealt over ``parallel`` processes."""
    shares = [numbers[k::parallel] for k in range(parallel) if numbers[k::parallel]]

    def rebuild(share: list[int]) -> dict[str, Any]:
        result = run_child(prefix, "--pass", run, ",".join(map(str, share)))
        print(f"  partitions {share}: {result['seconds']:.1f} s, {result['cpu_s']:.1f} CPU s")
        return result

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        processes = list(pool.map(rebuild, shares))
    views = []
    for place, first in enumerate(processes[0]["views"]):
        views.append(
            {
                **first,
                **{
                    key: sum(p["views"][place][key] for p in processes)
                    for key in ("events", "documents", "unappliable", "refused")
                },
            }
        )
    return views, processes


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
