"""Helpers for intake's API tests: the app on a test's own topics and database, and bodies."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiokafka import ConsumerRecord
from fastapi import FastAPI

from shared.events.topics import Topic
from tests.intake.samples import cccd, registration_body
from tests.support.kafka import read_topic
from tests.support.services import service_app, settings_env

T = TypeVar("T")
NAMES = (
    ("Đinh Thị Linh", "female"),
    ("Phạm Ngọc Huy", "male"),
    ("Nguyễn Ngọc Toàn", "male"),
    ("Lò Văn Thưởng", "male"),
    ("Hà Thị Mai", "female"),
    ("Giàng A Sùng", "male"),
    ("Vàng Thị Dợ", "female"),
    ("Bùi Việt Cường", "male"),
)


def intake_app(unique: str, kafka: str, mongo: str) -> FastAPI:
    return service_app("intake", settings_env("intake", unique, kafka, mongo))


def person(n: int, **overrides: Any) -> dict[str, Any]:
    """A distinct valid registration: the n-th sample name, its own national ID and phone."""
    name, gender = NAMES[n % len(NAMES)]
    born = overrides.get("date_of_birth", f"{1990 + n % 10}-0{1 + n % 9}-1{n % 10}")
    body = registration_body(
        full_name=name,
        gender=gender,
        date_of_birth=born,
        phone=f"0912 {n:06d}"[:12],
        national_id=cccd(born, overrides.get("gender", gender), serial=100000 + n),
    )
    body["family_contact"] = {**body["family_contact"], "phone": f"0987 {n:06d}"}
    body.update(overrides)
    return body


async def eventually(check: Callable[[], Awaitable[T]], timeout_s: float = 30.0) -> T:
    """Polls until the check returns something truthy (or the time is up) and returns it."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.1)


def headers_of(record: ConsumerRecord[bytes, bytes]) -> dict[str, str]:
    return {k: v.decode() for k, v in record.headers}


async def intake_events(
    kafka: str, unique: str, until: Callable[[list[dict[str, Any]]], bool]
) -> list[dict[str, Any]]:
    """Reads intake's topic from the start as a plain consumer: type, subject, sequence, data."""

    def decoded(records: list[ConsumerRecord[bytes, bytes]]) -> list[dict[str, Any]]:
        events = []
        for record in records:
            headers = headers_of(record)
            events.append(
                {
                    "id": headers["ce_id"],
                    "type": headers["ce_type"],
                    "subject": headers["ce_subject"],
                    "sequence": int(headers["ce_sequence"]),
                    "key": record.key.decode() if record.key else None,
                    "data": json.loads(record.value) if record.value else None,
                    "raw": record.value or b"",
                }
            )
        return events

    records = await read_topic(kafka, f"{unique}.{Topic.INTAKE}", until=lambda r: until(decoded(r)))
    return decoded(records)
