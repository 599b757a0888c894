"""Aftercare over HTTP and Kafka: a case opens from a departure; check-ins, remittances and
contract ends while the worker is abroad."""

from __future__ import annotations

from datetime import timedelta

from services.aftercare.domain.dates import local_date
from shared.events.topics import Topic
from tests.aftercare.support import (
    FAMILY_PHONE,
    PHONE,
    Publisher,
    aftercare_events,
    case_when,
    eventually,
    registration,
    running_aftercare,
    send_abroad,
    utc_now,
)
from tests.support.problems import error_locations

DAY = timedelta(days=1)


def abroad(body: dict) -> bool:
    return body["summary"]["stage"] == "abroad"


async def test_a_departure_opens_the_case_and_the_timeline_starts_at_registration(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    departed_at = utc_now() - 60 * DAY
    end = (departed_at + 3 * 365 * DAY).date()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        assert (await api.get("/workers/nobody/case")).status_code == 404
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "w-1", departed_at, end)

        case = await case_when(api, "w-1", abroad)

        summary = case["summary"]
        assert summary["expected_return"] == end.isoformat()
        assert (summary["full_name"], summary["commune_code"]) == ("Đinh Thị Linh", "04036")
        assert (summary["country"], summary["placement_id"]) == ("JP", "placement-1")
        timeline = (await api.get("/workers/w-1/timeline")).json()["items"]
        assert [(i["type"], i["source"], i["journey"]) for i in timeline] == [
            ("worker.registered", "intake", 1),
            ("worker.trained", "training", 1),
            ("worker.departed", "deployment", 1),
        ]
        assert PHONE not in str(timeline)
        assert "Đinh" not in str(timeline)
        assert PHONE not in (await api.get("/workers/w-1/case")).text
        contacts = (await api.get("/workers/w-1/contacts")).json()
        assert (contacts["phone"], contacts["family_contact"]["phone"]) == (PHONE, FAMILY_PHONE)


async def test_check_ins_and_the_workers_nobody_reached(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "quiet", now - 90 * DAY, (now + 900 * DAY).date())
            await send_abroad(publisher, "called", now - 200 * DAY, (now + 900 * DAY).date())
            await publisher.publish(Topic.INTAKE, registration("home-only", now), now)
        for worker in ("quiet", "called"):
            await case_when(api, worker, abroad)
        await case_when(api, "home-only", lambda c: c["summary"]["stage"] == "registered")

        check_in = {
            "contact": "family",
            "channel": "zalo",
            "wellbeing": "concerns",
            "contacted_at": (now - 5 * DAY).isoformat(),
            "notes": "Mother says the dormitory is cold.",
        }
        headers = {"Idempotency-Key": "check-in-called-0001"}
        first = await api.post("/workers/called/check-ins", json=check_in, headers=headers)
        again = await api.post("/workers/called/check-ins", json=check_in, headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json()["check_in_id"] == again.json()["check_in_id"]
        listed = (await api.get("/workers/called/check-ins")).json()["items"]
        assert [c["wellbeing"] for c in listed] == ["concerns"]

        async def only_quiet_is_silent() -> list[tuple[str, int]] | None:
            # The list reads the case view, which the consumer updates a moment later.
            gaps = (await api.get("/cases/without-contact", params={"max_days": 30})).json()[
                "items"
            ]
            found = [(g["worker_id"], g["days_without_contact"]) for g in gaps]
            return found if found == [("quiet", 90)] else None

        assert await eventually(only_quiet_is_silent) == [("quiet", 90)]
        assert (await api.get("/cases/without-contact", params={"max_days": 3})).json()["items"][
            -1
        ]["worker_id"] == "called"

        future = {**check_in, "contacted_at": (now + DAY).isoformat()}
        response = await api.post("/workers/called/check-ins", json=future)
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "contacted_at")
        missing = {k: v for k, v in check_in.items() if k != "wellbeing"}
        response = await api.post("/workers/called/check-ins", json=missing)
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "wellbeing")
        assert "dormitory" not in response.text
        extra = {**check_in, "phone": PHONE}
        response = await api.post("/workers/called/check-ins", json=extra)
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "phone")
        assert PHONE not in response.text
        not_abroad = await api.post("/workers/home-only/check-ins", json=check_in)
        assert not_abroad.status_code == 409
        assert not_abroad.json()["stage"] == "registered"
        assert (await api.post("/workers/nobody/check-ins", json=check_in)).status_code == 404

        events = await aftercare_events(
            kafka_bootstrap,
            unique,
            lambda es: any(t == "worker.checked-in" for t, _ in es),
        )
        assert [d["check_in_id"] for t, d in events if t == "worker.checked-in"] == [
            first.json()["check_in_id"]
        ]


