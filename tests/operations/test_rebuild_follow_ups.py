"""The rebuild core (shared.rebuild) does not publish again the follow-ups already published."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from shared.consumer import ReceivedEvent, ViewChange
from shared.events.catalogue import CATALOGUE
from shared.events.topics import Topic
from shared.rebuild import Progress, Subscription, rebuild_view
from shared.store import Document
from tests.operations.support import SAMPLES, eventually, publish, registered, started
from tests.support.kafka import read_topic


class Announcements:
    """A view that announces every registration with a follow-up event."""

    name = "announcements"

    def __init__(self, prefix: str) -> None:
        self.output_topic = prefix + Topic.TRAINING
        sample = json.loads((SAMPLES / "worker.enrolled.v1.json").read_text())
        self.template = sample["data"]

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject if event.envelope.type == "worker.registered" else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        data = copy.deepcopy(self.template)
        data["worker_id"] = event.envelope.subject
        follow_up = CATALOGUE.spec("worker.enrolled", 1).payload.model_validate(data)
        return ViewChange({"announced": True}, emit=[follow_up])


async def test_rebuild_does_not_produce_published_follow_ups_again(
    kafka_bootstrap, mongodb_url, unique, store_client
):
    projection = Announcements(f"{unique}.")
    runtime = await started(unique, kafka_bootstrap, mongodb_url, projection)
    output = f"{unique}.{Topic.TRAINING}"
    database = store_client[f"{unique}_ops"]
    try:
        await publish(
            kafka_bootstrap,
            f"{unique}.{Topic.INTAKE}",
            [registered(str(uuid.uuid4())) for _ in range(20)],
        )
        await read_topic(kafka_bootstrap, output, until=lambda r: len(r) >= 20)

        async def committed_and_sent() -> bool:
            pending = await database["registrations"].count_documents({"outbox_pending": True})
            applied = runtime.consumers[0].status.applied
            return pending == 0 and applied == 20

        await eventually(committed_and_sent, what="view applied and follow-ups sent")
        await eventually(lambda: _group_committed(runtime, 20), what="offsets committed")
        metrics = runtime.consumers[0].metrics  # the consumer produces its follow-ups
        produced = metrics.registry.get_sample_value(
            "homeward_events_produced_total",
            {"service": metrics.service, "topic": output, "type": "worker.enrolled"},
        )
        assert produced == 20

        seen: list[Progress] = []
        subscription = Subscription(
            projection,
            [f"{unique}.{Topic.INTAKE}"],
            "registrations",
            runtime.consumers[0].group_id,
            "ops",
        )
        result = await rebuild_view(
            runtime.database,
            subscription,
            {"bootstrap_servers": kafka_bootstrap},
            batch_size=7,
            on_progress=seen.append,
        )
        assert result.events == 20
        assert result.documents == 20
        assert seen[-1].done == 20
        rebuilt = await database["registrations"].find().to_list(None)
        assert len(rebuilt) == 20
        assert all(d["event_seq"] == 1 for d in rebuilt)  # the sequence the follow-up took
        assert not any(d["outbox_pending"] or d["follow_ups"] for d in rebuilt)

        marker = registered(str(uuid.uuid4()))
        await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", [marker])
        records = await read_topic(
            kafka_bootstrap,
            output,
            until=lambda r: any(
                dict(x.headers)["ce_subject"] == marker.subject.encode() for x in r
            ),
        )
        assert len(records) == 21  # the marker's follow-up, and no second copy of the others
    finally:
        await runtime.stop()


async def _group_committed(runtime: Any, expected: int) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=runtime.settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(runtime.consumers[0].group_id)
    finally:
        await admin.close()
    return sum(meta.offset for meta in offsets.values() if meta.offset > 0) == expected
