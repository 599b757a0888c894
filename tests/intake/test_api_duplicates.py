"""Likely duplicates: flagged on registration, reviewed by an officer, merged or remembered."""

from __future__ import annotations

import asyncio

from tests.intake.samples import cccd
from tests.intake.support import intake_app, intake_events, person
from tests.support.services import in_process

REVIEWER = "cb-centre-quangngai-05"


def _typo_twin(n: int, serial: int) -> dict:
    """The same person as person(n) with a mistyped national ID."""
    body = person(n)
    return {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=serial)}


async def test_same_person_merges_and_keeps_history(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        first = (await api.post("/workers", json=person(0))).json()
        assert first["likely_duplicates"] == []
        second = (await api.post("/workers", json=_typo_twin(0, serial=555555))).json()
        assert second["likely_duplicates"] == [first["worker_id"]]
        different_name = (
            await api.post("/workers", json={**_typo_twin(0, 565656), "full_name": "Đinh Thị Lan"})
        ).json()
        assert different_name["likely_duplicates"] == []

        queue = (await api.get("/duplicates")).json()
        assert len(queue) == 1
        review = queue[0]
        assert sorted(review["worker_ids"]) == sorted([first["worker_id"], second["worker_id"]])
        assert review["status"] == "pending"
        assert "duplicate_key" not in review  # folded name and birth date stay inside

        await api.patch(
            f"/workers/{first['worker_id']}",
            json={"corrected_by": REVIEWER, "education": "vocational"},
        )
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "national ID mistyped at the job fair; checked the card",
                "decided_by": REVIEWER,
                "survivor_id": first["worker_id"],
            },
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["status"] == "same_person"
        assert decided.json()["merge_completed"] is True
        assert decided.json()["decided_by"] == REVIEWER

        survivor = (await api.get(f"/workers/{first['worker_id']}")).json()
        merged = (await api.get(f"/workers/{second['worker_id']}")).json()
        assert survivor["status"] == "registered"
        assert survivor["merged_from"] == [second["worker_id"]]
        assert survivor["revision"] == 2  # its own history is kept
        assert merged["status"] == "merged"
        assert merged["merged_into"] == first["worker_id"]
        assert merged["status_history"][-1]["reason"].startswith("national ID mistyped")

        again = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "different_people",
                "reason": "second thoughts",
                "decided_by": REVIEWER,
            },
        )
        assert again.status_code == 409

        withdraw_merged = await api.post(
            f"/workers/{second['worker_id']}/withdraw",
            json={"reason": "r", "withdrawn_by": REVIEWER},
        )
        assert withdraw_merged.status_code == 409
        assert withdraw_merged.json()["survivor_id"] == first["worker_id"]

        # The merged record's national ID now leads to the survivor.
        retyped = await api.post("/workers", json=_typo_twin(0, serial=555555))
        assert retyped.status_code == 409
        assert retyped.json()["worker_id"] == first["worker_id"]

        listed = [w["worker_id"] for w in (await api.get("/workers")).json()["items"]]
        assert second["worker_id"] not in listed

        events = await intake_events(
            kafka_bootstrap, unique, until=lambda es: any(e["type"] == "worker.merged" for e in es)
        )
        [merge] = [e for e in events if e["type"] == "worker.merged"]
        assert merge["subject"] == second["worker_id"]
        assert merge["data"]["survivor_id"] == first["worker_id"]


async def test_different_people_is_remembered(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        twin_a = (await api.post("/workers", json=person(4))).json()
        twin_b = (await api.post("/workers", json=_typo_twin(4, serial=777777))).json()
        [review] = (await api.get("/duplicates")).json()

        no_reason = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={"decision": "different_people", "reason": "", "decided_by": REVIEWER},
        )
        assert no_reason.status_code == 422
        bad_survivor = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "r",
                "decided_by": REVIEWER,
                "survivor_id": "w-x",
            },
        )
        assert bad_survivor.status_code == 422
        assert bad_survivor.json()["detail"][0]["loc"] == ["body", "survivor_id"]

        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "different_people",
                "reason": "twin sisters, household book checked",
                "decided_by": REVIEWER,
            },
        )
        assert decided.status_code == 200
        assert (await api.get("/duplicates")).json() == []
        history = (await api.get("/duplicates", params={"status": "different_people"})).json()
        assert [r["reason"] for r in history] == ["twin sisters, household book checked"]

        # A correction that leaves the key as it was does not flag the pair again...
        await api.patch(
            f"/workers/{twin_b['worker_id']}",
            json={"corrected_by": REVIEWER, "education": "college"},
        )
        assert (await api.get("/duplicates")).json() == []
        # ...and a third record with the same key is flagged against both, the decided pair not.
        third = (await api.post("/workers", json=_typo_twin(4, serial=888888))).json()
        assert sorted(third["likely_duplicates"]) == sorted(
            [twin_a["worker_id"], twin_b["worker_id"]]
        )
        pending = (await api.get("/duplicates")).json()
        assert len(pending) == 2
        assert all(third["worker_id"] in r["worker_ids"] for r in pending)
        assert (await api.get("/duplicates/nobody")).status_code == 404


async def test_two_officers_deciding_at_once_get_one_decision(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        await api.post("/workers", json=person(6))
        await api.post("/workers", json=_typo_twin(6, serial=313131))
        [review] = (await api.get("/duplicates")).json()
        url = f"/duplicates/{review['review_id']}/decision"
        same = {"decision": "same_person", "reason": "card checked", "decided_by": REVIEWER}
        different = {"decision": "different_people", "reason": "cousins", "decided_by": "cb-other"}
        answers = await asyncio.gather(api.post(url, json=same), api.post(url, json=different))
        assert sorted(a.status_code for a in answers) == [200, 409]
        winner = next(a for a in answers if a.status_code == 200).json()
        stored = (await api.get(f"/duplicates/{review['review_id']}")).json()
        assert stored["status"] == winner["status"]
        merged = await store_client[f"{unique}_intake"]["workers"].count_documents(
            {"status": "merged"}
        )
        assert merged == (1 if winner["status"] == "same_person" else 0)
