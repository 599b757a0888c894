"""Every consuming service in-process on a test's own topics, and what became of each record.

``ViewStack`` runs intake, aftercare, reporting, training and deployment (the services with
projections) as in-process apps on the real broker and store. ``fates`` says, for each record
sent and each consumer group reading its topic, whether the group applied it (its id is in the
view document's ``applied``), ignored it (no view of that group is about it) or dead-lettered it,
and whether the group's committed offset has passed it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from pymongo import AsyncMongoClient

from shared.consumer import EventConsumer, ReceivedEvent
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import decode_payload, from_kafka
from shared.events.topics import Topic, dead_letter_topic
from tests.support.services import in_process, service_app, settings_env

SAMPLES = Path(__file__).parents[1] / "contracts" / "samples"
CONSUMING_SERVICES = ("intake", "aftercare", "reporting", "training", "deployment")
TOPICS = (Topic.INTAKE, Topic.TRAINING, Topic.DEPLOYMENT, Topic.AFTERCARE)


def samples() -> dict[str, dict[str, Any]]:
    """Each event type's sample payload (tests/contracts/samples), valid by its schema."""
    found = {}
    for path in sorted(SAMPLES.glob("*.json")):
        sample = json.loads(path.read_text())
        found[sample["type"]] = sample["data"]
    return found


def headers_of(
    event_type: str,
    event_id: str,
    subject: str,
    *,
    time: str = "2026-03-02T08:30:00+07:00",
    version: int = 1,
) -> list[tuple[str, bytes]]:
    """CloudEvents headers of a record, as the relay writes them: from the type's producer
    (``test`` for a type the catalogue does not know)."""
    source = CATALOGUE.current(event_type).producer if event_type in CATALOGUE.types() else "test"
    return [
        ("content-type", b"application/json"),
        ("ce_specversion", b"1.0"),
        ("ce_id", event_id.encode()),
        ("ce_source", source.encode()),
        ("ce_type", event_type.encode()),
        ("ce_subject", subject.encode()),
        ("ce_time", time.encode()),
        ("ce_dataschema", f"urn:homeward:schema:{event_type}:v{version}".encode()),
        ("ce_sequence", b"1"),
        ("ce_correlationid", b"hostile-test"),
    ]


@dataclass
class Sent:
    """A record as sent: where it landed, and what it held."""

    topic: str
    partition: int
    offset: int
    value: bytes | None
    headers: list[tuple[str, bytes]]
    key: bytes | None


@dataclass(frozen=True)
class Fate:
    """What one consumer group did with one record."""

    group: str
    record: Sent
    outcome: str  # "applied", "ignored", "dead-lettered" or "lost"
    committed_past: bool
    dead_letter: dict[str, bytes] | None