async def test_remittances_and_their_totals(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "linh", now - 120 * DAY, (now + 900 * DAY).date())
            await send_abroad(publisher, "hung", now - 120 * DAY, (now + 900 * DAY).date())
        for worker in ("linh", "hung"):
            await case_when(api, worker, abroad)

        sent = [
            ("linh", "JPY", 150000, 25_500_000, now - 60 * DAY),
            ("linh", "JPY", 100000, 17_000_000, now - 30 * DAY),
            ("hung", "VND", 20_000_000, None, now - 30 * DAY),
        ]
        for worker, currency, amount, amount_vnd, on in sent:
            body = {
                "amount": amount,
                "currency": currency,
                "amount_vnd": amount_vnd,
                "sent_on": on.date().isoformat(),
            }
            response = await api.post(f"/workers/{worker}/remittances", json=body)
            assert response.status_code == 201, response.text
            assert response.json()["commune_code"] == "04036"

        linh = (await api.get("/workers/linh/remittances")).json()
        assert (linh["count"], linh["total_vnd"]) == (2, 42_500_000)
        per_worker = (await api.get("/remittances/totals", params={"by": "worker"})).json()["items"]
        assert [(t["worker_id"], t["total_vnd"]) for t in per_worker] == [
            ("hung", 20_000_000),
            ("linh", 42_500_000),
        ]
        per_commune = (
            await api.get("/remittances/totals", params={"by": "commune", "province_code": "14"})
        ).json()["items"]
        assert [(t["commune_code"], t["count"], t["total_vnd"]) for t in per_commune] == [
            ("04036", 3, 62_500_000)
        ]
        per_month = (await api.get("/remittances/totals", params={"by": "month"})).json()["items"]
        assert sum(t["total_vnd"] for t in per_month) == 62_500_000
        assert [t["month"] for t in per_month] == sorted(t["month"] for t in per_month)

        no_rate = {"amount": 1000, "currency": "JPY", "sent_on": now.date().isoformat()}
        response = await api.post("/workers/linh/remittances", json={**no_rate})
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "amount_vnd")
        bad_by = await api.get("/remittances/totals", params={"by": "district"})
        assert bad_by.status_code == 422
        assert error_locations(bad_by.json())[0] == ("query", "by", 0)
        case = await case_when(api, "linh", lambda c: c["summary"]["remittance_count"] == 2)
        assert case["summary"]["remitted_vnd"] == 42_500_000


async def test_contracts_ending_and_an_extension_that_moves_the_return(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    now = utc_now()
    today = local_date(now)  # the service counts days in Vietnam time
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await send_abroad(publisher, "soon", now - 1000 * DAY, today + 30 * DAY)
            await send_abroad(publisher, "later", now - 500 * DAY, today + 200 * DAY)
        for worker in ("soon", "later"):
            await case_when(api, worker, abroad)

        ending = (await api.get("/cases/contracts-ending")).json()["items"]
        assert [(c["worker_id"], c["days_left"]) for c in ending] == [("soon", 30)]
        wider = (await api.get("/cases/contracts-ending", params={"within_days": 365})).json()[
            "items"
        ]
        assert [c["worker_id"] for c in wider] == ["soon", "later"]
        bad = await api.get("/cases/contracts-ending", params={"within_days": -1})
        assert bad.status_code == 422
        assert error_locations(bad.json())[0] == ("query", "within_days")

        new_end = (today + 400 * DAY).isoformat()
        body = {"new_end": new_end, "reason": "employer renewed"}
        response = await api.post("/workers/soon/contract-extensions", json=body)
        assert response.status_code == 201, response.text
        assert response.json()["previous_end"] == (today + 30 * DAY).isoformat()

        case = (await api.get("/workers/soon/case")).json()
        assert case["summary"]["expected_return"] == new_end  # at once for the worker's case

        async def off_the_list() -> bool:  # lists follow the case view, a moment later
            return (await api.get("/cases/contracts-ending")).json()["items"] == []

        assert await eventually(off_the_list)
        same = await api.post("/workers/soon/contract-extensions", json=body)
        assert same.status_code == 422
        assert error_locations(same.json())[0] == ("body", "new_end")
        events = await aftercare_events(
            kafka_bootstrap, unique, lambda es: any(t == "contract.extended" for t, _ in es)
        )
        extended = [d for t, d in events if t == "contract.extended"]
        assert [(d["worker_id"], d["new_end"]) for d in extended] == [("soon", new_end)]
