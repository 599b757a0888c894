"""Intake's collections: workers (aggregates with their outbox) and their indexes."""

from __future__ import annotations

from collections.abc import Callable

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from shared.events.topics import Topic
from shared.store import AggregateCollection, Document

WORKERS = "workers"
OUTBOX_COLLECTIONS = (WORKERS,)


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Creates intake's indexes: one case per national ID, and the relay's pending flag."""
    workers = database[WORKERS]
    await workers.create_index([("national_id", ASCENDING)], unique=True, name="one_case_per_id")
    await workers.create_index([("outbox_pending", ASCENDING)], name="outbox_pending")


def worker_aggregates(
    database: AsyncDatabase[Document], topic_prefix: str, notify: Callable[[], None]
) -> AggregateCollection:
    """Returns the workers collection, whose events go to intake's topic."""
    return AggregateCollection(database[WORKERS], topic_prefix + Topic.INTAKE, notify)


async def find_by_national_id(
    database: AsyncDatabase[Document], national_id: str
) -> Document | None:
    """Returns the worker registered with this national ID, if any."""
    return await database[WORKERS].find_one({"national_id": national_id}, {"_id": 1})
