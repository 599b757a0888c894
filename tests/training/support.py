"""Helpers for training's service tests: the app on a test's own topics, intake's events, bodies."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord

from shared.contracts.common import ConsentPurpose, Gender, HouseholdStatus, Locality, Market
from shared.contracts.intake import (
    ConsentWithdrawn,
    SupportEligibility,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.events.catalogue import EventPayload
from shared.events.envelope import new_event, to_kafka
from shared.events.topics import Topic
from tests.support.kafka import read_topic
from tests.support.services import service_app, settings_env

TODAY = datetime.now(UTC).date()
PHONE = "0912345678"


def training_app(unique: str, kafka: str, mongo: str) -> Any:
    return service_app("training", settings_env("training", unique, kafka, mongo))


class Intake:
    """Publishes intake's events for a test, as intake would: keyed by worker, numbered."""

    def __init__(self, kafka: str, unique: str) -> None:
        self.topic = f"{unique}.{Topic.INTAKE}"
        self.producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
        self.sequences: dict[str, int] = {}

    async def __aenter__(self) -> Intake:
        await self.producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.producer.stop()

    async def publish(self, payload: EventPayload, sequence: int | None = None) -> None:
        worker_id = payload.worker_id  # type: ignore[attr-defined]
        if sequence is None:
            sequence = self.sequences.get(worker_id, 0) + 1
        self.sequences[worker_id] = max(sequence, self.sequences.get(worker_id, 0))
        event = new_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject=worker_id,
            sequence=sequence,
            source="intake",
            time=datetime.now(UTC),
            correlation_id=str(uuid.uuid4()),
        )
        key, value, headers = to_kafka(event)
        await self.producer.send_and_wait(self.topic, value=value, key=key, headers=headers)

    async def register(self, worker_id: str | None = None, *, eligible: bool = True) -> str:
        worker_id = worker_id or f"w-{uuid.uuid4().hex[:12]}"
        await self.publish(registered(worker_id, eligible=eligible))
        return worker_id

    async def withdraw(self, worker_id: str, sequence: int | None = None) -> None:
        payload = WorkerWithdrawn(
            worker_id=worker_id, reason="family", withdrawn_at=datetime.now(UTC)
        )
        await self.publish(payload, sequence)

    async def withdraw_consent(self, worker_id: str, *purposes: str, sequence: int) -> None:
        chosen = [ConsentPurpose(p) for p in purposes]
        payload = ConsentWithdrawn(
            worker_id=worker_id,
            purposes=chosen,
            withdrawn_purposes=chosen,
            withdrawn_by="cb-test",
            withdrawn_at=datetime.now(UTC),
        )
        await self.publish(payload, sequence)

    async def reopen(self, worker_id: str) -> None:
        await self.publish(WorkerReopened(worker_id=worker_id, reopened_at=datetime.now(UTC)))


def registered(worker_id: str, *, eligible: bool = True) -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=worker_id,
        full_name="Lò Văn Pánh",
        date_of_birth=date(2000, 5, 1),
        gender=Gender.MALE,
        ethnicity="Thái",
        ethnic_minority=True,
        household_status=HouseholdStatus.POOR if eligible else HouseholdStatus.OTHER,
        locality=Locality(province_code="14", commune_code="04036"),
        desired_markets=[Market.JAPAN],
        support=SupportEligibility(
            subproject2=eligible, training_cost_support=eligible, preferential_loan=eligible
        ),
        phone=PHONE,
        registered_at=datetime.now(UTC),
    )


async def eventually(
    check: Callable[[], Awaitable[Any]], timeout_s: float = 30.0, interval_s: float = 0.1
) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(interval_s)


async def known(api: httpx.AsyncClient, worker_id: str, **expected: bool) -> dict[str, Any]:
    """Waits until training's view of the worker shows the expected flags; returns it."""

    async def check() -> dict[str, Any] | None:
        response = await api.get(f"/workers/{worker_id}/training")
        if response.status_code != 200:
            return None
        body: dict[str, Any] = response.json()
        return body if all(body[k] == v for k, v in expected.items()) else None

    body = await eventually(check)
    assert body, f"training never saw {worker_id} with {expected}"
    return body


