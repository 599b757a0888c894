"""The demo loader (``python -m tools.demo``, as scripts/run.sh calls it) against the five
services as processes: every service shows data, the reporting service's figures agree with
deployment's departures, and a second run duplicates nothing (no fact, no target version)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx

from tests.journey.stack import LOGS, Stack, eventually, running_stack
from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.pages import unpaged
from tests.support.services import SERVICES, ServiceProcess, free_port, settings_env

LOADER_TIMEOUT_S = float(os.environ.get("HOMEWARD_DEMO_TIMEOUT_S", "150"))
"""How long one loader run may take (raise it on a machine shared with other work)."""


PROVINCES = ("14", "51", "40")


@contextlib.asynccontextmanager
async def running_reporting(
    unique: str, kafka: str, mongo: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The fifth service, reporting, as a process on the test's topics."""
    LOGS.mkdir(parents=True, exist_ok=True)
    process = ServiceProcess(
        "reporting",
        settings_env("reporting", unique, kafka, mongo),
        free_port(),
        LOGS / f"{unique}-reporting.log",
    )
    process.start()
    try:
        await process.wait_ready(90)
        async with authorized_client(base_url=process.url, timeout=30) as client:
            yield client
    finally:
        await asyncio.to_thread(process.stop)


async def run_loader(stack: Stack, reporting: httpx.AsyncClient) -> tuple[str, float]:
    """Runs the loader as run.sh does (plus --strict); returns its output and duration."""
    urls = stack.urls
    arguments = [argument for s in SERVICES for argument in (f"--{s}", urls[s])]
    arguments += ["--reporting", str(reporting.base_url).rstrip("/")]
    started = time.monotonic()
    loader = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tools.demo", *arguments, "--strict",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(loader.communicate(), LOADER_TIMEOUT_S)
    text = output.decode()
    assert loader.returncode == 0, text
    return text, time.monotonic() - started


async def _all(client: httpx.AsyncClient, paths: list[str]) -> list[Any]:
    """GETs each path (a few at a time) and returns the bodies, None for a 404."""
    gate = asyncio.Semaphore(8)

    async def one(path: str) -> Any:
        async with gate:
            response = await client.get(path)
        if response.status_code == 404:
            return None
        assert response.status_code == 200, f"{path}: {response.text}"
        return unpaged(response.json())

    return await asyncio.gather(*(one(path) for path in paths))


async def holdings(stack: Stack) -> Counter[str]:
    """Counts what each service holds, read through its public API only."""
    held: Counter[str] = Counter()
    workers: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await stack.intake.get("/workers", params=params)).json()
        workers += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    ids = [w["worker_id"] for w in workers]
    held["intake workers"] = len(ids)
    held.update(f"intake workers in province {w['locality']['province_code']}" for w in workers)
    held.update(f"intake household {w['household_status']}" for w in workers)
    held["intake ethnic minority"] = sum(w["ethnic_minority"] for w in workers)
    for consultations in await _all(stack.intake, [f"/workers/{i}/consultations" for i in ids]):
        held["intake consultations"] += len(consultations)
    for loans in await _all(stack.intake, [f"/workers/{i}/loans" for i in ids]):
        held.update(f"intake loans {loan['status']}" for loan in loans)

    held["training providers"] = len((await stack.training.get("/providers")).json()["items"])
    courses = (await stack.training.get("/courses", params={"limit": 500})).json()["items"]
    held["training courses"] = len(courses)
    for trainee in await _all(stack.training, [f"/workers/{i}/training" for i in ids]):
        if trainee is None:
            continue
        held.update(f"training enrolments {e['status']}" for e in trainee["enrolments"])
        held["training assessments"] += len(trainee["assessments"])
        held["training certificates"] += sum(bool(e["certificate"]) for e in trainee["enrolments"])
        held["training markets announced"] += len(trainee["announcements"])

    orders = (await stack.deployment.get("/job-orders")).json()["items"]
    held["deployment job orders"] = len(orders)
    held["deployment senders"] = len({o["enterprise_id"] for o in orders})
    for placements in await _all(stack.deployment, [f"/workers/{i}/placements" for i in ids]):
        held.update(f"deployment placements {p['state']}" for p in placements)

    cases = [c for c in await _all(stack.aftercare, [f"/workers/{i}/case" for i in ids]) if c]
    held.update(f"aftercare cases {c['summary']['stage']}" for c in cases)
    followed = [c["worker_id"] for c in cases if c["summary"]["placement_id"]]
    for check_ins in await _all(stack.aftercare, [f"/workers/{i}/check-ins" for i in followed]):
        held["aftercare check-ins"] += len(check_ins)
    for sent in await _all(stack.aftercare, [f"/workers/{i}/remittances" for i in followed]):
        held["aftercare remittances"] += sent["count"]
    for incidents in await _all(stack.aftercare, [f"/workers/{i}/incidents" for i in followed]):
        held.update(f"aftercare incidents {i['status']}" for i in incidents)
    held["aftercare contracts ending"] = len(
        (await stack.aftercare.get("/cases/contracts-ending")).json()["items"]
    )
    held["aftercare incidents queued"] = len(
        (await stack.aftercare.get("/incidents/queue")).json()["items"]
    )
    for timeline in await _all(stack.aftercare, [f"/workers/{i}/timeline" for i in ids]):
        held["aftercare timeline events"] += len(timeline or [])
    return held


