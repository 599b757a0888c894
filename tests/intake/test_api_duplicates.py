"""Likely duplicates: flagged on registration, reviewed by an officer, merged or remembered."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextvars import ContextVar
from functools import partial

from pymongo import AsyncMongoClient, monitoring

import shared.store
from services.intake.domain.duplicates import MAX_CANDIDATES, MAX_MEMBERS, PENDING_LOOKUPS
from services.intake.store import MATCHES_READ, PAGE_SIZE
from tests.intake.samples import cccd
from tests.intake.support import intake_app, intake_events, person
from tests.support.auth import TEST_SUBJECT
from tests.support.problems import error_locations
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
        other_name = {**_typo_twin(0, 565656), "full_name": "Đinh Thị Hương"}
        different_name = (await api.post("/workers", json=other_name)).json()
        assert different_name["likely_duplicates"] == []

        queue = (await api.get("/duplicates")).json()["items"]
        assert len(queue) == 1
        review = queue[0]
        assert sorted(review["worker_ids"]) == sorted([first["worker_id"], second["worker_id"]])
        assert review["status"] == "pending"
        assert "duplicate_key" not in review  # folded name and birth date stay inside

        await api.patch(
            f"/workers/{first['worker_id']}",
            json={"education": "vocational"},
        )
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "national ID mistyped at the job fair; checked the card",
                "survivor_id": first["worker_id"],
            },
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["status"] == "same_person"
        assert decided.json()["merge_completed"] is True
        assert decided.json()["decided_by"] == TEST_SUBJECT

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
            },
        )
        assert again.status_code == 409

        withdraw_merged = await api.post(
            f"/workers/{second['worker_id']}/withdraw",
            json={"reason": "r"},
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
        [review] = (await api.get("/duplicates")).json()["items"]

        no_reason = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={"decision": "different_people", "reason": ""},
        )
        assert no_reason.status_code == 422
        bad_survivor = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "r",
                "survivor_id": "w-x",
            },
        )
        assert bad_survivor.status_code == 422
        assert error_locations(bad_survivor.json())[0] == ("body", "survivor_id")

        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "different_people",
                "reason": "twin sisters, household book checked",
            },
        )
        assert decided.status_code == 200
        assert (await api.get("/duplicates")).json()["items"] == []
        history = (await api.get("/duplicates", params={"status": "different_people"})).json()[
            "items"
        ]
        assert [r["reason"] for r in history] == ["twin sisters, household book checked"]

        # A correction that leaves the key as it was does not flag the pair again...
        await api.patch(
            f"/workers/{twin_b['worker_id']}",
            json={"education": "college"},
        )
        assert (await api.get("/duplicates")).json()["items"] == []
        # ...and a third record with the same key opens the group's next review (one, not one
        # per earlier record), listing the group's live records, the oldest first.
        third = (await api.post("/workers", json=_typo_twin(4, serial=888888))).json()
        assert sorted(third["likely_duplicates"]) == sorted(
            [twin_a["worker_id"], twin_b["worker_id"]]
        )
        [pending] = (await api.get("/duplicates")).json()["items"]
        assert pending["review_id"] != review["review_id"]
        assert sorted(pending["worker_ids"][:2]) == sorted(
            [twin_a["worker_id"], twin_b["worker_id"]]
        )
        assert pending["worker_ids"][2] == third["worker_id"]
        assert (await api.get("/duplicates/nobody")).status_code == 404


async def test_two_officers_deciding_at_once_get_one_decision(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        await api.post("/workers", json=person(6))
        await api.post("/workers", json=_typo_twin(6, serial=313131))
        [review] = (await api.get("/duplicates")).json()["items"]
        url = f"/duplicates/{review['review_id']}/decision"
        same = {"decision": "same_person", "reason": "card checked"}
        different = {"decision": "different_people", "reason": "cousins"}
        answers = await asyncio.gather(api.post(url, json=same), api.post(url, json=different))
        assert sorted(a.status_code for a in answers) == [200, 409]
        winner = next(a for a in answers if a.status_code == 200).json()
        stored = (await api.get(f"/duplicates/{review['review_id']}")).json()
        assert stored["status"] == winner["status"]
        merged = await store_client[f"{unique}_intake"]["workers"].count_documents(
            {"status": "merged"}
        )
        assert merged == (1 if winner["status"] == "same_person" else 0)


async def test_a_group_has_one_review_and_merges_only_the_members_named(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        ids = [
            (await api.post("/workers", json=body)).json()["worker_id"]
            for body in (person(2), _typo_twin(2, 414141), _typo_twin(2, 424242))
        ]
        [review] = (await api.get("/duplicates")).json()["items"]
        assert review["worker_ids"] == ids  # the oldest first
        assert review["more_records"] == 0
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "the third is a typo of the first; the second is her twin",
                "merged_ids": [ids[2]],
            },
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["survivor_id"] == ids[0]
        assert decided.json()["merged_ids"] == [ids[2]]
        assert decided.json()["merge_completed"] is True
        statuses = [(await api.get(f"/workers/{i}")).json()["status"] for i in ids]
        assert statuses == ["registered", "registered", "merged"]
        assert (await api.get(f"/workers/{ids[0]}")).json()["merged_from"] == [ids[2]]

        wrong = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={"decision": "same_person", "reason": "r", "merged_ids": ["w-elsewhere"]},
        )  # fmt: skip
        assert wrong.status_code == 409  # decided once

        # The next record of the group opens its next review, beside the live records only.
        fourth = (await api.post("/workers", json=_typo_twin(2, 434343))).json()
        [following] = (await api.get("/duplicates")).json()["items"]
        assert following["worker_ids"][-1] == fourth["worker_id"]
        assert ids[2] not in following["worker_ids"]
        assert sorted(following["worker_ids"][:-1]) == sorted(ids[:2])


async def test_records_of_one_key_registered_at_once_share_one_group_and_review(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    """A registration looks for its candidates once its worker is stored: registrations of
    one key sent together still end in one review listing them all."""
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        bodies = [_typo_twin(3, serial=610000 + n) for n in range(8)]
        answers = await asyncio.gather(*(api.post("/workers", json=body) for body in bodies))
        assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers]
        ids = {a.json()["worker_id"] for a in answers}
        # each saw the ones that entered the group before it: at least one saw every other
        seen = [set(a.json()["likely_duplicates"]) for a in answers]
        assert all(flagged < ids for flagged in seen)
        assert max(len(flagged) for flagged in seen) == 7
        [review] = (await api.get("/duplicates")).json()["items"]
    assert set(review["worker_ids"]) == ids


MEASURING: ContextVar[bool] = ContextVar("measuring", default=False)


class StoreWork(monitoring.CommandListener):
    """Counts the commands a request sends (those sent where MEASURING is set: the request's
    task and the tasks it starts, not the relay's or the consumers') and the documents they
    read and write."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.reset()

    def reset(self) -> None:
        self.commands: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        """Commands by name and collection (``find duplicate_reviews``)."""
        self.read = 0
        self.written = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.database_name == self.database and MEASURING.get():
            self.commands[event.command_name] += 1
            target = event.command.get(event.command_name)
            self.targets[f"{event.command_name} {target}"] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if event.database_name != self.database or not MEASURING.get():
            return
        reply = event.reply
        if "cursor" in reply:
            cursor = reply["cursor"]
            self.read += len(cursor.get("firstBatch", cursor.get("nextBatch", [])))
        elif event.command_name in ("insert", "update", "delete"):
            self.written += int(reply.get("n", 0))
        elif event.command_name == "count":
            self.read += int(reply.get("n", 0))

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        return

    def snapshot(self) -> tuple[dict[str, int], int, int]:
        return dict(self.commands), self.read, self.written


