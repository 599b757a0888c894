"""Training's batch fold (the consumer's fast path) gives what applying one by one gives,
and leaves to one by one the batches with a follow-up."""

from __future__ import annotations

import random

from services.training.handlers import CandidateProjection
from shared.consumer import ProjectionError, ReceivedEvent
from shared.events.envelope import decode_payload, from_kafka, to_kafka
from shared.store import Document
from tools.generator import Scope, generate


def _received(seed: int) -> list[ReceivedEvent]:
    events = []
    for envelope in generate(seed, Scope.province("14", workers=60)):
        _, value, headers = to_kafka(envelope)
        read = from_kafka(value, headers)
        events.append(ReceivedEvent(read, decode_payload(read), None))
    return events


def test_folding_a_batch_at_once_equals_applying_each_event() -> None:
    projection = CandidateProjection()
    events = [e for e in _received(3) if projection.view_id(e)]
    rng = random.Random(5)
    rng.shuffle(events)  # arrival order is any order
    one_by_one: dict[str, Document] = {}
    emitted: set[str] = set()
    for event in events:
        worker = str(projection.view_id(event))
        change = projection.apply(one_by_one.get(worker), event)
        one_by_one[worker] = change.state
        if change.emit:
            emitted.add(worker)
    batched: dict[str, Document] = {}
    refused: set[str] = set()
    start = 0
    while start < len(events):
        size = rng.randint(1, 300)
        by_worker: dict[str, list[ReceivedEvent]] = {}
        for event in events[start : start + size]:
            by_worker.setdefault(str(projection.view_id(event)), []).append(event)
        for worker, batch in by_worker.items():
            try:
                batched[worker] = projection.apply_all(batched.get(worker), batch)
            except ProjectionError:  # as the consumer does: one by one
                refused.add(worker)
                for event in batch:
                    batched[worker] = projection.apply(batched.get(worker), event).state
        start += size
    assert batched == one_by_one
    assert len(batched) == 60
    assert emitted <= refused  # a follow-up is never folded away
    assert len(refused) < len(batched)
