"""What the views must hold, computed from the topics: the check after a load or a fault run.

``read_topics`` reads every record of the topics as they stand; ``expected_views`` folds them
with the services' own projections (the same pure ``apply`` the consumers run), skipping
repeated event ids; ``check_views`` compares that with the view documents in the store and
with their ``applied`` lists: every event applied exactly once, nothing missing, no extra.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pymongo.asynchronous.database import AsyncDatabase

import shared.contracts  # noqa: F401 - registers every payload in the catalogue
from services.aftercare import handlers as aftercare_handlers
from services.aftercare import store as aftercare_store
from services.deployment import handlers as deployment_handlers
from services.deployment import store as deployment_store
from services.training import handlers as training_handlers
from services.training import store as training_store
from shared.consumer import Projection, ReceivedEvent
from shared.events.topics import Topic
from shared.privacy.keys import DataKeys
from shared.privacy.sealing import Opener
from shared.store import BOOKKEEPING_FIELDS, Document

Record: TypeAlias = ConsumerRecord[bytes, bytes]


@dataclass(frozen=True)
class ViewSpec:
    """One consumer-fed view: its service, collection, projection and input topics."""

    service: str
    collection: str
    projection: Projection
    topics: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.service}.{self.collection}"


def view_specs(topic_prefix: str = "") -> list[ViewSpec]:
    """Every view the services build from events, as their ``app.py`` subscribes them."""
    return [
        ViewSpec(
            "training",
            training_store.TRAINEES,
            training_handlers.CandidateProjection(topic_prefix),
            (Topic.INTAKE.value,),
        ),
        ViewSpec(
            "deployment",
            deployment_store.CANDIDATES,
            deployment_handlers.CandidateProjection(topic_prefix),
            tuple(t.value for t in deployment_handlers.READS_FROM),
        ),
        ViewSpec(
            "aftercare",
            aftercare_store.CASES,
            aftercare_handlers.CaseProjection(topic_prefix),
            tuple(t.value for t in aftercare_handlers.CASE_TOPICS),
        ),
        ViewSpec(
            "aftercare",
            aftercare_store.INCIDENTS,
            aftercare_handlers.IncidentProjection(topic_prefix),
            tuple(t.value for t in aftercare_handlers.INCIDENT_TOPICS),
        ),
    ]


async def read_topics(
    bootstrap: str, topics: Sequence[str], timeout_s: float = 60.0
) -> dict[str, list[Record]]:
    """Reads every record the topics hold now (to their end offsets), per topic in offset
    order within each partition."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: dict[str, list[Record]] = {t: [] for t in topics}
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(
                consumer.partitions_for_topic(topic) or await _partitions(consumer, topic)
            )
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        left = {tp for tp, end in ends.items() if end > 0}
        async with asyncio.timeout(timeout_s):
            while left:
                batch = await consumer.getmany(*left, timeout_ms=500, max_records=10000)
                for tp, records in batch.items():
                    found[tp.topic].extend(r for r in records if r.offset < ends[tp])
                    if records and records[-1].offset >= ends[tp] - 1:
                        left.discard(tp)
    finally:
        await consumer.stop()
    return found


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    for _ in range(50):
        await consumer._client.force_metadata_update()  # aiokafka has no public call
        partitions = consumer.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        await asyncio.sleep(0.1)
    raise LookupError(f"topic {topic} has no partitions")


@dataclass
class ExpectedViews:
    """Each view document's expected state and event ids, and the records it must refuse."""

    states: dict[str, Document] = field(default_factory=dict)
    applied: dict[str, set[str]] = field(default_factory=dict)
    dead: list[tuple[str, int, int]] = field(default_factory=list)
    events: int = 0


def expected_views(
    spec: ViewSpec, records: dict[str, list[Record]], prefix: str, opener: Opener | None = None
) -> ExpectedViews:
    """Folds the topics' records into the view, as the consumer does, with repeats skipped.

    ``opener``: the projection's opener with its keys loaded (``sealed_reader``), for records
    the services sealed; without it, one without keys, for records published in clear: either
    way the projection sees the personal fields it reads, and the others withheld."""
    if opener is None:
        opener = Opener(None, getattr(spec.projection, "personal_fields", frozenset()))
    expected = ExpectedViews()
    for topic in spec.topics:
        for record in records.get(prefix + topic, []):
            # The consumer dead-letters a record whatever it raises (shared/consumer.py).
            try:
                envelope, payload = opener.open(record)
                event = ReceivedEvent(envelope, payload, record)
                view_id = spec.projection.view_id(event)
            except Exception:
                expected.dead.append((record.topic, record.partition, record.offset))
                continue
            if view_id is None:
                continue
            ids = expected.applied.setdefault(view_id, set())
            if envelope.id in ids:
                continue
            try:
                change = spec.projection.apply(expected.states.get(view_id), event)
            except Exception:
                expected.dead.append((record.topic, record.partition, record.offset))
                continue
            ids.add(envelope.id)
            expected.states[view_id] = change.state
            expected.events += 1
    expected.applied = {k: v for k, v in expected.applied.items() if v}
    return expected


def canonical(value: Any) -> Any:
    """A value as plain JSON, so a state read from the store compares with a folded one."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


@dataclass
class ViewCheck:
    """What one view holds against what the events say it must."""

    label: str
    documents: int = 0
    expected_documents: int = 0
    events_applied: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def check_view(
    spec: ViewSpec, database: AsyncDatabase[Document], expected: ExpectedViews, limit: int = 5
) -> ViewCheck:
    """Compares the stored view with the expected one: states, applied ids (once each)."""
    check = ViewCheck(spec.label, expected_documents=len(expected.states))
    seen: set[str] = set()
    cursor = database[spec.collection].find({}, {"outbox": 0})
    async for document in cursor:
        view_id = str(document["_id"])
        seen.add(view_id)
        check.documents += 1
        applied = list(document.get("applied", ()))
        check.events_applied += len(applied)
        want_ids = expected.applied.get(view_id)
        if want_ids is None:
            check.problems.append(f"{view_id}: a document no event explains")
            continue
        if len(applied) != len(set(applied)):
            check.problems.append(f"{view_id}: an event id applied twice")
        if set(applied) != want_ids:
            missing, extra = len(want_ids - set(applied)), len(set(applied) - want_ids)
            check.problems.append(f"{view_id}: {missing} events missing, {extra} unexpected")
            continue
        state = {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}
        if canonical(state) != canonical(expected.states[view_id]):
            check.problems.append(f"{view_id}: state differs from the fold of its events")
    for view_id in expected.states.keys() - seen:
        check.problems.append(f"{view_id}: no document, {len(expected.applied[view_id])} events")
    if len(check.problems) > limit:
        more = len(check.problems) - limit
        check.problems = [*check.problems[:limit], f"... and {more} more"]
    return check


async def sealed_reader(
    spec: ViewSpec, records: dict[str, list[Record]], prefix: str, keys: DataKeys
) -> Opener:
    """The projection's opener, as its consumer builds it, with the keys of its records
    loaded: it opens the personal fields the projection reads and withholds the others."""
    opener = Opener(keys, getattr(spec.projection, "personal_fields", frozenset()))
    await opener.load([r for topic in spec.topics for r in records.get(prefix + topic, [])])
    return opener


def all_topics(prefix: str) -> list[str]:
    """Every event topic with the prefix."""
    return [prefix + t.value for t in Topic]
