"""Follow-ups produced by the consumer itself: after the view write, before the commit.

The view write is the one write per event; a produce that fails after it (the broker down, the
process killed) leaves the offsets uncommitted, and the redelivered events, duplicates by then,
produce the follow-ups kept in the view again, with the same ids and sequence numbers.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, cast

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError

from shared.consumer import APPLIED_IDS_KEPT, EventConsumer, ReceivedEvent, ViewChange
from shared.events.envelope import EventEnvelope, from_kafka, new_event, to_kafka
from shared.events.topics import Topic
from shared.outbox import OutboxRelay
from shared.store import Document, outbox_entry
from tests.messaging.probe import Stepped, Tallied
from tests.messaging.support import (
    PROBE_FACTORY,
    PROBE_MODULE,
    all_applied,
    events_on,
    eventually,
    probe_env,
    tallies,
)
from tests.support.infrastructure import ROOT
from tests.support.kafka import read_topic
from tests.support.services import ServiceProcess, free_port, in_process, service_app

WORKERS = 30
STEPS = 5


def _process(unique: str, kafka: str, mongo: str, **extra: str) -> ServiceProcess:
    log = ROOT / ".local" / "test-logs" / f"{unique}-probe-{uuid.uuid4().hex[:6]}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    return ServiceProcess(
        "probe", probe_env(unique, kafka, mongo, **extra), free_port(), log, factory=PROBE_FACTORY
    )


def _assert_follow_ups_whole(records: list[ConsumerRecord[bytes, bytes]]) -> None:
    """Every worker's follow-ups are sequences 1..STEPS, each id always the same event."""
    by_id: dict[str, set[tuple[str, int, bytes]]] = defaultdict(set)
    for record in records:
        event = from_kafka(record.value, record.headers)
        by_id[event.id].add((event.subject, event.sequence, record.value or b""))
    assert all(len(copies) == 1 for copies in by_id.values()), "one id, two different events"
    sequences: dict[str, list[int]] = defaultdict(list)
    for ((subject, sequence, _),) in by_id.values():
        sequences[subject].append(sequence)
    assert len(sequences) == WORKERS
    for worker, seen in sequences.items():
        assert sorted(seen) == list(range(1, STEPS + 1)), (worker, sorted(seen))


async def _publish_steps(api: Any) -> None:
    workers = [f"w{i:04d}" for i in range(WORKERS)]
    response = await api.post("/bulk-steps", json={"workers": workers, "steps": STEPS})
    assert response.status_code == 201


async def test_a_consumer_killed_between_view_write_and_produce_produces_on_redelivery(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    writer = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url, consume="false"), PROBE_MODULE
    )
    crashing = _process(
        unique,
        kafka_bootstrap,
        mongodb_url,
        produce="false",
        consumer_batch_size="40",
        crash_before_produce="true",
    )
    async with in_process(writer) as api:
        await _publish_steps(api)
        crashing.start()
        assert crashing.process is not None
        await asyncio.to_thread(crashing.process.wait, 60)  # killed itself after a view write
        crashing.stop()
        written = await tallies(store_client, unique)
        assert written, "the view write happened before the crash"
        recovered = _process(unique, kafka_bootstrap, mongodb_url, produce="false")
        recovered.start()
        try:
            await eventually(
                lambda: all_applied(store_client, unique, WORKERS, STEPS),
                what="the whole stream applied",
            )
            follow_ups = await events_on(
                kafka_bootstrap, f"{unique}.{Topic.TRAINING}", WORKERS * STEPS, timeout_s=90
            )
        finally:
            recovered.stop()
    views = await tallies(store_client, unique)
    assert all(steps == list(range(1, STEPS + 1)) for steps in views.values()), views
    _assert_follow_ups_whole(follow_ups)


