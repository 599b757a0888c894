"""The dashboard in a real browser (Debian's headless Chromium, driven by Playwright) against
the reporting service running as a process: it loads with no request leaving the machine, and
shows the figures of the independent count."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Page, Route, async_playwright

from tests.reporting.history import (
    COUNTED_TYPES,
    PROVINCE,
    events_of,
    expected_figures,
    generate,
    share,
)
from tests.reporting.support import publish, wait_for_facts
from tests.support.auth import service_headers, token_for
from tests.support.infrastructure import ROOT
from tests.support.services import ServiceProcess, free_port, settings_env

pytestmark = pytest.mark.infra
CHROMIUM = Path(os.environ.get("HOMEWARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_INSTALLED = CHROMIUM.exists()
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SEED = 5


@pytest.fixture
async def reporting(kafka_bootstrap: str, mongodb_url: str, unique: str) -> AsyncIterator[str]:
    logs = ROOT / ".local" / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    process = ServiceProcess(
        "reporting",
        settings_env("reporting", unique, kafka_bootstrap, mongodb_url),
        free_port(),
        logs / f"{unique}-reporting.log",
    )
    process.start()
    try:
        await process.wait_ready(90)
        yield process.url
    finally:
        process.stop()


async def test_the_dashboard_shows_the_counted_figures_without_leaving_the_machine(
    reporting: str, kafka_bootstrap: str, unique: str
) -> None:
    if not CHROMIUM_INSTALLED:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)")
    truths = generate(SEED, workers=80)
    events = events_of(truths, SEED)
    communes = sorted({t.commune for t in truths if t.province == PROVINCE})
    goals = {c: 2 + i for i, c in enumerate(communes)}
    async with httpx.AsyncClient(base_url=reporting, headers=service_headers()) as api:
        body = {"province_target": 25, "communes": goals}
        assert (await api.put(f"/provinces/{PROVINCE}/targets/2025", json=body)).status_code == 200
        await publish(kafka_bootstrap, unique, events)
        await wait_for_facts(api, len([e for e in events if e.type in COUNTED_TYPES]))
    expected = expected_figures(
        truths, date(2025, 1, 1), date(2025, 12, 31), goals, 25, date(2025, 1, 1)
    )

    token = token_for("provincial_manager", "qm-14", province_code=PROVINCE)
    left_the_machine: list[str] = []

    async def local_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            left_the_machine.append(route.request.url)
            await route.abort()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 1000})
            await page.route("**/*", local_only)
            await page.goto(f"{reporting}/dashboard?province={PROVINCE}&year=2025#token={token}")
            await page.wait_for_selector(
                "#status[data-state=ready]", state="attached", timeout=30_000
            )
            await _check_page(page, expected, goals)
        finally:
            await browser.close()
    assert left_the_machine == []


async def _check_page(page: Page, expected: dict[str, int], goals: dict[str, int]) -> None:
    for figure in (
        "departures",
        "abroad",
        "registrations",
        "trained",
        "loans_granted",
        "communes_without_worker_abroad",
        "target",
    ):
        shown = await page.text_content(f"[data-figure={figure}]")
        assert shown == str(expected[figure]), figure
    achievement = share(expected["departures_to_date"], expected["target"])
    assert await page.text_content("[data-figure=achievement_pct]") == str(achievement)

    rows = await page.eval_on_selector_all(
        "#abroad tr[data-commune]",
        "rows => rows.map(r => [r.dataset.commune, r.cells[2].textContent])",
    )
    want = {k.rsplit(".", 1)[1]: v for k, v in expected.items() if k.startswith("abroad.commune.")}
    assert {code: int(n) for code, n in rows} == want
    assert [int(n) for _, n in rows] == sorted((int(n) for _, n in rows), reverse=True)

    bars = await page.evaluate(
        "() => { const d = document.getElementById('achievement').data[0];"
        " return d.customdata.map((c, i) => [c[0], c[1], d.y[i]]); }"
    )
    wanted = sorted(
        (
            (
                expected[f"departures_to_date.commune.{c}"],
                goal,
                share(expected[f"departures_to_date.commune.{c}"], goal),
            )
            for c, goal in goals.items()
        ),
        key=lambda bar: -bar[2],
    )
    assert [bar[2] for bar in bars] == [bar[2] for bar in wanted]
    assert sorted(map(tuple, bars)) == sorted(wanted)

    monthly = await page.evaluate(
        "() => document.getElementById('monthly').data.map(t => [t.name, t.x, t.y])"
    )
    names = {"Japan": "JP", "Korea": "KR", "Taiwan": "TW", "Germany": "DE"}
    shown_months = {
        f"{month}/{names[name]}": n
        for name, xs, ys in monthly
        for month, n in zip(xs, ys, strict=True)
        if n
    }
    want_months = {
        k.removeprefix("departures.month_market."): v
        for k, v in expected.items()
        if k.startswith("departures.month_market.")
    }
    assert shown_months == want_months

    pie = await page.evaluate(
        "() => { const d = document.getElementById('households').data[0];"
        " return Object.fromEntries(d.labels.map((l, i) => [l, d.values[i]])); }"
    )
    labels = {
        "Poor": "poor",
        "Near-poor": "near_poor",
        "Newly escaped poverty": "newly_escaped_poverty",
        "Other": "other",
    }
    assert {labels[k]: v for k, v in pie.items()} == {
        k.removeprefix("departures.household."): v
        for k, v in expected.items()
        if k.startswith("departures.household.") and v
    }
    assert await page.locator(".js-plotly-plot svg").count() >= 3
