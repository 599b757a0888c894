"""Publishing a history to the real broker, at a given rate, as the services publish events.

Every record is what a service's outbox relay sends: key = subject (the worker id),
CloudEvents binary-mode headers from ``shared.events.envelope.to_kafka``, the payload as value.
Deliberately bad records (``bad_records``) can be mixed in to exercise the dead-letter path.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer

from shared.events.envelope import EventEnvelope, Headers, to_kafka
from shared.events.topics import Topic, topic_specs
from shared.kafka import client_options, ensure_topics
from shared.settings import ServiceSettings
from tools.generator.history import topic_of
from tools.generator.population import seeded


@dataclass(frozen=True)
class BadRecord:
    """A record no consumer can read: it must end in ``<topic>.dlq`` and nowhere else."""

    topic: str
    key: bytes
    value: bytes
    headers: Headers
    flaw: str


def bad_records(seed: int, count: int) -> Iterator[BadRecord]:
    """Yields ``count`` bad records on intake's topic: not JSON, no type header, bad payload."""
    rng = seeded(seed, "bad")
    for index in range(count):
        key = f"bad-{seed}-{index}".encode()
        headers: Headers = [
            ("content-type", b"application/json"),
            ("ce_specversion", b"1.0"),
            ("ce_id", f"bad-{seed}-{index}-{rng.getrandbits(32):08x}".encode()),
            ("ce_source", b"intake"),
            ("ce_type", b"worker.registered"),
            ("ce_subject", key),
            ("ce_time", b"2020-01-01T00:00:00+00:00"),
            ("ce_dataschema", b"urn:homeward:schema:worker.registered:v1"),
            ("ce_sequence", b"1"),
            ("ce_correlationid", b"bad"),
        ]
        flaw = ("not json", "no type header", "payload breaks schema")[index % 3]
        value = json.dumps({"worker_id": key.decode(), "gender": "x"}).encode()
        if flaw == "not json":
            value = b"{not json"
        elif flaw == "no type header":
            headers = [h for h in headers if h[0] != "ce_type"]
        yield BadRecord(Topic.INTAKE.value, key, value, headers, flaw)


@dataclass
class PublishReport:
    """What was sent: counts per topic, bad records by (topic, partition, offset), time."""

    sent: dict[str, int] = field(default_factory=dict)
    bad: list[tuple[str, int, int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


class Publisher:
    """An idempotent producer (acks=all) sending envelopes to ``<prefix><topic>``."""

    def __init__(self, bootstrap: str, topic_prefix: str = "", partitions: int = 3) -> None:
        self.settings = ServiceSettings(
            service_name="generator",
            kafka_bootstrap_servers=bootstrap,
            topic_prefix=topic_prefix,
            topic_partitions=partitions,
        )
        self.prefix = topic_prefix
        self.producer = AIOKafkaProducer(
            **client_options(self.settings),
            client_id="homeward-generator",
            enable_idempotence=True,
            acks="all",
            linger_ms=10,
            max_batch_size=512 * 1024,
            request_timeout_ms=30000,
        )

    async def __aenter__(self) -> Publisher:
        settings = self.settings
        await ensure_topics(
            settings,
            topic_specs(settings.topic_partitions, settings.topic_replication_factor, self.prefix),
        )
        await self.producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.producer.stop()

    async def publish(
        self,
        events: Iterable[EventEnvelope | BadRecord],
        rate: float = 0.0,
        report: PublishReport | None = None,
    ) -> PublishReport:
        """Sends every event, at most ``rate`` a second (0: as fast as the broker takes them),
        and waits until the broker has acknowledged them all."""
        report = report or PublishReport()
        started = time.monotonic()
        pending: list[asyncio.Future[object]] = []
        bad_pending: list[tuple[asyncio.Future[object], BadRecord]] = []
        for count, event in enumerate(events, start=1):
            if isinstance(event, BadRecord):
                topic, key, value, headers = event.topic, event.key, event.value, event.headers
            else:
                topic = topic_of(event)
                key, value, headers = to_kafka(event)
            future = await self.producer.send(
                self.prefix + topic, value=value, key=key, headers=headers
            )
            if isinstance(event, BadRecord):
                bad_pending.append((future, event))
            else:
                pending.append(future)
            report.sent[topic] = report.sent.get(topic, 0) + 1
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
            if rate > 0:
                ahead = count / rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
        await asyncio.gather(*pending)
        for future, bad in bad_pending:
            metadata = await future
            report.bad.append(
                (bad.topic, metadata.partition, metadata.offset, bad.flaw)  # type: ignore[attr-defined]
            )
        report.seconds += time.monotonic() - started
        return report


def with_bad_records(
    events: Iterable[EventEnvelope], bad: list[BadRecord], every: int
) -> Iterator[EventEnvelope | BadRecord]:
    """Yields the events with one bad record after every ``every`` events until none are left."""
    queue = list(bad)
    for count, event in enumerate(events, start=1):
        yield event
        if queue and count % every == 0:
            yield queue.pop(0)
    yield from queue
