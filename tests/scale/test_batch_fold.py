"""Aftercare's batch fold (the consumer's fast path) gives what applying one by one gives."""

from __future__ import annotations

import random

from services.aftercare.handlers import CaseProjection
from shared.consumer import ReceivedEvent
from shared.events.envelope import decode_payload, from_kafka, to_kafka
from shared.store import Document
from tools.generator import Scope, generate


def _received(seed: int) -> list[ReceivedEvent]:
    events = []
    for envelope in generate(seed, Scope.province("14", workers=40)):
        _, value, headers = to_kafka(envelope)
        read = from_kafka(value, headers)
        events.append(ReceivedEvent(read, decode_payload(read), None))
    return events


def test_folding_a_batch_at_once_equals_applying_each_event() -> None:
    projection = CaseProjection()
    events = [e for e in _received(3) if projection.view_id(e)]
    rng = random.Random(5)
    rng.shuffle(events)  # arrival order is any order
    one_by_one: dict[str, Document] = {}
    for event in events:
        worker = projection.view_id(event)
        assert worker is not None
        one_by_one[worker] = projection.apply(one_by_one.get(worker), event).state
    batched: dict[str, Document] = {}
    start = 0
    while start < len(events):
        size = rng.randint(1, 300)
        by_worker: dict[str, list[ReceivedEvent]] = {}
        for event in events[start : start + size]:
            by_worker.setdefault(str(projection.view_id(event)), []).append(event)
        for worker, batch in by_worker.items():
            batched[worker] = projection.apply_all(batched.get(worker), batch)
        start += size
    assert batched == one_by_one
    assert len(batched) == 40