async def test_one_key_registered_200_times_keeps_one_review_and_bounded_work(
    kafka_bootstrap, mongodb_url, unique, store_client, monkeypatch
) -> None:
    """Issue 19: 140 registrations of one name, birth date and commune made 9,737 reviews and
    each registration slower than the last. Now the group has one open review, and the store
    work of a registration stops growing once its blocking key holds MATCHES_READ records:
    the finder reads the key's newest pages only, so the registrations after the 100th read
    no more than those before."""
    work = StoreWork(f"{unique}_intake")
    monkeypatch.setattr(
        shared.store, "AsyncMongoClient", partial(AsyncMongoClient, event_listeners=[work])
    )
    measured: dict[int, tuple[dict[str, int], int, int]] = {}
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for n in range(1, 201):
            work.reset()
            token = MEASURING.set(True)  # the in-process app runs in this task
            answer = await api.post("/workers", json=_typo_twin(1, serial=500000 + n))
            MEASURING.reset(token)
            assert answer.status_code == 201, answer.text
            assert len(answer.json()["likely_duplicates"]) == min(n - 1, MAX_CANDIDATES)
            measured[n] = work.snapshot()
        pending = (await api.get("/duplicates", params={"limit": 500})).json()["items"]
    assert len(pending) == 1
    [review] = pending
    assert len(review["worker_ids"]) == MAX_MEMBERS
    assert review["more_records"] == 200 - MAX_MEMBERS
    reviews = store_client[f"{unique}_intake"]["duplicate_reviews"]
    assert await reviews.count_documents({}) == 1

    def most(numbers: range) -> tuple[int, int]:
        commands = max(sum(measured[n][0].values()) for n in numbers)
        return commands, max(measured[n][1] for n in numbers)

    early, late = most(range(60, 100)), most(range(100, 201))
    # a name page claimed (its claim tried again if another key's page took the slot), a
    # head raised: a page turn's commands vary by a few whenever it comes
    assert late[0] <= early[0] + 4, (early, late)
    assert late[1] <= early[1], (early, late)
    # its key's newest pages (up to one page past MATCHES_READ), heads and claims, a pending
    # review found, the review joined
    assert most(range(100, 201))[1] <= MATCHES_READ + PAGE_SIZE + PENDING_LOOKUPS + 8


