"""Merges round a cycle, heard from the topic (A into B and B into A, or A into B, B into C
and C into A): every projection that moves a merged record's history stops the moves with a
dead-letter naming the cycle, after a bounded number of moves, instead of sending the
history round the cycle without end."""

from __future__ import annotations

import contextlib
import itertools
from collections import deque
from datetime import date, timedelta
from typing import Any, Protocol

import pytest

from services.aftercare.handlers import CaseProjection
from services.deployment.handlers import CandidateProjection as DeploymentCandidates
from services.training.domain import Assessment, CandidateView, TrainingRecord
from services.training.handlers import CandidateProjection as TrainingCandidates
from services.training.store import trainee_state
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.contracts.aftercare import CaseRecordsMoved
from shared.contracts.deployment import DeploymentRecordsMoved
from shared.contracts.intake import WorkerMerged
from shared.contracts.training import AssessmentKind, TrainingRecordsMoved
from shared.events.catalogue import EventPayload
from shared.events.envelope import decode_payload, new_event
from shared.merges import MAX_TRAIL, refused_move
from tests.aftercare.builders import T0, departed, registered

MOVES = (CaseRecordsMoved, DeploymentRecordsMoved, TrainingRecordsMoved)
MOST_MOVES = 8
_sequences = itertools.count(1)


class Projection(Protocol):
    def view_id(self, event: ReceivedEvent) -> str | None: ...
    def apply(self, state: Any, event: ReceivedEvent) -> ViewChange: ...


def received(payload: EventPayload, source: str) -> ReceivedEvent:
    n = next(_sequences)
    envelope = new_event(payload, event_id=f"e-{n}", subject=payload.model_dump()["worker_id"],
                         sequence=n, source=source, time=T0 + n * timedelta(hours=1),
                         correlation_id="c")  # fmt: skip
    record: Any = None  # the projection never reads the Kafka record
    return ReceivedEvent(envelope, decode_payload(envelope), record)


def abroad(projection: Projection, worker: str) -> Any:
    """The worker registered and abroad, as the projection holds them."""
    state: Any = None
    for item in (registered(worker, T0), departed(worker, T0, placement_id=f"p-{worker}")):
        payload = item.payload()
        assert payload is not None
        with contextlib.suppress(ProjectionError):  # training does not read departures
            state = projection.apply(state, received(payload, item.source)).state
    return state


def assessed(projection: Projection, worker: str) -> Any:
    """The worker with one assessment on their training record."""
    assessment = Assessment(assessment_id=f"a-{worker}", kind=AssessmentKind.PROGRESS,
                            assessor="Trung tâm Sơn La", score=70, max_score=100, pass_mark=60,
                            assessed_on=date(2026, 1, 4), recorded_at=T0)  # fmt: skip
    record = TrainingRecord(worker_id=worker, assessments=(assessment,))
    return trainee_state(CandidateView(worker_id=worker), record)


PROJECTIONS = [
    ("training", TrainingCandidates, assessed),
    ("deployment", DeploymentCandidates, abroad),
    ("aftercare", CaseProjection, abroad),
]


class Bus:
    """One projection's views, its events delivered in order, as its consumer would."""

    def __init__(self, projection: Projection, seed: Any, workers: str) -> None:
        self.projection = projection
        self.views = {worker: seed(projection, worker) for worker in workers}
        self.queue: deque[tuple[EventPayload, str]] = deque()
        self.moves: list[EventPayload] = []
        self.dead_letters: list[str] = []

    def merge(self, worker: str, survivor: str) -> None:
        merged = WorkerMerged(worker_id=worker, survivor_id=survivor, review_id=f"r-{worker}",
                              merged_at=T0 + timedelta(days=1))  # fmt: skip
        self.queue.append((merged, "intake"))

    def settle(self) -> None:
        while self.queue and len(self.moves) <= MOST_MOVES:
            event = received(*self.queue.popleft())
            view = self.projection.view_id(event)
            assert view is not None
            try:
                change = self.projection.apply(self.views.get(view), event)
            except ProjectionError as exc:
                self.dead_letters.append(str(exc))
                continue
            self.views[view] = change.state
            for emitted in change.emit:
                if isinstance(emitted, MOVES):
                    self.moves.append(emitted)
                    self.queue.append((emitted, event.envelope.source))


def moves_stop(bus: Bus, cycle: str) -> None:
    assert not bus.queue, f"{len(bus.moves)} moves and still moving"
    assert any(cycle in reason for reason in bus.dead_letters), bus.dead_letters
    assert all("cycle of merges" in reason for reason in bus.dead_letters), bus.dead_letters


@pytest.mark.parametrize(
    ("name", "projection", "seed"), PROJECTIONS, ids=[p[0] for p in PROJECTIONS]
)
def test_two_records_merged_into_each_other_stop_moving(
    name: str, projection: type[Projection], seed: Any
) -> None:
    at_once = Bus(projection(), seed, "AB")  # both merges heard before either move
    at_once.merge("A", "B")
    at_once.merge("B", "A")
    at_once.settle()
    moves_stop(at_once, "cycle of merges: A -> B -> A")

    one_then_other = Bus(projection(), seed, "AB")  # the second merge after the first moved
    one_then_other.merge("A", "B")
    one_then_other.settle()
    one_then_other.merge("B", "A")
    one_then_other.settle()
    assert len(one_then_other.moves) == 1
    assert one_then_other.dead_letters == ["worker.merged: cycle of merges: A was merged into B"]


@pytest.mark.parametrize(
    ("name", "projection", "seed"), PROJECTIONS, ids=[p[0] for p in PROJECTIONS]
)
def test_three_records_merged_round_a_cycle_stop_moving(
    name: str, projection: type[Projection], seed: Any
) -> None:
    bus = Bus(projection(), seed, "ABC")
    for worker, survivor in ("AB", "BC", "CA"):
        bus.merge(worker, survivor)
        bus.settle()
    moves_stop(bus, "cycle of merges: ")
    assert len(bus.moves) <= MOST_MOVES


def test_a_move_through_too_many_records_is_refused() -> None:
    trail = [f"w-{n}" for n in range(MAX_TRAIL)]
    assert refused_move("w-x", "w-y", trail[:-1]) is None
    assert f"more than {MAX_TRAIL} records" in (refused_move("w-x", "w-y", trail) or "")


@pytest.mark.parametrize(
    ("name", "projection", "seed"), PROJECTIONS, ids=[p[0] for p in PROJECTIONS]
)
def test_a_merge_not_from_intake_is_refused_naming_its_source(
    name: str, projection: type[Projection], seed: Any
) -> None:
    """A worker.merged from any other producer would move a record's history: each service
    refuses it with a reason (the dead-letter topic) and applies intake's own."""
    view = projection()
    state = seed(view, "w-a")
    merged = WorkerMerged(worker_id="w-a", survivor_id="w-b", review_id="r-a",
                          merged_at=T0 + timedelta(days=1))  # fmt: skip
    with pytest.raises(ProjectionError, match="source 'deployment' is not 'intake'"):
        view.apply(state, received(merged, "deployment"))
    change = view.apply(state, received(merged, "intake"))
    assert [type(e) for e in change.emit] == [m for m in MOVES if m.__module__.endswith(name)]
