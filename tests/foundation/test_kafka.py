"""What the services rely on from Kafka, proven against the real broker."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker
from faststream.middlewares import AckPolicy

from shared.events.topics import topic_specs
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings


async def test_project_creates_its_topics_once(kafka_bootstrap: str, unique: str) -> None:
    settings = ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap, topic_prefix=f"{unique}.")
    specs = topic_specs(partitions=3, replication_factor=1, prefix=settings.topic_prefix)
    created = await ensure_topics(settings, specs)
    assert sorted(created) == sorted(s.name for s in specs)
    assert await ensure_topics(settings, specs) == []
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        partitions: list = []
        for _ in range(50):  # a new topic's metadata reaches the broker's cache a moment later
            described = await admin.describe_topics([f"{unique}.homeward.intake.events"])
            partitions = described[0]["partitions"]
            if partitions:
                break
            await asyncio.sleep(0.1)
        assert len(partitions) == 3
    finally:
        await admin.close()


async def test_one_app_publishes_another_consumes_in_a_group_and_commits(
    kafka_bootstrap: str, unique: str
) -> None:
    topic = f"{unique}.greetings"
    settings = ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap)
    await ensure_topics(settings, [_spec(topic)])
    group = f"{unique}-group"
    received: list[str] = []
    done = asyncio.Event()

    consumer_app = KafkaBroker(kafka_bootstrap)

    @consumer_app.subscriber(
        topic, group_id=group, auto_offset_reset="earliest", ack_policy=AckPolicy.NACK_ON_ERROR
    )
    async def on_greeting(body: str) -> None:
        received.append(body)
        if len(received) == 20:
            done.set()

    producer_app = KafkaBroker(kafka_bootstrap, enable_idempotence=True, acks="all")
    async with producer_app, consumer_app:
        await consumer_app.start()
        for i in range(20):
            await producer_app.publish(f"hello {i}".encode(), topic, key=f"worker-{i % 4}".encode())
        await asyncio.wait_for(done.wait(), 30)
    assert sorted(received) == sorted(f"hello {i}" for i in range(20))

    # The group committed what it consumed: a new member of the group starts after it.
    check = AIOKafkaConsumer(
        bootstrap_servers=kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await check.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(3)]
        committed = [await check.committed(tp) or 0 for tp in partitions]
        ends = await check.end_offsets(partitions)
        assert committed == [ends[tp] for tp in partitions]
        assert sum(committed) == 20
    finally:
        await check.stop()


def _spec(name: str):
    from shared.events.topics import TopicSpec

    return TopicSpec(name, 3, 1, {})
