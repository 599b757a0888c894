"""The relay's marks against a document whose next version a stopped writer still claims."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.events.envelope import stamp_events
from shared.outbox import OutboxRelay
from shared.persistence.ferretdb import VERSION_CLAIMS
from shared.store import new_aggregate
from tests.messaging.probe import Stepped
from tests.support.kafka import read_topic

PASSES = 6


async def test_events_a_blocked_mark_leaves_pending_are_not_published_again_every_pass(
    kafka_bootstrap: str, unique: str, store_client: Any
) -> None:
    """A writer that stopped holding the document's next version blocks every write of it,
    the relay's mark too, until its claim goes stale: the relay must not publish the same
    events again on each pass meanwhile (a pass runs again at once after publishing)."""
    topic = f"{unique}.probe"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    things = store_client[unique]["things"]
    now = datetime.now(UTC)
    events = stamp_events(
        [Stepped(worker_id="w1", step=n) for n in (1, 2)],
        subject="w1",
        after_sequence=0,
        source="probe",
        correlation_id=str(uuid.uuid4()),
        now=now,
    )
    await things.insert_one(new_aggregate("w1", {"name": "x"}, events, topic))
    stopped = {"_id": "things/w1#2", "at": now, "by": "a writer that stopped"}
    await store_client[unique][VERSION_CLAIMS].insert_one(stopped)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        relay = OutboxRelay([things], producer)
        published = [await relay.publish_pending() for _ in range(PASSES)]
    finally:
        await producer.stop()

    records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 2)
    assert len(records) == 2
    assert published == [2] + [0] * (PASSES - 1)
    document = await things.find_one({"_id": "w1"})
    assert document is not None
    assert document["outbox_pending"] is True  # marked once the claim goes stale
