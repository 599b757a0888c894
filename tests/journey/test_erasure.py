"""A worker's journey, then the erasure of their personal data, on the real stack.

Lò Thị Huyền registers, trains, leaves for Japan and is checked on with a note; then a
provincial manager erases her personal data. Afterwards no service's answer holds her name,
phone, family contact or the note; no record of any topic or dead-letter topic holds them in
clear (scanned raw), and their ciphertext no longer opens; the monthly report gives the same
figures, and so does a reporting process that rebuilds its facts from the topics afterwards.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from shared.auth.principal import Role
from tests.journey.stack import LOGS, Stack, eventually, running_stack
from tests.journey.test_demo import running_reporting
from tests.journey.test_journey import VIETNAM, _place_and_send, _register, _train, ok, post
from tests.support.auth import auth_headers, authorized_client
from tests.support.kafka import opened_events, read_topic
from tests.support.problems import error_text
from tests.support.services import ServiceProcess, free_port, settings_env

NOTE = "Đã quen việc, ở ký túc xá cùng 3 bạn người Việt."
PERSONAL = ("Lò Thị Huyền", "Lo Thi Huyen", "0912 305 417", "0912305417", "Lò Văn Pắn",
            "0987 305 418", "0987305418", "1999-04-12", NOTE)  # fmt: skip
"""Her name, phone, birth date, her father's name and phone, and the check-in's note, as typed
and as the services normalise them."""


TYPED = ("Lò Thị Huyền", "0912 305 417", "Lò Văn Pắn", "0987 305 418", "1999-04-12", NOTE)
"""What was typed about her: the pieces an export made before the erasure must list."""


def _lists_everything(export: dict[str, Any]) -> list[str]:
    """The typed pieces the export does not list."""
    flat = json.dumps(export, ensure_ascii=False).replace("+84", "0")
    bare = flat.replace(" ", "")
    return [value for value in TYPED if value not in flat and value.replace(" ", "") not in bare]


def _hides_everything(text: str) -> bool:
    folded = text.replace("+84", "0")
    return not any(value in folded or value.replace(" ", "") in folded for value in PERSONAL)


async def _answers(stack: Stack, worker: str) -> dict[str, str]:
    """Every answer about the worker from the services that keep personal data."""
    paths = {
        "intake record": (stack.intake, f"/workers/{worker}"),
        "intake revisions": (stack.intake, f"/workers/{worker}/revisions"),
        "intake search": (stack.intake, "/workers?name=lo%20thi%20huyen"),
        "training": (stack.training, f"/workers/{worker}/training"),
        "deployment": (stack.deployment, f"/workers/{worker}"),
        "aftercare case": (stack.aftercare, f"/workers/{worker}/case"),
        "aftercare timeline": (stack.aftercare, f"/workers/{worker}/timeline"),
        "aftercare check-ins": (stack.aftercare, f"/workers/{worker}/check-ins"),
    }
    answers = {}
    for what, (api, path) in paths.items():
        response = await api.get(path)
        assert response.status_code == 200, f"{what}: {response.text}"
        answers[what] = response.text
    return answers


async def _every_record(kafka: str, unique: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of every topic of the test, dead-letter topics included, read raw."""
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        topics = sorted(t for t in await admin.list_topics() if t.startswith(f"{unique}."))
        partitions = [
            TopicPartition(described["topic"], partition["partition"])
            for described in await admin.describe_topics(topics)
            for partition in described["partitions"]
        ]
    finally:
        await admin.close()
    assert any(t.endswith(".dlq") for t in topics), topics
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


def _raw(record: ConsumerRecord[bytes, bytes]) -> str:
    value = (record.value or b"").decode(errors="replace")
    headers = " ".join(v.decode(errors="replace") for _, v in record.headers)
    return f"{value} {headers}"


async def _monthly(reporting: httpx.AsyncClient, month: str) -> list[dict[str, Any]]:
    response = await reporting.get(f"/provinces/14/reports/monthly/{month}")
    figures: list[dict[str, Any]] = ok(response)["figures"]
    return figures


