"""A returned worker's next journey over HTTP: started once the return is heard, refused while
a journey is open, once of many at the same time, and never outside the caller's area."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from shared.auth import Role
from shared.contracts.aftercare import (
    CaseClosed,
    ClosureReason,
    FamilySupport,
    RepatriationArrangement,
    RepatriationPlan,
    ReturnReason,
    WorkerDiedAbroad,
    WorkerReturned,
)
from shared.events.topics import Topic
from tests.aftercare.support import Publisher
from tests.intake.samples import HOAN_KIEM, cccd
from tests.intake.support import eventually, intake_app, intake_events, person
from tests.support.auth import auth_headers
from tests.support.problems import detail_and_members, error_locations, error_text
from tests.support.services import in_process

STARTED_BY = {"desired_markets": ["KR"]}
HA_NOI_OFFICER = auth_headers(
    Role.COMMUNE_OFFICER, "officer-hoan-kiem", province_code="01", commune_code="00070"
)


def returned(worker_id: str, placement_id: str) -> WorkerReturned:
    now = datetime.now(UTC)
    return WorkerReturned(
        worker_id=worker_id,
        returned_on=now.date(),
        reason=ReturnReason.CONTRACT_COMPLETED,
        recorded_at=now,
        placement_id=placement_id,
    )


def closed(worker_id: str, placement_id: str) -> CaseClosed:
    return CaseClosed(
        worker_id=worker_id,
        placement_id=placement_id,
        reason=ClosureReason.REINTEGRATED,
        closed_by="officer",
        closed_at=datetime.now(UTC),
    )


async def heard_ends(store_client: Any, unique: str, worker_id: str, count: int) -> None:
    """Waits until intake's view of ended journeys holds ``count`` placements."""
    view = store_client[f"{unique}_intake"]["journey_ends"]

    async def enough() -> bool:
        document = await view.find_one({"_id": worker_id})
        return document is not None and len(document.get("ended_placements", [])) >= count

    assert await eventually(enough), f"intake never heard {count} journey ends"