def provider_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Trung tâm Dịch vụ việc làm Sơn La",
        "province_code": "14",
        "kinds": ["language", "vocational", "orientation"],
        "licence_number": "GP-14-0021",
    }
    body.update(overrides)
    return body


def course_body(provider_id: str, **overrides: Any) -> dict[str, Any]:
    """A Japanese N4 course whose four weekly sessions end today."""
    first = TODAY - timedelta(days=21)
    body: dict[str, Any] = {
        "provider_id": provider_id,
        "title": "Tiếng Nhật N4",
        "kind": "language",
        "language": "ja",
        "target_level": "JLPT-N4",
        "market": "JP",
        "hours": 480,
        "sessions": [
            {"session_id": f"s{n}", "on": (first + timedelta(days=7 * n)).isoformat()}
            for n in range(4)
        ],
        "capacity": 20,
        "cost_vnd": 12_000_000,
        "pass_mark": 60,
        "min_attendance_percent": 75,
    }
    body.update(overrides)
    return body


def orientation_body(provider_id: str, market: str, **overrides: Any) -> dict[str, Any]:
    return course_body(
        provider_id,
        title=f"Giáo dục định hướng {market}",
        kind="orientation",
        language=None,
        target_level=None,
        market=market,
        hours=74,
        **overrides,
    )


async def provider(api: httpx.AsyncClient) -> str:
    response = await api.post("/providers", json=provider_body())
    assert response.status_code == 201, response.text
    provider_id: str = response.json()["provider_id"]
    return provider_id


async def course(api: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post("/courses", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def enrol(api: httpx.AsyncClient, course_id: str, worker_id: str) -> httpx.Response:
    return await api.post(f"/courses/{course_id}/enrolments", json={"worker_id": worker_id})


async def complete(
    api: httpx.AsyncClient, the_course: dict[str, Any], worker_id: str, number: str
) -> dict[str, Any]:
    """Enrols, attends every session, passes the final and gets the certificate; returns it."""
    response = await enrol(api, the_course["course_id"], worker_id)
    assert response.status_code == 201, response.text
    enrolment_id = response.json()["enrolment_id"]
    base = f"/workers/{worker_id}/enrolments/{enrolment_id}"
    for session in the_course["sessions"]:
        marked = await api.put(f"{base}/attendance/{session['session_id']}", json={"present": True})
        assert marked.status_code == 200, marked.text
    assessed = await api.post(
        f"/workers/{worker_id}/assessments",
        json={
            "kind": "final",
            "enrolment_id": enrolment_id,
            "assessor": "Trung tâm Sơn La",
            "score": 85,
            "assessed_on": TODAY.isoformat(),
        },
    )
    assert assessed.status_code == 201, assessed.text
    certified = await api.post(
        f"{base}/certificate", json={"number": number, "issued_on": TODAY.isoformat()}
    )
    assert certified.status_code == 201, certified.text
    return {"enrolment_id": enrolment_id, "certificate": certified.json()}


class Seen(NamedTuple):
    """An event read back from a topic."""

    type: str
    data: dict[str, Any]
    sequence: int
    event_id: str = ""


def decoded(records: list[ConsumerRecord[bytes, bytes]]) -> list[Seen]:
    """Returns type, payload, sequence and id of each record."""
    result = []
    for record in records:
        headers = dict(record.headers)
        result.append(
            Seen(
                headers["ce_type"].decode(),
                json.loads(record.value or b"{}"),
                int(headers["ce_sequence"]),
                headers["ce_id"].decode(),
            )
        )
    return result


async def training_events(
    kafka: str, unique: str, until: Callable[[list[Seen]], bool]
) -> list[Seen]:
    records = await read_topic(
        kafka, f"{unique}.{Topic.TRAINING}", until=lambda rs: until(decoded(rs))
    )
    return decoded(records)


async def topic_now(kafka: str, unique: str) -> list[Seen]:
    """Returns every event on training's topic up to its current end, nothing more or less."""
    topic = f"{unique}.{Topic.TRAINING}"
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = sorted(consumer.assignment())
        ends = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(30):
            while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
                batch = await consumer.getmany(timeout_ms=200)
                for partition_records in batch.values():
                    records.extend(partition_records)
        return decoded(records)
    finally:
        await consumer.stop()
