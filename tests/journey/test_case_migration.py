"""Cases migrated at every stage reach every service at that stage, counted in their month."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

from shared.events.topics import Topic
from tests.intake.case_rows import case_row, csv_of, xlsx_of
from tests.intake.samples import SON_LINH
from tests.intake.test_api_case_import import OFFICER, SENDER, STAGES, _finished, _types
from tests.journey.stack import eventually
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env

SERVICES = ("deployment", "intake", "training", "aftercare", "reporting")
PROVINCE = SON_LINH["province_code"]


async def _import(api: httpx.AsyncClient, name: str, content: bytes) -> dict[int, str]:
    submitted = await api.post("/imports/cases", files={"file": (name, content)}, headers=OFFICER)
    assert submitted.status_code == 202, submitted.text
    job = await _finished(api, submitted.json()["job_id"])
    assert job["created"] == len(STAGES), job
    results = (await api.get(f"/imports/{job['job_id']}/results")).json()
    return {r["row"]: r["worker_id"] for r in results}


async def test_each_stage_is_known_to_every_service_and_counted_in_its_true_month(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    apps = {
        name: service_app(name, settings_env(name, unique, kafka_bootstrap, mongodb_url))
        for name in SERVICES
    }
    register = store_client[f"{unique}_intake"]["licence_register"]
    async with contextlib.AsyncExitStack() as stack:
        api = {name: await stack.enter_async_context(in_process(app)) for name, app in apps.items()}
        assert (await api["deployment"].post("/enterprises", json=SENDER)).status_code == 201

        async def folded() -> int:
            return int(await register.count_documents({}))

        await eventually(folded, "intake's licence register")
        csv_rows = [case_row(n, stage) for n, stage in enumerate(STAGES)]
        xlsx_rows = [case_row(n + 5, stage) for n, stage in enumerate(STAGES)]
        by_file = {
            "csv": await _import(api["intake"], "cases.csv", csv_of(csv_rows)),
            "xlsx": await _import(api["intake"], "cases.xlsx", xlsx_of(xlsx_rows)),
        }
        for ids in by_file.values():
            at = dict(zip(STAGES, (ids[row] for row in range(2, 7)), strict=True))
            await _check_stages(api, at)

        async def departures_in_march() -> Any:
            month = f"/provinces/{PROVINCE}/reports/monthly/2025-03"
            report = (await api["reporting"].get(month)).json()
            counted = {f["id"]: f["value"] for f in report["figures"]}
            return counted if counted.get("departures") == 4 else None

        counted = await eventually(departures_in_march, "the departures of March 2025")
        july = (await api["reporting"].get(f"/provinces/{PROVINCE}/reports/monthly/2025-07")).json()
        assert {f["id"]: f["value"] for f in july["figures"]}["returns"] == 2
        assert counted["departures"] == 4

        topic = f"{unique}.{Topic.INTAKE}"
        before = await read_topic(kafka_bootstrap, topic, until=lambda got: len(got) >= 20)
        again = await api["intake"].post(
            "/imports/cases", files={"file": ("again.csv", csv_of(csv_rows))}, headers=OFFICER
        )
        rerun = await _finished(api["intake"], again.json()["job_id"])
        assert (rerun["created"], rerun["already_imported"]) == (0, len(STAGES))
        after = await read_topic(kafka_bootstrap, topic, until=lambda got: len(got) >= 20)
        assert sorted(_types(after)) == sorted(_types(before))
        assert len(after) == 20


async def _check_stages(api: dict[str, httpx.AsyncClient], at: dict[str, str]) -> None:
    async def ready_for_taiwan() -> Any:
        response = await api["training"].get(f"/workers/{at['trained']}/readiness")
        if response.status_code != 200:
            return None
        taiwan = next(m for m in response.json()["markets"] if m["market"] == "TW")
        return taiwan if taiwan["met"] else None

    taiwan = await eventually(ready_for_taiwan, "training's readiness for Taiwan")
    assert taiwan["announced"]

    async def seen(stage: str) -> Any:
        response = await api["deployment"].get(f"/workers/{at[stage]}")
        body = response.json() if response.status_code == 200 else {}
        return body if body.get("imported_placement") else None

    placed = await eventually(lambda: seen("placed"), "deployment's placed worker")
    assert placed["imported_placement"]["employer"] == "Formosa Plastics"
    assert not placed["abroad"]
    assert (await eventually(lambda: seen("abroad"), "the worker abroad"))["abroad"]
    assert not (await eventually(lambda: seen("returned"), "the returned worker"))["abroad"]

    for stage in ("abroad", "returned"):

        async def case_at(stage: str = stage) -> Any:
            response = await api["aftercare"].get(f"/workers/{at[stage]}/case")
            summary = response.json()["summary"] if response.status_code == 200 else {}
            return summary if summary.get("stage") == stage else None

        summary = await eventually(case_at, f"aftercare's case {stage}")
        assert summary["country"] == "TW"
        assert summary["departed_at"].startswith("2025-03-15")