async def test_a_returned_worker_starts_the_next_journey_on_the_same_case(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    async with (
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
        Publisher(kafka_bootstrap, unique) as aftercare,
    ):
        body = person(1)
        worker_id = (await api.post("/workers", json=body)).json()["worker_id"]
        path = f"/workers/{worker_id}/journeys"

        early = await api.post(path, json=STARTED_BY)
        assert early.status_code == 409, early.text
        assert early.json()["journey"] == 1
        assert "still open" in error_text(early.json())

        # registering again is refused, saying where the next journey starts
        again = await api.post("/workers", json=body)
        assert again.status_code == 409
        assert again.json()["worker_id"] == worker_id
        assert again.json()["new_journey"] == path
        assert body["national_id"] not in again.text

        await aftercare.publish(Topic.AFTERCARE, returned(worker_id, "p-japan"), datetime.now(UTC))
        await heard_ends(store_client, unique, worker_id, 1)
        started = await api.post(path, json=STARTED_BY)
        assert started.status_code == 201, started.text
        assert started.json()["worker_id"] == worker_id
        assert started.json()["journey"] == 2
        assert started.json()["desired_markets"] == ["KR"]
        assert [s["number"] for s in started.json()["journey_starts"]] == [2]
        assert (await api.get(f"/workers/{worker_id}")).json()["journey"] == 2

        # the first journey's case closing later ends no second journey
        await aftercare.publish(Topic.AFTERCARE, closed(worker_id, "p-japan"), datetime.now(UTC))
        refused = await api.post(path, json=STARTED_BY)
        assert refused.status_code == 409
        assert refused.json()["journey"] == 2

        events = await intake_events(
            kafka_bootstrap,
            unique,
            lambda es: any(e["type"] == "worker.journey-started" for e in es),
        )
        [journey] = [e for e in events if e["type"] == "worker.journey-started"]
        assert journey["subject"] == journey["key"] == worker_id
        assert journey["sequence"] == 2
        assert journey["data"]["journey"] == 2
        assert journey["data"]["support"]["subproject2"] is True
        assert journey["data"]["desired_markets"] == ["KR"]
        assert body["national_id"] not in journey["raw"].decode()


async def test_many_starts_at_once_start_one_journey(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    async with (
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
        Publisher(kafka_bootstrap, unique) as aftercare,
    ):
        worker_id = (await api.post("/workers", json=person(2))).json()["worker_id"]
        await aftercare.publish(Topic.AFTERCARE, returned(worker_id, "p-1"), datetime.now(UTC))
        await heard_ends(store_client, unique, worker_id, 1)

        path = f"/workers/{worker_id}/journeys"
        answers = await asyncio.gather(*(api.post(path, json=STARTED_BY) for _ in range(8)))
        assert sorted(a.status_code for a in answers) == [201] + [409] * 7
        assert {a.json()["journey"] for a in answers} == {2}
        stored = (await api.get(f"/workers/{worker_id}")).json()
        assert stored["journey"] == 2
        assert len(stored["journey_starts"]) == 1
        events = await intake_events(
            kafka_bootstrap,
            unique,
            lambda es: any(e["type"] == "worker.journey-started" for e in es),
        )
        assert [e["type"] for e in events].count("worker.journey-started") == 1


async def test_no_new_journey_outside_scope_or_for_a_withdrawn_or_merged_record(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    async with (
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
        Publisher(kafka_bootstrap, unique) as aftercare,
    ):
        son_la = (await api.post("/workers", json=person(3))).json()["worker_id"]
        hanoi = (await api.post("/workers", json=person(4, locality=dict(HOAN_KIEM)))).json()
        for worker_id in (son_la, hanoi["worker_id"]):
            await aftercare.publish(
                Topic.AFTERCARE, returned(worker_id, f"p-{worker_id}"), datetime.now(UTC)
            )
        await heard_ends(store_client, unique, son_la, 1)
        await heard_ends(store_client, unique, hanoi["worker_id"], 1)

        # an officer of Hoàn Kiếm may not start the journey of a Sơn La worker, nor learn of them
        outside = await api.post(
            f"/workers/{son_la}/journeys", json=STARTED_BY, headers=HA_NOI_OFFICER
        )
        assert outside.status_code == 404, outside.text
        assert son_la in error_text(outside.json())
        nobody = await api.post("/workers/w-none/journeys", json=STARTED_BY, headers=HA_NOI_OFFICER)
        assert error_text(nobody.json()).replace("w-none", son_la) == error_text(outside.json())
        assert (await api.get(f"/workers/{son_la}")).json()["journey"] == 1
        inside = await api.post(
            f"/workers/{hanoi['worker_id']}/journeys", json=STARTED_BY, headers=HA_NOI_OFFICER
        )
        assert inside.status_code == 201, inside.text

        # withdrawn: reopen first
        await api.post(f"/workers/{son_la}/withdraw", json={"reason": "moved away"})
        withdrawn = await api.post(f"/workers/{son_la}/journeys", json=STARTED_BY)
        assert withdrawn.status_code == 409
        assert detail_and_members(withdrawn.json())["state"] == "withdrawn"

        # merged: the survivor carries on
        body = person(5)
        twin = {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=777777)}
        first = (await api.post("/workers", json=body)).json()["worker_id"]
        second = (await api.post("/workers", json=twin)).json()
        [review] = (await api.get("/duplicates")).json()["items"]
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={"decision": "same_person", "reason": "one person", "survivor_id": first},
        )
        assert decided.status_code == 200, decided.text
        await aftercare.publish(
            Topic.AFTERCARE, returned(second["worker_id"], "p-twin"), datetime.now(UTC)
        )
        await heard_ends(store_client, unique, second["worker_id"], 1)
        merged = await api.post(f"/workers/{second['worker_id']}/journeys", json=STARTED_BY)
        assert merged.status_code == 409
        assert merged.json()["survivor_id"] == first

        # a journey number, or someone else's name as the starter, is not the body's to set
        bad = await api.post(f"/workers/{first}/journeys", json={"journey": 7})
        assert bad.status_code == 422
        assert error_locations(bad.json())[0] == ("body", "journey")
        missing = await api.post("/workers/nobody/journeys", json=STARTED_BY)
        assert missing.status_code == 404


async def test_a_worker_who_died_abroad_starts_no_new_journey_and_the_record_shows_it(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    async with (
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
        Publisher(kafka_bootstrap, unique) as aftercare,
    ):
        worker_id = (await api.post("/workers", json=person(3))).json()["worker_id"]
        now = datetime.now(UTC)
        died = WorkerDiedAbroad(
            worker_id=worker_id,
            placement_id="p-korea",
            died_on=now.date(),
            repatriation=RepatriationPlan(arrangement=RepatriationArrangement.ASHES),
            family_support=[FamilySupport.INSURANCE_CLAIM],
            recorded_by="officer",
            recorded_at=now,
        )
        await aftercare.publish(Topic.AFTERCARE, died, now)
        await heard_ends(store_client, unique, worker_id, 1)
        # the case closing as deceased afterwards opens nothing either
        await aftercare.publish(Topic.AFTERCARE, closed(worker_id, "p-korea"), now)

        refused = await api.post(f"/workers/{worker_id}/journeys", json=STARTED_BY)
        assert refused.status_code == 409, refused.text
        assert refused.json()["died_abroad_on"] == now.date().isoformat()
        assert "died abroad" in error_text(refused.json())
        record = (await api.get(f"/workers/{worker_id}")).json()
        assert (record["died_abroad_on"], record["journey"]) == (now.date().isoformat(), 1)
        await a_death_on_a_merged_duplicate_bars_the_survivor(api, aftercare, store_client, unique)


async def a_death_on_a_merged_duplicate_bars_the_survivor(
    api: Any, aftercare: Publisher, store_client: Any, unique: str
) -> None:
    """Two records of one person: the duplicate went abroad and died there; the survivor's own
    journey had ended. Once merged, the survivor is the person who died: no new journey."""
    desk = auth_headers(Role.CENTRE_STAFF, "ttdvvl-desk", province_code="51")
    checker = auth_headers(Role.CENTRE_STAFF, "ttdvvl-checker", province_code="51")
    body = person(5)
    survivor = (await api.post("/workers", json=body)).json()["worker_id"]
    twin = {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=777777)}
    duplicate = (await api.post("/workers", json=twin)).json()
    assert duplicate["likely_duplicates"] == [survivor]
    now = datetime.now(UTC)
    died = WorkerDiedAbroad(
        worker_id=duplicate["worker_id"],
        placement_id="p-duplicate",
        died_on=now.date(),
        repatriation=RepatriationPlan(arrangement=RepatriationArrangement.ASHES),
        family_support=[FamilySupport.INSURANCE_CLAIM],
        recorded_by="officer",
        recorded_at=now,
    )
    await aftercare.publish(Topic.AFTERCARE, died, now)
    await aftercare.publish(Topic.AFTERCARE, closed(survivor, "p-own"), now)
    await heard_ends(store_client, unique, duplicate["worker_id"], 1)
    await heard_ends(store_client, unique, survivor, 1)
    reviews = {
        r["worker_ids"][0]: r["review_id"] for r in (await api.get("/duplicates")).json()["items"]
    }
    same = {"decision": "same_person", "reason": "one person", "survivor_id": survivor}
    asked = await api.post(f"/duplicates/{reviews[survivor]}/decision", json=same, headers=desk)
    assert asked.status_code == 202, asked.text
    approve = f"/approvals/{asked.json()['approval_id']}/approve"
    assert (await api.post(approve, json={}, headers=checker)).status_code == 200

    refused = await api.post(f"/workers/{survivor}/journeys", json=STARTED_BY)
    assert refused.status_code == 409, refused.text
    assert refused.json()["died_abroad_on"] == now.date().isoformat()
    record = (await api.get(f"/workers/{survivor}")).json()
    assert record["died_abroad_on"] == now.date().isoformat()
