"""The dashboard in a real browser (Debian's headless Chromium, driven by Playwright) against
reporting and aftercare running as processes: it loads with no request leaving the machine,
in Vietnamese by default and in English after the switch, with every word from its language's
table, and shows the figures of the independent count and aftercare's counts in its tiles."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
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
TILES = ("without_contact", "contracts_ending", "incidents_past_sla", "returns_without_plan")
# Words both languages write alike: names, and numbers' units.
SHARED_WORDS = {"Qatar", "UAE", "Homeward"}


@pytest.fixture
async def services(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[tuple[str, str]]:
    logs = ROOT / ".local" / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    aftercare = ServiceProcess(
        "aftercare",
        # The history's contracts run for years: a wide window puts some on the list.
        settings_env(
            "aftercare", unique, kafka_bootstrap, mongodb_url, contract_end_window_days="1500"
        ),
        free_port(),
        logs / f"{unique}-aftercare.log",
    )
    reporting = ServiceProcess(
        "reporting",
        settings_env(
            "reporting", unique, kafka_bootstrap, mongodb_url, aftercare_url=aftercare.url
        ),
        free_port(),
        logs / f"{unique}-reporting.log",
    )
    aftercare.start()
    reporting.start()
    try:
        await asyncio.gather(aftercare.wait_ready(90), reporting.wait_ready(90))
        yield reporting.url, aftercare.url
    finally:
        reporting.stop()
        aftercare.stop()


async def _aftercare_counts(api: httpx.AsyncClient) -> dict[str, Any]:
    """Aftercare's counts once its cases settled (two reads alike) and include an overdue
    incident reported late."""
    params = {"province_code": PROVINCE}
    last: dict[str, Any] = {}
    for _ in range(300):
        now = (await api.get("/cases/overview", params=params)).json()
        settled = {k: now[k] for k in TILES} == {k: last.get(k) for k in TILES}
        if settled and now["without_contact"] and now["returns_without_plan"]:
            break
        last = now
        await asyncio.sleep(0.3)
    silent = (await api.get("/cases/without-contact", params=params)).json()
    worker = silent[0]["worker_id"] if isinstance(silent, list) else silent["items"][0]["worker_id"]
    reported_at = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    incident = {
        "category": "unpaid_wages",
        "severity": "high",
        "description": "Lương tháng 9 chưa được trả.",
        "reported_at": reported_at,
    }
    answer = await api.post(f"/workers/{worker}/incidents", json=incident)
    assert answer.status_code == 201, answer.text
    for _ in range(300):
        counts: dict[str, Any] = (await api.get("/cases/overview", params=params)).json()
        if counts["incidents_past_sla"] == 1:
            return counts
        await asyncio.sleep(0.2)
    raise AssertionError(f"aftercare never listed the overdue incident: {counts}")


async def test_the_dashboard_in_both_languages_without_leaving_the_machine(
    services: tuple[str, str], kafka_bootstrap: str, unique: str
) -> None:
    if not CHROMIUM_INSTALLED:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)")
    reporting, aftercare = services
    truths = generate(SEED, workers=80)
    events = events_of(truths, SEED)
    communes = sorted({t.commune for t in truths if t.province == PROVINCE})
    goals = {c: 2 + i for i, c in enumerate(communes)}
    async with httpx.AsyncClient(base_url=reporting, headers=service_headers()) as api:
        body = {"province_target": 25, "communes": goals}
        assert (await api.put(f"/provinces/{PROVINCE}/targets/2025", json=body)).status_code == 200
        await publish(kafka_bootstrap, unique, events)
        await wait_for_facts(api, len([e for e in events if e.type in COUNTED_TYPES]))
    async with httpx.AsyncClient(base_url=aftercare, headers=service_headers()) as api:
        counts = await _aftercare_counts(api)
    assert all(counts[tile] > 0 for tile in TILES), counts  # the history fills every tile
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
            await _ready(page)
            assert await page.evaluate("document.documentElement.lang") == "vi"
            await _check_page(page, expected, goals, counts, decimal=",")
            await _check_words(page, "vi", "en")
            chosen = await page.eval_on_selector(
                "select[name=province]", "s => [s.value, s.selectedOptions[0].textContent]"
            )
            assert chosen == [PROVINCE, "Sơn La"]  # chosen by name, the address keeps the code

            await page.click("#languages button[data-lang=en]")
            await page.wait_for_url(re.compile(r"lang=en"))
            await _ready(page)
            assert await page.evaluate("document.documentElement.lang") == "en"
            await _check_page(page, expected, goals, counts, decimal=".")
            await _check_words(page, "en", "vi")
            assert await page.text_content("[data-i18n=departures]") == "departures"
        finally:
            await browser.close()
    assert left_the_machine == []


async def _ready(page: Page) -> None:
    await page.wait_for_selector("#status[data-state=ready]", state="attached", timeout=30_000)
    await page.wait_for_selector("#aftercare[data-state=ready]", state="attached", timeout=30_000)


async def _check_words(page: Page, lang: str, other: str) -> None:
    """Every word shown comes from the page's language table; none from the other's."""
    tables = await page.evaluate("STRINGS")
    assert set(tables["vi"]) == set(tables["en"])
    shown = await page.evaluate("document.body.innerText")
    for key, words in tables[other].items():
        if not isinstance(words, str) or key == "number_locale":
            continue
        plain = re.sub(r"%\{[^}]*\}|\{\w+\}|<[^>]*>", " ", words)
        for part in filter(None, (p.strip(" :.,()…/%") for p in re.split(r"[{}]", plain))):
            if len(part) > 3 and part not in SHARED_WORDS and part != tables[lang][key]:
                assert part not in shown, f"{other} words on the {lang} page: {part!r}"
    labels = await page.eval_on_selector_all("[data-i18n]", "els => els.map(e => e.dataset.i18n)")
    assert labels
    assert await page.text_content("[data-i18n=province]") == tables[lang]["province"]


async def _check_page(
    page: Page,
    expected: dict[str, int],
    goals: dict[str, int],
    counts: dict[str, Any],
    decimal: str,
) -> None:
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
    shown_pct = await page.text_content("[data-figure=achievement_pct]")
    assert shown_pct == f"{achievement:.1f}".replace(".", decimal)
    for tile in TILES:
        assert await page.text_content(f"[data-aftercare={tile}]") == str(counts[tile]), tile

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
        "() => document.getElementById('monthly').data.map(t => [t.meta, t.x, t.y])"
    )
    shown_months = {
        f"{month}/{code}": n
        for code, xs, ys in monthly
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
        " return Object.fromEntries(d.meta.map((k, i) => [k, d.values[i]])); }"
    )
    assert pie == {
        k.removeprefix("departures.household."): v
        for k, v in expected.items()
        if k.startswith("departures.household.") and v
    }
    assert await page.locator(".js-plotly-plot svg").count() >= 3
