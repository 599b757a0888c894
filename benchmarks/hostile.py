"""Hostile input: the bombs of issue 19 thrown at the five services, one at a time.

    uv run python -m benchmarks.hostile

Starts intake, training, deployment, aftercare and reporting as uvicorn processes (one worker
each) on the Kafka and store of ``KAFKA_BOOTSTRAP_SERVERS`` / ``MONGODB_URL``, then throws:
an XLSX padding bomb (a sheet declaring ``A1:XFD1048576``, its one row at 1,048,576), an XLSX
zip bomb (a sheet of ``--zip-mb`` MB of blanks), a 50 MB CSV (the three to intake's
``POST /imports``), then to every service a 1 MiB header, a 10 MB JSON body (chunked, with no
``Content-Length``) and a 1 MB JSON body nested 500,000 levels deep.

While each bomb is in flight (and until an import job it made ends), the services' resident
memory is sampled from ``/proc/<pid>/status`` every 10 ms, and each service's ``/healthz``
and ``/readyz`` are asked every 100 ms (a probe unanswered in 10 s failed). A first row sends
nothing: what the probes get from the machine as it is. Prints a table: each bomb, what the
request got, each service's peak resident memory over its level just before (MB), the
largest resident memory of any service, and the probes (the slowest, and those that failed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import threading
import time
import uuid
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from benchmarks.common import ROOT, bearer_headers, table
from tests.support.services import ServiceProcess, free_port, settings_env

SERVICES = ("intake", "training", "deployment", "aftercare", "reporting")
MIB = 1 << 20
PROBE_TIMEOUT_S = 10.0
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOGS = ROOT / ".local" / "bench-logs"
BODY_ROUTES = {
    "intake": ("POST", "/workers"),
    "training": ("POST", "/courses"),
    "deployment": ("POST", "/job-orders"),
    "aftercare": ("POST", "/workers/w-1/check-ins"),
    "reporting": ("PUT", "/provinces/14/targets/2025"),
}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def padding_bomb() -> bytes:
    """A few KB of XLSX whose sheet declares ``A1:XFD1048576``, one cell in its last row."""
    cell = '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD1048576"/>'
        f'<sheetData><row r="1048576">{cell}</row></sheetData></worksheet>'
    )
    return _xlsx(lambda part: part.write(sheet.encode()))


def zip_bomb(megabytes: int) -> bytes:
    """An XLSX file whose sheet decompresses to ``megabytes`` MB of blanks inside its XML."""

    def blanks(part: io.BufferedIOBase) -> None:
        part.write(f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode())
        blank = b" " * MIB
        for _ in range(megabytes):
            part.write(blank)
        part.write(b"</sheetData></worksheet>")

    return _xlsx(blanks)


def _xlsx(write_sheet: Callable[[io.BufferedIOBase], object]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PACKAGE.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            write_sheet(part)  # type: ignore[arg-type]
    return out.getvalue()


def big_csv(megabytes: int) -> bytes:
    """A CSV of the import template's shape, ``megabytes`` MB of rows."""
    header = "full_name,date_of_birth,gender,national_id,phone,province_code,commune_code\n"
    row = "Nguyễn Văn An,1995-03-02,male,040095000123,0912345678,51,21307\n"
    rows = (megabytes * MIB) // len(row.encode())
    return (header + row * rows).encode()


class MemorySampler:
    """Samples each process's resident memory (``VmRSS``) every 10 ms in a thread."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> dict[str, int]:
        """Starts sampling; returns each process's resident memory now (kB)."""
        now = {service: rss_kb(pid) for service, pid in self.pids.items()}
        self.peak = dict(now)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return now

    def stop(self) -> dict[str, int]:
        """Stops sampling; returns each process's peak resident memory meanwhile (kB)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            for service, pid in self.pids.items():
                self.peak[service] = max(self.peak[service], rss_kb(pid))


def rss_kb(pid: int) -> int:
    """A process's resident memory in kB, from ``/proc/<pid>/status`` (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


