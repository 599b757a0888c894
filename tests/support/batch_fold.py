"""A projection's batch fold (the consumer's fast path) set beside applying one event at a
time, over a generated history in a shuffled order and batches of random sizes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from shared.consumer import ProjectionError, ReceivedEvent
from shared.events.envelope import decode_payload, from_kafka, to_kafka
from shared.store import Document
from tools.generator import Scope, generate


def received(seed: int, workers: int) -> list[ReceivedEvent]:
    """A generated province's events, as a consumer receives them from Kafka."""
    events = []
    for envelope in generate(seed, Scope.province("14", workers=workers)):
        _, value, headers = to_kafka(envelope)
        read = from_kafka(value, headers)
        events.append(ReceivedEvent(read, decode_payload(read), None))
    return events


@dataclass
class BothWays:
    """Each worker's view folded one event at a time and batch by batch."""

    one_by_one: dict[str, Document] = field(default_factory=dict)
    batched: dict[str, Document] = field(default_factory=dict)
    emitted: set[str] = field(default_factory=set)
    """Workers an event of whose asked for a follow-up."""
    refused: set[str] = field(default_factory=set)
    """Workers a batch of whose ``apply_all`` left to one by one (``ProjectionError``)."""


def fold_both_ways(projection: Any, seed: int = 3, workers: int = 60) -> BothWays:
    """Folds the history of ``workers`` workers both ways, as the consumer does: a batch
    ``apply_all`` refuses is applied one event at a time."""
    events = [e for e in received(seed, workers) if projection.view_id(e)]
    rng = random.Random(5)
    rng.shuffle(events)  # arrival order is any order
    both = BothWays()
    for event in events:
        worker = str(projection.view_id(event))
        change = projection.apply(both.one_by_one.get(worker), event)
        both.one_by_one[worker] = change.state
        if change.emit:
            both.emitted.add(worker)
    start = 0
    while start < len(events):
        size = rng.randint(1, 300)
        by_worker: dict[str, list[ReceivedEvent]] = {}
        for event in events[start : start + size]:
            by_worker.setdefault(str(projection.view_id(event)), []).append(event)
        for worker, batch in by_worker.items():
            try:
                both.batched[worker] = projection.apply_all(both.batched.get(worker), batch)
            except ProjectionError:
                both.refused.add(worker)
                for event in batch:
                    both.batched[worker] = projection.apply(both.batched.get(worker), event).state
        start += size
    return both
