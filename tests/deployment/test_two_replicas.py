"""Two deployment processes on one store and broker, racing on the same records.

Both run as their own uvicorn processes (no lock in memory is shared), with the same database,
topics and consumer group; their relays publish the same outboxes and mark the same documents.
Officers' requests go to either process at random: many renewals of one sender's licence, the
last positions of job orders selected from both, the same placement selected and cancelled
from both, the same worker shortlisted on one order from both. Afterwards every answered change
is in the stored state and its event on the topic, no change is applied twice, and no order
holds more positions than it has.
"""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from typing import Any

import httpx
from aiokafka import ConsumerRecord
from pymongo import AsyncMongoClient

from services.deployment import store
from shared.events.envelope import EventEnvelope, from_kafka
from shared.events.topics import Topic
from tests.deployment.stack import (
    Upstream,
    enterprise,
    eventually,
    known_worker,
    licence,
    posted_order,
    shortlisted,
)
from tests.support.kafka import read_topic

RENEWALS = 24
POSITIONS = (1, 2, 3)
WORKERS_PER_ORDER = 6
STATE_OF_EVENT = {
    "placement.shortlisted": "shortlisted",
    "placement.selected": "selected",
    "placement.cancelled": "cancelled",
}


async def published(
    kafka: str, unique: str, store_client: AsyncMongoClient[dict[str, Any]]
) -> list[EventEnvelope]:
    """Waits until both relays published every outbox; returns the topic's events."""
    database = store_client[f"{unique}_deployment"]

    async def drained() -> int | None:
        pending = 0
        expected = 0
        for name in store.OUTBOX_COLLECTIONS:
            pending += await database[name].count_documents({"outbox_pending": True})
            async for document in database[name].find({}, {"event_seq": 1}):
                expected += document["event_seq"]
        return expected if pending == 0 else None

    expected = await eventually(drained, what="every outbox published")

    def complete(records: list[ConsumerRecord[bytes, bytes]]) -> bool:
        return len({from_kafka(r.value, r.headers).id for r in records}) >= expected

    records = await read_topic(kafka, f"{unique}.{Topic.DEPLOYMENT}", until=complete)
    return [from_kafka(r.value, r.headers) for r in records]


def by_aggregate(events: list[EventEnvelope]) -> dict[str, dict[int, set[str]]]:
    """Event ids on the topic per aggregate (sender, order, placement) and sequence."""
    found: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event in events:
        data = event.data
        aggregate = data.get("placement_id") or data.get("job_order_id") or data["enterprise_id"]
        if event.type == "worker.departed":
            continue
        found[aggregate][event.sequence].add(event.id)
    return found