@dataclass
class Probes:
    """Asks every service's ``/healthz`` and ``/readyz`` until stopped; notes what failed."""

    urls: dict[str, str]
    asked: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    slowest: float = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(timeout=PROBE_TIMEOUT_S) as client:
            while not stop.is_set():
                checks = [
                    self._probe(client, service, f"{url}{path}")
                    for service, url in self.urls.items()
                    for path in ("/healthz", "/readyz")
                ]
                await asyncio.gather(*checks)
                self.asked += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 0.1)

    async def _probe(self, client: httpx.AsyncClient, service: str, url: str) -> None:
        started = time.monotonic()
        try:
            response = await client.get(url)
            why = "" if response.status_code == 200 else f"{response.status_code} {response.text}"
        except httpx.HTTPError as exc:
            why = type(exc).__name__
        self.slowest = max(self.slowest, time.monotonic() - started)
        if why:
            key = f"{service}{url[url.rindex('/') :]}"
            self.failed[key] = self.failed.get(key, 0) + 1
            self.why.setdefault(key, why[:160])

    def summary(self) -> str:
        """Rounds asked, the slowest answer, and each probe that failed (how often, first why)."""
        head = f"{self.asked} rounds, slowest {self.slowest:.2f} s"
        if not self.failed:
            return head + ", all 200"
        reasons = sorted({w.split(" ")[0] if w[0].isdigit() else w for w in self.why.values()})
        failed = sum(self.failed.values())
        probes = self.asked * 2 * len(self.urls)
        return f"{head}; failed {failed} of {probes} ({', '.join(reasons)})"


@dataclass
class Outcome:
    """What one bomb's requests got."""

    answers: list[str]


@contextlib.asynccontextmanager
async def running_stack(
    kafka: str, mongo: str
) -> AsyncIterator[tuple[dict[str, str], dict[str, int]]]:
    """The five services on a fresh prefix; yields their URLs and process ids."""
    prefix = f"h{uuid.uuid4().hex[:8]}"
    LOGS.mkdir(parents=True, exist_ok=True)
    processes = [
        ServiceProcess(
            s,
            settings_env(s, prefix, kafka, mongo, log_level="WARNING"),
            free_port(),
            LOGS / f"{prefix}-{s}.log",
        )
        for s in SERVICES
    ]
    try:
        for process in processes:
            process.start()
        await asyncio.gather(*(p.wait_ready(180) for p in processes))
        yield (
            {p.service: p.url for p in processes},
            {p.service: p.process.pid for p in processes if p.process is not None},
        )
    finally:
        await asyncio.gather(*(asyncio.to_thread(p.stop) for p in processes))


def _short(response: httpx.Response) -> str:
    text = response.text.replace("\n", " ").replace("|", "/")
    return f"{response.status_code} {text[:110]}"


async def import_file(
    client: httpx.AsyncClient, url: str, name: str, content: bytes, media: str
) -> str:
    """Posts a file to intake's ``POST /imports``; waits for a job it starts to end."""
    response = await client.post(f"{url}/imports", files={"file": (name, content, media)})
    if response.status_code != 202:
        return _short(response)
    job_id = response.json()["job_id"]
    deadline = time.monotonic() + 120
    job: dict[str, object] = {}
    while time.monotonic() < deadline:
        job = (await client.get(f"{url}/imports/{job_id}")).json()
        if job.get("status") in ("completed", "failed"):
            break
        await asyncio.sleep(0.2)
    return f"202, job {job.get('status')}: {str(job.get('error') or '')[:90]}"


async def every_service(
    urls: dict[str, str], ask: Callable[[str, str], Awaitable[httpx.Response]]
) -> str:
    """Asks every service in turn; summarises the answers (identical ones once)."""
    answers: dict[str, list[str]] = {}
    for service, url in urls.items():
        try:
            answer = _short(await ask(service, url))
        except httpx.HTTPError as exc:
            answer = f"no answer ({type(exc).__name__})"
        answers.setdefault(answer, []).append(service)
    return "; ".join(
        f"{answer} ({'all' if len(who) == len(urls) else ', '.join(who)})"
        for answer, who in answers.items()
    )


