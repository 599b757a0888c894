"""Two notification processes on one store and one broker raise each alert once.

Both run the rules job every 0.3 s (one replica per tick, through the lease in the store) and
share the consumer groups. Workers depart; their enterprise's licence is suspended, then
reinstated while officers acknowledge the licence alerts through both replicas at once.
Afterwards every alert was raised once, resolved once, acknowledged at most once, and the
stored alerts and the topic agree.

Raising is the insert of the alert's id, so two replicas running the same tick would still not
publish an alert twice; what the lease guarantees is that they do not run it twice. So the
test also counts the ticks each replica ran (``homeward_alert_rule_ticks_total``) against the
leases stored: without the lease (``run_tick`` not asking ``JobTicks.take``, or ignoring its
answer) both replicas run every tick and the counts are twice the leases, and the test fails.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.notifications import store
from shared.contracts.deployment import LicenceStatus
from tests.aftercare.support import eventually
from tests.notifications.support import Publisher, notification_events, utc_now
from tests.support.replicas import two_replicas

WORKERS = 12
SETTINGS = {"no_contact_days": "0", "rules_interval_s": "0.3"}
TICKS = "homeward_alert_rule_ticks_total"


@pytest.fixture
async def replicas(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Two notifications processes on the same database and topics, with a client for each."""
    replicas = two_replicas(
        "notifications", kafka_bootstrap, mongodb_url, unique, settings=SETTINGS
    )
    async with replicas as clients:
        yield clients


async def open_alerts(api: httpx.AsyncClient, kind: str) -> list[dict[str, Any]]:
    response = await api.get("/alerts", params={"kind": kind, "status": "open"})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def ticks_run(replicas: list[httpx.AsyncClient]) -> int:
    """Returns how many ticks of the rules job the replicas ran, together."""
    total = 0.0
    for api in replicas:
        metrics = (await api.get("/metrics")).text
        total += sum(float(line.split()[-1]) for line in metrics.splitlines()
                     if line.startswith(TICKS + " "))  # fmt: skip
    return int(total)


async def test_two_replicas_raise_each_alert_once(
    replicas: list[httpx.AsyncClient],
    kafka_bootstrap: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    first, second = replicas
    workers = [f"w-{n:02d}" for n in range(WORKERS)]
    async with Publisher(kafka_bootstrap, unique) as publisher:
        now = utc_now()
        await asyncio.gather(*(publisher.send_abroad(w, now) for w in workers))

        async def every_silence() -> bool:
            return len(await open_alerts(first, "no_contact")) == WORKERS

        await eventually(every_silence, 60)
        await publisher.licence(LicenceStatus.SUSPENDED, utc_now())

        async def every_licence() -> list[dict[str, Any]]:
            found = await open_alerts(second, "licence_withdrawn")
            return found if len(found) == WORKERS else []

        licence_alerts = await eventually(every_licence, 60)
        reinstated = asyncio.create_task(publisher.licence(LicenceStatus.ACTIVE, utc_now()))
        takes = [
            api.post(f"/alerts/{a['alert_id']}/acknowledgement", json={})
            for a in licence_alerts
            for api in (first, second, first, second)
        ]
        answers = await asyncio.gather(*takes)
        await reinstated
        refused = [a.text for a in answers if a.status_code not in (200, 409)]
        assert refused == []

        async def licences_resolved() -> bool:
            return not await open_alerts(first, "licence_withdrawn")

        await eventually(licences_resolved, 60)

    expected = 2 * WORKERS

    def complete(events: list[tuple[str, dict[str, Any]]]) -> bool:
        counts = Counter(t for t, _ in events)
        return counts["alert.raised"] >= expected and counts["alert.resolved"] >= WORKERS

    await asyncio.sleep(1.0)  # more ticks, on both replicas: nothing more may be raised
    events = await notification_events(kafka_bootstrap, unique, complete)
    raised = Counter(d["alert_id"] for t, d in events if t == "alert.raised")
    resolved = Counter(d["alert_id"] for t, d in events if t == "alert.resolved")
    acknowledged = Counter(d["alert_id"] for t, d in events if t == "alert.acknowledged")
    assert len(raised) == expected, raised
    assert set(raised.values()) == {1}, raised
    assert len(resolved) == WORKERS, resolved
    assert set(resolved.values()) == {1}, resolved
    assert set(acknowledged.values()) <= {1}, acknowledged

    stored = await store_client[f"{unique}_notifications"][store.ALERTS].find({}).to_list(None)
    assert len(stored) == expected
    for alert in stored:
        if alert["kind"] == "licence_withdrawn":
            assert alert["status"] == "resolved"
            assert alert["resolution"] == "cause_gone"
    leases = store_client[f"{unique}_notifications"][store.JOB_TICKS]
    ran_before = await ticks_run(replicas)
    ticks = await leases.find({}).to_list(None)
    ran_after = await ticks_run(replicas)
    assert len({t["_id"] for t in ticks}) == len(ticks) > 10
    assert {t["holder"] for t in ticks} != set()
    # Each tick leased was run by one replica, and no replica ran a tick it did not lease (a
    # tick or two may be leased and not yet counted between the reads).
    assert ran_before <= len(ticks) <= ran_after + 2, (ran_before, len(ticks), ran_after)
