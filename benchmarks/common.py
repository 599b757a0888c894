"""What the scale benchmarks share: tokens, a light HTTP client, schedules, tables, percentiles.

The load benchmarks send from a second process over loopback. httpx costs ~1 ms of CPU per
request (measured with ``python -m benchmarks.api_load --generator-check``), so at a few hundred
requests a second on a busy core the generator, not the service, sets the latency.
``KeepAliveClient`` speaks just enough HTTP/1.1 over pooled keep-alive connections to measure a
JSON API, at a fraction of that cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]


def bearer_headers(subject: str = "homeward-benchmarks") -> dict[str, str]:
    """A trusted system's token from the local development issuer the services trust
    (``shared.auth``); no header if this checkout has no ``shared.auth`` yet."""
    try:
        from shared.auth import AuthSettings, DevIssuer, Role
    except ImportError:  # pragma: no cover - before security landed
        return {}
    issuer = DevIssuer(AuthSettings())
    issuer.ensure_keys()
    return {"Authorization": f"Bearer {issuer.mint(Role.SERVICE, subject, ttl_s=6 * 3600)}"}


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[rank]


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, ready to paste into docs/performance.md."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages (``/proc/loadavg``)."""
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:  # pragma: no cover - not Linux
        return "unknown"


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds a process has used so far (this one by default)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def store_state() -> Path:
    """The local store's state directory (``HOMEWARD_STATE``, as ``scripts/infra.sh`` uses)."""
    state = Path(os.environ.get("HOMEWARD_STATE", ROOT / ".local" / "stack"))
    return state if state.is_absolute() else ROOT / state


def store_cpu_seconds(state: Path | None = None) -> dict[str, float]:
    """CPU seconds the local store's processes have used so far: ``ferretdb`` and
    ``postgres`` (the postmaster, its live backends and, through the postmaster's children
    times, the backends that exited), found by the pid files ``scripts/infra.sh`` writes. An
    empty dict when there is no local store (a store run elsewhere)."""
    state = state or store_state()
    found: dict[str, float] = {}
    pidfiles = {
        "ferretdb": state / "ferretdb.pid",
        "postgres": state / "postgres" / "data" / "postmaster.pid",
    }
    children = _children_by_parent()
    ticks = os.sysconf("SC_CLK_TCK")
    for name, pidfile in pidfiles.items():
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        used = _ticks(pid, with_children=True)
        if used is None:
            continue
        for child in children.get(pid, ()):
            used += _ticks(child, with_children=False) or 0
        found[name] = used / ticks
    return found


def _ticks(pid: int, with_children: bool) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # fields[11:15] are utime, stime, cutime, cstime (stat fields 14-17)
    return sum(int(f) for f in fields[11 : 15 if with_children else 13])


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    return children


# -- the load generator's own HTTP client ----------------------------------------------------


class HttpError(Exception):
    """The connection failed or the answer was not HTTP/1.1 we understand."""


@dataclass
class Answer:
    """A response: status and body bytes."""

    status: int
    body: bytes


@dataclass
class _Pool:
    host: str
    port: int
    slots: asyncio.Semaphore
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=list)


class KeepAliveClient:
    """HTTP/1.1 requests over pooled keep-alive connections, one pool per host and port.

    Enough for the services' JSON API (Content-Length or chunked answers); a connection that
    fails is dropped and the request is answered with ``HttpError``, never retried.
    """

    def __init__(
        self,
        headers: dict[str, str] | None = None,
        timeout_s: float = 30.0,
        max_connections: int = 500,
    ) -> None:
        self.headers = {k.lower(): v for k, v in (headers or {}).items()}
        self.timeout_s = timeout_s
        self.max_connections = max_connections
        self._pools: dict[str, _Pool] = {}
        self.connections_opened = 0

    async def get(
        self,
        url: str,
        params: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        if params:
            url = f"{url}?{urlencode(params)}"
        return await self.request("GET", url, headers=headers)

    async def post(self, url: str, body: bytes, headers: dict[str, str] | None = None) -> Answer:
        extra = {"content-type": "application/json", **(headers or {})}
        return await self.request("POST", url, body, headers=extra)

    async def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        parts = urlsplit(url)
        origin = parts.netloc
        pool = self._pools.get(origin)
        if pool is None:
            pool = self._pools[origin] = _Pool(
                parts.hostname or "127.0.0.1",
                parts.port or 80,
                asyncio.Semaphore(self.max_connections),
            )
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        merged = {**self.headers, **{k.lower(): v for k, v in (headers or {}).items()}}
        lines = [f"{method} {target} HTTP/1.1", f"host: {origin}"]
        lines += [f"{name}: {value}" for name, value in merged.items()]
        if body is not None:
            lines.append(f"content-length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        message = head + body if body is not None else head
        try:
            # the time limit covers the wait for a free connection too, so a backlog drains
            async with asyncio.timeout(self.timeout_s), pool.slots:
                while pool.idle:
                    # the server may have closed an idle connection (its keep-alive
                    # timeout): such a one fails before any answer, so try the next
                    reader, writer = pool.idle.pop()
                    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
                        return await self._exchange(pool, reader, writer, message)
                reader, writer = await self._connect(pool)
                return await self._exchange(pool, reader, writer, message)
        except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError) as exc:
            raise HttpError(type(exc).__name__) from exc

    async def _exchange(
        self,
        pool: _Pool,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        message: bytes,
    ) -> Answer:
        try:
            writer.write(message)
            answer, reusable = await _read_answer(reader)
        except BaseException:
            writer.close()
            raise
        if reusable:
            pool.idle.append((reader, writer))
        else:
            writer.close()
        return answer

    async def _connect(self, pool: _Pool) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self.connections_opened += 1
        return await asyncio.open_connection(pool.host, pool.port)

    async def close(self) -> None:
        for pool in self._pools.values():
            for _, writer in pool.idle:
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
            pool.idle.clear()

    async def __aenter__(self) -> KeepAliveClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    length: int | None = None
    chunked = False
    reusable = True
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.strip().lower() == "close":
            reusable = False
    if chunked:
        pieces = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            pieces.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return Answer(status, b"".join(pieces)), reusable
    if length is None:
        return Answer(status, await reader.read()), False
    return Answer(status, await reader.readexactly(length)), reusable


# -- keeping a schedule ------------------------------------------------------------------------


@dataclass
class Lateness:
    """How late the generator started each request after its scheduled moment, in ms."""

    values: list[float] = field(default_factory=list)
    limit_ms: float = 10.0

    def note(self, scheduled: float) -> None:
        self.values.append((time.monotonic() - scheduled) * 1000)

    @property
    def valid(self) -> bool:
        """True when the schedule was kept: p99 lateness under ``limit_ms``."""
        return percentile(self.values, 0.99) < self.limit_ms

    def summary(self) -> str:
        late = sum(1 for v in self.values if v >= self.limit_ms)
        verdict = (
            "schedule kept"
            if self.valid
            else "GENERATOR LATE: these figures are INVALID (they measure the generator)"
        )
        return (
            f"start lateness over {len(self.values):,} requests: p50 "
            f"{percentile(self.values, 0.5):.2f} ms, p99 {percentile(self.values, 0.99):.2f} ms, "
            f"max {max(self.values, default=0):.1f} ms, {late:,} started >= "
            f"{self.limit_ms:.0f} ms late: {verdict}"
        )