async def main(args: argparse.Namespace) -> None:
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    mongo = os.environ.get("MONGODB_URL", "mongodb://127.0.0.1:27017")
    padding = padding_bomb()
    zipped = zip_bomb(args.zip_mb)
    csv = big_csv(args.csv_mb)
    nested = b"[" * 500_000 + b"]" * 500_000
    headers = bearer_headers()
    print(
        f"bombs: padding {len(padding):,} B, zip {len(zipped):,} B ({args.zip_mb} MB inside), "
        f"CSV {len(csv):,} B, nested JSON {len(nested):,} B",
        flush=True,
    )

    async def chunks(size: int) -> AsyncIterator[bytes]:
        yield b'{"notes": "'
        piece = b"x" * (64 * 1024)
        for _ in range(size // len(piece)):
            yield piece
        yield b'"}'

    def body_of(media: bytes | None = None) -> Callable[[str, str], Awaitable[httpx.Response]]:
        async def ask(service: str, url: str) -> httpx.Response:
            method, path = BODY_ROUTES[service]
            content = chunks(10 * 1000 * 1000) if media is None else media
            json_type = {"content-type": "application/json"}
            return await client.request(method, url + path, content=content, headers=json_type)

        return ask

    async def huge_header(service: str, url: str) -> httpx.Response:
        return await client.get(f"{url}/healthz", headers={"X-Padding": "a" * MIB})

    async with (
        running_stack(kafka, mongo) as (urls, pids),
        httpx.AsyncClient(headers=headers, timeout=180) as client,
    ):
        intake = urls["intake"]

        async def nothing() -> str:
            await asyncio.sleep(5)
            return "(nothing sent: the probes alone, for 5 s)"

        bombs: list[tuple[str, Callable[[], Awaitable[str]]]] = [
            ("none (the machine as it is)", nothing),
            (
                "XLSX padding bomb → intake",
                lambda: import_file(client, intake, "padding.xlsx", padding, XLSX),
            ),
            (
                f"XLSX zip bomb ({args.zip_mb} MB inside) → intake",
                lambda: import_file(client, intake, "zip.xlsx", zipped, XLSX),
            ),
            (
                f"{args.csv_mb} MB CSV → intake",
                lambda: import_file(client, intake, "big.csv", csv, "text/csv"),
            ),
            ("1 MiB header → every service", lambda: every_service(urls, huge_header)),
            (
                "10 MB JSON body, chunked → every service",
                lambda: every_service(urls, body_of()),
            ),
            (
                "JSON nested 500,000 deep → every service",
                lambda: every_service(urls, body_of(nested)),
            ),
        ]
        rows = []
        for name, throw in bombs:
            await asyncio.sleep(1)
            sampler = MemorySampler(pids)
            before = sampler.start()
            probes = Probes(urls)
            stop = asyncio.Event()
            probing = asyncio.create_task(probes.run(stop))
            started = time.monotonic()
            answer = await throw()
            took = time.monotonic() - started
            await asyncio.sleep(0.5)  # what the bomb leaves running shows too
            stop.set()
            await probing
            peak = sampler.stop()
            growth = ", ".join(f"{s} {(peak[s] - before[s]) / 1024:+.0f}" for s in SERVICES)
            for key, why in sorted(probes.why.items()):
                print(f"  {name}: {key} failed: {why}", flush=True)
            rows.append(
                (
                    name,
                    answer,
                    f"{took:.2f}",
                    growth,
                    max(peak.values()) // 1024,
                    probes.summary(),
                )
            )
            print(f"done: {name}", flush=True)
    print()
    print(
        table(
            [
                "bomb",
                "what the request got",
                "s",
                "peak RSS over the level before, MB",
                "largest RSS, MB",
                "/healthz and /readyz",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zip-mb", type=int, default=400, help="the zip bomb's sheet, in MB")
    parser.add_argument("--csv-mb", type=int, default=50, help="the CSV's size, in MB")
    asyncio.run(main(parser.parse_args()))
