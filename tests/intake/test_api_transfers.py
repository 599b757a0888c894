"""Transfers between communes and referrals, over HTTP on the real broker and store: who may
request, accept or refuse, what moves on acceptance, and what a bad request gets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from shared.auth import Role
from tests.intake.samples import SIN_THAU, SON_LINH
from tests.intake.support import intake_app, intake_events, person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process

PROVINCE = SON_LINH["province_code"]
RECEIVING = {"province_code": PROVINCE, "commune_code": "21025"}
SENDER = auth_headers(
    Role.COMMUNE_OFFICER, "cb-son-linh", province_code=PROVINCE, commune_code="21307"
)
RECEIVER = auth_headers(
    Role.COMMUNE_OFFICER, "cb-receiving", province_code=PROVINCE, commune_code="21025"
)
ELSEWHERE = auth_headers(
    Role.COMMUNE_OFFICER, "cb-elsewhere", province_code=PROVINCE, commune_code="21028"
)
OTHER_PROVINCE = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-sin-thau",
    province_code=SIN_THAU["province_code"],
    commune_code=SIN_THAU["commune_code"],
)


def today() -> date:
    """Today in Vietnam, the day a transfer's dates are held against."""
    return (datetime.now(UTC) + timedelta(hours=7)).date()


def transfer(to: dict[str, str], days_ahead: int = 1, **fields: Any) -> dict[str, Any]:
    effective = (today() + timedelta(days=days_ahead)).isoformat()
    return {"to_locality": to, "effective_date": effective, "reason": "family moved", **fields}


async def _register(api: httpx.AsyncClient, n: int) -> str:
    response = await api.post("/workers", json=person(n))
    assert response.status_code == 201, response.text
    worker_id: str = response.json()["worker_id"]
    return worker_id


