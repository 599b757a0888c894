"""Corrections (versioned), withdrawal and reopening over HTTP."""

from __future__ import annotations

from typing import Any

from tests.intake.samples import SIN_THAU, cccd
from tests.intake.support import intake_app, person
from tests.support.auth import TEST_SUBJECT
from tests.support.problems import detail_and_members, error_locations
from tests.support.services import in_process

EDITOR = "cb-quangngai-02"


async def test_corrections_are_versioned_and_audited(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(0)
        worker_id = (await api.post("/workers", json=body)).json()["worker_id"]
        corrected = await api.patch(
            f"/workers/{worker_id}",
            json={
                "reason": "household recertified; new phone",
                "household_status": "near_poor",
                "phone": "0362 123 456",
            },
        )
        assert corrected.status_code == 200, corrected.text
        assert corrected.json()["revision"] == 2
        assert corrected.json()["household_status"] == "near_poor"
        assert corrected.json()["phone"] == "+84362123456"

        unchanged = await api.patch(f"/workers/{worker_id}", json={"phone": "0362.123.456"})
        assert unchanged.status_code == 200
        assert unchanged.json()["revision"] == 2

        moved = await api.patch(f"/workers/{worker_id}", json={"locality": SIN_THAU})
        assert moved.json()["revision"] == 3

        new_id = cccd(body["date_of_birth"], body["gender"], serial=999001)
        renumbered = await api.patch(f"/workers/{worker_id}", json={"national_id": new_id})
        assert renumbered.status_code == 200
        assert renumbered.json()["national_id_masked"] == "*********" + new_id[-3:]

        revisions = (await api.get(f"/workers/{worker_id}/revisions")).json()["items"]
        assert [r["number"] for r in revisions] == [2, 3, 4]
        assert revisions[0]["by"] == TEST_SUBJECT
        assert revisions[0]["reason"] == "household recertified; new phone"
        assert {c["field"]: (c["old"], c["new"]) for c in revisions[0]["changes"]} == {
            "household_status": ("poor", "near_poor"),
            "phone": ("***000", "***456"),
        }
        assert [c["field"] for c in revisions[1]["changes"]][:2] == [
            "locality.province_code",
            "locality.commune_code",
        ]
        [id_change] = revisions[2]["changes"]
        assert id_change["field"] == "national_id"
        assert id_change["new"] == "*********" + new_id[-3:]
        text = str(revisions)
        assert body["national_id"] not in text
        assert new_id not in text


async def test_a_bad_correction_is_422_and_writes_nothing(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = (await api.post("/workers", json=person(1))).json()["worker_id"]
        workers = store_client[f"{unique}_intake"]["workers"]
        # the relay's, not ours
        relay_marks = {"outbox": 0, "outbox_pending": 0, "outbox_sent": 0, "write_marks": 0}
        before = await workers.find_one({"_id": worker_id}, relay_marks)
        changes: list[tuple[dict[str, Any], list[str]]] = [
            ({"date_of_birth": "2099-01-01"}, ["body", "date_of_birth"]),
            ({"gender": "female"}, ["body", "gender"]),
            (
                {"locality": {**SIN_THAU, "commune_code": "00000"}},
                ["body", "locality", "commune_code"],
            ),
            ({"full_name": None}, ["body", "full_name"]),
        ]
        for change, loc in changes:
            response = await api.patch(f"/workers/{worker_id}", json={**change})
            assert response.status_code == 422, response.text
            assert loc in [list(loc) for loc in error_locations(response.json())]
        unknown = await api.patch(f"/workers/{worker_id}", json={"status": "x"})
        assert unknown.status_code == 422
        after = await workers.find_one({"_id": worker_id}, relay_marks)
        assert after == before


async def test_a_correction_to_a_taken_national_id_is_409(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        first = (await api.post("/workers", json=person(2))).json()["worker_id"]
        other = (await api.post("/workers", json=person(11))).json()["worker_id"]
        body = person(2)
        clash = cccd(body["date_of_birth"], body["gender"], serial=424242)
        await api.patch(f"/workers/{other}", json={**_same_person_as(body, clash)})
        response = await api.patch(f"/workers/{first}", json={"national_id": clash})
        assert response.status_code == 409
        assert response.json()["worker_id"] == other


def _same_person_as(body: dict, national_id: str) -> dict:
    return {
        "date_of_birth": body["date_of_birth"],
        "gender": body["gender"],
        "national_id": national_id,
    }


async def test_withdraw_and_reopen_with_conflicts(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = (await api.post("/workers", json=person(3))).json()["worker_id"]
        base = f"/workers/{worker_id}"

        early = await api.post(f"{base}/reopen", json={})
        assert early.status_code == 409
        assert detail_and_members(early.json()) == {
            "detail": "cannot reopen a worker's case that is registered",
            "what": "worker's case",
            "state": "registered",
            "transition": "reopen",
        }

        withdrawn = await api.post(f"{base}/withdraw", json={"reason": "caring for a parent"})
        assert withdrawn.status_code == 200
        assert withdrawn.json()["status"] == "withdrawn"
        twice = await api.post(f"{base}/withdraw", json={"reason": "again"})
        assert twice.status_code == 409

        no_reason = await api.post(f"{base}/withdraw", json={})
        assert no_reason.status_code == 422

        reopened = await api.post(f"{base}/reopen", json={"reason": "ready"})
        assert reopened.status_code == 200
        view = reopened.json()
        assert view["status"] == "registered"
        assert [(c["transition"], c["status"]) for c in view["status_history"]] == [
            ("withdraw", "withdrawn"),
            ("reopen", "registered"),
        ]
        assert (await api.post("/workers/nobody/withdraw", json={"reason": "r"})).status_code == 404
