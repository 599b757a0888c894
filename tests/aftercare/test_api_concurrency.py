"""Concurrent requests on one worker or one incident: every accepted change is kept, once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from services.aftercare.domain.case import WorkerCase
from services.aftercare.store import case_of
from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    eventually,
    running_aftercare,
    send_abroad,
    utc_now,
)
from tests.support.auth import TEST_SUBJECT

DAY = timedelta(days=1)


async def test_concurrent_changes_to_one_worker_are_all_kept(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 300 * DAY, (now + 60 * DAY).date())
        await case_when(api, "w-1", lambda c: c["summary"]["stage"] == "abroad")

        check_ins = [
            {
                "contact": "worker",
                "channel": "phone",
                "wellbeing": "good",
                "contacted_at": (now - n * DAY).isoformat(),
            }
            for n in range(1, 7)
        ]
        extension = {"new_end": (now + 400 * DAY).date().isoformat()}
        answers = await asyncio.gather(
            *(api.post("/workers/w-1/check-ins", json=body) for body in check_ins),
            api.post("/workers/w-1/contract-extensions", json=extension),
        )

        assert [a.status_code for a in answers] == [201] * 7
        case = (await api.get("/workers/w-1/case")).json()
        journey = case["journeys"][0]
        assert [c["recorded_by"] for c in journey["check_ins"]] == [TEST_SUBJECT] * 6
        assert journey["expected_return"] == extension["new_end"]
        events = await aftercare_events(kafka_bootstrap, unique, lambda es: len(es) >= 7)
        assert sorted(t for t, _ in events) == ["contract.extended"] + ["worker.checked-in"] * 6
        # The view the lists read catches up with every change, each once.
        view = store_client[f"{unique}_aftercare"]["cases"]

        async def caught_up() -> WorkerCase | None:
            document = await view.find_one({"_id": "w-1"})
            if document is None:
                return None
            case = case_of(document)  # the view stores journeys and timeline packed
            journey = case.journeys[0]
            done = len(journey.check_ins) == 6
            return case if done and str(journey.expected_return) == extension["new_end"] else None

        case = await eventually(caught_up)
        assert len(case.timeline) == 3 + 7


async def test_two_officers_taking_up_one_incident_at_once_one_wins(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-2", now - 100 * DAY, (now + 600 * DAY).date())
        await case_when(api, "w-2", lambda c: c["summary"]["stage"] == "abroad")
        reported = await api.post(
            "/workers/w-2/incidents",
            json={
                "category": "injury_or_illness",
                "severity": "high",
                "description": "Hand injured at the press.",
            },
        )
        ticket = reported.json()["ticket"]

        answers = await asyncio.gather(
            *(
                api.post(
                    f"/incidents/{ticket}/status",
                    json={"status": "in_progress"},
                )
                for n in range(4)
            )
        )

        assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
        incident = (await api.get(f"/incidents/{ticket}")).json()
        assert [(h["from_status"], h["to_status"]) for h in incident["history"]] == [
            ("open", "in_progress")
        ]
