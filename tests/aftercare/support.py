"""Running aftercare against the real stack: its app, other services' events, waiting."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

from services.aftercare.service import AftercareService
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import WorkerDeparted
from shared.contracts.intake import (
    FamilyContact,
    SupportEligibility,
    WorkerJourneyStarted,
    WorkerRegistered,
)
from shared.contracts.training import WorkerTrained
from shared.events.catalogue import EventPayload
from shared.events.envelope import from_kafka, new_event, to_kafka
from shared.events.topics import Topic
from tests.aftercare.builders import SON_LA
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env

T = TypeVar("T")
PHONE = "0912345678"
FAMILY_PHONE = "0987654321"
SOURCES = {
    Topic.INTAKE: "intake",
    Topic.TRAINING: "training",
    Topic.DEPLOYMENT: "deployment",
    Topic.AFTERCARE: "aftercare",
}
_sequence = itertools.count(1)


def utc_now() -> datetime:
    return datetime.now(UTC)


@contextlib.asynccontextmanager
async def running_aftercare(
    unique: str, kafka: str, mongo: str, **settings: str
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """Runs aftercare in-process on the test's own topics and database."""
    app = service_app("aftercare", settings_env("aftercare", unique, kafka, mongo, **settings))
    async with in_process(app) as api:
        yield api, app


def service_of(app: FastAPI) -> AftercareService:
    service: AftercareService = app.state.service
    return service


class Publisher:
    """Publishes other services' events to the test's topics, as those services would."""

    def __init__(self, kafka: str, unique: str) -> None:
        self.kafka = kafka
        self.unique = unique
        self.producer: AIOKafkaProducer | None = None

    async def __aenter__(self) -> Publisher:
        self.producer = AIOKafkaProducer(bootstrap_servers=self.kafka, acks="all")
        await self.producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.producer is not None
        await self.producer.stop()

    async def publish(self, topic: Topic, payload: EventPayload, at: datetime) -> str:
        """Publishes one event about ``payload.worker_id``; returns its id."""
        assert self.producer is not None
        worker_id = str(getattr(payload, "worker_id"))  # noqa: B009 - every worker event has it
        event = new_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject=worker_id,
            sequence=next(_sequence),
            source=SOURCES[topic],
            time=at,
            correlation_id=str(uuid.uuid4()),
        )
        key, value, headers = to_kafka(event)
        await self.producer.send_and_wait(
            f"{self.unique}.{topic}", value=value, key=key, headers=headers
        )
        return event.id


def registration(worker_id: str, at: datetime) -> WorkerRegistered:
    """Intake's registration of a Son La worker from a poor household."""
    return WorkerRegistered(
        worker_id=worker_id,
        full_name="Đinh Thị Linh",
        date_of_birth=date(1999, 4, 12),
        gender="female",
        ethnicity="Thái",
        ethnic_minority=True,
        household_status="poor",
        locality=SON_LA,
        desired_markets=[Market.JAPAN],
        desired_sectors=[Sector.ELECTRONICS],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        phone=PHONE,
        family_contact=FamilyContact(
            name="Đinh Văn Hùng", relationship="father", phone=FAMILY_PHONE
        ),
        registered_at=at,
    )


def journey_started(worker_id: str, journey: int, at: datetime) -> WorkerJourneyStarted:
    """Intake's start of a returned worker's next journey, on the same case."""
    return WorkerJourneyStarted(
        worker_id=worker_id,
        journey=journey,
        household_status="poor",
        locality=SON_LA,
        desired_markets=[Market.KOREA],
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        started_by="officer-1",
        started_at=at,
    )


def training(worker_id: str, at: datetime) -> WorkerTrained:
    return WorkerTrained(
        worker_id=worker_id, market=Market.JAPAN, language_level="JLPT-N4", trained_at=at
    )


def departure(
    worker_id: str, at: datetime, contract_end: date, placement_id: str = "placement-1"
) -> WorkerDeparted:
    return WorkerDeparted(
        worker_id=worker_id,
        placement_id=placement_id,
        country=Market.JAPAN,
        employer="Aichi Denshi K.K.",
        sector=Sector.ELECTRONICS,
        enterprise_id="enterprise-1",
        job_order_id="order-1",
        contract_start=at.date(),
        contract_end=contract_end,
        monthly_salary=180000,
        salary_currency="JPY",
        monthly_salary_vnd=30_000_000,
        departed_at=at,
    )


async def send_abroad(
    publisher: Publisher,
    worker_id: str,
    departed_at: datetime,
    contract_end: date,
    placement_id: str = "placement-1",
) -> None:
    """Publishes a worker's registration, training and departure."""
    await publisher.publish(
        Topic.INTAKE,
        registration(worker_id, departed_at - timedelta(days=200)),
        departed_at - timedelta(days=200),
    )
    await publisher.publish(
        Topic.TRAINING,
        training(worker_id, departed_at - timedelta(days=20)),
        departed_at - timedelta(days=20),
    )
    await publisher.publish(
        Topic.DEPLOYMENT, departure(worker_id, departed_at, contract_end, placement_id), departed_at
    )


async def eventually(check: Callable[[], Awaitable[T | None]], timeout_s: float = 30.0) -> T:
    """Polls ``check`` until it returns something truthy; returns it."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s")
        await asyncio.sleep(0.1)


async def case_when(
    api: httpx.AsyncClient, worker_id: str, holds: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Waits until the worker's case satisfies ``holds``; returns it."""

    async def check() -> dict[str, Any] | None:
        response = await api.get(f"/workers/{worker_id}/case")
        if response.status_code != 200:
            return None
        body: dict[str, Any] = response.json()
        return body if holds(body) else None

    return await eventually(check)


async def aftercare_events(
    kafka: str, unique: str, holds: Callable[[list[tuple[str, dict[str, Any]]]], bool]
) -> list[tuple[str, dict[str, Any]]]:
    """Reads aftercare's topic until ``holds`` on its (type, data) pairs; returns them."""

    def decoded(records: list[Any]) -> list[tuple[str, dict[str, Any]]]:
        events = [from_kafka(r.value, r.headers) for r in records]
        return [(e.type, e.data) for e in events]

    records = await read_topic(
        kafka, f"{unique}.{Topic.AFTERCARE}", until=lambda rs: holds(decoded(rs))
    )
    return decoded(records)