async def test_twins_reviews_are_looked_up_only_when_the_finder_reads_a_twin(
    kafka_bootstrap, mongodb_url, unique, store_client, monkeypatch
) -> None:
    """A registration whose finder reads every record of its blocking keys and no twin among
    them looks no review up by twin key; a twin's registration does, and joins its twins'
    review."""
    work = StoreWork(f"{unique}_intake")
    monkeypatch.setattr(
        shared.store, "AsyncMongoClient", partial(AsyncMongoClient, event_listeners=[work])
    )
    twin_look_ups = ("find duplicate_reviews", "find review_members")

    async def register(body: dict) -> tuple[dict, Counter[str]]:
        work.reset()
        token = MEASURING.set(True)  # the in-process app runs in this task
        answer = await api.post("/workers", json=body)
        MEASURING.reset(token)
        assert answer.status_code == 201, answer.text
        return answer.json(), work.targets

    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        first, sent = await register(person(7))
        assert first["likely_duplicates"] == []
        assert not any(sent[name] for name in twin_look_ups), sent
        second, sent = await register(_typo_twin(7, serial=717171))
        assert second["likely_duplicates"] == [first["worker_id"]]
        assert sent["find duplicate_reviews"] >= 1, sent
        third, sent = await register(_typo_twin(7, serial=727272))
        assert sorted(third["likely_duplicates"]) == sorted(
            [first["worker_id"], second["worker_id"]]
        )
        assert sent["find duplicate_reviews"] >= 1, sent
        [review] = (await api.get("/duplicates")).json()["items"]
    assert set(review["worker_ids"]) == {w["worker_id"] for w in (first, second, third)}
