"""Events for notifications' tests, published as the other services would, and its topic read."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from shared.contracts.common import Locality
from shared.contracts.deployment import (
    EnterpriseLicenceChanged,
    LicenceChange,
    LicenceStatus,
    SenderKind,
)
from shared.events.catalogue import EventPayload
from shared.events.envelope import from_kafka, new_event, to_kafka
from shared.events.topics import Topic
from tests.aftercare.support import departure, registration
from tests.support.kafka import read_topic

_sequence = itertools.count(1)
ENTERPRISE = "enterprise-1"  # the enterprise of ``tests.aftercare.support.departure``


def utc_now() -> datetime:
    return datetime.now(UTC)


class Publisher:
    """Publishes other services' events to the test's topics, keyed as they key them."""

    def __init__(self, kafka: str, unique: str) -> None:
        self.kafka = kafka
        self.unique = unique
        self.producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")

    async def __aenter__(self) -> Publisher:
        await self.producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.producer.stop()

    async def publish(self, topic: Topic, payload: EventPayload, at: datetime) -> None:
        subject = getattr(payload, "worker_id", None) or getattr(payload, "enterprise_id")  # noqa: B009
        event = new_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject=str(subject),
            sequence=next(_sequence),
            source=topic.value.split(".")[1],
            time=at,
            correlation_id=str(uuid.uuid4()),
        )
        key, value, headers = to_kafka(event)
        await self.producer.send_and_wait(
            f"{self.unique}.{topic}", value=value, key=key, headers=headers
        )

    async def send_abroad(
        self, worker_id: str, departed_at: datetime, commune_code: str = "04036"
    ) -> None:
        """Publishes a worker's registration (in a commune of Sơn La) and departure."""
        registered = registration(worker_id, departed_at - timedelta(days=200))
        locality = Locality(province_code="14", commune_code=commune_code)
        await self.publish(
            Topic.INTAKE, registered.model_copy(update={"locality": locality}), departed_at
        )
        end = date(departed_at.year + 3, 1, 1)
        await self.publish(Topic.DEPLOYMENT, departure(worker_id, departed_at, end), departed_at)

    async def licence(self, status: LicenceStatus, at: datetime) -> None:
        """Publishes a change of the sending enterprise's licence to ``status``."""
        change = {
            LicenceStatus.ACTIVE: LicenceChange.REINSTATED,
            LicenceStatus.SUSPENDED: LicenceChange.SUSPENDED,
            LicenceStatus.REVOKED: LicenceChange.REVOKED,
        }[status]
        payload = EnterpriseLicenceChanged(
            enterprise_id=ENTERPRISE,
            name="Công ty Sông Đà",
            kind=SenderKind.LABOUR_SUPPLY_ENTERPRISE,
            change=change,
            licence_number="123/LĐTBXH-GP",
            issuing_authority="MOLISA",
            valid_from=date(2024, 1, 1),
            valid_until=date(2030, 1, 1),
            status=status,
            changed_at=at,
        )
        await self.publish(Topic.DEPLOYMENT, payload, at)


async def notification_events(
    kafka: str, unique: str, holds: Callable[[list[tuple[str, dict[str, Any]]]], bool]
) -> list[tuple[str, dict[str, Any]]]:
    """Reads notifications' topic until ``holds`` on its (type, data) pairs; returns them, each
    event once (the relay delivers at least once: a copy has the same id and content)."""

    def decoded(records: list[Any]) -> list[tuple[str, dict[str, Any]]]:
        events: dict[str, tuple[str, dict[str, Any]]] = {}
        for record in records:
            event = from_kafka(record.value, record.headers)
            known = events.setdefault(event.id, (event.type, event.data))
            assert known == (event.type, event.data), f"event {event.id}: two contents"
        return list(events.values())

    records = await read_topic(
        kafka, f"{unique}.{Topic.NOTIFICATIONS}", until=lambda rs: holds(decoded(rs)), timeout_s=60
    )
    return decoded(records)
