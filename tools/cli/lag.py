"""``homeward lag``: how far behind each consumer group is, and for how long it has grown."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tools.cli.config import SERVICES, Connection, connection, console, fail, run
from tools.cli.kafka_admin import PartitionLag, lags

HISTORY_KEEP_S = 7 * 86400
HISTORY_KEEP_SAMPLES = 2000


def lag(
    ctx: typer.Context,
    service: Annotated[
        list[str] | None, typer.Option("--service", "-s", help="Only these services")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
    watch: Annotated[
        float | None, typer.Option("--watch", help="Sample again every N seconds until Ctrl-C")
    ] = None,
    samples: Annotated[
        int | None, typer.Option("--samples", help="With --watch: stop after N samples")
    ] = None,
) -> None:
    """Per service, group, topic and partition: committed offset, end offset, lag, growing for.

    Every run records a sample in the cache directory, so "growing for" spans runs: it is how
    long the lag has been above zero without shrinking, as far as the samples show.
    """
    conn = connection(ctx)
    wanted = service or []
    unknown = sorted(set(wanted) - set(SERVICES))
    if unknown:
        raise fail(f"unknown service {', '.join(unknown)}")
    taken = 0
    while True:
        try:
            rows = run(lags(conn, {conn.topic(s) for s in SERVICES}))
        except Exception as exc:
            raise fail(f"Kafka at {conn.bootstrap} did not answer ({type(exc).__name__})") from exc
        rows = [r for r in rows if not wanted or r.service in wanted]
        growing = record_samples(history_path(conn), rows)
        show(rows, growing, as_json)
        taken += 1
        if watch is None or (samples is not None and taken >= samples):
            return
        time.sleep(watch)


def show(rows: list[PartitionLag], growing: dict[str, float | None], as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "service": r.service,
                        "group": r.group,
                        "topic": r.topic,
                        "partition": r.partition,
                        "committed": r.committed,
                        "end": r.end,
                        "lag": r.lag,
                        "growing_for_s": growing.get(_key(r)),
                    }
                    for r in rows
                ]
            ),
            flush=True,
        )
        return
    if not rows:
        console.print("No Homeward consumer group has committed offsets on these topics yet.")
        return
    table = Table(title="Consumer lag")
    for column in ("service", "group", "topic", "partition", "committed", "end", "lag", "growing"):
        table.add_column(
            column,
            justify="right" if column in ("partition", "lag") else "left",
            overflow="fold",
        )
    for r in rows:
        since = growing.get(_key(r))
        style = "red" if since and since > 300 else ("yellow" if r.lag else "")
        table.add_row(
            r.service,
            r.group,
            r.topic,
            str(r.partition),
            "-" if r.committed is None else str(r.committed),
            str(r.end),
            str(r.lag),
            _duration(since) if since is not None else "-",
            style=style,
        )
    console.print(table)


def history_path(conn: Connection) -> Path:
    """One history file per cluster and topic prefix."""
    name = hashlib.sha256(f"{conn.bootstrap}|{conn.topic_prefix}".encode()).hexdigest()[:12]
    return conn.cache_dir / f"lag-{name}.json"


def record_samples(
    path: Path, rows: list[PartitionLag], now: float | None = None
) -> dict[str, Any]:
    """Appends this sample to the history; returns, per partition, seconds of growing lag."""
    now = time.time() if now is None else now
    try:
        history: dict[str, list[list[float]]] = json.loads(path.read_text())
    except (OSError, ValueError):
        history = {}
    growing: dict[str, Any] = {}
    for r in rows:
        key = _key(r)
        series = [s for s in history.get(key, []) if now - s[0] < HISTORY_KEEP_S]
        series.append([now, r.lag])
        history[key] = series[-HISTORY_KEEP_SAMPLES:]
        growing[key] = growing_for(history[key], now)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(history))
    tmp.replace(path)
    return growing


def growing_for(series: list[list[float]], now: float) -> float | None:
    """Seconds since the lag last was zero or shrank; None when there is no lag now."""
    if not series or series[-1][1] <= 0:
        return None
    since = series[-1][0]
    for earlier, later in zip(reversed(series[:-1]), reversed(series[1:]), strict=True):
        if earlier[1] <= 0 or earlier[1] > later[1]:
            break
        since = earlier[0]
    return now - since


def _key(r: PartitionLag) -> str:
    return f"{r.group}|{r.topic}|{r.partition}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"