class ViewStack:
    """The consuming services, running in-process on one prefix, and their views."""

    def __init__(self, prefix: str, kafka: str, mongo: str, **extra: str) -> None:
        self.prefix = prefix
        self.kafka = kafka
        self.mongo = mongo
        self.extra = extra
        self.consumers: list[EventConsumer] = []
        self.topics_of: dict[str, set[str]] = {}
        self.producer: AIOKafkaProducer | None = None
        self.store: AsyncMongoClient[dict[str, Any]] | None = None
        self.admin: AIOKafkaAdminClient | None = None
        self.dlq_reader: AIOKafkaConsumer | None = None
        self.letters: list[ConsumerRecord[bytes, bytes]] = []
        self.clients: dict[str, Any] = {}

    def group(self, name: str) -> str:
        """A consumer group's name on this stack: ``aftercare-cases`` -> its full name."""
        return f"{self.prefix}.homeward-{name}"

    def short(self, group: str) -> str:
        """A consumer group's name without the stack's prefix."""
        return group.removeprefix(f"{self.prefix}.")

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[ViewStack]:
        """Starts the services (ready), a producer and a store client; stops them after."""
        async with contextlib.AsyncExitStack() as stack:
            # Groups of their own: a member joining a shared group would rebalance it.
            extra = {"consumer_group_prefix": f"{self.prefix}.", **self.extra}
            for service in CONSUMING_SERVICES:
                env = settings_env(service, self.prefix, self.kafka, self.mongo, **extra)
                app = service_app(service, env)
                self.clients[service] = await stack.enter_async_context(in_process(app))
                runtime = app.state.runtime
                for subscriber in runtime.broker.subscribers:
                    group = subscriber.group_id
                    self.topics_of[group] = {t.name for t in subscriber.topics}
                self.consumers.extend(runtime.consumers)
            self.producer = AIOKafkaProducer(bootstrap_servers=self.kafka)
            await self.producer.start()
            stack.push_async_callback(self.producer.stop)
            self.store = AsyncMongoClient(self.mongo, tz_aware=True)
            stack.push_async_callback(self.store.close)
            self.admin = AIOKafkaAdminClient(bootstrap_servers=self.kafka)
            await self.admin.start()
            stack.push_async_callback(self.admin.close)
            self.dlq_reader = AIOKafkaConsumer(
                bootstrap_servers=self.kafka, enable_auto_commit=False
            )
            await self.dlq_reader.start()
            stack.push_async_callback(self.dlq_reader.stop)
            dlq = [dead_letter_topic(self.topic(t)) for t in TOPICS]
            self.dlq_reader.assign(
                [
                    TopicPartition(topic, p)
                    for topic in dlq
                    for p in await self.producer.partitions_for(topic)
                ]
            )
            await self.dlq_reader.seek_to_beginning()
            yield self

    def topic(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    async def send(
        self,
        topic: str,
        value: bytes | None,
        headers: Sequence[tuple[str, bytes]],
        key: bytes | None = None,
        timestamp_ms: int | None = None,
    ) -> Sent:
        """Sends one record to one of the stack's topics and returns where it landed."""
        assert self.producer is not None
        metadata = await self.producer.send_and_wait(
            topic, value=value, key=key, headers=list(headers), timestamp_ms=timestamp_ms
        )
        return Sent(topic, metadata.partition, metadata.offset, value, list(headers), key)

    async def committed(self) -> dict[str, dict[TopicPartition, int]]:
        """Each consumer group's committed offsets."""
        assert self.admin is not None
        found = {}
        for group in self.topics_of:
            offsets = await self.admin.list_consumer_group_offsets(group)
            found[group] = {tp: meta.offset for tp, meta in offsets.items()}
        return found

    async def all_committed_past(self, sent: Sequence[Sent]) -> bool:
        """Whether every group reading a record's topic has committed past it."""
        committed = await self.committed()
        return all(
            committed[group].get(TopicPartition(r.topic, r.partition), -1) > r.offset
            for r in sent
            for group, topics in self.topics_of.items()
            if r.topic in topics
        )

    async def behind(self, sent: Sequence[Sent]) -> list[str]:
        """Which groups have not committed past which records, and what their consumer says."""
        committed = await self.committed()
        status = {c.group_id: c.status for c in self.consumers}
        return [
            f"{self.short(group)} at {committed[group].get(TopicPartition(r.topic, r.partition))}"
            f" of {r.topic}[{r.partition}]@{r.offset} "
            f"(type {dict(r.headers).get('ce_type')!r}, error {status[group].last_error})"
            for r in sent
            for group, topics in self.topics_of.items()
            if r.topic in topics
            and committed[group].get(TopicPartition(r.topic, r.partition), -1) <= r.offset
        ]

    async def dead_letters(self, sent: Sequence[Sent]) -> list[ConsumerRecord[bytes, bytes]]:
        """Every dead letter of the topics the records were sent to, so far."""
        assert self.dlq_reader is not None
        reader = self.dlq_reader
        wanted = {dead_letter_topic(r.topic) for r in sent}
        partitions = [tp for tp in reader.assignment() if tp.topic in wanted]
        ends = await reader.end_offsets(partitions)
        while any([await reader.position(tp) < end for tp, end in ends.items()]):
            batch = await reader.getmany(*partitions, timeout_ms=200)
            for records in batch.values():
                self.letters.extend(records)
        return [r for r in self.letters if r.topic in wanted]

    async def fates(self, sent: Sequence[Sent]) -> list[Fate]:
        """What each group reading a record's topic did with it."""
        assert self.store is not None
        committed = await self.committed()
        letters = await self.dead_letters(sent)
        by_place = {}
        for letter in letters:
            h = {name: value for name, value in letter.headers}
            place = (
                h["dlq_consumer_group"].decode(),
                h["dlq_source_topic"].decode(),
                int(h["dlq_source_partition"]),
                int(h["dlq_source_offset"]),
            )
            by_place[place] = h
        found = []
        for consumer in self.consumers:
            group = consumer.group_id
            for record in sent:
                if record.topic not in self.topics_of[group]:
                    continue
                tp = TopicPartition(record.topic, record.partition)
                past = committed[group].get(tp, -1) > record.offset
                letter = by_place.get((group, record.topic, record.partition, record.offset))
                if letter is not None:
                    outcome = "dead-lettered"
                else:
                    outcome = await self._applied_or_ignored(consumer, record)
                found.append(Fate(group, record, outcome, past, letter))
        return found

    async def _applied_or_ignored(self, consumer: EventConsumer, record: Sent) -> str:
        try:
            envelope = from_kafka(record.value, record.headers)
            record_view: Any = _Record(record)
            event = ReceivedEvent(envelope, decode_payload(envelope), record_view)
            view_id = consumer.projection.view_id(event)
        except Exception:
            return "lost"  # it cannot be read, and it was not dead-lettered
        if view_id is None:
            return "ignored"
        document = await consumer.collection.find_one({"_id": view_id}, {"applied": 1})
        applied = set(document.get("applied", ())) if document else set()
        return "applied" if envelope.id in applied else "lost"


@dataclass
class _Record:
    """The fields of a Kafka record a projection may read."""

    sent: Sent
    timestamp: int = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sent, name)
