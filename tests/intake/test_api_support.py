"""Eligibility, consultations and preferential loans over HTTP."""

from __future__ import annotations

from tests.intake.samples import HOAN_KIEM
from tests.intake.support import intake_app, person
from tests.support.pages import unpaged
from tests.support.problems import detail_and_members, error_locations, field_errors
from tests.support.services import in_process

BANK = "vbsp-quangngai-sonha"
OFFICER = "cb-quangngai-sonlinh-01"
LAND = {
    "kind": "land_use_rights",
    "description": "residential land certificate",
    "value_vnd": 300_000_000,
}


def loan(**overrides) -> dict:
    body = {
        "amount_vnd": 95_000_000,
        "purpose": "service fee, deposit and flight to Japan",
        "cost_of_going_vnd": 120_000_000,
        "market": "JP",
    }
    body.update(overrides)
    return body


def ordinary(n: int) -> dict:
    return person(
        n, locality=HOAN_KIEM, ethnicity="Kinh", ethnic_minority=False, household_status="other"
    )


async def test_eligibility_gives_each_rule_and_reason(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        linh = (await api.post("/workers", json=person(0))).json()["worker_id"]
        toan = (await api.post("/workers", json=ordinary(2))).json()["worker_id"]

        eligible = (await api.get(f"/workers/{linh}/eligibility")).json()
        assert [(r["rule"], r["outcome"]) for r in eligible["rules"]] == [
            ("adult_age", "met"),
            ("subproject2", "met"),
            ("training_cost_support", "met"),
            ("preferential_loan", "met"),
        ]
        assert eligible["rules"][1]["reason"] == "from a poor household; an ethnic-minority worker"
        assert eligible["support"]["preferential_loan"] is True

        not_eligible = (await api.get(f"/workers/{toan}/eligibility")).json()
        assert [r["outcome"] for r in not_eligible["rules"]] == [
            "met",
            "not_met",
            "not_met",
            "not_met",
        ]
        assert all(r["reason"] for r in not_eligible["rules"])

        # A correction of the household status changes the outcome.
        await api.patch(f"/workers/{toan}", json={"household_status": "near_poor"})
        recertified = (await api.get(f"/workers/{toan}/eligibility")).json()
        assert [r["outcome"] for r in recertified["rules"]] == ["met", "met", "met", "met"]
        assert (await api.get("/workers/nobody/eligibility")).status_code == 404


async def test_consultation_history(kafka_bootstrap, mongodb_url, unique, store_client) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker = (await api.post("/workers", json=person(1))).json()["worker_id"]
        base = f"/workers/{worker}/consultations"
        fair = {
            "held_on": "2025-10-20",
            "channel": "job_fair",
            "topics": ["markets", "costs", "preferential_loans"],
            "markets_discussed": ["JP", "KR"],
            "outcome": "wants_to_go",
            "notes": "interested in agriculture in Korea",
        }
        call = {**fair, "held_on": "2025-10-27", "channel": "phone", "outcome": "follow_up_needed"}
        first = await api.post(base, json=fair, headers={"Idempotency-Key": "consult-0001"})
        assert first.status_code == 201, first.text
        retry = await api.post(base, json=fair, headers={"Idempotency-Key": "consult-0001"})
        assert retry.json()["consultation_id"] == first.json()["consultation_id"]
        assert (await api.post(base, json=call)).status_code == 201

        history = unpaged((await api.get(base)).json())
        assert [(c["held_on"], c["channel"]) for c in history] == [
            ("2025-10-27", "phone"),
            ("2025-10-20", "job_fair"),
        ]
        future = await api.post(base, json={**fair, "held_on": "2099-01-01"})
        assert future.status_code == 422
        assert error_locations(future.json())[0] == ("body", "held_on")
        bad_channel = await api.post(base, json={**fair, "channel": "carrier_pigeon"})
        assert bad_channel.status_code == 422
        assert len(unpaged((await api.get(base)).json())) == 2
        assert (await api.post("/workers/nobody/consultations", json=fair)).status_code == 404


async def test_loan_rules_and_status(kafka_bootstrap, mongodb_url, unique, store_client) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker = (await api.post("/workers", json=person(3))).json()["worker_id"]
        ineligible = (await api.post("/workers", json=ordinary(2))).json()["worker_id"]
        workers = store_client[f"{unique}_intake"]["workers"]
        base = f"/workers/{worker}/loans"

        above_cost = await api.post(base, json=loan(amount_vnd=130_000_000, collateral=LAND))
        assert above_cost.status_code == 422
        assert field_errors(above_cost.json()) == [
            {
                "loc": ["body", "amount_vnd"],
                "msg": "exceeds the cost of going abroad",
                "type": "value_error",
            }
        ]
        no_collateral = await api.post(base, json=loan(amount_vnd=110_000_000))
        assert no_collateral.status_code == 422
        assert error_locations(no_collateral.json())[0] == ("body", "collateral")

        refused = await api.post(f"/workers/{ineligible}/loans", json=loan())
        assert refused.status_code == 409
        assert refused.json()["rule"] == "preferential_loan"
        assert "near-poor" in refused.json()["rule_reason"]
        assert await workers.count_documents({"loans.0": {"$exists": True}}) == 0

        applied = await api.post(base, json=loan(amount_vnd=110_000_000, collateral=LAND))
        assert applied.status_code == 201, applied.text
        loan_id = applied.json()["loan_id"]
        assert applied.json()["status"] == "requested"
        second = await api.post(base, json=loan())
        assert second.status_code == 409
        assert second.json()["loan_id"] == loan_id

        step = f"{base}/{loan_id}"
        early = await api.post(f"{step}/disburse", json={})
        assert early.status_code == 409
        assert detail_and_members(early.json()) == {
            "detail": "cannot disburse a loan that is requested",
            "what": "loan",
            "state": "requested",
            "transition": "disburse",
        }
        for action, status in [
            ("approve", "approved"),
            ("disburse", "disbursed"),
            ("start-repaying", "repaying"),
            ("mark-repaid", "repaid"),
        ]:
            moved = await api.post(f"{step}/{action}", json={})
            assert moved.status_code == 200, moved.text
            assert moved.json()["status"] == status
        assert (await api.post(f"{step}/approve", json={})).status_code == 409
        assert (await api.post(f"{step}/cancel", json={})).status_code == 422

        record = (await api.get(step)).json()
        assert [h["status"] for h in record["history"]] == [
            "requested", "approved", "disbursed", "repaying", "repaid",
        ]  # fmt: skip

        again = await api.post(base, json=loan())
        assert again.status_code == 201
        rejected = await api.post(
            f"{base}/{again.json()['loan_id']}/reject",
            json={"reason": "certificate expired"},
        )
        assert rejected.json()["rejection_reason"] == "certificate expired"
        no_reason = await api.post(f"{base}/{again.json()['loan_id']}/reject", json={})
        assert no_reason.status_code == 409  # already rejected
        assert [item["status"] for item in unpaged((await api.get(base)).json())] == [
            "repaid",
            "rejected",
        ]
        assert (await api.get(f"{base}/nope")).status_code == 404


async def test_a_withdrawn_case_cannot_apply(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        worker = (await api.post("/workers", json=person(6))).json()["worker_id"]
        await api.post(f"/workers/{worker}/withdraw", json={"reason": "r"})
        response = await api.post(f"/workers/{worker}/loans", json=loan())
        assert response.status_code == 409
        assert detail_and_members(response.json())["state"] == "withdrawn"
        missing_reason = await api.post(f"/workers/{worker}/reopen", json={})
        assert missing_reason.status_code == 200
        first = (await api.post(f"/workers/{worker}/loans", json=loan())).json()["loan_id"]
        reject = await api.post(f"/workers/{worker}/loans/{first}/reject", json={})
        assert reject.status_code == 422
        assert error_locations(reject.json())[0] == ("body", "reason")
