"""A registration at intake reaches Kafka through the outbox and training's view, once."""

from __future__ import annotations

import asyncio
import time

import httpx
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event

from shared.events.topics import Topic
from tests.intake.samples import registration_body as registration
from tests.support.kafka import opened_events, read_topic
from tests.support.problems import error_locations
from tests.support.services import in_process, service_app, settings_env


async def _eventually(check, timeout_s: float = 30.0):
    deadline = time.monotonic() + timeout_s
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.1)


async def test_registration_is_published_once_and_folded_into_training(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    intake = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    training = service_app(
        "training", settings_env("training", unique, kafka_bootstrap, mongodb_url)
    )
    async with in_process(intake) as intake_api, in_process(training):
        body = registration()
        response = await intake_api.post(
            "/workers", json=body, headers={"Idempotency-Key": "k-000001"}
        )
        assert response.status_code == 201, response.text
        worker_id = response.json()["worker_id"]
        assert response.json()["national_id_masked"] == "*********" + body["national_id"][-3:]
        assert body["national_id"] not in response.text

        retry = await intake_api.post(
            "/workers", json=body, headers={"Idempotency-Key": "k-000001"}
        )
        assert retry.status_code == 201
        assert retry.json()["worker_id"] == worker_id

        again = await intake_api.post("/workers", json=body)
        assert again.status_code == 409
        assert again.json()["worker_id"] == worker_id

        topic = f"{unique}.{Topic.INTAKE}"
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 1)
        await asyncio.sleep(0.5)
        records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 1)
        assert len(records) == 1
        record = records[0]
        assert record.key == worker_id.encode()
        # Other systems read it with the CloudEvents SDK's Kafka binding.
        message = KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
        event = from_binary_event(message)
        attributes = event.get_attributes()
        assert attributes["type"] == "worker.registered"
        assert attributes["subject"] == worker_id
        assert attributes["source"] == "intake"
        assert attributes["dataschema"] == "urn:homeward:schema:worker.registered:v1"
        assert attributes["sequence"] == "1"
        data = event.get_data()
        assert isinstance(data, dict)
        assert set(data["full_name"]) == {"sealed"}  # sealed with the worker's data key
        assert "Đinh Thị Linh".encode() not in record.value
        assert "national_id" not in data
        (opened,) = await opened_events(records, mongodb_url, unique)
        assert opened.data["full_name"] == "Đinh Thị Linh"

        candidates = store_client[f"{unique}_training"]["candidates"]

        async def candidate():
            return await candidates.find_one({"_id": worker_id})

        view = await _eventually(candidate)
        assert view is not None
        assert view["full_name"] == "Đinh Thị Linh"
        assert view["registered"] is True
        assert len(view["applied"]) == 1


async def test_bad_registration_gets_422_naming_the_field_and_writes_nothing(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client
) -> None:
    intake = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(intake) as api:
        bad = registration(national_id="12345")
        response = await api.post("/workers", json=bad)
        assert response.status_code == 422
        assert error_locations(response.json())[0] == ("body", "national_id")
        assert "12345" not in response.text
        assert await store_client[f"{unique}_intake"]["workers"].count_documents({}) == 0
        assert isinstance(api, httpx.AsyncClient)