async def test_the_receiving_commune_accepts_and_the_case_moves_with_its_scope(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await _register(api, 1)
        path = f"/workers/{worker_id}/transfers"
        requested = await api.post(path, json=transfer(RECEIVING), headers=SENDER)
        assert requested.status_code == 201, requested.text
        assert requested.json()["status"] == "requested"
        assert requested.json()["needs_approval"] is False
        assert requested.json()["requested_by"] == "cb-son-linh"
        transfer_id = requested.json()["transfer_id"]
        accept = f"{path}/{transfer_id}/accept"

        # Before acceptance the case is still the sending commune's alone.
        assert (await api.get(f"/workers/{worker_id}", headers=RECEIVER)).status_code == 404
        assert (await api.post(accept, json={}, headers=ELSEWHERE)).status_code == 404
        assert (await api.post(accept, json={}, headers=SENDER)).status_code == 404

        accepted = await api.post(accept, json={}, headers=RECEIVER)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["status"] == "accepted"
        assert accepted.json()["decided_by"] == "cb-receiving"

        moved = await api.get(f"/workers/{worker_id}", headers=RECEIVER)
        assert moved.status_code == 200
        assert moved.json()["locality"]["commune_code"] == RECEIVING["commune_code"]
        assert (await api.get(f"/workers/{worker_id}", headers=SENDER)).status_code == 404
        assert (await api.post(accept, json={}, headers=RECEIVER)).status_code == 404  # done
        history = (await api.get(path, headers=RECEIVER)).json()["items"]
        assert [(t["transfer_id"], t["status"]) for t in history] == [(transfer_id, "accepted")]
        assert history[0]["from_locality"]["commune_code"] == SON_LINH["commune_code"]

        events = await intake_events(kafka_bootstrap, unique, lambda found: len(found) >= 4)
        mine = [e for e in events if e["subject"] == worker_id]
        assert [e["type"] for e in mine] == [
            "worker.registered",
            "worker.transfer-requested",
            "worker.transfer-accepted",
            "worker.corrected",
        ]
        assert [e["sequence"] for e in mine] == [1, 2, 3, 4]
        assert mine[3]["data"]["changed_fields"] == ["locality"]


async def test_a_refused_transfer_leaves_the_case_where_it_was(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await _register(api, 2)
        path = f"/workers/{worker_id}/transfers"
        transfer_id = (await api.post(path, json=transfer(RECEIVING), headers=SENDER)).json()[
            "transfer_id"
        ]
        no_reason = await api.post(f"{path}/{transfer_id}/refuse", json={}, headers=RECEIVER)
        assert no_reason.status_code == 422
        refused = await api.post(
            f"{path}/{transfer_id}/refuse", json={"reason": "not our commune"}, headers=RECEIVER
        )
        assert refused.status_code == 200, refused.text
        assert refused.json()["status"] == "refused"
        assert refused.json()["refusal_reason"] == "not our commune"
        stays = await api.get(f"/workers/{worker_id}", headers=SENDER)
        assert stays.json()["locality"]["commune_code"] == SON_LINH["commune_code"]
        again = await api.post(path, json=transfer(RECEIVING, days_ahead=3), headers=SENDER)
        assert again.status_code == 201  # a refused transfer may be requested again


async def test_attacks_on_transfers_are_refused(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await _register(api, 3)
        path = f"/workers/{worker_id}/transfers"

        # An officer of another commune cannot request a transfer of a case outside their scope.
        outside = await api.post(path, json=transfer(RECEIVING), headers=ELSEWHERE)
        assert outside.status_code == 404
        assert (await api.post(path, json=transfer(RECEIVING), headers=RECEIVER)).status_code == 404

        bad_dates = [
            (today() - timedelta(days=1)).isoformat(),
            (today() + timedelta(days=400)).isoformat(),
            "2027-02-30",
            "soon",
        ]
        for effective in bad_dates:
            body = {**transfer(RECEIVING), "effective_date": effective}
            response = await api.post(path, json=body, headers=SENDER)
            assert response.status_code == 422, (effective, response.text)
            assert "effective_date" in response.text
        same = await api.post(path, json=transfer(dict(SON_LINH)), headers=SENDER)
        assert same.status_code == 422
        assert error_locations(same.json())[0] == ("body", "to_locality", "commune_code")
        unknown = await api.post(
            path,
            json=transfer({"province_code": PROVINCE, "commune_code": "99999"}),
            headers=SENDER,
        )
        assert unknown.status_code == 422
        assert error_locations(unknown.json())[0] == ("body", "to_locality", "commune_code")
        actor = await api.post(path, json=transfer(RECEIVING, requested_by="x"), headers=SENDER)
        assert actor.status_code == 422

        first = await api.post(path, json=transfer(RECEIVING), headers=SENDER)
        assert first.status_code == 201
        waiting = await api.post(path, json=transfer(RECEIVING, days_ahead=2), headers=SENDER)
        assert waiting.status_code == 409
        transfer_id = first.json()["transfer_id"]
        assert (
            await api.post(f"{path}/{transfer_id}/refuse", json={"reason": "x"}, headers=ELSEWHERE)
        ).status_code == 404
        missing = await api.post(f"{path}/no-such-transfer/accept", json={}, headers=RECEIVER)
        assert missing.status_code == 404


async def test_a_transfer_between_provinces_waits_for_approval(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await _register(api, 4)
        path = f"/workers/{worker_id}/transfers"
        requested = await api.post(path, json=transfer(dict(SIN_THAU)), headers=SENDER)
        assert requested.status_code == 201, requested.text
        assert requested.json()["needs_approval"] is True
        accept = f"{path}/{requested.json()['transfer_id']}/accept"
        waits = await api.post(accept, json={}, headers=OTHER_PROVINCE)
        assert waits.status_code == 409
        assert "approval" in waits.text
        stays = await api.get(f"/workers/{worker_id}", headers=SENDER)
        assert stays.json()["locality"]["commune_code"] == SON_LINH["commune_code"]


async def test_a_referral_is_a_record_with_an_outcome(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await _register(api, 5)
        path = f"/workers/{worker_id}/referrals"
        body = {"agency": "legal_aid", "agency_name": "Trợ giúp pháp lý tỉnh", "reason": "debt"}
        referred = await api.post(path, json=body, headers=SENDER)
        assert referred.status_code == 201, referred.text
        referral_id = referred.json()["referral_id"]
        assert referred.json()["outcome"] is None
        assert (await api.post(path, json=body, headers=ELSEWHERE)).status_code == 404
        bad = await api.post(path, json={**body, "agency": "astrologer"}, headers=SENDER)
        assert bad.status_code == 422
        outcome = f"{path}/{referral_id}/outcome"
        done = await api.post(
            outcome, json={"outcome": "served", "note": "debt settled"}, headers=SENDER
        )
        assert done.status_code == 200, done.text
        assert (done.json()["outcome"], done.json()["outcome_by"]) == ("served", "cb-son-linh")
        twice = await api.post(outcome, json={"outcome": "no_response"}, headers=SENDER)
        assert twice.status_code == 409
        listed = (await api.get(path, headers=SENDER)).json()["items"]
        assert [(r["referral_id"], r["outcome"]) for r in listed] == [(referral_id, "served")]
        events = await intake_events(kafka_bootstrap, unique, lambda found: len(found) >= 3)
        assert [e["type"] for e in events if e["subject"] == worker_id][1:] == [
            "worker.referred",
            "referral.outcome-recorded",
        ]
