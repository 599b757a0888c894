"""Incidents over HTTP: tickets, the status machine, the queue, escalation once per level."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    eventually,
    running_aftercare,
    send_abroad,
    service_of,
    utc_now,
)
from tests.support.problems import error_locations

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


async def listed(api: httpx.AsyncClient, holds: Callable[[list[Any]], bool]) -> list[Any]:
    """Waits until the incident queue satisfies ``holds``; returns it."""

    async def check() -> list[Any] | None:
        queue: list[Any] = (await api.get("/incidents/queue")).json()["items"]
        return queue if holds(queue) else None

    return await eventually(check)


def incident(severity: str, category: str = "unpaid_wages") -> dict[str, str]:
    return {
        "category": category,
        "severity": severity,
        "description": "Three months of wages unpaid since the factory changed owners.",
    }


async def test_incidents_from_report_to_closure_with_queue_and_escalation(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, app):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 100 * DAY, (now + 900 * DAY).date())
        await case_when(api, "w-1", lambda c: c["summary"]["stage"] == "abroad")

        low = await api.post("/workers/w-1/incidents", json=incident("low"))
        assert low.status_code == 201, low.text
        critical = (await api.post("/workers/w-1/incidents", json=incident("critical"))).json()
        high = (await api.post("/workers/w-1/incidents", json=incident("high", "abuse"))).json()
        tickets = [low.json()["ticket"], critical["ticket"], high["ticket"]]
        assert all(re.fullmatch(rf"HW-{now.year}-\d{{6}}", t) for t in tickets)
        assert len(set(tickets)) == 3

        by_ticket = await api.get(f"/incidents/{critical['ticket']}")
        assert by_ticket.json()["incident_id"] == critical["incident_id"]
        queue = await listed(api, lambda q: len(q) == 3)  # the listings follow the events
        assert [i["severity"] for i in queue] == ["critical", "high", "low"]

        status = f"/incidents/{critical['incident_id']}/status"
        jump = await api.post(status, json={"status": "resolved"})
        assert jump.status_code == 409
        assert jump.json()["state"] == "open"
        taken = await api.post(status, json={"status": "in_progress"})
        assert taken.json()["status"] == "in_progress"
        no_note = await api.post(status, json={"status": "resolved"})
        assert no_note.status_code == 422
        assert error_locations(no_note.json())[0] == ("body", "note")
        follow_up = {"action": "Called the enterprise in Aichi"}
        key = {"Idempotency-Key": "follow-up-crit-0001"}
        first = await api.post(
            f"/incidents/{critical['ticket']}/follow-ups", json=follow_up, headers=key
        )
        again = await api.post(
            f"/incidents/{critical['ticket']}/follow-ups", json=follow_up, headers=key
        )
        assert first.status_code == again.status_code == 201
        assert len(again.json()["follow_ups"]) == 1
        assigned = await api.post(
            f"/incidents/{high['incident_id']}/assignment",
            json={"assignee": "officer-7"},
        )
        assert assigned.json()["assignee"] == "officer-7"
        bad = await api.post(status, json={"status": "reopened"})
        assert bad.status_code == 422
        assert error_locations(bad.json())[0] == ("body", "status")

        await listed(api, lambda q: q[0]["status"] == "in_progress")
        # Ten days on: the open high one missed its response deadline (3 days) -> centre;
        # the critical one, taken up in time, missed its 7-day resolution -> centre and province.
        service_of(app).clock = lambda: now + 10 * DAY
        escalated = (await api.post("/incidents/escalations")).json()
        assert sorted((e["ticket"], e["level"]) for e in escalated) == sorted(
            [
                (critical["ticket"], "centre"),
                (critical["ticket"], "province"),
                (high["ticket"], "centre"),
            ]
        )
        assert (await api.post("/incidents/escalations")).json() == []  # once per level
        service_of(app).clock = lambda: now + 20 * DAY
        later = (await api.post("/incidents/escalations")).json()
        # The high one is now past its 14-day resolution; the low one past its 14-day response.
        assert sorted((e["ticket"], e["level"]) for e in later) == sorted(
            [(high["ticket"], "province"), (low.json()["ticket"], "centre")]
        )

        service_of(app).clock = lambda: now + 20 * DAY + HOUR
        for step in ("resolved", "closed"):
            moved = await api.post(status, json={"status": step, "note": "wages paid"})
            assert moved.json()["status"] == step
        closed_follow_up = await api.post(
            f"/incidents/{critical['incident_id']}/follow-ups", json=follow_up
        )
        assert closed_follow_up.status_code == 409
        queue = await listed(api, lambda q: len(q) == 2)
        assert [i["ticket"] for i in queue] == [high["ticket"], low.json()["ticket"]]

        events = await aftercare_events(
            kafka_bootstrap,
            unique,
            lambda es: (
                sum(t == "incident.escalated" for t, _ in es) == 5
                and any(
                    t == "incident.status-changed" and d["to_status"] == "closed" for t, d in es
                )
            ),
        )
        escalations = [(d["ticket"], d["level"]) for t, d in events if t == "incident.escalated"]
        assert len(escalations) == len(set(escalations)) == 5
        assert all("description" not in d and "action" not in d for _, d in events)

        case = await case_when(
            api,
            "w-1",
            lambda c: any(n["status"] == "closed" for n in c["journeys"][0]["incidents"]),
        )
        notes = {n["ticket"]: n for n in case["journeys"][0]["incidents"]}
        assert notes[high["ticket"]]["escalated_to"] == "province"
        assert case["summary"]["open_incidents"] == 2
        timeline = (await api.get("/workers/w-1/timeline")).json()["items"]
        assert f"Incident {critical['ticket']}: resolved -> closed" in [
            i["summary"] for i in timeline
        ]


async def test_concurrent_reports_get_distinct_tickets(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-2", now - 100 * DAY, (now + 900 * DAY).date())
        await case_when(api, "w-2", lambda c: c["summary"]["stage"] == "abroad")

        responses = await asyncio.gather(
            *[api.post("/workers/w-2/incidents", json=incident("medium")) for _ in range(8)]
        )

        assert [r.status_code for r in responses] == [201] * 8
        tickets = [r.json()["ticket"] for r in responses]
        assert len(set(tickets)) == 8
        missing = await api.post(
            "/workers/w-2/incidents",
            json={k: v for k, v in incident("low").items() if k != "category"},
        )
        assert missing.status_code == 422
        assert error_locations(missing.json())[0] == ("body", "category")
        assert (await api.get("/incidents/HW-1999-000001")).status_code == 404
