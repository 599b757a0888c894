"""Two intake processes on one store and one broker, racing on the same records.

Officers register the same national IDs through both replicas at once, correct one worker
many times at once, register likely duplicates of one person at once, and decide one review
several times at once. Afterwards every invariant holds: one case per national ID, every
answered correction is in the record and on the topic once, the group's one review lists every
duplicate, a review is decided once, and every stored event is on the topic with one content
per id and one sequence per worker.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.intake import store
from shared.events.envelope import from_kafka
from shared.events.topics import Topic
from tests.intake.samples import cccd
from tests.intake.support import person
from tests.support.kafka import read_topic
from tests.support.replicas import two_replicas

NATIONAL_IDS = 3
SAME_ID_REQUESTS = 6
CORRECTIONS = 16
TWINS = 8
DECIDERS = 4


@pytest.fixture
async def replicas(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two intake processes on the same database and topics, with a client for each."""
    replicas = two_replicas(
        "intake", kafka_bootstrap, mongodb_url, unique, ready_s=90, timeout_s=60
    )
    async with replicas as clients:
        yield clients


def twin(n: int, serial: int) -> dict[str, Any]:
    """person(n) with another national ID: a likely duplicate of it."""
    body = person(n)
    return {**body, "national_id": cccd(body["date_of_birth"], body["gender"], serial=serial)}


async def test_two_replicas_racing_on_the_same_records_keep_every_invariant(
    replicas: list[httpx.AsyncClient],
    kafka_bootstrap: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    apis = replicas
    database = store_client[f"{unique}_intake"]

    # The same national IDs registered through both replicas at once: one case each.
    bodies = [person(n) for n in range(NATIONAL_IDS)]
    answers = await asyncio.gather(
        *(apis[i % 2].post("/workers", json=b) for b in bodies for i in range(SAME_ID_REQUESTS))
    )
    registered: dict[str, str] = {}
    for k, body in enumerate(bodies):
        mine = answers[k * SAME_ID_REQUESTS : (k + 1) * SAME_ID_REQUESTS]
        codes = sorted(a.status_code for a in mine)
        assert codes == [201] + [409] * (SAME_ID_REQUESTS - 1), [a.text for a in mine]
        winner = next(a for a in mine if a.status_code == 201).json()["worker_id"]
        assert {a.json()["worker_id"] for a in mine if a.status_code == 409} == {winner}
        registered[body["national_id"]] = winner
    for national_id, worker_id in registered.items():
        stored = await database[store.WORKERS].find({"national_id": national_id}).to_list(None)
        assert [d["_id"] for d in stored] == [worker_id]

    # One worker corrected many times at once, half through each replica: none lost.
    corrected = registered[bodies[0]["national_id"]]
    phones = [f"0913 {100 + n:06d}" for n in range(CORRECTIONS)]
    corrections = await asyncio.gather(
        *(
            apis[n % 2].patch(f"/workers/{corrected}", json={"phone": phone, "reason": f"c{n}"})
            for n, phone in enumerate(phones)
        )
    )
    assert {a.status_code for a in corrections} <= {200, 409}, [a.text for a in corrections]
    accepted = [n for n, a in enumerate(corrections) if a.status_code == 200]
    assert len(accepted) >= CORRECTIONS // 4, [a.text for a in corrections]
    revisions = (await apis[1].get(f"/workers/{corrected}/revisions")).json()["items"]
    assert sorted(r["reason"] for r in revisions) == sorted(f"c{n}" for n in accepted)
    assert [r["number"] for r in revisions] == list(range(2, len(accepted) + 2))

    # Likely duplicates of one person registered at once: one group, one review, all listed.
    first = (await apis[0].post("/workers", json=person(5))).json()["worker_id"]
    twins = await asyncio.gather(
        *(apis[n % 2].post("/workers", json=twin(5, 800000 + n)) for n in range(TWINS))
    )
    assert all(a.status_code == 201 for a in twins), [a.text for a in twins]
    family = {first, *(a.json()["worker_id"] for a in twins)}
    [review] = (await apis[1].get("/duplicates")).json()["items"]
    assert set(review["worker_ids"]) == family
    assert len(review["worker_ids"]) == len(family)

    # The review decided by four officers at once, two through each replica: one decision.
    url = f"/duplicates/{review['review_id']}/decision"
    decisions = await asyncio.gather(
        *(
            apis[n % 2].post(url, json={"decision": "different_people", "reason": f"r{n}"})
            for n in range(DECIDERS)
        )
    )
    codes = sorted(a.status_code for a in decisions)
    assert codes == [200] + [409] * (DECIDERS - 1), [a.text for a in decisions]
    won = next(a for a in decisions if a.status_code == 200).json()
    stored_review = (await apis[0].get(f"/duplicates/{review['review_id']}")).json()
    assert (stored_review["status"], stored_review["reason"]) == ("different_people", won["reason"])
    assert set(stored_review["worker_ids"]) == family

    # Every stored event is on the topic: one content per id, one event per sequence.
    workers = await database[store.WORKERS].find({}, {"_id": 1, "event_seq": 1}).to_list(None)
    expected = {(w["_id"], seq) for w in workers for seq in range(1, w["event_seq"] + 1)}

    def published(records: list[Any]) -> set[tuple[str, int]]:
        return {(e.subject, e.sequence) for e in (from_kafka(r.value, r.headers) for r in records)}

    records = await read_topic(
        kafka_bootstrap,
        f"{unique}.{Topic.INTAKE}",
        until=lambda rs: expected <= published(rs),
        timeout_s=60,
    )
    events = [from_kafka(r.value, r.headers) for r in records]
    assert published(records) == expected
    contents: dict[str, set[str]] = {}
    ids_of: dict[tuple[str, int], set[str]] = {}
    for event in events:
        contents.setdefault(event.id, set()).add(f"{event.type}:{event.sequence}:{event.data}")
        ids_of.setdefault((event.subject, event.sequence), set()).add(event.id)
    assert all(len(c) == 1 for c in contents.values()), "two contents under one event id"
    assert all(len(i) == 1 for i in ids_of.values()), "one sequence under two event ids"
    kinds = Counter(e.type for e in {e.id: e for e in events}.values() if e.subject == corrected)
    assert kinds == Counter({"worker.registered": 1, "worker.corrected": len(accepted)})
    registrations = {e.subject for e in events if e.type == "worker.registered"}
    assert registrations == {w["_id"] for w in workers}
    assert len(workers) == NATIONAL_IDS + 1 + TWINS
