"""The cases that need attention, counted for the dashboard: without contact, contracts
ending, incidents past their deadline (reported late: deadlines run from the report), returns
without a plan; scoped to the caller's area."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.aftercare.support import (
    Publisher,
    case_when,
    eventually,
    running_aftercare,
    send_abroad,
    utc_now,
)
from tests.support.auth import token_for
from tests.support.problems import error_locations

DAY = timedelta(days=1)
PLAN = {"skills_gained": ["welding"], "savings_vnd": 90_000_000, "plans": ["job"]}


async def test_the_overview_counts_what_needs_attention(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-silent", now - 100 * DAY, (now + 900 * DAY).date())
            await send_abroad(publisher, "w-ending", now - 10 * DAY, (now + 20 * DAY).date())
            for worker in ("w-home", "w-planned"):
                await send_abroad(publisher, worker, now - 1100 * DAY, (now - 5 * DAY).date())
        for worker in ("w-silent", "w-ending", "w-home", "w-planned"):
            await case_when(api, worker, lambda c: c["summary"]["stage"] == "abroad")
        home = {"returned_on": (now - 2 * DAY).date().isoformat(), "reason": "contract_completed"}
        for worker in ("w-home", "w-planned"):
            assert (await api.post(f"/workers/{worker}/return", json=home)).status_code == 200
        planned = await api.post("/workers/w-planned/reintegration/assessment", json=PLAN)
        assert planned.status_code == 200

        wages = {"category": "unpaid_wages", "severity": "medium", "description": "Unpaid."}
        late = {**wages, "reported_at": (now - 10 * DAY).isoformat()}  # called in, typed later
        reported = await api.post("/workers/w-ending/incidents", json=late)
        assert reported.status_code == 201, reported.text
        assert reported.json()["respond_by"].startswith((now - 3 * DAY).date().isoformat())
        assert (await api.post("/workers/w-silent/incidents", json=wages)).status_code == 201
        future = {**wages, "reported_at": (now + DAY).isoformat()}
        refused = await api.post("/workers/w-silent/incidents", json=future)
        assert refused.status_code == 422
        assert error_locations(refused.json()) == [("body", "reported_at")]

        async def counted() -> dict[str, Any] | None:
            overview: dict[str, Any] = (await api.get("/cases/overview")).json()
            settled = overview["returns_without_plan"] == 1 and overview["incidents_past_sla"]
            return overview if settled else None

        overview = await eventually(counted)
        counts = (
            "without_contact",
            "contracts_ending",
            "incidents_past_sla",
            "returns_without_plan",
        )
        assert [overview[k] for k in counts] == [1, 1, 1, 1]  # w-ending left ten days ago
        assert overview["without_contact"] == len(
            (await api.get("/cases/without-contact")).json()["items"]
        )

        elsewhere = token_for("provincial_manager", "qm-01", province_code="01")
        other = await api.get("/cases/overview", headers={"Authorization": f"Bearer {elsewhere}"})
        assert other.status_code == 200
        assert [other.json()[k] for k in counts] == [0, 0, 0, 0]
