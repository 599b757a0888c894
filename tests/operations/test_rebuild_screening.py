"""A rebuild screens each record once for all the views that read it: a dead letter replayed
for one consumer group is folded by that group's view alone, and an event on another type's
topic is refused by every view that reads the topic, as each live consumer refuses it."""

from __future__ import annotations

import json
from typing import Any, cast

from aiokafka import ConsumerRecord

from shared.consumer import ReceivedEvent, ViewChange
from shared.events.topics import Topic
from shared.rebuild import Subscription, _fold_held, _folder, _View
from shared.replays import REPLAY_GROUP_HEADER
from tests.messaging.hostile import headers_of, samples


class Counting:
    """Counts the events of each worker, by type."""

    name = "counting"
    output_topic = "none"

    def view_id(self, event: ReceivedEvent) -> str | None:
        return str(event.envelope.subject)

    def apply(self, state: dict[str, Any] | None, event: ReceivedEvent) -> ViewChange:
        types = list((state or {}).get("types", []))
        return ViewChange({"types": [*types, event.envelope.type]})


def _record(topic: Topic, offset: int, event_type: str, headers: list[tuple[str, bytes]]) -> Any:
    value = json.dumps({**samples()[event_type], "worker_id": "w-1"}).encode()
    return ConsumerRecord(
        f"p.{topic.value}", 0, offset, 0, 0, b"w-1", value, None, 3, len(value), headers
    )


def _view(group_id: str) -> _View:
    subscription = Subscription(Counting(), [f"p.{t.value}" for t in Topic], "c", group_id, "t")
    return _View(cast(Any, None), subscription, "s", _folder(subscription, cast(Any, None)))


def test_a_replayed_dead_letter_and_an_event_on_another_topic_are_screened_per_view() -> None:
    registered = headers_of("worker.registered", "e-1", "w-1")
    replayed = [*headers_of("worker.departed", "e-2", "w-1"), (REPLAY_GROUP_HEADER, b"g-a")]
    forged = headers_of("worker.departed", "e-3", "w-1")  # deployment's type on intake's topic
    records = [
        _record(Topic.INTAKE, 0, "worker.registered", registered),
        _record(Topic.DEPLOYMENT, 0, "worker.departed", replayed),
        _record(Topic.INTAKE, 1, "worker.departed", forged),
    ]
    views = [_view("g-a"), _view("g-b")]
    _fold_held(views, {b"w-1": [(record, (0, 1)) for record in records]})
    mine, theirs = (view.documents["w-1"]["types"] for view in views)
    assert mine == ["worker.registered", "worker.departed"]
    assert theirs == ["worker.registered"]
    assert [view.unappliable for view in views] == [1, 1]  # the forged one, for each view
