"""The reporting service against the real broker and store: a generated province's history
published out of order and with duplicates, every figure checked against the independent count;
the monthly report in three forms, reproducible as of a moment; drill-down; targets; scope."""

from __future__ import annotations

import asyncio
import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from shared.events.envelope import EventEnvelope
from tests.reporting.checks import assert_figures_match
from tests.reporting.history import (
    COUNTED_TYPES,
    PROVINCE,
    Departure,
    WorkerTruth,
    events_of,
    expected_figures,
    generate,
)
from tests.reporting.support import publish, wait_for_facts
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env

pytestmark = pytest.mark.infra
SEED = 11


def reporting_app(unique: str, kafka: str, mongo: str) -> FastAPI:
    return service_app("reporting", settings_env("reporting", unique, kafka, mongo))


async def test_a_replayed_history_gives_the_independently_counted_figures(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    truths = generate(SEED, workers=80)
    events = events_of(truths, SEED)
    counted = [e for e in events if e.type in COUNTED_TYPES]
    rng = random.Random(SEED)
    arrival = [*events, *rng.sample(events, 20)]  # redelivered events too
    rng.shuffle(arrival)
    communes = sorted({t.commune for t in truths if t.province == PROVINCE})
    goals = {c: 3 + i for i, c in enumerate(communes)}

    async with in_process(reporting_app(unique, kafka_bootstrap, mongodb_url)) as api:
        manager = auth_headers("provincial_manager", "qm-14", province_code=PROVINCE)
        first = {"province_target": 10, "communes": {}}
        second = {"province_target": 30, "communes": goals}
        for body in (first, second):
            response = await api.put(
                f"/provinces/{PROVINCE}/targets/2025", json=body, headers=manager
            )
            assert response.status_code == 200, response.text
        versions = (await api.get(f"/provinces/{PROVINCE}/targets/2025")).json()["items"]
        assert [v["version"] for v in versions] == [1, 2]

        await publish(kafka_bootstrap, unique, arrival)
        await wait_for_facts(api, len(counted))

        for start, end in (
            (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2025, 5, 1), date(2025, 5, 31)),
        ):
            response = await api.get(
                f"/provinces/{PROVINCE}/figures",
                params={"from": start.isoformat(), "to": end.isoformat()},
                headers=manager,
            )
            assert response.status_code == 200, response.text
            expected = expected_figures(truths, start, end, goals, 30, date(2025, 1, 1))
            assert_figures_match(response.json()["figures"], expected)

        # The monthly report: the same figures in JSON, CSV and XLSX.
        path = f"/provinces/{PROVINCE}/reports/monthly/2025-07"
        # A whole second AFTER every fact arrived: truncating now to the second could fall
        # before the last facts' arrival (seen in CI: every figure 0 on a fast machine).
        as_of = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0)
        await asyncio.sleep((as_of - datetime.now(UTC)).total_seconds())
        params = {"as_of": as_of.isoformat()}
        as_json = (await api.get(path, params=params)).json()
        assert_figures_match(
            as_json["figures"],
            expected_figures(
                truths, date(2025, 7, 1), date(2025, 7, 31), goals, 30, date(2025, 1, 1)
            ),
        )
        assert as_json["target"]["version"] == 2
        csv_response = await api.get(path, params={**params, "format": "csv"})
        assert csv_response.headers["content-type"].startswith("text/csv")
        assert csv_response.content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
        xlsx = await api.get(path, params={**params, "format": "xlsx"})
        workbook = load_workbook(io.BytesIO(xlsx.content))
        assert workbook.sheetnames == ["Báo cáo", "report"]  # the ministry's layout, then rows
        ministry = {r[1]: r for r in workbook["Báo cáo"].iter_rows(values_only=True) if r[1]}
        departed = ministry["Người lao động đi làm việc ở nước ngoài theo hợp đồng"][3]
        assert departed == next(f["value"] for f in as_json["figures"] if f["id"] == "departures")
        sheet = workbook["report"]
        xlsx_rows = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
        csv_rows = [line.split(",") for line in csv_response.text.splitlines()[1:]]
        json_rows = [
            (f["figure"], f["breakdown"], f["key"], f["value"]) for f in as_json["figures"]
        ]
        assert [(r[5], r[6], r[7] or "", r[8]) for r in xlsx_rows] == json_rows
        assert [(r[5], r[6], r[7], r[8]) for r in csv_rows] == [
            (n, b, k, str(v)) for n, b, k, v in json_rows
        ]

        # Drill-down: the events behind a figure.
        markets = [f for f in as_json["figures"] if f["id"].startswith("departures.market.")]
        busiest = max(markets, key=lambda f: (f["value"], f["key"]))
        figure, value, market = busiest["id"], busiest["value"], busiest["key"]
        drilled = (await api.get(f"{path}/figures/{figure}/events", params=params)).json()
        assert drilled["figure"]["value"] == value == len(drilled["events"]) > 0
        published = {e.id for e in counted}
        for fact in drilled["events"]:
            assert fact["type"] == "worker.departed"
            assert fact["details"]["market"] == market
            assert fact["on"].startswith("2025-07")
            assert fact["event_id"] in published

        # A late departure for July (recorded back then, received now) and a cancellation:
        # the report as of the earlier moment does not move by a byte; a new one does.
        late = _late_departure(truths, SEED)
        await publish(kafka_bootstrap, unique, late)
        await wait_for_facts(api, len(counted) + len(late))
        again = await api.get(path, params={**params, "format": "csv"})
        assert again.content == csv_response.content
        now = (await api.get(path)).json()
        before = {f["id"]: f["value"] for f in as_json["figures"]}
        after = {f["id"]: f["value"] for f in now["figures"]}
        assert after["departures"] == before["departures"] + 1
        assert after["departures.market.KR"] == before.get("departures.market.KR", 0) + 1


