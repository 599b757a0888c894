"""A rebuild folds each partition number of the topics in memory and inserts every view
document once; what it builds equals the fold of the events, as the live consumer's does."""

from __future__ import annotations

import json
from typing import Any, cast

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient

from shared.consumer import EventConsumer, Projection, ReceivedEvent, ViewChange
from shared.events.envelope import decode_payload
from shared.events.topics import Topic
from shared.kafka import client_options
from shared.rebuild import (
    BY_PARTITION,
    IN_TOPIC_ORDER,
    Subscription,
    rebuild_view,
    rebuild_views,
)
from shared.settings import ServiceSettings
from tools.generator import Publisher, Scope, bad_records, generate
from tools.generator.publish import with_bad_records
from tools.generator.verify import ViewSpec, check_view, expected_views, read_topics, view_specs


def subscription(spec: ViewSpec, prefix: str) -> Subscription:
    topics = [prefix + t for t in spec.topics]
    return Subscription(spec.projection, topics, spec.collection, f"{prefix}-none", spec.service)


async def publish_history(kafka: str, prefix: str, seed: int) -> dict[str, list[Any]]:
    events = list(generate(seed, Scope.province("40", workers=80)))
    async with Publisher(kafka, prefix) as publisher:
        await publisher.publish(with_bad_records(events, list(bad_records(seed, 2)), 300))
    return await read_topics(kafka, sorted({prefix + t.value for t in Topic}))


async def test_every_view_rebuilt_by_partition_equals_the_fold_of_its_events(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    prefix = f"{unique}."
    records = await publish_history(kafka_bootstrap, prefix, seed=21)
    options = client_options(ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap))
    for spec in view_specs(prefix):
        database = store_client[f"{unique}_{spec.service}"]
        result = await rebuild_view(database, subscription(spec, prefix), options, switch=False)
        assert result.method == BY_PARTITION
        # Records the view never reads are skipped undecoded, so only its own bad ones count.
        expected = expected_views(spec, records, prefix)
        await database.drop_collection(spec.collection)
        await database[result.rebuilt_as].rename(spec.collection)
        check = await check_view(spec, database, expected)
        assert check.ok, (check.label, check.problems)
        assert check.documents == len(expected.states) > 0 or spec.collection == "incidents"


async def test_every_view_rebuilt_in_one_pass_equals_the_fold_of_its_events(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    prefix = f"{unique}."
    records = await publish_history(kafka_bootstrap, prefix, seed=24)
    options = client_options(ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap))
    specs = view_specs(prefix)
    views = [(store_client[f"{unique}_{s.service}"], subscription(s, prefix)) for s in specs]
    # Two processes would each take some partition numbers of one rebuild (the same stamp).
    halves = [
        await rebuild_views(views, options, stamp="s", switch=False, partition_numbers=numbers)
        for numbers in ([0, 2], [1])
    ]
    for place, spec in enumerate(specs):
        first, second = halves[0][place], halves[1][place]
        assert first.method == second.method == BY_PARTITION
        database = views[place][0]
        expected = expected_views(spec, records, prefix)
        assert first.events + second.events == sum(len(records[prefix + t]) for t in spec.topics)
        await database.drop_collection(spec.collection)
        await database[first.rebuilt_as].rename(spec.collection)
        check = await check_view(spec, database, expected)
        assert check.ok, (check.label, check.problems)
        assert first.documents is not None
        assert second.documents is not None
        assert first.documents + second.documents == len(expected.states)


async def test_topics_partitioned_differently_are_rebuilt_in_topic_order(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    prefix = f"{unique}."
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:  # one topic with a partition count of its own, made before the publisher makes it
        await admin.create_topics([NewTopic(prefix + Topic.TRAINING.value, 2, 1)])
    finally:
        await admin.close()
    records = await publish_history(kafka_bootstrap, prefix, seed=22)
    options = client_options(ServiceSettings(kafka_bootstrap_servers=kafka_bootstrap))
    spec = next(s for s in view_specs(prefix) if s.label == "deployment.candidates")
    database = store_client[f"{unique}_deployment"]
    result = await rebuild_view(database, subscription(spec, prefix), options, switch=False)
    assert result.method == IN_TOPIC_ORDER
    await database[result.rebuilt_as].rename(spec.collection)
    check = await check_view(spec, database, expected_views(spec, records, prefix))
    assert check.ok, (check.label, check.problems)


async def test_a_fold_in_memory_holds_what_the_store_holds_after_the_same_writes(
    kafka_bootstrap: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    prefix = f"{unique}."
    records = await publish_history(kafka_bootstrap, prefix, seed=23)
    spec = next(s for s in view_specs(prefix) if s.label == "deployment.candidates")
    mine = [r for t in spec.topics for r in records[prefix + t]]
    halves = (mine[: len(mine) // 2], mine[len(mine) // 2 :])  # inserts, then updates
    collection = store_client[f"{unique}_deployment"]["candidates"]
    projection = Echoing(spec.projection)
    stored = EventConsumer(projection, collection, cast(Any, None), group_id="g", source="t")
    in_memory = EventConsumer(projection, collection, cast(Any, None), group_id="g", source="t")
    # Half the follow-ups count as published long ago, as in a rebuild behind a live service.
    for consumer in (stored, in_memory):
        consumer.already_published = lambda event: event.record.offset % 2 == 0
    documents: dict[str, dict[str, Any]] = {}
    for half in halves:
        await stored.fold(half)
        in_memory.fold_in_memory(half, documents)
    held = {d["_id"]: d async for d in collection.find({})}
    assert len(held) == len(documents) > 40
    for view_id, document in documents.items():
        assert _comparable(held[view_id]) == _comparable(document), view_id
    assert any(d["follow_ups"] for d in documents.values())  # the kept follow-ups compared too
    assert any(d["version"] > 1 for d in documents.values())


class Echoing:
    """A projection that also emits a follow-up for every event, so outboxes fill."""

    name = "echoing"

    def __init__(self, inner: Projection) -> None:
        self.inner = inner
        self.output_topic = inner.output_topic

    def view_id(self, event: ReceivedEvent) -> str | None:
        return self.inner.view_id(event)

    def apply(self, state: dict[str, Any] | None, event: ReceivedEvent) -> ViewChange:
        return ViewChange(self.inner.apply(state, event).state, [event.payload])


WRITERS_MARKS = ("write_token", "write_marks")
"""What each writer leaves to know its own writes (a fresh token per fold, and the store
adapter's marks): not part of what the view holds."""


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    # Follow-ups are stamped with the time they were made: the two folds made them apart.
    kept = [
        {**e, "event": {k: v for k, v in json.loads(e["event"]).items() if k != "time"}}
        for e in document.get("follow_ups", [])
    ]
    held = {k: v for k, v in document.items() if k not in WRITERS_MARKS}
    return {**held, "follow_ups": kept}


def test_each_projection_declares_every_event_type_it_reads() -> None:
    # A type missing from ``event_types`` would be skipped by a rebuild: the view would differ.
    events = list(generate(24, Scope.country(workers=300)))
    for spec in view_specs():
        declared = spec.projection.event_types  # type: ignore[attr-defined]
        read = {
            e.type
            for e in events
            if spec.projection.view_id(ReceivedEvent(e, decode_payload(e), cast(Any, None)))
        }
        assert read, spec.label
        assert read <= declared, (spec.label, read - declared)
