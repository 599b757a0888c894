"""The facts projection, pure: a worker's document is the same, byte for byte, whatever the
order and grouping in which the worker's events arrive, and holds every province the worker's
record ever named."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from aiokafka import ConsumerRecord
from hypothesis import given, settings
from hypothesis import strategies as st

from services.reporting import store
from services.reporting.domain.facts import FactKind, fact_of
from services.reporting.handlers import FactProjection
from shared.consumer import ProjectionError, ReceivedEvent
from shared.contracts.intake import WorkerMerged
from shared.events.envelope import decode_payload, new_event
from shared.store import Document
from tests.reporting.history import COUNTED_TYPES, PROVINCE, events_of, generate

SEED = 31
EVENTS = [e for e in events_of(generate(SEED, workers=30), SEED) if e.type in COUNTED_TYPES]
RECEIVED_MS = 1_760_000_000_000
PROJECTION = FactProjection()


def received(index: int) -> ReceivedEvent:
    """The event as the consumer hands it over: its record arrived ``index`` seconds apart."""
    envelope = EVENTS[index]
    record: ConsumerRecord[bytes, bytes] = ConsumerRecord(
        "homeward.intake.events", 0, index, RECEIVED_MS + 1000 * index, 0, b"", b"", None, 0, 0, []
    )
    return ReceivedEvent(envelope, decode_payload(envelope), record)


BY_WORKER: dict[str, list[int]] = defaultdict(list)
for _index, _event in enumerate(EVENTS):
    BY_WORKER[_event.subject].append(_index)


def fold_one_by_one(indexes: list[int]) -> Document | None:
    state: Document | None = None
    for index in indexes:
        state = PROJECTION.apply(state, received(index)).state
    return state


@settings(max_examples=25)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=4))
def test_a_workers_document_does_not_depend_on_arrival(rng: random.Random, groups: int) -> None:
    for worker_id, indexes in BY_WORKER.items():
        assert PROJECTION.view_id(received(indexes[0])) == worker_id
        whole = PROJECTION.apply_all(None, [received(i) for i in indexes])
        shuffled = [*indexes, *rng.choices(indexes, k=2)]  # an event delivered again
        rng.shuffle(shuffled)
        assert fold_one_by_one(shuffled) == whole
        # In a few batches, each folded at once onto what the last one left.
        state: Document | None = None
        cut = sorted(rng.sample(range(len(shuffled) + 1), min(groups, len(shuffled) + 1)))
        for start, end in zip([0, *cut], [*cut, len(shuffled)], strict=True):
            if shuffled[start:end]:
                state = PROJECTION.apply_all(state, [received(i) for i in shuffled[start:end]])
        assert state == whole


def test_a_workers_document_holds_their_facts_and_every_province_named() -> None:
    for worker_id, indexes in BY_WORKER.items():
        document = PROJECTION.apply_all(None, [received(i) for i in indexes])
        facts = store.worker_facts(document)
        expected = [
            fact_of(EVENTS[i], decode_payload(EVENTS[i]), moment(i))
            for i in sorted(indexes, key=lambda i: EVENTS[i].id)
        ]
        assert facts == expected
        assert all(f.worker_id == worker_id for f in facts)
        assert document["fact_count"] == len(indexes)
        provinces = {f.province_code for f in facts if f.province_code}
        assert document["province_codes"] == sorted(provinces)
        assert PROVINCE in provinces or provinces == {"51"}


def moment(index: int) -> datetime:
    return datetime.fromtimestamp((RECEIVED_MS + 1000 * index) / 1000, UTC)


def test_a_merge_not_from_intake_is_refused_naming_its_source() -> None:
    """Only intake's approvals merge records: a worker.merged from another producer, or of a
    record into itself, would drop a registration from every figure; it is dead-lettered."""
    record: ConsumerRecord[bytes, bytes] = ConsumerRecord(
        "homeward.intake.events", 0, 0, RECEIVED_MS, 0, b"", b"", None, 0, 0, []
    )

    def heard(source: str, survivor_id: str = "w-b") -> ReceivedEvent:
        merged = WorkerMerged(worker_id="w-a", survivor_id=survivor_id, review_id="r-a",
                              merged_at=datetime(2026, 3, 2, tzinfo=UTC))  # fmt: skip
        envelope = new_event(merged, event_id=f"e-{source}-{survivor_id}", subject="w-a",
                             sequence=1, source=source, time=merged.merged_at,
                             correlation_id="c")  # fmt: skip
        return ReceivedEvent(envelope, decode_payload(envelope), record)

    with pytest.raises(ProjectionError, match="source 'deployment' is not 'intake'"):
        PROJECTION.apply(None, heard("deployment"))
    with pytest.raises(ProjectionError, match="survivor_id is the worker itself"):
        PROJECTION.apply(None, heard("intake", survivor_id="w-a"))
    state = PROJECTION.apply(None, heard("intake")).state
    assert [f.kind for f in store.worker_facts(state)] == [FactKind.MERGED]