async def test_a_produce_failing_after_the_view_write_is_retried_with_the_same_follow_ups(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    writer = service_app(
        "probe", probe_env(unique, kafka_bootstrap, mongodb_url, consume="false"), PROBE_MODULE
    )
    reader = service_app(
        "probe",
        probe_env(unique, kafka_bootstrap, mongodb_url, produce="false", consumer_batch_size="40"),
        PROBE_MODULE,
    )
    failures = 0

    async def broker_down(_: int) -> None:
        nonlocal failures
        if failures < 3:
            failures += 1
            raise KafkaConnectionError("injected: the broker went away after the view write")

    async with in_process(writer) as api, in_process(reader):
        consumer = reader.state.runtime.consumers[0]
        consumer.before_produce = broker_down
        await _publish_steps(api)
        await eventually(
            lambda: all_applied(store_client, unique, WORKERS, STEPS),
            what="the whole stream applied",
        )
        follow_ups = await events_on(
            kafka_bootstrap, f"{unique}.{Topic.TRAINING}", WORKERS * STEPS, timeout_s=90
        )
        assert failures == 3
        assert consumer.status.duplicates > 0  # the retried batch met its own view write
    views = await tallies(store_client, unique)
    assert all(steps == list(range(1, STEPS + 1)) for steps in views.values()), views
    _assert_follow_ups_whole(follow_ups)


async def test_applied_stays_bounded_and_any_earlier_event_is_still_a_duplicate(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    events = 10_000
    topic = f"{unique}.{Topic.INTAKE}"
    reader = service_app(
        "probe",
        probe_env(unique, kafka_bootstrap, mongodb_url, produce="false", consumer_batch_size="500"),
        PROBE_MODULE,
    )
    async with in_process(reader):
        consumer = reader.state.runtime.consumers[0]
        envelopes = [_stepped("w-long", step) for step in range(1, events + 1)]
        await _produce(kafka_bootstrap, topic, envelopes)
        await eventually(
            lambda: _settled(consumer, events), timeout_s=240, what="10,000 events applied"
        )
        views = store_client[f"{unique}_probe"]["tallies"]
        document = await views.find_one({"_id": "w-long"})
        assert document is not None
        assert document["steps"] == list(range(1, events + 1))
        assert len(document["applied"]) == APPLIED_IDS_KEPT
        assert len(document["applied_offsets"]) == 1
        assert len(document["follow_ups"]) <= 500  # the last batch's, at most

        # Every record redelivered (a group reset to the start): each one is a duplicate.
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= events)
        duplicates = consumer.status.duplicates
        assert await consumer.fold(records) == []
        assert consumer.status.duplicates - duplicates == events
        # The same events published again (new offsets, same ids): the recent ones are known.
        await _produce(kafka_bootstrap, topic, envelopes[-APPLIED_IDS_KEPT:])
        await eventually(
            lambda: _settled(consumer, events + APPLIED_IDS_KEPT, duplicates + events),
            what="the copies dropped",
        )
        after = await views.find_one({"_id": "w-long"})
        assert after is not None
        assert after["version"] == document["version"]
        assert after["steps"] == document["steps"]


async def _settled(consumer: EventConsumer, seen: int, duplicates: int = 0) -> bool:
    status = consumer.status
    return status.applied + status.duplicates - duplicates >= seen


def _stepped(worker: str, step: int) -> EventEnvelope:
    return new_event(
        Stepped(worker_id=worker, step=step),
        event_id=str(uuid.uuid4()),
        subject=worker,
        sequence=step,
        source="test",
        time=datetime.now(UTC),
        correlation_id="test",
    )


async def _produce(kafka: str, topic: str, envelopes: list[EventEnvelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, linger_ms=20, acks="all")
    await producer.start()
    try:
        deliveries = []
        for envelope in envelopes:
            key, value, headers = to_kafka(envelope)
            deliveries.append(await producer.send(topic, value, key=key, headers=headers))
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


class TwoTallies:
    """Emits two follow-ups of one type per event, in the order it is given."""

    name = "two_tallies"
    output_topic = "test.homeward.training.events"

    def __init__(self, order: tuple[int, int]) -> None:
        self.order = order

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        subject = event.envelope.subject
        emit = [Tallied(worker_id=subject, steps=n) for n in self.order]
        return ViewChange({"seen": True}, emit=list(emit))


def test_follow_up_ids_do_not_depend_on_the_order_a_projection_emits_them_in() -> None:
    envelope = _stepped("w1", 1)
    key, value, headers = to_kafka(envelope)
    record: ConsumerRecord[bytes, bytes] = ConsumerRecord(
        "test.homeward.intake.events", 0, 7, 0, 0, key, value, None, 0, 0, headers
    )
    stamped: list[dict[int, tuple[str, int]]] = []
    for order in ((1, 2), (2, 1)):
        folder = EventConsumer(TwoTallies(order), cast(Any, None), None, "g", "test")
        documents: dict[str, Document] = {}
        assert folder.fold_in_memory([record], documents) == []
        kept = [
            EventEnvelope.model_validate_json(e["event"]) for e in documents["w1"]["follow_ups"]
        ]
        stamped.append({e.data["steps"]: (e.id, e.sequence) for e in kept})
        assert sorted(e.sequence for e in kept) == [1, 2]
        assert documents["w1"]["event_seq"] == 2
    ids = [{steps: id_ for steps, (id_, _) in s.items()} for s in stamped]
    assert ids[0] == ids[1]
    assert ids[0][1] != ids[0][2]


async def test_the_relay_empties_an_outbox_whose_sequence_a_consumer_raised(
    kafka_bootstrap: str, unique: str, store_client: Any
) -> None:
    # A document both the API (outbox) and a consumer (follow-ups produced directly) write:
    # the consumer raised event_seq past the outbox's last entry.
    collection = store_client[f"{unique}_probe"]["ledgers"]
    topic = f"{unique}.{Topic.INTAKE}"
    entry = outbox_entry(_stepped("w1", 1), topic)
    await collection.insert_one(
        {
            "_id": "w1",
            "version": 3,
            "event_seq": 2,
            "outbox": [entry],
            "outbox_pending": True,
            "outbox_sent": 0,
        }
    )
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        relay = OutboxRelay([collection], producer)
        assert await relay.publish_pending() == 1
        assert await relay.publish_pending() == 0
    finally:
        await producer.stop()
    document = await collection.find_one({"_id": "w1"})
    assert document is not None
    assert document["outbox_pending"] is False
    assert document["outbox"] == []
    assert document["outbox_sent"] == 1


async def test_the_relay_reads_a_views_leftover_outboxes_until_none_are_left(
    kafka_bootstrap: str, unique: str, store_client: Any
) -> None:
    """Views' outboxes are what earlier versions left (consumers now produce their follow-ups
    themselves): the relay publishes them, then stops reading the view on every pass."""
    database = store_client[f"{unique}_probe"]
    ledgers, view = database["ledgers"], database["tallies"]
    topic = f"{unique}.{Topic.INTAKE}"
    entry = outbox_entry(_stepped("w1", 1), topic)
    await view.insert_one(
        {"_id": "w1", "version": 1, "event_seq": 1, "outbox": [entry], "outbox_pending": True,
         "outbox_sent": 0}
    )  # fmt: skip
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        relay = OutboxRelay([ledgers], producer)
        relay.drain_leftovers(view)
        relay.drain_leftovers(ledgers)  # an aggregate collection stays read on every pass
        assert [c.name for c in relay.collections] == ["ledgers", "tallies"]
        assert await relay.publish_pending() == 1
        assert await relay.publish_pending() == 0
        assert [c.name for c in relay.collections] == ["ledgers"]
        await ledgers.insert_one(
            {"_id": "w2", "version": 1, "event_seq": 1, "outbox_sent": 0,
             "outbox": [outbox_entry(_stepped("w2", 1), topic)], "outbox_pending": True}
        )  # fmt: skip
        assert await relay.publish_pending() == 1
    finally:
        await producer.stop()
    document = await view.find_one({"_id": "w1"})
    assert document is not None
    assert (document["outbox_pending"], document["outbox_sent"]) == (False, 1)