@contextlib.asynccontextmanager
async def _reporting_rebuilt(
    unique: str, kafka: str, mongo: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A reporting process with an empty database and its own consumer groups: it folds every
    topic from the start, as a rebuild does."""
    env = settings_env(
        "reporting",
        unique,
        kafka,
        mongo,
        mongodb_database=f"{unique}_reporting_rebuilt",
        consumer_group_prefix="rebuilt-",
    )
    process = ServiceProcess("reporting", env, free_port(), LOGS / f"{unique}-rebuilt.log")
    process.start()
    try:
        await process.wait_ready(90)
        async with authorized_client(base_url=process.url, timeout=30) as client:
            yield client
    finally:
        process.stop()


async def _stored_answers(
    client: AsyncMongoClient[dict[str, Any]], unique: str, worker: str
) -> dict[str, int]:
    """How many answers kept for retried requests name the worker, in training and deployment."""
    about = {"$or": [{"worker_id": worker}, {"body.worker_id": worker}]}
    return {
        service: await client[f"{unique}_{service}"]["idempotency_keys"].count_documents(about)
        for service in ("training", "deployment")
    }


async def test_an_erased_worker_leaves_no_readable_personal_data_and_the_same_figures(
    kafka_bootstrap: str,
    mongodb_url: str,
    unique: str,
    store_client: AsyncMongoClient[dict[str, Any]],
) -> None:
    async with (
        running_stack(unique, kafka_bootstrap, mongodb_url) as stack,
        running_reporting(unique, kafka_bootstrap, mongodb_url) as reporting,
    ):
        worker = await _register(stack)
        await _train(stack, worker)
        placement = await _place_and_send(stack, worker)
        departed_at = datetime.fromisoformat(placement["departed_at"])
        await post(
            stack.aftercare,
            f"/workers/{worker}/check-ins",
            {
                "contact": "worker",
                "channel": "zalo",
                "wellbeing": "good",
                "contacted_at": (departed_at + timedelta(days=30)).isoformat(),
                "notes": NOTE,
            },
            status=201,
        )
        bad = await stack.intake.post(f"/workers/{worker}/erasure", json={"grounds": "wish"})
        assert bad.status_code == 422, bad.text
        await _dead_letter_a_copy_of_her_registration(kafka_bootstrap, unique, worker)
        month = departed_at.astimezone(VIETNAM).strftime("%Y-%m")
        before = await eventually(
            lambda: _figures_with_departure(reporting, month), "the departure is reported"
        )
        assert not all(_hides_everything(text) for text in (await _answers(stack, worker)).values())

        stored = await _stored_answers(store_client, unique, worker)
        assert all(stored.values()), stored  # her enrolment, assessment and shortlisting

        # The export made before the erasure lists every piece the erasure then removes.
        export = ok(await stack.intake.get(f"/workers/{worker}/personal-data"))
        assert export["complete"] is True, export
        assert _lists_everything(export) == []

        # Even before the erasure, the topics hold her data sealed only.
        records = await _every_record(kafka_bootstrap, unique)
        assert all(_hides_everything(_raw(r)) for r in records)
        opened = await opened_events(records, mongodb_url, unique)
        assert any(e.data.get("full_name") == "Lò Thị Huyền" for e in opened)
        assert any(e.data.get("notes") == NOTE for e in opened)

        manager = auth_headers(Role.PROVINCIAL_MANAGER, "qlt-sonla-01", province_code="14")
        officer = auth_headers(Role.COMMUNE_OFFICER, "cb-01", province_code="14",
                               commune_code="03814")  # fmt: skip
        refused = await stack.intake.post(
            f"/workers/{worker}/erasure", json={"grounds": "worker_request"}, headers=officer
        )
        assert refused.status_code == 403, refused.text
        erased = await stack.intake.post(
            f"/workers/{worker}/erasure", json={"grounds": "worker_request"}, headers=manager
        )
        assert erased.status_code == 200, erased.text
        assert _hides_everything(erased.text)
        changed = await stack.intake.patch(f"/workers/{worker}", json={"phone": "0912 000 111"})
        assert changed.status_code == 409, changed.text
        assert "erased" in error_text(changed.json())

        async def every_answer_hides_her() -> dict[str, str] | None:
            answers = await _answers(stack, worker)
            return answers if all(_hides_everything(t) for t in answers.values()) else None

        await eventually(every_answer_hides_her, "every service forgets her", 60)

        async def no_answer_kept_about_her() -> bool:
            return not any((await _stored_answers(store_client, unique, worker)).values())

        await eventually(no_answer_kept_about_her, "stored answers about her deleted", 30)
        assert (await _answers(stack, worker))["training"].count(worker) >= 1  # ids stay
        export_after = await stack.intake.get(f"/workers/{worker}/personal-data")
        assert export_after.status_code == 200, export_after.text
        assert _hides_everything(export_after.text), export_after.text

        records = await _every_record(kafka_bootstrap, unique)
        assert all(_hides_everything(_raw(r)) for r in records)
        after = await opened_events(records, mongodb_url, unique)
        assert not any(e.data.get("full_name") == "Lò Thị Huyền" for e in after)
        assert not any(e.data.get("notes") == NOTE for e in after)
        assert any(e.type == "worker.erased" and e.subject == worker for e in after)

        assert await _monthly(reporting, month) == before
        async with _reporting_rebuilt(unique, kafka_bootstrap, mongodb_url) as rebuilt:
            again = await eventually(
                lambda: _figures_with_departure(rebuilt, month), "the rebuilt report", 60
            )
        assert again == before


async def _figures_with_departure(
    reporting: httpx.AsyncClient, month: str
) -> list[dict[str, Any]] | None:
    figures = await _monthly(reporting, month)
    departures = [f for f in figures if f["id"].startswith("departures") and f["value"]]
    return figures if departures else None


async def _dead_letter_a_copy_of_her_registration(kafka: str, unique: str, worker: str) -> None:
    """Publishes her registration again under a schema version no service reads: each reader
    sets it aside on the dead-letter topic, as it came (sealed)."""
    topic = f"{unique}.homeward.intake.events"
    records = await read_topic(kafka, topic, until=lambda r: len(r) >= 1)
    registration = next(r for r in records if (r.key or b"") == worker.encode())
    replaced = {"ce_id": str(uuid.uuid4()).encode(),
                "ce_dataschema": b"urn:homeward:schema:worker.registered:v99"}  # fmt: skip
    headers = [(n, replaced.get(n, v)) for n, v in registration.headers]
    producer = AIOKafkaProducer(bootstrap_servers=kafka)
    await producer.start()
    try:
        await producer.send_and_wait(topic, registration.value, key=registration.key,
                                     headers=headers)  # fmt: skip
    finally:
        await producer.stop()
    dead = await read_topic(kafka, f"{topic}.dlq", until=lambda r: len(r) >= 1, timeout_s=60)
    assert "Lò Thị Huyền".encode() not in (dead[0].value or b"")