async def test_two_replicas_lose_no_change_and_overfill_no_order(
    replicas: list[httpx.AsyncClient],
    upstream: Upstream,
    kafka_bootstrap: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    rng = random.Random(7)

    def anyone() -> httpx.AsyncClient:
        return rng.choice(replicas)

    first, second = replicas
    sender = await enterprise(first)
    renewed = await enterprise(second)
    workers = [await upstream.trained_worker() for _ in range(WORKERS_PER_ORDER * len(POSITIONS))]
    for n, worker in enumerate(workers):
        await known_worker(replicas[n % 2], worker)
    orders = [await posted_order(anyone(), sender, positions=p) for p in POSITIONS]
    groups = [workers[n::3] for n in range(len(POSITIONS))]

    # The same worker shortlisted on one order from both processes at once: one placement.
    twice = await asyncio.gather(
        *(
            client.post(f"/job-orders/{order}/placements", json={"worker_id": group[0]})
            for order, group in zip(orders, groups, strict=True)
            for client in replicas
        )
    )
    assert sorted(a.status_code for a in twice) == [201] * 3 + [409] * 3, [a.text for a in twice]
    placements: dict[str, list[str]] = {
        order: [a.json()["placement_id"] for a in twice[2 * n : 2 * n + 2] if a.status_code == 201]
        for n, order in enumerate(orders)
    }
    for order, group in zip(orders, groups, strict=True):
        placements[order] += [await shortlisted(anyone(), order, w) for w in group[1:]]
    everyone = [p for ids in placements.values() for p in ids]

    # Every placement selected from both processes at once, while the other sender's licence
    # is renewed from both: many writers on a few documents, and both relays marking them.
    numbers = [f"R-{n:03d}/LĐTBXH-GP" for n in range(RENEWALS)]
    renewals = [
        anyone().put(f"/enterprises/{renewed}/licence", json={**licence(), "number": number})
        for number in numbers
    ]
    selections = [
        client.post(f"/placements/{p}/selection") for p in everyone for client in replicas
    ]
    answers = await asyncio.gather(*renewals, *selections)
    renewal_answers, selection_answers = answers[:RENEWALS], answers[RENEWALS:]
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    selected_by_answer = {
        everyone[n // 2] for n, a in enumerate(selection_answers) if a.status_code == 200
    }

    # Cancel the selected placements from both processes at once; select the freed positions.
    cancelled = sorted(selected_by_answer)[::2]
    cancels = await asyncio.gather(
        *(
            client.post(f"/placements/{p}/cancellation", json={"reason": "worker withdrew"})
            for p in cancelled
            for client in replicas
        )
    )
    assert {a.status_code for a in cancels} <= {200, 409}, [a.text for a in cancels]
    waiting = [p for p in everyone if p not in selected_by_answer]
    again = await asyncio.gather(
        *(client.post(f"/placements/{p}/selection") for p in waiting for client in replicas)
    )
    assert {a.status_code for a in again} <= {200, 409}, [a.text for a in again]

    events = await published(kafka_bootstrap, unique, store_client)
    database = store_client[f"{unique}_deployment"]
    on_topic = by_aggregate(events)

    # Nothing applied twice, nothing lost: each aggregate's events on the topic are numbered
    # 1..event_seq, one event per number, and the stored state is its last event's.
    for name in store.OUTBOX_COLLECTIONS:
        async for document in database[name].find({}):
            sequences = on_topic[document["_id"]]
            assert sorted(sequences) == list(range(1, document["event_seq"] + 1)), document["_id"]
            assert all(len(ids) == 1 for ids in sequences.values()), document["_id"]
    types = {e.id: e for e in events}
    for placement_id in everyone:
        placement = await database[store.PLACEMENTS].find_one({"_id": placement_id})
        assert placement is not None
        last = max(on_topic[placement_id])
        (last_id,) = on_topic[placement_id][last]
        assert STATE_OF_EVENT[types[last_id].type] == placement["state"], placement_id

    # Every answered renewal is in the history and on the topic, once.
    sender_document = await database[store.ENTERPRISES].find_one({"_id": renewed})
    assert sender_document is not None
    answered = {n for n, a in zip(numbers, renewal_answers, strict=True) if a.status_code == 200}
    history = [r["number"] for r in sender_document["history"] if r["change"] == "renewed"]
    topic_numbers = [
        e.data["licence_number"]
        for e in {e.id: e for e in events if e.data.get("enterprise_id") == renewed}.values()
        if e.data.get("change") == "renewed"
    ]
    assert sorted(history) == sorted(answered) == sorted(topic_numbers)
    assert len(answered) >= 2, [a.text for a in renewal_answers]

    # No order holds more positions than it has; its leases are its selected placements.
    for order, positions in zip(orders, POSITIONS, strict=True):
        states = [
            d["state"] async for d in database[store.PLACEMENTS].find({"job_order_id": order})
        ]
        view = (await first.get(f"/job-orders/{order}")).json()
        assert states.count("selected") == view["filled"] == positions, (order, states)
        claims = await database[store.CLAIMS].count_documents({"job_order_id": order})
        releases = await database[store.RELEASES].count_documents({"job_order_id": order})
        assert claims - releases == positions
