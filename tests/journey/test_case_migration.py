"""Cases migrated at every stage reach every service at that stage, counted in their month;
broken rows are refused naming their column; importing again adds nothing."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

from shared.events.topics import Topic
from tests.intake.case_rows import (
    OFFICER,
    SENDER,
    STAGES,
    case_row,
    csv_of,
    finished,
    types,
    xlsx_of,
)
from tests.intake.samples import SON_LINH
from tests.journey.stack import eventually
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env

SERVICES = ("deployment", "intake", "training", "aftercare", "reporting")
PROVINCE = SON_LINH["province_code"]
CASE = "worker.case-imported"
BROKEN = [
    (case_row(10, "abroad", departed_on="31/02/2025"), "departed_on"),
    (case_row(11, "trained", certificate_issued_on="01/01/2099"), "certificate_issued_on"),
    (case_row(12, "somewhere"), "stage"),
    (case_row(13, "abroad", contract_end="01/03/2025"), "contract_end"),
    (case_row(14, "placed", sender_licence_number="999/UNLICENSED"), "sender_licence_number"),
    (case_row(15, "abroad", commune_code="21025"), "commune_code"),  # another commune
]


async def _import(api: httpx.AsyncClient, name: str, content: bytes) -> dict[str, Any]:
    submitted = await api.post("/imports/cases", files={"file": (name, content)}, headers=OFFICER)
    assert submitted.status_code == 202, submitted.text
    assert submitted.json()["kind"] == "cases"
    job = await finished(api, submitted.json()["job_id"])
    job["rows"] = {
        r["row"]: r for r in (await api.get(f"/imports/{job['job_id']}/results")).json()["items"]
    }
    return job


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
        intake = api["intake"]
        assert (await api["deployment"].post("/enterprises", json=SENDER)).status_code == 201

        async def folded() -> int:
            return int(await register.count_documents({}))

        await eventually(folded, "intake's licence register")
        csv_rows = [case_row(n, stage) for n, stage in enumerate(STAGES)]
        csv_file = csv_of(csv_rows + [row for row, _ in BROKEN])
        by_csv = await _import(intake, "cases.csv", csv_file)
        assert (by_csv["created"], by_csv["rejected"]) == (len(STAGES), len(BROKEN))
        refused = {
            row: {p["column"] for p in by_csv["rows"][row]["problems"]}
            for row in range(7, 7 + len(BROKEN))
        }
        assert refused == {7 + n: {column} for n, (_, column) in enumerate(BROKEN)}
        by_xlsx = await _import(
            intake, "cases.xlsx", xlsx_of([case_row(n + 5, s) for n, s in enumerate(STAGES)])
        )
        assert by_xlsx["created"] == len(STAGES), by_xlsx["rows"]

        at_csv: dict[str, str] = {}
        for job in (by_csv, by_xlsx):
            at = {stage: job["rows"][row]["worker_id"] for row, stage in enumerate(STAGES, 2)}
            await _check_stages(api, at)
            at_csv = at_csv or at

        async def departures_in_march() -> Any:
            month = f"/provinces/{PROVINCE}/reports/monthly/2025-03"
            report = (await api["reporting"].get(month)).json()
            counted = {f["id"]: f["value"] for f in report["figures"]}
            return counted if counted.get("departures") == 4 else None

        await eventually(departures_in_march, "the departures of March 2025")
        july = (await api["reporting"].get(f"/provinces/{PROVINCE}/reports/monthly/2025-07")).json()
        assert {f["id"]: f["value"] for f in july["figures"]}["returns"] == 2

        # A worker home when migrated may start the next journey; one abroad may not yet.
        next_journey = {"desired_markets": ["KR"]}
        abroad = await intake.post(f"/workers/{at_csv['abroad']}/journeys", json=next_journey)
        assert abroad.status_code == 409, abroad.text
        home = await intake.post(f"/workers/{at_csv['returned']}/journeys", json=next_journey)
        assert home.status_code == 201, home.text

        topic = f"{unique}.{Topic.INTAKE}"
        published = 4 * len(STAGES) + 1  # two events per worker, and the journey
        before = await read_topic(kafka_bootstrap, topic, until=lambda got: len(got) >= published)
        migrated = [r.value for r, kind in zip(before, types(before), strict=True) if kind == CASE]
        assert len(migrated) == 2 * len(STAGES)
        assert all(b'"imported":true' in value for value in migrated)
        again = await _import(intake, "cases (copy).csv", csv_file)
        assert (again["created"], again["already_imported"]) == (0, len(STAGES))
        assert again["rejected"] == len(BROKEN)
        resaved = await _import(intake, "cases.xlsx", xlsx_of(csv_rows))  # saved from Excel
        assert (resaved["created"], resaved["already_imported"]) == (0, len(STAGES))
        after = await read_topic(kafka_bootstrap, topic, until=lambda got: len(got) >= published)
        assert sorted(types(after)) == sorted(types(before))
        assert len(after) == published


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