async def settled_holdings(stack: Stack) -> Counter[str]:
    """Counts once the events in flight have landed. Aftercare hears every worker event of all
    four services, so its timelines stop growing (three readings a second apart) last."""
    ids = [w["worker_id"] for w in (await stack.intake.get("/workers?limit=200")).json()["items"]]
    readings: list[int] = []

    async def quiet() -> bool:
        await asyncio.sleep(1)
        timelines = await _all(stack.aftercare, [f"/workers/{i}/timeline" for i in ids])
        readings.append(sum(len(t or []) for t in timelines))
        return len(readings) >= 3 and readings[-1] == readings[-2] == readings[-3]

    await eventually(quiet, "aftercare's timelines stop growing", 90)
    return await holdings(stack)


async def reported(reporting: httpx.AsyncClient) -> dict[str, Any]:
    """What reporting holds once its facts stop growing: facts, target versions, 2025 figures."""
    readings: list[int] = []

    async def quiet() -> bool:
        await asyncio.sleep(0.5)
        readings.append((await reporting.get("/facts/count")).json()["facts"])
        return len(readings) >= 3 and readings[-1] == readings[-2] == readings[-3]

    await eventually(quiet, "reporting's facts stop growing", 60)
    held: dict[str, Any] = {"facts": readings[-1]}
    for province in PROVINCES:
        versions = (await reporting.get(f"/provinces/{province}/targets/2025")).json()["items"]
        held[f"target versions {province}"] = len(versions)
        params = {"from": "2025-01-01", "to": "2025-12-31"}
        figures = (await reporting.get(f"/provinces/{province}/figures", params=params)).json()
        held[f"figures {province}"] = {f["id"]: f["value"] for f in figures["figures"]}
    return held


async def test_demo_loads_every_service_and_a_second_run_duplicates_nothing(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with (
        running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
        running_reporting(unique, kafka_bootstrap, mongodb_url) as reporting,
    ):
        output, first_s = await run_loader(stack, reporting)
        summary = [line for line in output.splitlines() if line.startswith("[demo] ")]
        for service in SERVICES:
            assert sum(line.startswith(f"[demo] {service}: ") for line in summary) == 1, output
        loaded = await settled_holdings(stack)

        assert 40 <= loaded["intake workers"] <= 60
        assert {p for p in ("14", "51", "40") if loaded[f"intake workers in province {p}"]} == {
            "14", "51", "40",
        }  # fmt: skip
        for household in ("poor", "near_poor", "newly_escaped_poverty", "other"):
            assert loaded[f"intake household {household}"] > 0, household
        assert loaded["intake ethnic minority"] > loaded["intake workers"] / 2
        assert loaded["intake consultations"] > 0
        assert loaded["intake loans disbursed"] + loaded["intake loans repaying"] > 0
        assert loaded["training providers"] >= 2
        assert loaded["training courses"] > 0
        assert loaded["training enrolments enrolled"] > 0  # in class
        assert loaded["training certificates"] > 0
        assert loaded["training markets announced"] > 0
        assert loaded["deployment senders"] >= 2
        assert loaded["deployment job orders"] > 0
        assert loaded["deployment placements shortlisted"] > 0
        assert loaded["deployment placements departed"] >= 5
        assert loaded["aftercare cases abroad"] >= 5
        assert loaded["aftercare cases returned"] == 2  # one with a plan, one without
        assert loaded["aftercare check-ins"] > 0
        assert loaded["aftercare remittances"] > 0
        assert loaded["aftercare incidents in_progress"] == 1
        assert loaded["aftercare incidents queued"] == 1
        assert loaded["aftercare contracts ending"] >= 1

        report = await reported(reporting)
        for province in PROVINCES:
            figures = report[f"figures {province}"]
            assert report[f"target versions {province}"] == 1
            assert figures["departures"] > 0, province
            assert figures["achievement_pct"] > 0, province
            assert len([k for k in figures if k.startswith("departures.month.")]) >= 1
        # Every demo departure is in 2025: reporting counts what deployment holds.
        departures = sum(report[f"figures {p}"]["departures"] for p in PROVINCES)
        assert departures == loaded["deployment placements departed"]
        returns = sum(report[f"figures {p}"].get("returns", 0) for p in PROVINCES)
        assert returns == loaded["aftercare cases returned"]

        output, second_s = await run_loader(stack, reporting)
        again = await settled_holdings(stack)
        changed = {k: (loaded[k], again[k]) for k in {*loaded, *again} if loaded[k] != again[k]}
        assert not changed, changed
        assert await reported(reporting) == report
        print(f"demo loader: first run {first_s:.1f}s, second {second_s:.1f}s")
