"""Two aftercare processes on one store and one broker, racing on the same workers and incidents.

Both replicas serve the API and share the cases and incidents consumer groups, which fold the
other services' events and aftercare's own while the API writes. Officers record check-ins and
report incidents on the same workers through both replicas at once, take up each incident
four times at once, and report each remittance twice (same key, one request per replica).
Afterwards every invariant holds: every answered change is in the case, every ticket is held
by one incident, each incident moved once, each remittance is stored once, the consumers'
views caught up, and every stored event is on the topic with one content per id.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.aftercare import store
from shared.events.envelope import from_kafka
from shared.events.topics import Topic
from tests.aftercare.support import Publisher, case_when, eventually, send_abroad, utc_now
from tests.support.kafka import read_topic
from tests.support.replicas import two_replicas

DAY = timedelta(days=1)
WORKERS = 3
CHECK_INS = 8
INCIDENTS = 4
TAKERS = 4


@pytest.fixture
async def replicas(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two aftercare processes on the same database and topics, in consumer groups of their
    own (no other test's aftercare joins and rebalances them), with a client for each."""
    replicas = two_replicas(
        "aftercare",
        kafka_bootstrap,
        mongodb_url,
        unique,
        settings={"consumer_group_prefix": f"{unique}."},
    )
    async with replicas as clients:
        yield clients


def check_in(days_ago: int) -> dict[str, Any]:
    return {
        "contact": "worker",
        "channel": "phone",
        "wellbeing": "good",
        "contacted_at": (utc_now() - days_ago * DAY).isoformat(),
    }


INCIDENT = {"category": "injury_or_illness", "severity": "high", "description": "Hand injured."}


