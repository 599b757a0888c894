"""Maker and checker in aftercare, over HTTP on the real broker and store: an officer's closure
of a case waits for a second person; `case.closed` is emitted only on approval, once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx

from shared.auth import Role
from tests.aftercare.builders import SON_LA
from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    running_aftercare,
    send_abroad,
    utc_now,
)
from tests.support.auth import TEST_SUBJECT, auth_headers
from tests.support.problems import error_text

DAY = timedelta(days=1)
PROVINCE = SON_LA.province_code
MAKER = auth_headers(Role.AFTERCARE_OFFICER, "ao-sonla-01", province_code=PROVINCE)
CHECKER = auth_headers(Role.AFTERCARE_OFFICER, "ao-sonla-02", province_code=PROVINCE)
MANAGER = auth_headers(Role.PROVINCIAL_MANAGER, "sldtbxh-sonla", province_code=PROVINCE)
CLOSING = {"reason": "declined_support", "notes": "the worker wants no further contact"}


async def returned_workers(
    api: httpx.AsyncClient, kafka: str, unique: str, worker_ids: list[str]
) -> None:
    """Sends the workers abroad (as the other services would), and brings them home."""
    now = utc_now()
    async with Publisher(kafka, unique) as publisher:
        for worker_id in worker_ids:
            await send_abroad(publisher, worker_id, now - 400 * DAY, (now - 5 * DAY).date())
    for worker_id in worker_ids:
        await case_when(api, worker_id, lambda c: c["summary"]["stage"] == "abroad")
        back = {"returned_on": (now - 2 * DAY).date().isoformat(), "reason": "contract_completed"}
        answer = await api.post(f"/workers/{worker_id}/return", json=back)
        assert answer.status_code == 200, answer.text


def closures(events: list[tuple[str, dict[str, Any]]], worker_id: str) -> list[dict[str, Any]]:
    return [
        data for kind, data in events if kind == "case.closed" and data["worker_id"] == worker_id
    ]


async def test_a_closure_waits_and_is_emitted_on_approval_once(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        workers = ["w-approved", "w-rejected", "w-twice", "w-stale"]
        await returned_workers(api, kafka_bootstrap, unique, workers)
        asked = {}
        for worker_id in workers:
            answer = await api.post(f"/workers/{worker_id}/closure", json=CLOSING, headers=MAKER)
            assert answer.status_code == 202, answer.text
            assert answer.json()["actions"] == ["case.close"]
            asked[worker_id] = answer.json()["approval_id"]
        case = (await api.get("/workers/w-approved/case")).json()
        assert case["summary"]["stage"] == "returned"
        queue = (await api.get("/approvals", headers=CHECKER)).json()["items"]
        assert {a["worker_id"] for a in queue} == set(workers)

        approve = f"/approvals/{asked['w-approved']}/approve"
        own = await api.post(approve, json={}, headers=MAKER)
        assert own.status_code == 403
        assert "maker" in error_text(own.json())
        staff = auth_headers(Role.CENTRE_STAFF, "ttdvvl-sonla", province_code=PROVINCE)
        unnamed = await api.post(approve, json={}, headers=staff)
        assert unnamed.status_code == 403
        assert "aftercare_officer" in error_text(unnamed.json())
        outside = auth_headers(Role.AFTERCARE_OFFICER, "ao-hanoi", province_code="01")
        assert (await api.post(approve, json={}, headers=outside)).status_code == 404
        approved = await api.post(approve, json={"reason": "visit report read"}, headers=CHECKER)
        assert approved.status_code == 200, approved.text
        assert approved.json()["applied_at"] is not None
        closed = await case_when(api, "w-approved", lambda c: c["summary"]["stage"] == "closed")
        assert closed["summary"]["stage"] == "closed"

        rejected = await api.post(
            f"/approvals/{asked['w-rejected']}/reject",
            json={"reason": "the family asked for support last week"},
            headers=MANAGER,
        )
        assert rejected.status_code == 200, rejected.text
        assert (await api.get("/workers/w-rejected/case")).json()["summary"]["stage"] == (
            "returned"
        )

        both = await asyncio.gather(
            api.post(f"/approvals/{asked['w-twice']}/approve", json={}, headers=CHECKER),
            api.post(f"/approvals/{asked['w-twice']}/approve", json={}, headers=MANAGER),
        )
        assert sorted(a.status_code for a in both) == [200, 409], [a.text for a in both]

        plan = {"skills_gained": ["welding"], "savings_vnd": 1_000_000, "plans": ["business"]}
        meanwhile = await api.post("/workers/w-stale/reintegration/assessment", json=plan)
        assert meanwhile.status_code == 200, meanwhile.text
        stale = await api.post(f"/approvals/{asked['w-stale']}/approve", json={}, headers=CHECKER)
        assert stale.status_code == 409
        assert stale.json()["state"] == "stale"

        # a trusted system closes the rejected case at once: the marker after everything above
        marker = await api.post("/workers/w-rejected/closure", json=CLOSING)
        assert marker.status_code == 200, marker.text
        events = await aftercare_events(
            kafka_bootstrap, unique, lambda es: len(closures(es, "w-rejected")) >= 1
        )
        [by_approval] = closures(events, "w-approved")
        assert by_approval["closed_by"] == "ao-sonla-01"
        assert len(closures(events, "w-twice")) == 1
        assert closures(events, "w-stale") == []
        assert [c["closed_by"] for c in closures(events, "w-rejected")] == [TEST_SUBJECT]


async def test_aftercare_keeps_the_closure_row_of_the_table(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    rules_path = f"/provinces/{PROVINCE}/approval-rules"
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        table = (await api.get(rules_path, headers=MAKER)).json()
        assert table["rules"] == [
            {
                "action": "case.close",
                "required": True,
                "checker_roles": ["aftercare_officer", "provincial_manager"],
            }
        ]
        off = {"rules": [{"action": "case.close", "required": False}]}
        assert (await api.put(rules_path, json=off, headers=MAKER)).status_code == 403
        assert (await api.put(rules_path, json=off, headers=MANAGER)).status_code == 200
        await returned_workers(api, kafka_bootstrap, unique, ["w-at-once"])
        answer = await api.post("/workers/w-at-once/closure", json=CLOSING, headers=MAKER)
        assert answer.status_code == 200, answer.text
        assert answer.json()["closed_by"] == "ao-sonla-01"
