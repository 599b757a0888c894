"""Every change at intake reaches Kafka through the outbox: each event once, in order."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.intake.support import intake_app, intake_events, person
from tests.support.services import in_process

OFFICER = "cb-quangngai-sonlinh-01"
BANK = "vbsp-quangngai-sonha"
EXPECTED = [
    "worker.registered",
    "worker.corrected",
    "worker.withdrawn",
    "worker.reopened",
    "worker.consulted",
    "loan.requested",
    "loan.approved",
    "loan.disbursed",
    "loan.repayment-started",
    "loan.repaid",
]


async def test_a_consumer_sees_each_event_once_in_order(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(0)
        worker = (await api.post("/workers", json=body)).json()["worker_id"]
        other = (await api.post("/workers", json=person(1))).json()["worker_id"]
        base = f"/workers/{worker}"
        await api.patch(base, json={"household_status": "near_poor"})
        await api.patch(base, json={"household_status": "near_poor"})  # no-op
        await api.post(f"{base}/withdraw", json={"reason": "harvest season"})
        await api.post(f"{base}/reopen", json={})
        await api.post(
            f"{base}/consultations",
            json={
                "held_on": "2025-10-20",
                "channel": "commune_conference",
                "topics": ["markets"],
                "markets_discussed": ["JP"],
                "outcome": "wants_to_go",
                "notes": "private note that stays at intake",
            },
        )
        loan = await api.post(
            f"{base}/loans",
            json={
                "amount_vnd": 90_000_000,
                "purpose": "fees",
                "cost_of_going_vnd": 100_000_000,
            },
        )
        loan_id = loan.json()["loan_id"]
        for action in ("approve", "disburse", "start-repaying", "mark-repaid"):
            assert (await api.post(f"{base}/loans/{loan_id}/{action}", json={})).status_code == 200
        # Refused requests publish nothing.
        assert (await api.post(f"{base}/reopen", json={})).status_code == 409
        assert (await api.post("/workers", json=body)).status_code == 409

        events = await intake_events(kafka_bootstrap, unique, until=lambda es: len(es) >= 11)
        await asyncio.sleep(1.0)  # anything published twice would arrive by now
        events = await intake_events(kafka_bootstrap, unique, until=lambda es: len(es) >= 11)

    assert len(events) == 11
    assert len({e["id"] for e in events}) == 11
    mine = [e for e in events if e["subject"] == worker]
    assert [e["type"] for e in mine] == EXPECTED
    assert [e["sequence"] for e in mine] == list(range(1, 11))
    assert all(e["key"] == worker for e in mine)
    assert [e["type"] for e in events if e["subject"] == other] == ["worker.registered"]
    assert Counter(e["type"] for e in events)["worker.registered"] == 2

    corrected = mine[1]["data"]
    assert corrected["changed_fields"] == ["household_status"]
    assert corrected["support"]["preferential_loan"] is True
    assert mine[4]["data"]["channel"] == "commune_conference"
    assert "notes" not in mine[4]["data"]
    assert mine[5]["data"]["amount_vnd"] == 90_000_000
    for event in events:
        assert "national_id" not in event["data"]
        assert body["national_id"].encode() not in event["raw"]
