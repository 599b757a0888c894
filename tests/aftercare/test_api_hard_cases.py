"""The hard cases abroad over HTTP and Kafka: a worker reported missing and found again, a death
abroad whose case closes with no return; the refusals (wrong state, bad bodies, other areas)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shared.auth import Role
from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    eventually,
    running_aftercare,
    send_abroad,
    utc_now,
)
from tests.support.auth import auth_headers
from tests.support.problems import detail_and_members, error_locations, error_text

DAY = timedelta(days=1)
SON_LA_OFFICER = auth_headers(Role.AFTERCARE_OFFICER, "aftercare-son-la", province_code="14")
QUANG_NGAI_OFFICER = auth_headers(Role.AFTERCARE_OFFICER, "aftercare-51", province_code="51")
SON_LA_CENTRE = auth_headers(Role.CENTRE_STAFF, "centre-son-la", province_code="14")


def abroad(body: dict[str, Any]) -> bool:
    return bool(body["summary"]["stage"] == "abroad")


def missing_report(last_contact: Any) -> dict[str, Any]:
    return {
        "kind": "absconded",
        "last_contact_at": last_contact.isoformat(),
        "steps_taken": ["called the employer", "asked the enterprise", "told the embassy"],
    }


def death_report(died_on: Any) -> dict[str, Any]:
    return {
        "died_on": died_on.isoformat(),
        "repatriation": {
            "arrangement": "ashes",
            "expected_on": (died_on + 20 * DAY).isoformat(),
            "cost_bearers": ["employer", "insurance"],
        },
        "family_support": ["insurance_claim", "funeral_allowance", "counselling"],
    }


async def test_a_worker_reported_missing_then_found(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", now - 300 * DAY, (now + 700 * DAY).date())
        await case_when(api, "w-1", abroad)

        report = missing_report(now - 40 * DAY)
        reported = await api.post("/workers/w-1/missing", json=report, headers=SON_LA_OFFICER)
        assert reported.status_code == 201, reported.text
        body = reported.json()
        assert (body["kind"], body["placement_id"]) == ("absconded", "placement-1")
        assert body["reported_by"] == "aftercare-son-la"
        assert body["steps_taken"] == report["steps_taken"]

        case = (await api.get("/workers/w-1/case")).json()
        assert case["summary"]["stage"] == "abroad"  # still abroad: lists keep them
        assert case["summary"]["missing_kind"] == "absconded"
        assert case["summary"]["missing_since"] is not None
        again = await api.post("/workers/w-1/missing", json=report)
        assert again.status_code == 409
        assert error_text(again.json()) == "the worker is already reported absconded"

        early = {"contacted_at": (now - 41 * DAY).isoformat()}
        response = await api.post("/workers/w-1/missing/contact-resumed", json=early)
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "contacted_at")
        found = await api.post(
            "/workers/w-1/missing/contact-resumed",
            json={"contacted_at": (now - DAY).isoformat(), "notes": "Called from a new job."},
        )
        assert found.status_code == 200, found.text
        case = (await api.get("/workers/w-1/case")).json()
        assert (case["summary"]["missing_kind"], case["summary"]["missing_since"]) == (None, None)
        [journey] = case["journeys"]
        assert len(journey["missing_reports"]) == len(journey["contact_resumptions"]) == 1
        not_missing = await api.post(
            "/workers/w-1/missing/contact-resumed", json={"contacted_at": now.isoformat()}
        )
        assert not_missing.status_code == 409
        assert error_text(not_missing.json()) == "the worker is not reported missing"

        events = await aftercare_events(
            kafka_bootstrap,
            unique,
            lambda evs: (
                {"worker.reported-missing", "worker.contact-resumed"} <= {t for t, _ in evs}
            ),
        )
        types = sorted(t for t, d in events if d["worker_id"] == "w-1")
        assert types == ["worker.contact-resumed", "worker.reported-missing"]

        async def on_timeline() -> list[str] | None:
            timeline = (await api.get("/workers/w-1/timeline")).json()["items"]
            summaries = [i["summary"] for i in timeline if i["source"] == "aftercare"]
            return summaries if len(summaries) == 2 else None

        summaries = await eventually(on_timeline)
        assert summaries[0].startswith("Reported absconded: last contact")
        assert "embassy" not in str(summaries)  # the steps' words stay in the case


async def test_a_death_abroad_closes_the_case_with_no_return(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-2", now - 300 * DAY, (now + 700 * DAY).date())
        await case_when(api, "w-2", abroad)

        too_soon = await api.post("/workers/w-2/closure", json={"reason": "deceased"})
        assert too_soon.status_code == 409
        assert detail_and_members(too_soon.json()) == {
            "detail": "record the death abroad before closing the case as deceased",
            "stage": "abroad",
        }
        await api.post("/workers/w-2/missing", json=missing_report(now - 30 * DAY))
        died_on = (now - 10 * DAY).date()
        recorded = await api.post("/workers/w-2/death-abroad", json=death_report(died_on))
        assert recorded.status_code == 201, recorded.text
        assert recorded.json()["repatriation"]["arrangement"] == "ashes"
        assert recorded.json()["recorded_by"]  # the token's subject

        case = (await api.get("/workers/w-2/case")).json()
        assert case["summary"]["stage"] == "died_abroad"
        assert case["summary"]["died_on"] == died_on.isoformat()
        assert case["summary"]["missing_kind"] is None  # the death ends the search
        for url, body, detail in [
            (
                "/workers/w-2/return",
                {"returned_on": str(now.date()), "reason": "repatriation"},
                "only a worker abroad can return",
            ),
            (
                "/workers/w-2/death-abroad",
                death_report(died_on),
                "cannot record the death abroad of a worker who died abroad",
            ),
            (
                "/workers/w-2/closure",
                {"reason": "lost_contact"},
                "the case of a worker who died abroad closes as deceased",
            ),
        ]:
            refused = await api.post(url, json=body)
            assert refused.status_code == 409, (url, refused.text)
            answer = detail_and_members(refused.json())
            assert (answer["detail"], answer["stage"]) == (detail, "died_abroad")

        closed = await api.post(
            "/workers/w-2/closure", json={"reason": "deceased", "notes": "Ashes home."}
        )
        assert closed.status_code == 200, closed.text
        case = (await api.get("/workers/w-2/case")).json()
        [journey] = case["journeys"]
        assert journey["stage"] == "closed"
        assert journey["returned"] is None
        assert journey["closure"]["reason"] == "deceased"
        events = await aftercare_events(kafka_bootstrap, unique, lambda evs: len(evs) >= 3)
        assert sorted(t for t, _ in events) == [
            "case.closed",
            "worker.died-abroad",
            "worker.reported-missing",
        ]


async def test_bad_bodies_name_the_field_and_other_areas_are_refused(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-3", now - 300 * DAY, (now + 700 * DAY).date())
        await case_when(api, "w-3", abroad)

        good_missing = missing_report(now - 40 * DAY)
        good_death = death_report((now - 10 * DAY).date())
        bad: list[tuple[str, dict[str, Any], list[Any]]] = [
            ("missing", {**good_missing, "steps_taken": []}, ["body", "steps_taken"]),
            ("missing", {**good_missing, "steps_taken": ["  "]}, ["body", "steps_taken"]),
            ("missing", {**good_missing, "kind": "vanished"}, ["body", "kind"]),
            (
                "missing",
                {**good_missing, "last_contact_at": (now + DAY).isoformat()},
                ["body", "last_contact_at"],
            ),
            (
                "missing",
                {**good_missing, "last_contact_at": (now - 400 * DAY).isoformat()},
                ["body", "last_contact_at"],
            ),
            (
                "missing",
                {**good_missing, "last_contact_at": "2026-03-02T08:30:00"},
                ["body", "last_contact_at"],
            ),
            ("missing", {**good_missing, "reported_by": "someone"}, ["body", "reported_by"]),
            ("death-abroad", {**good_death, "family_support": []}, ["body", "family_support"]),
            (
                "death-abroad",
                {**good_death, "died_on": (now - 400 * DAY).date().isoformat()},
                ["body", "died_on"],
            ),
            (
                "death-abroad",
                {
                    **good_death,
                    "repatriation": {
                        "arrangement": "remains",
                        "expected_on": (now - 20 * DAY).date().isoformat(),
                    },
                },
                ["body", "repatriation", "expected_on"],
            ),
            (
                "death-abroad",
                {**good_death, "repatriation": {"arrangement": "by post"}},
                ["body", "repatriation", "arrangement"],
            ),
            ("death-abroad", {**good_death, "cause": "x"}, ["body", "cause"]),
        ]
        for route, body, loc in bad:
            response = await api.post(f"/workers/w-3/{route}", json=body)
            assert response.status_code == 422, (route, body, response.text)
            assert loc in [list(loc) for loc in error_locations(response.json())], (
                body,
                response.text,
            )

        for route, body in (("missing", good_missing), ("death-abroad", good_death)):
            elsewhere = await api.post(
                f"/workers/w-3/{route}", json=body, headers=QUANG_NGAI_OFFICER
            )
            assert elsewhere.status_code == 404, elsewhere.text
            not_allowed = await api.post(f"/workers/w-3/{route}", json=body, headers=SON_LA_CENTRE)
            assert not_allowed.status_code == 403, not_allowed.text
        nobody = await api.post("/workers/nobody/death-abroad", json=good_death)
        assert nobody.status_code == 404
        case = (await api.get("/workers/w-3/case")).json()
        assert case["summary"]["stage"] == "abroad"
        assert case["summary"]["missing_kind"] is None
