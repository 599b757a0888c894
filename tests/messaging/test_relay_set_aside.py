"""One outbox entry the broker refuses is set aside, visible and replayable; it blocks nothing.

The probe service writes a document whose outbox holds a poison entry between good ones, on
the real broker and store: a correlation id of 2 MiB (as an entry written before correlation
ids were capped holds; the envelope refuses it now), or a payload valid by its schema that is
larger than the topic takes (only the broker refuses it).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError
from prometheus_client.parser import text_string_to_metric_families

from shared.events.envelope import EventEnvelope, from_kafka, stamp_events
from shared.events.topics import Topic
from shared.outbox import SET_ASIDE
from shared.store import new_aggregate
from tests.messaging.probe import LEDGERS, Stepped
from tests.messaging.support import PROBE_MODULE, eventually, probe_env
from tests.operations.support import cli_env, homeward, json_output
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app

HUGE = "c" * (2 * 1024 * 1024)


def _steps(
    worker: str,
    count: int,
    *,
    at: datetime,
    poison: int | None = None,
    size: int = len(HUGE),
    in_payload: bool = False,
) -> list[Any]:
    events = stamp_events(
        [Stepped(worker_id=worker, step=i) for i in range(1, count + 1)],
        subject=worker,
        after_sequence=0,
        source="probe",
        correlation_id=str(uuid.uuid4()),
        now=at,
    )
    if poison is not None:
        entry = events[poison - 1]
        update = (
            {"data": {**entry.data, "worker_id": HUGE[:size]}}
            if in_payload
            else {"correlationid": HUGE[:size]}
        )
        events[poison - 1] = entry.model_copy(update=update)
    return events


def _probe(unique: str, kafka: str, mongo: str, **extra: str) -> Any:
    # The probe keeps its outbox in "<unique>_intake", where `homeward outbox -s intake` looks.
    env = probe_env(
        unique, kafka, mongo, consume="false", mongodb_database=f"{unique}_intake", **extra
    )
    return service_app("probe", env, PROBE_MODULE)


def _sequences(records: list[Any]) -> list[tuple[str, int]]:
    events = [from_kafka(r.value, r.headers) for r in records]
    return sorted((e.subject, e.sequence) for e in events)


async def test_a_poison_entry_is_set_aside_and_the_good_ones_around_it_are_published(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client, tmp_path
) -> None:
    database = store_client[f"{unique}_intake"]
    topic = f"{unique}.{Topic.INTAKE}"
    now = datetime.now(UTC)
    poisoned: list[EventEnvelope] = _steps("w-poisoned", 3, at=now, poison=2)
    app = _probe(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api:
        await database[LEDGERS].insert_many(
            [
                new_aggregate("w-poisoned", {"steps": 3}, poisoned, topic),
                new_aggregate("w-other", {"steps": 2}, _steps("w-other", 2, at=now), topic),
            ]
        )
        app.state.runtime.relay.notify()

        async def set_aside() -> dict[str, Any] | None:
            return await database[SET_ASIDE].find_one({})

        aside = await eventually(set_aside, what="the poison entry set aside")
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 4)
        assert _sequences(records) == [
            ("w-other", 1),
            ("w-other", 2),
            ("w-poisoned", 1),
            ("w-poisoned", 3),
        ]
        assert aside["event_id"] == poisoned[1].id
        assert aside["sequence"] == 2
        assert aside["status"] == "waiting"
        assert aside["reason"].startswith("ValidationError: correlationid")

        async def marked_sent() -> bool:
            ledger = await database[LEDGERS].find_one({"_id": "w-poisoned"})
            return ledger["outbox_pending"] is False and ledger["outbox_sent"] == 3

        await eventually(marked_sent, what="the document marked sent past the poison")

        async def ready_with_it() -> dict[str, Any] | None:
            response = await api.get("/readyz")
            body: dict[str, Any] = response.json()
            return body if response.status_code == 200 and body["relay"]["set_aside"] else None

        readyz = await eventually(ready_with_it, what="readyz showing the set-aside entry")
        assert readyz["checks"]["relay"] == "ok"
        assert readyz["relay"]["set_aside"] == 1
        assert readyz["relay"]["pending_documents"] == 0
        metrics = (await api.get("/metrics")).text
        waiting = [
            sample.value
            for family in text_string_to_metric_families(metrics)
            for sample in family.samples
            if sample.name == "homeward_outbox_set_aside_waiting"
        ]
        assert waiting == [1.0]

    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    listed = json_output(await homeward(env, "outbox", "list", "--json", "-s", "intake"))
    assert [(e["event_id"], e["status"]) for e in listed] == [(poisoned[1].id, "waiting")]
    assert "ValidationError: correlationid" in listed[0]["reason"]
    ref = listed[0]["ref"]
    doctor = json_output(await homeward(env, "doctor", "--json", expect=1))
    found = next(f for f in doctor if f["check"] == "intake outbox set aside")
    assert found["message"].startswith("1 event(s) the relay could not publish")
    assert found["runbook"] == "an-outbox-entry-set-aside"

    refused = await homeward(env, "outbox", "replay", ref, "--json", expect=1)
    assert list(json_output(refused)["refused"]) == [ref]
    replayed = await homeward(env, "outbox", "replay", ref, "--new-correlation-id", "--json")
    assert json_output(replayed) == {"replayed": [ref], "refused": {}, "skipped": []}
    again = await homeward(env, "outbox", "replay", "--all", "-s", "intake", "--json")
    assert json_output(again) == {"replayed": [], "refused": {}, "skipped": [ref]}
    # A replay sending it right now is left alone: its claim is live, not crashed.
    await database[SET_ASIDE].update_one(
        {}, {"$set": {"status": "sending", "claimed_at": datetime.now(UTC)}}
    )
    live = await homeward(env, "outbox", "replay", "--all", "-s", "intake", "--json")
    assert json_output(live) == {"replayed": [], "refused": {}, "skipped": [ref]}
    # A replay killed after Kafka took the event, before it was marked: resumed, not resent.
    crashed_at = datetime.now(UTC) - timedelta(minutes=2)
    await database[SET_ASIDE].update_one(
        {}, {"$set": {"status": "sending", "claimed_at": crashed_at}}
    )
    resumed = await homeward(env, "outbox", "replay", "--all", "-s", "intake", "--json")
    assert json_output(resumed) == {"replayed": [ref], "refused": {}, "skipped": []}
    stored = await database[SET_ASIDE].find_one({})
    assert stored["status"] == "replayed"

    records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 5)
    events = [from_kafka(r.value, r.headers) for r in records]
    assert [(e.id, e.sequence) for e in events if e.id == poisoned[1].id] == [(poisoned[1].id, 2)]
    assert len(records) == 5


async def test_readiness_fails_while_the_oldest_pending_event_waits_past_the_bound(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    database = store_client[f"{unique}_intake"]
    topic = f"{unique}.{Topic.INTAKE}"
    app = _probe(unique, kafka_bootstrap, mongodb_url, relay_max_pending_age_s="30")
    async with in_process(app) as api:
        relay = app.state.runtime.relay

        async def broker_outage(_: int) -> None:
            raise KafkaConnectionError("the broker went away (injected)")

        relay.after_publish = broker_outage
        long_ago = datetime.now(UTC) - timedelta(minutes=5)
        await database[LEDGERS].insert_one(
            new_aggregate("w-late", {"steps": 1}, _steps("w-late", 1, at=long_ago), topic)
        )
        relay.notify()

        async def unready() -> dict[str, Any] | None:
            response = await api.get("/readyz")
            failing = "relay failing" in response.json()["checks"]["relay"]
            return response.json() if response.status_code == 503 and failing else None

        body = await eventually(unready, what="readyz 503 for the waiting event")
        assert body["checks"]["relay"].startswith("oldest pending event waited")
        assert "KafkaConnectionError" in body["checks"]["relay"]
        assert body["relay"]["oldest_pending_age_s"] >= 300

        relay.after_publish = None

        async def ready() -> bool:
            return (await api.get("/readyz")).status_code == 200

        await eventually(ready, what="readyz 200 once the event is out")
        ledger = await database[LEDGERS].find_one({"_id": "w-late"})
        assert ledger["outbox_pending"] is False
        assert await database[SET_ASIDE].count_documents({}) == 0  # an outage sets nothing aside


async def test_an_entry_the_broker_refuses_is_set_aside_without_the_good_ones_of_its_batch(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    database = store_client[f"{unique}_intake"]
    topic = f"{unique}.{Topic.INTAKE}"
    # The topic takes records of 20 kB at most: the producer (1 MiB) lets 50 kB through, and
    # the broker refuses the whole batch it travels in.
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(topic, 3, 1, topic_configs={"max.message.bytes": "20000"})]
        )
    finally:
        await admin.close()
    now = datetime.now(UTC)
    poisoned = _steps("w-poisoned", 5, at=now, poison=3, size=50_000, in_payload=True)
    app = _probe(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app):
        await database[LEDGERS].insert_one(
            new_aggregate("w-poisoned", {"steps": 5}, poisoned, topic)
        )
        app.state.runtime.relay.notify()

        async def set_aside() -> list[Any]:
            return await database[SET_ASIDE].find({}).to_list(None)

        await eventually(set_aside, what="the refused entry set aside")
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 4)

        async def marked_sent() -> bool:
            ledger = await database[LEDGERS].find_one({"_id": "w-poisoned"})
            return ledger["outbox_pending"] is False and ledger["outbox_sent"] == 5

        await eventually(marked_sent, what="the document marked sent")
        aside = await set_aside()
    assert [(a["sequence"], a["event_id"]) for a in aside] == [(3, poisoned[2].id)]
    assert aside[0]["reason"].startswith("MessageSizeTooLargeError")
    assert sorted({s for _, s in _sequences(records)}) == [1, 2, 4, 5]


async def test_an_entry_larger_than_the_producer_takes_is_set_aside(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    database = store_client[f"{unique}_intake"]
    topic = f"{unique}.{Topic.INTAKE}"
    poisoned = _steps("w-poisoned", 3, at=datetime.now(UTC), poison=2, in_payload=True)
    app = _probe(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app):
        await database[LEDGERS].insert_one(
            new_aggregate("w-poisoned", {"steps": 3}, poisoned, topic)
        )
        app.state.runtime.relay.notify()

        async def marked_sent() -> bool:
            ledger = await database[LEDGERS].find_one({"_id": "w-poisoned"})
            return ledger["outbox_pending"] is False and ledger["outbox_sent"] == 3

        await eventually(marked_sent, what="the document marked sent past the poison")
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 2)
        aside = await database[SET_ASIDE].find({}).to_list(None)
    assert [(a["sequence"], a["event_id"]) for a in aside] == [(2, poisoned[1].id)]
    assert aside[0]["reason"].startswith("MessageSizeTooLargeError")
    assert sorted({s for _, s in _sequences(records)}) == [1, 3]


@pytest.mark.parametrize(
    "damage",
    [
        {"drop": "sequence"},
        {"set": ("sequence", "2")},
        {"set": ("sequence", None)},
        {"drop": "topic"},
        {"drop": "id"},
        {"set": ("time", "not a time")},
        {"set": ("data", "not a dict")},
    ],
    ids=str,
)
async def test_an_entry_missing_a_field_or_with_a_malformed_one_is_set_aside(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, damage: dict[str, Any]
) -> None:
    """A hand-edited or old entry is published or set aside, never dropped, and its document
    settles: published plus set aside is every entry."""
    database = store_client[f"{unique}_intake"]
    topic = f"{unique}.{Topic.INTAKE}"
    document = new_aggregate("w-bad", {"steps": 3}, _steps("w-bad", 3, at=datetime.now(UTC)), topic)
    entry = document["outbox"][1]
    if "drop" in damage:
        entry.pop(damage["drop"])
    else:
        name, value = damage["set"]
        entry[name] = value
    app = _probe(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app):
        await database[LEDGERS].insert_one(document)
        app.state.runtime.relay.notify()

        async def settled() -> dict[str, Any] | None:
            found = await database[LEDGERS].find_one({"_id": "w-bad"})
            return found if found is not None and found["outbox_pending"] is False else None

        ledger = await eventually(settled, what="the document settles")
        assert ledger["outbox_sent"] == 3, damage
        aside = await database[SET_ASIDE].find({}).to_list(None)
        published = await _published_count(kafka_bootstrap, topic)
        assert published + len(aside) == 3, (damage, published, len(aside))
        assert len(aside) == 1, (damage, aside)
        assert aside[0]["reason"], damage


async def _published_count(kafka: str, topic: str) -> int:
    """How many records the topic holds."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka, enable_auto_commit=False)
    await consumer.start()
    try:
        for _ in range(50):
            if consumer.assignment():
                break
            await asyncio.sleep(0.1)
        partitions = list(consumer.assignment())
        ends = await consumer.end_offsets(partitions)
        starts = await consumer.beginning_offsets(partitions)
        return sum(ends[p] - starts[p] for p in partitions)
    finally:
        await consumer.stop()
