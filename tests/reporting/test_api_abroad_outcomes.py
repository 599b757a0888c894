"""The four hard cases abroad across the services, on the real broker and store: deployment
and aftercare record them, each reads the other's, and reporting counts them in the figures
and in the ministry's monthly report."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.deployment.stack import (
    TODAY,
    Upstream,
    enterprise,
    eventually,
    known_worker,
    posted_order,
    shortlisted,
    walk_to_visa_granted,
)
from tests.support.services import in_process, service_app, settings_env

HARD_CASES = (
    "visa_refusals",
    "employer_changes",
    "reported_missing",
    "contact_resumed",
    "deaths_abroad",
)


@contextlib.asynccontextmanager
async def three_services(
    unique: str, kafka: str, mongo: str
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, httpx.AsyncClient]]:
    """Deployment, aftercare and reporting in process, on the test's topics and databases."""
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                in_process(service_app(name, settings_env(name, unique, kafka, mongo)))
            )
            for name in ("deployment", "aftercare", "reporting")
        ]
        yield clients[0], clients[1], clients[2]


async def departed(deployment: httpx.AsyncClient, upstream: Upstream, order: str) -> str:
    worker = await upstream.trained_worker()
    await known_worker(deployment, worker)
    placement = await shortlisted(deployment, order, worker)
    await walk_to_visa_granted(deployment, placement)
    left = await deployment.post(f"/placements/{placement}/departure", json={})
    assert left.status_code == 200, left.text
    return placement


async def test_the_hard_cases_are_handled_everywhere_and_counted_for_the_ministry(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with (
        three_services(unique, kafka_bootstrap, mongodb_url) as (deployment, aftercare, reports),
        Upstream(kafka_bootstrap, unique) as upstream,
    ):
        sender = await enterprise(deployment)
        order = await posted_order(deployment, sender, positions=4)
        moving = await departed(deployment, upstream, order)
        dying = await departed(deployment, upstream, order)
        changed = await deployment.post(
            f"/placements/{moving}/employer-change",
            json={
                "employer": "Gifu Seimitsu K.K.",
                "sector": "mechanics",
                "salary": {"amount": 200000, "currency": "JPY", "vnd_equivalent": 34_000_000},
                "changed_on": TODAY.isoformat(),
                "contract_end": (TODAY + timedelta(days=700)).isoformat(),
                "reason": "the factory closed",
            },
        )
        assert changed.status_code == 200, changed.text
        mover = changed.json()["worker_id"]
        refused_worker = await upstream.trained_worker()
        await known_worker(deployment, refused_worker)
        refused = await shortlisted(deployment, order, refused_worker)
        for step, body in (
            ("selection", {}),
            ("contract", {"signed_on": str(TODAY), "contract_start": str(TODAY)}),
            ("visa-application", {"applied_on": str(TODAY)}),
            ("visa-refusal", {"refused_on": str(TODAY), "reason": "quota withdrawn"}),
        ):
            response = await deployment.post(f"/placements/{refused}/{step}", json=body)
            assert response.status_code == 200, (step, response.text)

        # Aftercare follows the employer change, then records the missing worker and the death.
        async def case_of(worker: str, holds: Any) -> dict[str, Any] | None:
            response = await aftercare.get(f"/workers/{worker}/case")
            body: dict[str, Any] = response.json() if response.status_code == 200 else {}
            return body if body and holds(body["summary"]) else None

        summary = (
            await eventually(
                lambda: case_of(mover, lambda s: s["employer"] == "Gifu Seimitsu K.K."),
                what="aftercare following the employer change",
            )
        )["summary"]
        assert summary["expected_return"] == (TODAY + timedelta(days=700)).isoformat()
        dead = (await deployment.get(f"/placements/{dying}")).json()["worker_id"]
        await eventually(lambda: case_of(dead, lambda s: s["stage"] == "abroad"))
        left = datetime.fromisoformat(
            (await deployment.get(f"/placements/{dying}")).json()["departed_at"]
        )
        now = datetime.now(UTC)
        missing = await aftercare.post(
            f"/workers/{dead}/missing",
            json={
                "kind": "missing",
                "last_contact_at": left.isoformat(),
                "steps_taken": ["called the employer"],
            },
        )
        assert missing.status_code == 201, missing.text
        found = await aftercare.post(
            f"/workers/{dead}/missing/contact-resumed", json={"contacted_at": now.isoformat()}
        )
        assert found.status_code == 200, found.text
        died = await aftercare.post(
            f"/workers/{dead}/death-abroad",
            json={
                "died_on": str(TODAY),
                "repatriation": {"arrangement": "remains", "cost_bearers": ["insurance"]},
                "family_support": ["insurance_claim", "overseas_employment_fund"],
            },
        )
        assert died.status_code == 201, died.text
        closed = await aftercare.post(f"/workers/{dead}/closure", json={"reason": "deceased"})
        assert closed.status_code == 200, closed.text

        # Deployment hears of the death: the worker is no longer abroad and never matched.
        async def deployment_knows() -> dict[str, Any] | None:
            body: dict[str, Any] = (await deployment.get(f"/workers/{dead}")).json()
            return body if body["died_on"] == str(TODAY) else None

        candidate = await eventually(deployment_knows, what="deployment hearing of the death")
        assert (candidate["abroad"], candidate["missing"]) == (False, False)

        # Reporting counts each case once, and the ministry's report has their rows.
        month = f"{TODAY:%Y-%m}"
        period = {"from": str(TODAY.replace(day=1)), "to": str(TODAY)}

        async def all_counted() -> dict[str, Any] | None:
            response = await reports.get("/provinces/14/figures", params=period)
            shown = {f["id"]: f["value"] for f in response.json()["figures"]}
            wanted = all(shown.get(name) == 1 for name in HARD_CASES)
            return shown if wanted and shown.get("departures") == 2 else None

        shown = await eventually(all_counted, what="reporting counting the hard cases")
        assert shown["visa_refusals.market.JP"] == 1
        assert shown["employer_changes.commune.04036"] == 1
        assert shown["reported_missing.kind.missing"] == 1
        assert shown["deaths_abroad.market.JP"] == 1
        assert shown["abroad"] == 1  # the death ended one stay abroad
        csv_report = await reports.get(
            f"/provinces/14/reports/monthly/{month}", params={"format": "csv"}
        )
        rows = list(csv.DictReader(io.StringIO(csv_report.text)))
        totals = {r["figure"]: r["value"] for r in rows if r["breakdown"] == "total"}
        assert {name: totals[name] for name in HARD_CASES} == dict.fromkeys(HARD_CASES, "1")