def _late_departure(truths: list[WorkerTruth], seed: int) -> list[EventEnvelope]:
    """A departure on 2025-07-15 to Korea of a worker of the province who never left, plus a
    cancelled placement that must change nothing, as events with their 2025 times."""
    worker = next(t for t in truths if t.province == PROVINCE and not t.departures and not t.merged)
    worker.departures = [
        Departure("late-placement", "KR", date(2025, 7, 15)),
        Departure("late-cancelled", "JP", date(2025, 7, 20), cancelled_before=True),
    ]
    worker.consultations, worker.trained, worker.loans = [], [], []
    events = events_of([worker], seed + 99)
    return [e for e in events if e.type in ("worker.departed", "placement.cancelled")]


async def test_callers_see_their_own_province_only(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(reporting_app(unique, kafka_bootstrap, mongodb_url)) as api:
        path = f"/provinces/{PROVINCE}/figures"
        params = {"from": "2025-01-01", "to": "2025-12-31"}
        own = auth_headers("provincial_manager", "qm-14", province_code=PROVINCE)
        other = auth_headers("provincial_manager", "qm-51", province_code="51")
        assert (await api.get(path, params=params, headers=own)).status_code == 200
        assert (await api.get(path, params=params, headers=other)).status_code == 404
        assert (
            await api.get(path, params=params, headers={"Authorization": ""})
        ).status_code == 401
        officer = auth_headers(
            "commune_officer", "cb-1", province_code=PROVINCE, commune_code="04228"
        )
        assert (await api.get(path, params=params, headers=officer)).status_code == 403
        body = {"province_target": 5, "communes": {"99999": 1}}
        refused = await api.put(f"/provinces/{PROVINCE}/targets/2025", json=body, headers=own)
        assert refused.status_code == 422
        assert "communes" in refused.text
        bad_period = await api.put(f"/provinces/{PROVINCE}/targets/20x5", json=body, headers=own)
        assert bad_period.status_code == 422
        assert (await api.get("/dashboard")).status_code == 200
        assert (await api.get("/dashboard/assets/plotly.min.js")).status_code == 200
        assert (await api.get("/dashboard/assets/elsewhere.js")).status_code == 404
        # Like the other four: its API and the events it reads are documented.
        paths = (await api.get("/openapi.json")).json()["paths"]
        assert "/provinces/{province_code}/reports/monthly/{month}" in paths
        asyncapi = (await api.get("/asyncapi.json")).json()
        channels = " ".join(asyncapi["channels"])
        for topic in ("intake", "training", "deployment", "aftercare"):
            assert f"homeward.{topic}.events" in channels
