"""A rebuild refuses what the store refuses per event, as the live consumer does: a view
document the store will not hold is written again event by event, and only the event it is
refused for is left out."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from pymongo import AsyncMongoClient

from shared.consumer import EventConsumer, ReceivedEvent, ViewChange
from shared.events.topics import Topic, topic_specs
from shared.kafka import ensure_topics
from shared.rebuild import Subscription, rebuild_view, rebuild_views
from shared.settings import ServiceSettings
from shared.store import Document
from tests.operations.support import publish, registered
from tests.support.kafka import read_topic


async def intake_topic(unique: str, kafka: str) -> str:
    """Makes the test's topics (three partitions each); returns intake's."""
    settings = ServiceSettings(kafka_bootstrap_servers=kafka, topic_prefix=f"{unique}.")
    await ensure_topics(settings, topic_specs(3, 1, settings.topic_prefix))
    return f"{unique}.{Topic.INTAKE}"


class Marks:
    """A view that keeps a mark per registration; a poisoned one's mark has a key no store
    holds (a NUL in a field name)."""

    name = "marks"
    event_types = frozenset({"worker.registered"})

    def __init__(self, prefix: str, poisoned: set[str]) -> None:
        self.output_topic = prefix + Topic.TRAINING
        self.poisoned = poisoned

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        key = "bad\x00key" if event.envelope.id in self.poisoned else "event"
        marks = [*(state or {}).get("marks", []), {key: event.envelope.id}]
        return ViewChange({"marks": marks})


async def test_a_document_the_store_refuses_is_rebuilt_without_the_refused_event(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict[str, Any]]
) -> None:
    topic = await intake_topic(unique, kafka_bootstrap)
    workers = [str(uuid.uuid4()) for _ in range(3)]
    events = [registered(worker) for worker in workers for _ in range(3)]
    poisoned = events[1]  # the first worker's second event
    await publish(kafka_bootstrap, topic, events)
    projection = Marks(f"{unique}.", {poisoned.id})
    database = store_client[f"{unique}_ops"]
    subscription = Subscription(projection, [topic], "marks", f"{unique}-none", "ops")

    result = await rebuild_view(
        database, subscription, {"bootstrap_servers": kafka_bootstrap}, switch=False
    )

    assert result.events == 9
    assert result.documents == 3
    assert result.unappliable == 1
    assert list(result.refused) == [workers[0]]
    assert "\x00" not in result.refused[workers[0]]
    rebuilt = {d["_id"]: d async for d in database[result.rebuilt_as].find({})}
    assert [m["event"] for m in rebuilt[workers[0]]["marks"]] == [events[0].id, events[2].id]
    for worker, first in ((workers[1], 3), (workers[2], 6)):
        assert [m["event"] for m in rebuilt[worker]["marks"]] == [e.id for e in events[first:][:3]]

    # The live consumer's fold of the same records leaves the same documents.
    live = EventConsumer(projection, database["live_marks"], None, group_id="g", source="ops")
    records = await read_topic(kafka_bootstrap, topic, until=lambda r: len(r) >= 9)
    dead = await live.fold(records)
    assert [dict(letter.record.headers)["ce_id"] for letter in dead] == [poisoned.id.encode()]
    folded = {d["_id"]: d["marks"] async for d in database["live_marks"].find({})}
    assert folded == {view_id: d["marks"] for view_id, d in rebuilt.items()}


async def test_views_rebuilt_in_one_pass_read_each_record_once(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict[str, Any]]
) -> None:
    topic = await intake_topic(unique, kafka_bootstrap)
    events = [registered(str(uuid.uuid4())) for _ in range(6)]
    await publish(kafka_bootstrap, topic, events)
    database = store_client[f"{unique}_ops"]
    first = Subscription(Marks(f"{unique}.", set()), [topic], "marks", f"{unique}-a", "ops")
    second = Subscription(
        Marks(f"{unique}.", {events[0].id}), [topic], "others", f"{unique}-b", "ops"
    )
    seen: list[int] = []

    results = await rebuild_views(
        [(database, first), (database, second)],
        {"bootstrap_servers": kafka_bootstrap},
        switch=False,
        on_progress=lambda progress: seen.append(progress.total),
    )

    assert [r.events for r in results] == [6, 6]
    assert set(seen) == {6}  # the history is read once for both views
    assert [r.documents for r in results] == [6, 5]
    assert [list(r.refused) for r in results] == [[], [events[0].subject]]
    assert [r.unappliable for r in results] == [0, 1]
    refused = await database[results[1].rebuilt_as].find_one({"_id": events[0].subject})
    assert refused is None  # its only event is refused: no document, as the consumer leaves


async def test_rebuilds_sharing_a_collection_start_together(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict[str, Any]]
) -> None:
    topic = await intake_topic(unique, kafka_bootstrap)
    events = [registered(str(uuid.uuid4())) for _ in range(12)]
    await publish(kafka_bootstrap, topic, events)
    database = store_client[f"{unique}_ops"]
    subscription = Subscription(Marks(f"{unique}.", set()), [topic], "marks", unique, "ops")
    options = {"bootstrap_servers": kafka_bootstrap}

    # As processes given some partition numbers each: both make the collection at once.
    shares = await asyncio.gather(
        *(
            rebuild_views(
                [(database, subscription)],
                options,
                stamp="s",
                switch=False,
                partition_numbers=numbers,
            )
            for numbers in ([0], [1, 2])
        )
    )

    assert sum(share[0].events for share in shares) == 12
    assert await database[shares[0][0].rebuilt_as].count_documents({}) == 12
