"""Helpers for deployment's service tests: other services' events, request bodies, waiting."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer, ConsumerRecord

from services.deployment.service import VIETNAM
from shared.contracts.aftercare import ContractExtended
from shared.contracts.common import Gender, Market, Sector
from shared.events.catalogue import EventPayload
from shared.events.envelope import from_kafka, new_event, to_kafka
from shared.events.topics import Topic
from tests.deployment.builders import registered, trained
from tests.support.kafka import read_topic

TODAY = datetime.now(VIETNAM).date()
"""Today as the service counts days: in Vietnam."""


async def eventually(
    check: Callable[[], Awaitable[Any]], timeout_s: float = 60.0, what: str = "condition"
) -> Any:
    """Polls ``check`` until it returns something truthy; returns that."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} not reached within {timeout_s}s (last: {last!r})")


class Upstream:
    """Publishes other services' worker events for a test, as they would: keyed and numbered."""

    def __init__(self, kafka: str, unique: str) -> None:
        self.unique = unique
        self.producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
        self.sequences: dict[tuple[str, str], int] = {}

    async def __aenter__(self) -> Upstream:
        await self.producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.producer.stop()

    async def publish(self, topic: Topic, source: str, payload: EventPayload) -> None:
        worker_id: str = payload.worker_id  # type: ignore[attr-defined]
        sequence = self.sequences.get((source, worker_id), 0) + 1
        self.sequences[(source, worker_id)] = sequence
        event = new_event(
            payload,
            event_id=str(uuid.uuid4()),
            subject=worker_id,
            sequence=sequence,
            source=source,
            time=datetime.now(UTC),
            correlation_id=str(uuid.uuid4()),
        )
        key, value, headers = to_kafka(event)
        await self.producer.send_and_wait(
            f"{self.unique}.{topic}", value=value, key=key, headers=headers
        )

    async def trained_worker(
        self,
        worker_id: str | None = None,
        *,
        level: str | None = "JLPT-N4",
        market: Market = Market.JAPAN,
        certificates: tuple[str, ...] = (),
        born: date = date(1999, 4, 12),
        gender: Gender = Gender.FEMALE,
        sectors: tuple[Sector, ...] = (Sector.ELECTRONICS,),
    ) -> str:
        """Publishes a worker's registration (intake) and readiness for a market (training)."""
        worker_id = worker_id or f"w-{uuid.uuid4().hex[:12]}"
        registration = registered(
            worker_id, born=born, gender=gender, markets=(market,), sectors=sectors
        )
        await self.publish(Topic.INTAKE, "intake", registration)
        readiness = trained(
            worker_id,
            market=market,
            level=level,
            certificates=certificates,
            at=datetime.now(UTC) - timedelta(days=10),
        )
        await self.publish(Topic.TRAINING, "training", readiness)
        return worker_id

    async def extend_contract(self, worker_id: str, placement_id: str, new_end: date) -> None:
        """Publishes aftercare's report that a worker's contract was extended."""
        payload = ContractExtended(
            worker_id=worker_id,
            placement_id=placement_id,
            previous_end=new_end - timedelta(days=365),
            new_end=new_end,
            extended_by="officer-3",
            extended_at=datetime.now(UTC),
        )
        await self.publish(Topic.AFTERCARE, "aftercare", payload)


async def known_worker(api: httpx.AsyncClient, worker_id: str, market: str = "JP") -> Any:
    """Waits until deployment's view has the worker registered and trained for a market."""

    async def check() -> Any:
        response = await api.get(f"/workers/{worker_id}")
        if response.status_code != 200:
            return None
        body = response.json()
        trained_for = {t["market"] for t in body["training"]}
        return body if body["registered"] and market in trained_for else None

    return await eventually(check, what=f"worker {worker_id} in deployment's view")


