"""Coming home over HTTP: return, reintegration, closure, and a second journey on the timeline."""

from __future__ import annotations

from datetime import timedelta

from shared.events.topics import Topic
from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    departure,
    journey_started,
    running_aftercare,
    send_abroad,
    training,
    utc_now,
)
from tests.support.problems import error_locations

DAY = timedelta(days=1)


async def test_the_way_home_in_order_then_a_second_journey(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    home_on = (now - 2 * DAY).date().isoformat()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 1100 * DAY, (now - 5 * DAY).date())
            await case_when(api, "w-1", lambda c: c["summary"]["stage"] == "abroad")

            plan = {
                "skills_gained": ["CNC machining", "Japanese"],
                "savings_vnd": 450_000_000,
                "plans": ["business"],
            }
            early = await api.post("/workers/w-1/reintegration/assessment", json=plan)
            assert early.status_code == 409
            assert early.json()["stage"] == "abroad"
            closing = {"reason": "reintegrated"}
            assert (await api.post("/workers/w-1/closure", json=closing)).status_code == 409

            future = {"returned_on": (now + 3 * DAY).date().isoformat(), "reason": "other"}
            response = await api.post("/workers/w-1/return", json={**future})
            assert response.status_code == 422
            assert error_locations(response.json())[0] == ("body", "returned_on")
            bad_reason = {"returned_on": home_on, "reason": "holiday"}
            response = await api.post("/workers/w-1/return", json=bad_reason)
            assert response.status_code == 422
            assert error_locations(response.json())[0] == ("body", "reason")

            back = {"returned_on": home_on, "reason": "contract_completed"}
            returned = await api.post("/workers/w-1/return", json=back)
            assert returned.status_code == 200, returned.text
            assert returned.json()["placement_id"] == "placement-1"
            assert (await api.post("/workers/w-1/return", json=back)).status_code == 409

            referral = {"kind": "credit", "organisation": "VBSP Sơn La"}
            assert (
                await api.post("/workers/w-1/reintegration/referrals", json=referral)
            ).status_code == 409
            assert (
                await api.post("/workers/w-1/reintegration/assessment", json=plan)
            ).status_code == 200
            key = {"Idempotency-Key": "referral-w1-credit"}
            first = await api.post(
                "/workers/w-1/reintegration/referrals", json=referral, headers=key
            )
            again = await api.post(
                "/workers/w-1/reintegration/referrals", json=referral, headers=key
            )
            assert first.status_code == again.status_code == 201
            assert first.json()["referral_id"] == again.json()["referral_id"]
            assert (await api.post("/workers/w-1/closure", json=closing)).status_code == 409
            outcome = {"outcome": "business_started"}
            assert (
                await api.post("/workers/w-1/reintegration/outcome", json=outcome)
            ).status_code == 200
            closed = await api.post("/workers/w-1/closure", json=closing)
            assert closed.status_code == 200
            assert (await api.post("/workers/w-1/closure", json=closing)).status_code == 409

            case = (await api.get("/workers/w-1/case")).json()
            journey = case["journeys"][0]
            assert journey["stage"] == "closed"
            assert [r["kind"] for r in journey["referrals"]] == ["credit"]
            assert journey["outcome"]["outcome"] == "business_started"

            # Home again, the worker starts a new journey at intake: to Korea this time.
            again_at = now + DAY
            await publisher.publish(Topic.INTAKE, journey_started("w-1", 2, again_at), again_at)
            await publisher.publish(Topic.TRAINING, training("w-1", again_at + DAY), again_at + DAY)
            second = departure("w-1", again_at + 2 * DAY, (now + 900 * DAY).date(), "placement-2")
            await publisher.publish(Topic.DEPLOYMENT, second, again_at + 2 * DAY)

        case = await case_when(
            api,
            "w-1",
            lambda c: c["summary"]["journeys"] == 2 and c["summary"]["stage"] == "abroad",
        )
        assert case["summary"]["placement_id"] == "placement-2"
        timeline = (await api.get("/workers/w-1/timeline")).json()["items"]
        journeys = [(i["journey"], i["type"]) for i in timeline]
        assert journeys[:3] == [
            (1, "worker.registered"),
            (1, "worker.trained"),
            (1, "worker.departed"),
        ]
        first_journey = [t for j, t in journeys if j == 1]
        assert first_journey[-5:] == [
            "worker.returned",
            "reintegration.planned",
            "reintegration.referred",
            "reintegration.outcome-recorded",
            "case.closed",
        ]
        assert [t for j, t in journeys if j == 2][:3] == [
            "worker.journey-started",
            "worker.trained",
            "worker.departed",
        ]
        times = [i["time"] for i in timeline]
        assert times == sorted(times)

        events = await aftercare_events(
            kafka_bootstrap,
            unique,
            lambda es: any(t == "case.closed" for t, _ in es),
        )
        returned_events = [d for t, d in events if t == "worker.returned"]
        assert [(d["returned_on"], d["reason"]) for d in returned_events] == [
            (home_on, "contract_completed")
        ]
        assert sorted(t for t, _ in events) == [
            "case.closed",
            "reintegration.outcome-recorded",
            "reintegration.planned",
            "reintegration.referred",
            "worker.returned",
        ]