async def test_two_replicas_racing_on_the_same_workers_keep_every_invariant(
    replicas: list[httpx.AsyncClient],
    kafka_bootstrap: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    apis = replicas
    now = utc_now()
    workers = [f"w-{uuid.uuid4().hex[:10]}" for _ in range(WORKERS)]
    async with Publisher(kafka_bootstrap, unique) as publisher:
        for worker in workers:
            await send_abroad(publisher, worker, now - 100 * DAY, (now + 300 * DAY).date())
    for n, worker in enumerate(workers):
        await case_when(apis[n % 2], worker, lambda c: c["summary"]["stage"] == "abroad")

    # Check-ins, incidents and remittances on the same workers, through both replicas at once.
    def remit(n: int, worker: str, key: str) -> Any:
        body = {
            "amount": 50_000,
            "currency": "JPY",
            "amount_vnd": 8_500_000,
            "sent_on": (now - 2 * DAY).date().isoformat(),
        }
        return apis[n % 2].post(
            f"/workers/{worker}/remittances", json=body, headers={"Idempotency-Key": key}
        )

    remittance_keys = {worker: str(uuid.uuid4()) for worker in workers}
    answers = await asyncio.gather(
        *(
            apis[n % 2].post(f"/workers/{w}/check-ins", json=check_in(n + 1))
            for w in workers
            for n in range(CHECK_INS)
        ),
        *(
            apis[n % 2].post(f"/workers/{w}/incidents", json=INCIDENT)
            for w in workers
            for n in range(INCIDENTS)
        ),
        *(remit(n, w, remittance_keys[w]) for w in workers for n in range(2)),
    )
    check_ins = answers[: WORKERS * CHECK_INS]
    reports = answers[WORKERS * CHECK_INS : WORKERS * (CHECK_INS + INCIDENTS)]
    assert all(a.status_code == 201 for a in check_ins), [a.text for a in check_ins]
    assert all(a.status_code == 201 for a in reports), [a.text for a in reports]
    remitted = answers[WORKERS * (CHECK_INS + INCIDENTS) :]
    assert {a.status_code for a in remitted} <= {201, 409}, [a.text for a in remitted]
    tickets = [a.json()["ticket"] for a in reports]
    assert len(set(tickets)) == len(tickets)

    # Each incident taken up by four officers at once, two through each replica: one wins.
    taken = await asyncio.gather(
        *(
            apis[n % 2].post(f"/incidents/{ticket}/status", json={"status": "in_progress"})
            for ticket in tickets
            for n in range(TAKERS)
        )
    )
    for i, ticket in enumerate(tickets):
        codes = sorted(a.status_code for a in taken[i * TAKERS : (i + 1) * TAKERS])
        assert codes == [200] + [409] * (TAKERS - 1), ticket

    # Afterwards: the stored state, read through either replica and from the store.
    by_worker: dict[str, set[str]] = {w: set() for w in workers}
    for (worker, _), answer in zip(
        [(w, n) for w in workers for n in range(CHECK_INS)], check_ins, strict=True
    ):
        by_worker[worker].add(answer.json()["check_in_id"])
    for n, worker in enumerate(workers):
        listed = (await apis[(n + 1) % 2].get(f"/workers/{worker}/check-ins")).json()["items"]
        assert {c["check_in_id"] for c in listed} == by_worker[worker]
        remittances = (await apis[n % 2].get(f"/workers/{worker}/remittances")).json()
        assert remittances["count"] == 1
        incidents = [(await apis[(n + 1) % 2].get(f"/incidents/{t}")).json() for t in tickets]
        for incident in incidents:
            assert [(h["from_status"], h["to_status"]) for h in incident["history"]] == [
                ("open", "in_progress")
            ]
    database = store_client[f"{unique}_aftercare"]
    held = {d["_id"]: d["incident_id"] async for d in database[store.TICKETS].find({})}
    assert sorted(held) == sorted(tickets)
    assert len(set(held.values())) == len(tickets)
    for worker in workers:
        changes = await database[store.CASE_WRITES].find({"key": worker}).to_list(None)
        assert sorted(c["n"] for c in changes) == list(range(1, CHECK_INS + 1))

    # The consumers' views caught up with every change, each once.
    async def views_caught_up() -> bool:
        for worker in workers:
            view = await database[store.CASES].find_one({"_id": worker})
            if view is None:
                return False
            case = store.case_of(view)
            ids = [c.check_in_id for j in case.journeys for c in j.check_ins]
            if sorted(ids) != sorted(by_worker[worker]):
                return False
        listings = await database[store.INCIDENTS].find({"status": "in_progress"}).to_list(None)
        return len(listings) == len(tickets)

    assert await eventually(views_caught_up, timeout_s=60)

    # Every answered change has its event on the topic: one event id per change, one content
    # per event id (a relay may send an id twice; consumers drop the second by its id).
    incident_ids = {a.json()["incident_id"] for a in reports}

    def changes_of(records: list[Any]) -> dict[str, set[str]]:
        ids: dict[str, set[str]] = {}
        for record in records:
            event = from_kafka(record.value, record.headers)
            change = event.data.get("check_in_id") or event.data.get("remittance_id")
            if event.type.startswith("incident."):
                change = event.data["incident_id"]
            ids.setdefault(f"{event.type}:{change}", set()).add(event.id)
        return ids

    wanted = {f"worker.checked-in:{c}" for ids in by_worker.values() for c in ids}
    wanted |= {
        f"incident.{kind}:{i}" for i in incident_ids for kind in ("reported", "status-changed")
    }
    records = await read_topic(
        kafka_bootstrap,
        f"{unique}.{Topic.AFTERCARE}",
        until=lambda rs: wanted <= set(changes_of(rs)),
        timeout_s=60,
    )
    events = changes_of(records)
    assert set(events) == wanted | {k for k in events if k.startswith("remittance.reported:")}
    assert Counter(k.split(":")[0] for k in events)["remittance.reported"] == WORKERS
    assert all(len(ids) == 1 for ids in events.values()), "a change published under two ids"
    contents: dict[str, set[str]] = {}
    for record in records:
        event = from_kafka(record.value, record.headers)
        contents.setdefault(event.id, set()).add(f"{event.type}:{event.sequence}:{event.data}")
    assert all(len(c) == 1 for c in contents.values()), "two contents under one event id"