def licence(**overrides: Any) -> dict[str, Any]:
    """Returns a licence valid from a year ago for three more years."""
    body: dict[str, Any] = {
        "number": "123/LĐTBXH-GP",
        "issuing_authority": "Ministry of Home Affairs",
        "valid_from": (TODAY - timedelta(days=365)).isoformat(),
        "valid_until": (TODAY + timedelta(days=3 * 365)).isoformat(),
    }
    body.update(overrides)
    return body


def job_order(enterprise_id: str, **overrides: Any) -> dict[str, Any]:
    """Returns a valid job order body: 3 electronics workers for Japan, 36 months."""
    body: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "country": "JP",
        "employer": "Shizuoka Denshi K.K.",
        "sector": "electronics",
        "positions": 3,
        "salary": {"amount": 180000, "currency": "JPY", "vnd_equivalent": 30_600_000},
        "contract_term_months": 36,
        "requirements": {"language_level": "JLPT-N4"},
        "deadline": (TODAY + timedelta(days=90)).isoformat(),
    }
    body.update(overrides)
    return body


async def enterprise(api: httpx.AsyncClient, **licence_overrides: Any) -> str:
    """Registers a labour-supply enterprise; returns its id."""
    response = await api.post(
        "/enterprises",
        json={"name": "TTC Manpower JSC", "licence": licence(**licence_overrides)},
    )
    assert response.status_code == 201, response.text
    enterprise_id: str = response.json()["enterprise_id"]
    return enterprise_id


async def posted_order(api: httpx.AsyncClient, enterprise_id: str, **overrides: Any) -> str:
    """Posts a job order; returns its id."""
    response = await api.post("/job-orders", json=job_order(enterprise_id, **overrides))
    assert response.status_code == 201, response.text
    order_id: str = response.json()["job_order_id"]
    return order_id


async def shortlisted(api: httpx.AsyncClient, order_id: str, worker_id: str) -> str:
    """Shortlists a worker on an order; returns the placement id."""
    response = await api.post(f"/job-orders/{order_id}/placements", json={"worker_id": worker_id})
    assert response.status_code == 201, response.text
    placement_id: str = response.json()["placement_id"]
    return placement_id


async def walk_to_visa_granted(api: httpx.AsyncClient, placement_id: str) -> dict[str, Any]:
    """Moves a shortlisted placement through selection, contract and visa; returns the last body."""
    today = TODAY.isoformat()
    steps: list[tuple[str, dict[str, Any]]] = [
        ("selection", {}),
        (
            "contract",
            {"signed_on": today, "contract_start": (TODAY + timedelta(days=30)).isoformat()},
        ),
        ("visa-application", {"applied_on": today}),
        ("visa-grant", {"granted_on": today}),
    ]
    body: dict[str, Any] = {}
    for step, payload in steps:
        response = await api.post(f"/placements/{placement_id}/{step}", json=payload)
        assert response.status_code == 200, f"{step}: {response.text}"
        body = response.json()
    return body


async def deployment_events(
    kafka: str, unique: str, until: Callable[[list[ConsumerRecord[bytes, bytes]]], bool]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Reads deployment's topic until ``until`` holds; returns (type, key, data) per record."""
    records = await read_topic(kafka, f"{unique}.{Topic.DEPLOYMENT}", until=until)
    return [_decoded(r) for r in records]


def of_type(type_: str, count: int = 1) -> Callable[[list[ConsumerRecord[bytes, bytes]]], bool]:
    """Returns a condition: at least ``count`` records of an event type were read."""
    return of_types({type_: count})


def of_types(counts: dict[str, int]) -> Callable[[list[ConsumerRecord[bytes, bytes]]], bool]:
    """Returns a condition: at least so many records of each event type were read."""

    def enough(records: list[ConsumerRecord[bytes, bytes]]) -> bool:
        types = [_decoded(r)[0] for r in records]
        return all(types.count(type_) >= count for type_, count in counts.items())

    return enough


def _decoded(record: ConsumerRecord[bytes, bytes]) -> tuple[str, str, dict[str, Any]]:
    event = from_kafka(record.value, record.headers)
    return event.type, (record.key or b"").decode(), event.data
