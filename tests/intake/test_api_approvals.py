"""Maker and checker at intake, over HTTP on the real broker and store: a household status or
a national ID correction waits for a second person; events only on approval."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from shared.auth import Role
from tests.intake.samples import SON_LINH, cccd
from tests.intake.support import intake_app, intake_events, person
from tests.support.auth import auth_headers
from tests.support.problems import error_locations, error_text
from tests.support.services import in_process

PROVINCE, COMMUNE = SON_LINH["province_code"], SON_LINH["commune_code"]
MAKER = auth_headers(
    Role.COMMUNE_OFFICER, "cb-sonlinh-01", province_code=PROVINCE, commune_code=COMMUNE
)
CHECKER = auth_headers(Role.CENTRE_STAFF, "ttdvvl-quangngai-01", province_code=PROVINCE)
OTHER_CHECKER = auth_headers(Role.CENTRE_STAFF, "ttdvvl-quangngai-02", province_code=PROVINCE)


def corrections(events: list[dict[str, Any]], worker_id: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "worker.corrected" and e["subject"] == worker_id]


async def register(api: httpx.AsyncClient, n: int) -> str:
    answer = await api.post("/workers", json=person(n))
    assert answer.status_code == 201, answer.text
    worker_id: str = answer.json()["worker_id"]
    return worker_id


async def test_a_household_status_change_waits_and_is_emitted_on_approval(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await register(api, 0)
        asked = await api.patch(
            f"/workers/{worker_id}",
            json={"household_status": "near_poor", "reason": "recertified"},
            headers=MAKER,
        )
        assert asked.status_code == 202, asked.text
        approval = asked.json()
        assert approval["status"] == "pending"
        assert approval["actions"] == ["household_status.change"]
        assert approval["changed_fields"] == ["household_status"]
        assert approval["requested_by"] == "cb-sonlinh-01"
        assert asked.headers["location"] == f"/approvals/{approval['approval_id']}"
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert (record["household_status"], record["revision"]) == ("poor", 1)

        queue = (await api.get("/approvals", headers=MAKER)).json()["items"]
        assert [a["approval_id"] for a in queue] == [approval["approval_id"]]
        assert "change" not in queue[0]
        elsewhere = auth_headers(
            Role.COMMUNE_OFFICER, "cb-other", province_code=PROVINCE, commune_code="21310"
        )
        assert (await api.get("/approvals", headers=elsewhere)).json()["items"] == []

        approved = await api.post(
            f"/approvals/{approval['approval_id']}/approve",
            json={"reason": "certificate seen"},
            headers=CHECKER,
        )
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "approved"
        assert approved.json()["decided_by"] == "ttdvvl-quangngai-01"
        assert approved.json()["applied_at"] is not None
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert (record["household_status"], record["revision"]) == ("near_poor", 2)
        assert (await api.get("/approvals", headers=MAKER)).json()["items"] == []
        decided = (await api.get("/approvals", params={"status": "approved"})).json()["items"]
        assert [a["approval_id"] for a in decided] == [approval["approval_id"]]

        events = await intake_events(
            kafka_bootstrap, unique, lambda es: len(corrections(es, worker_id)) >= 1
        )
        [corrected] = corrections(events, worker_id)
        assert corrected["data"]["changed_fields"] == ["household_status"]
        assert corrected["data"]["corrected_by"] == "cb-sonlinh-01"

        audit = store_client[f"{unique}_intake"]["audit"]
        entry = await audit.find_one({"route": "/approvals/{approval_id}/approve"})
        assert entry is not None
        assert (entry["subject"], entry["worker_id"], entry["status"]) == (
            "ttdvvl-quangngai-01",
            worker_id,
            200,
        )


async def test_a_rejected_national_id_correction_changes_and_emits_nothing(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        body = person(1)
        worker_id = await register(api, 1)
        new_id = cccd(body["date_of_birth"], body["gender"], serial=999002)
        asked = await api.patch(
            f"/workers/{worker_id}", json={"national_id": new_id}, headers=MAKER
        )
        assert asked.status_code == 202, asked.text
        approval_id = asked.json()["approval_id"]
        assert asked.json()["actions"] == ["national_id.correct"]
        shown = await api.get(f"/approvals/{approval_id}", headers=CHECKER)
        assert shown.json()["change"]["national_id"] == "*********" + new_id[-3:]
        assert new_id not in shown.text
        assert new_id not in asked.text

        no_reason = await api.post(f"/approvals/{approval_id}/reject", json={}, headers=CHECKER)
        assert no_reason.status_code == 422
        rejected = await api.post(
            f"/approvals/{approval_id}/reject",
            json={"reason": "the new card does not match the photo"},
            headers=CHECKER,
        )
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["status"] == "rejected"
        assert rejected.json()["decision_reason"] == "the new card does not match the photo"
        again = await api.post(f"/approvals/{approval_id}/approve", json={}, headers=OTHER_CHECKER)
        assert again.status_code == 409
        assert "already rejected" in error_text(again.json())
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert record["revision"] == 1
        assert record["national_id_masked"].endswith(body["national_id"][-3:])

        # a later change applied at once (a trusted system's): nothing of the rejected before it
        marker = await api.patch(f"/workers/{worker_id}", json={"phone": "0362 123 456"})
        assert marker.status_code == 200
        events = await intake_events(
            kafka_bootstrap, unique, lambda es: len(corrections(es, worker_id)) >= 1
        )
        assert [e["data"]["changed_fields"] for e in corrections(events, worker_id)] == [["phone"]]


async def test_the_maker_never_checks_and_the_checker_needs_the_role_and_scope(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await register(api, 2)
        asked = await api.patch(
            f"/workers/{worker_id}", json={"household_status": "near_poor"}, headers=MAKER
        )
        approve = f"/approvals/{asked.json()['approval_id']}/approve"

        own = await api.post(approve, json={}, headers=MAKER)
        assert own.status_code == 403
        assert "maker" in error_text(own.json())
        # the same person with a second token (another role): still the maker
        same_subject = auth_headers(Role.CENTRE_STAFF, "cb-sonlinh-01", province_code=PROVINCE)
        assert (await api.post(approve, json={}, headers=same_subject)).status_code == 403

        colleague = auth_headers(
            Role.COMMUNE_OFFICER, "cb-sonlinh-02", province_code=PROVINCE, commune_code=COMMUNE
        )
        unnamed = await api.post(approve, json={}, headers=colleague)
        assert unnamed.status_code == 403
        assert "centre_staff" in error_text(unnamed.json())
        bank = auth_headers(Role.BANK_OFFICER, "vbsp-01", province_code=PROVINCE)
        assert (await api.post(approve, json={}, headers=bank)).status_code == 403

        outside = auth_headers(Role.CENTRE_STAFF, "ttdvvl-hanoi-01", province_code="01")
        assert (await api.post(approve, json={}, headers=outside)).status_code == 404
        assert (await api.get("/approvals", headers=outside)).json()["items"] == []

        record = (await api.get(f"/workers/{worker_id}")).json()
        assert record["household_status"] == "poor"
        assert (await api.get(approve.removesuffix("/approve"))).json()["status"] == "pending"


async def test_a_stale_change_is_refused_with_409(kafka_bootstrap, mongodb_url, unique) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await register(api, 3)
        asked = await api.patch(
            f"/workers/{worker_id}", json={"household_status": "near_poor"}, headers=MAKER
        )
        approval_id = asked.json()["approval_id"]
        meanwhile = await api.patch(f"/workers/{worker_id}", json={"phone": "0362 123 457"})
        assert meanwhile.json()["revision"] == 2

        stale = await api.post(f"/approvals/{approval_id}/approve", json={}, headers=CHECKER)
        assert stale.status_code == 409
        assert "changed since" in error_text(stale.json())
        assert stale.json()["state"] == "stale"
        assert (await api.get(f"/approvals/{approval_id}")).json()["status"] == "stale"
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert (record["household_status"], record["revision"]) == ("poor", 2)


async def test_two_checkers_approving_at_once_apply_the_change_once(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_ids = [await register(api, n) for n in (4, 5, 6)]
        approvals = []
        for worker_id in worker_ids:
            asked = await api.patch(
                f"/workers/{worker_id}", json={"household_status": "near_poor"}, headers=MAKER
            )
            approvals.append(asked.json()["approval_id"])

        answers = await asyncio.gather(
            *(
                api.post(f"/approvals/{approval_id}/approve", json={}, headers=headers)
                for approval_id in approvals
                for headers in (CHECKER, OTHER_CHECKER)
            )
        )
        statuses = [a.status_code for a in answers]
        for pair in zip(statuses[::2], statuses[1::2], strict=True):
            assert sorted(pair) == [200, 409], statuses
        for worker_id in worker_ids:
            assert (await api.get(f"/workers/{worker_id}")).json()["revision"] == 2
        # a marker after them, so every correction they made is on the topic before it
        await api.patch(f"/workers/{worker_ids[0]}", json={"phone": "0362 123 458"})
        events = await intake_events(
            kafka_bootstrap, unique, lambda es: len(corrections(es, worker_ids[0])) >= 2
        )
        for worker_id in worker_ids[1:]:
            assert len(corrections(events, worker_id)) == 1
        assert len(corrections(events, worker_ids[0])) == 2


async def test_a_province_sets_its_table(kafka_bootstrap, mongodb_url, unique) -> None:
    manager = auth_headers(Role.PROVINCIAL_MANAGER, "sldtbxh-quangngai", province_code=PROVINCE)
    rules_path = f"/provinces/{PROVINCE}/approval-rules"
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        table = (await api.get(rules_path, headers=CHECKER)).json()
        assert {r["action"]: r["required"] for r in table["rules"]} == {
            "workers.merge": True,
            "household_status.change": True,
            "national_id.correct": True,
            "transfer.across_provinces": True,
        }
        household = {"action": "household_status.change", "required": False}
        assert (
            await api.put(rules_path, json={"rules": [household]}, headers=CHECKER)
        ).status_code == 403
        elsewhere = auth_headers(Role.PROVINCIAL_MANAGER, "sldtbxh-hanoi", province_code="01")
        assert (
            await api.put(rules_path, json={"rules": [household]}, headers=elsewhere)
        ).status_code == 404
        wrong = await api.put(
            rules_path, json={"rules": [{"action": "case.close"}]}, headers=manager
        )
        assert wrong.status_code == 422
        assert "aftercare" in wrong.text
        no_checker = await api.put(
            rules_path, json={"rules": [{"action": "national_id.correct"}]}, headers=manager
        )
        assert no_checker.status_code == 422
        assert "checker_roles" in no_checker.text

        answer = await api.put(rules_path, json={"rules": [household]}, headers=manager)
        assert answer.status_code == 200, answer.text
        rows = {r["action"]: r for r in answer.json()["rules"]}
        assert rows["household_status.change"]["required"] is False
        assert rows["national_id.correct"]["required"] is True

        worker_id = await register(api, 7)
        at_once = await api.patch(
            f"/workers/{worker_id}", json={"household_status": "near_poor"}, headers=MAKER
        )
        assert at_once.status_code == 200, at_once.text
        assert at_once.json()["household_status"] == "near_poor"


def _typo_twin(n: int, serial: int) -> dict[str, Any]:
    """The same person as person(n) with a mistyped national ID."""
    body = person(n)
    return {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=serial)}


async def test_a_merge_waits_and_worker_merged_is_emitted_on_approval(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    desk = auth_headers(Role.CENTRE_STAFF, "ttdvvl-quangngai-03", province_code=PROVINCE)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        first = await register(api, 0)
        second = (await api.post("/workers", json=_typo_twin(0, serial=555555))).json()
        assert second["likely_duplicates"] == [first]
        third = await register(api, 1)
        fourth = (await api.post("/workers", json=_typo_twin(1, serial=555556))).json()
        reviews = {
            r["worker_ids"][0]: r["review_id"]
            for r in (await api.get("/duplicates")).json()["items"]
        }
        same = {"decision": "same_person", "reason": "the card was mistyped", "survivor_id": first}

        asked = await api.post(f"/duplicates/{reviews[first]}/decision", json=same, headers=desk)
        assert asked.status_code == 202, asked.text
        approval = asked.json()
        assert approval["actions"] == ["workers.merge"]
        assert approval["change"]["merged_ids"] == [second["worker_id"]]
        assert (await api.get(f"/duplicates/{reviews[first]}")).json()["status"] == "pending"
        assert (await api.get(f"/workers/{second['worker_id']}")).json()["status"] == "registered"

        approve = f"/approvals/{approval['approval_id']}/approve"
        assert (await api.post(approve, json={}, headers=desk)).status_code == 403
        # a merge lives in the review's province: no commune officer's scope holds it
        assert (await api.post(approve, json={}, headers=MAKER)).status_code == 404
        aftercare = auth_headers(Role.AFTERCARE_OFFICER, "ao-quangngai", province_code=PROVINCE)
        unnamed = await api.post(approve, json={}, headers=aftercare)
        assert unnamed.status_code == 403
        assert "centre_staff" in error_text(unnamed.json())
        approved = await api.post(approve, json={}, headers=CHECKER)
        assert approved.status_code == 200, approved.text
        merged = (await api.get(f"/workers/{second['worker_id']}")).json()
        assert (merged["status"], merged["merged_into"]) == ("merged", first)
        assert (await api.get(f"/duplicates/{reviews[first]}")).json()["status"] == "same_person"

        other = {**same, "survivor_id": third}
        asked = await api.post(f"/duplicates/{reviews[third]}/decision", json=other, headers=desk)
        rejected = await api.post(
            f"/approvals/{asked.json()['approval_id']}/reject",
            json={"reason": "different fathers' names on the cards"},
            headers=CHECKER,
        )
        assert rejected.status_code == 200, rejected.text
        assert (await api.get(f"/workers/{fourth['worker_id']}")).json()["status"] == ("registered")
        assert (await api.get(f"/duplicates/{reviews[third]}")).json()["status"] == "pending"

        # a marker after both: a trusted system's correction of the rejected pair's survivor
        await api.patch(f"/workers/{third}", json={"phone": "0362 123 459"})
        events = await intake_events(
            kafka_bootstrap, unique, lambda es: len(corrections(es, third)) >= 1
        )
        merges = [e["subject"] for e in events if e["type"] == "worker.merged"]
        assert merges == [second["worker_id"]]


async def test_a_transfer_between_provinces_waits_for_a_provincial_manager(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    from tests.intake.samples import SIN_THAU
    from tests.intake.test_api_transfers import transfer

    receiver = auth_headers(
        Role.COMMUNE_OFFICER,
        "cb-sin-thau",
        province_code=SIN_THAU["province_code"],
        commune_code=SIN_THAU["commune_code"],
    )
    manager = auth_headers(Role.PROVINCIAL_MANAGER, "sldtbxh-quangngai", province_code=PROVINCE)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await register(api, 8)
        path = f"/workers/{worker_id}/transfers"
        requested = await api.post(path, json=transfer(dict(SIN_THAU)), headers=MAKER)
        assert requested.status_code == 201, requested.text
        transfer_id = requested.json()["transfer_id"]
        [waiting] = (await api.get("/approvals", headers=MAKER)).json()["items"]
        assert waiting["actions"] == ["transfer.across_provinces"]
        accept = f"{path}/{transfer_id}/accept"
        assert (await api.post(accept, json={}, headers=receiver)).status_code == 409

        approve = f"/approvals/{waiting['approval_id']}/approve"
        assert (await api.post(approve, json={}, headers=MAKER)).status_code == 403
        assert (await api.post(approve, json={}, headers=CHECKER)).status_code == 403
        approved = await api.post(approve, json={}, headers=manager)
        assert approved.status_code == 200, approved.text
        [shown] = (await api.get(path, headers=MAKER)).json()["items"]
        assert shown["approved_by"] == "sldtbxh-quangngai"
        accepted = await api.post(accept, json={}, headers=receiver)
        assert accepted.status_code == 200, accepted.text


async def test_a_transfer_between_provinces_retried_after_a_failed_ask_waits_for_approval(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    """The transfer is stored before its approval is asked: a request failing in between
    (a crash, the store gone) and retried with its key puts the approval in the queue then,
    and only once; without it the transfer waits for an approval nobody can give."""
    from tests.intake.samples import SIN_THAU
    from tests.intake.test_api_transfers import transfer

    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app, raise_app_exceptions=False) as api:
        worker_id = await register(api, 9)
        path = f"/workers/{worker_id}/transfers"
        desk = app.state.approvals
        ask = desk.ask

        async def fails_once(**fields: Any) -> Any:
            desk.ask = ask
            raise RuntimeError("the queue is gone")

        desk.ask = fails_once
        headers = {**MAKER, "Idempotency-Key": f"transfer-{unique}"}
        body = transfer(dict(SIN_THAU))
        failed = await api.post(path, json=body, headers=headers)
        assert failed.status_code == 500
        retried = await api.post(path, json=body, headers=headers)
        assert retried.status_code == 201, retried.text
        again = await api.post(path, json=body, headers=headers)
        assert again.status_code == 201, again.text
        waiting = (await api.get("/approvals", headers=MAKER)).json()["items"]
        assert [w["actions"] for w in waiting] == [["transfer.across_provinces"]]
        assert waiting[0]["worker_id"] == worker_id


async def test_an_approved_change_a_failure_left_unapplied_is_finished_by_another_checker(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    """The decision is stored before the change is applied: if applying fails, another checker
    the province names posts the approval again and finishes it (the first may be gone), once
    the first had time to."""
    from services.intake.service.workers import CORRECTION
    from shared.approval_desk import FINISH_AFTER

    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app, raise_app_exceptions=False) as api:
        worker_id = await register(api, 12)
        asked = await api.patch(
            f"/workers/{worker_id}",
            json={"household_status": "near_poor", "reason": "recertified"},
            headers=MAKER,
        )
        assert asked.status_code == 202, asked.text
        applier = app.state.approvals._appliers[CORRECTION]
        apply = applier.apply

        async def fails_once(approval: Any) -> None:
            applier.apply = apply
            raise RuntimeError("the store went away")

        applier.apply = fails_once
        approve = f"/approvals/{asked.json()['approval_id']}/approve"
        assert (await api.post(approve, json={}, headers=CHECKER)).status_code == 500
        early = await api.post(approve, json={}, headers=OTHER_CHECKER)
        assert early.status_code == 409  # as while the first checker is still applying it
        desk = app.state.approvals
        clock = desk.clock
        desk.clock = lambda: clock() + FINISH_AFTER
        finished = await api.post(approve, json={}, headers=OTHER_CHECKER)
        assert finished.status_code == 200, finished.text
        assert finished.json()["decided_by"] == "ttdvvl-quangngai-01"
        assert finished.json()["applied_at"] is not None
        assert (await api.post(approve, json={}, headers=MAKER)).status_code == 403
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert (record["household_status"], record["revision"]) == ("near_poor", 2)


async def test_hostile_approval_inputs_get_a_422_naming_what_is_wrong(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    manager = auth_headers(Role.PROVINCIAL_MANAGER, "sldtbxh-quangngai", province_code=PROVINCE)
    rules_path = f"/provinces/{PROVINCE}/approval-rules"
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker_id = await register(api, 7)
        asked = await api.patch(
            f"/workers/{worker_id}", json={"household_status": "near_poor"}, headers=MAKER
        )
        assert asked.status_code == 202, asked.text
        approval = f"/approvals/{asked.json()['approval_id']}"

        for verb in ("approve", "reject"):
            long = await api.post(f"{approval}/{verb}", json={"reason": "x" * 501}, headers=CHECKER)
            assert long.status_code == 422, long.text
            assert error_locations(long.json())[0] == ("body", "reason")
            not_text = await api.post(
                f"{approval}/{verb}",
                content=b'{"reason": 1e999}',
                headers={**CHECKER, "content-type": "application/json"},
            )
            assert not_text.status_code == 422, not_text.text
        for bad_id in ("x" * 129, "a/b", "%00"):
            answer = await api.get(f"/approvals/{bad_id}", headers=CHECKER)
            assert answer.status_code in (404, 422), (bad_id, answer.text)
        assert (await api.get("/approvals/no-such-approval", headers=CHECKER)).status_code == 404

        too_many = [{"action": "household_status.change", "required": False}] * 50
        bodies: list[dict[str, Any]] = [
            {"rules": too_many},
            {"rules": "household_status.change"},
            {"rules": []},
            {
                "rules": [
                    {
                        "action": "national_id.correct",
                        "required": True,
                        "checker_roles": ["emperor"],
                    }
                ]
            },
        ]
        for body in bodies:
            answer = await api.put(rules_path, json=body, headers=manager)
            assert answer.status_code == 422, (body, answer.text)
            assert error_locations(answer.json())[0][:2] == ("body", "rules"), answer.text

        untouched = (await api.get(approval, headers=CHECKER)).json()
        assert untouched["status"] == "pending"
        table = (await api.get(rules_path, headers=CHECKER)).json()
        assert all(r["required"] for r in table["rules"])
