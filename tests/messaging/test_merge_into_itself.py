"""A worker merged into itself, heard from the topic: every projection that moves a merged
record's history refuses it (dead-lettered with the reason) instead of moving the history from
the record to itself, hearing the move, and moving it again without end."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import Any, Protocol

import pytest

from services.aftercare.handlers import CaseProjection
from services.deployment.handlers import CandidateProjection as DeploymentCandidates
from services.training.handlers import CandidateProjection as TrainingCandidates
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.contracts.aftercare import CaseRecordsMoved
from shared.contracts.deployment import DeploymentRecordsMoved
from shared.contracts.intake import WorkerMerged
from shared.contracts.training import TrainingRecordsMoved
from shared.events.catalogue import EventPayload
from shared.events.envelope import decode_payload, new_event
from tests.aftercare.builders import T0, departed, registered
from tests.aftercare.builders import WORKER as W

DAY = timedelta(days=1)


class Projection(Protocol):
    def apply(self, state: Any, event: ReceivedEvent) -> ViewChange: ...


def received(payload: EventPayload, source: str, sequence: int) -> ReceivedEvent:
    envelope = new_event(payload, event_id=f"e-{sequence}", subject=W, sequence=sequence,
                         source=source, time=T0 + sequence * DAY, correlation_id="c")  # fmt: skip
    record: Any = None  # the projection never reads the Kafka record
    return ReceivedEvent(envelope, decode_payload(envelope), record)


def history(projection: Projection) -> Any:
    """The worker registered and abroad, as the projection holds them."""
    state: Any = None
    for n, item in enumerate((registered(W, T0), departed(W, T0 + DAY)), start=1):
        payload = item.payload()
        assert payload is not None
        event = received(payload, item.source, n)
        with contextlib.suppress(ProjectionError):  # training does not read departures
            state = projection.apply(state, event).state
    return state


SELF_MERGE = WorkerMerged(worker_id=W, survivor_id=W, review_id="r-1", merged_at=T0 + 3 * DAY)
PROJECTIONS: list[tuple[str, Projection, EventPayload]] = [
    ("training", TrainingCandidates(),
     TrainingRecordsMoved(worker_id=W, survivor_id=W, enrolments=[], assessments=[])),
    ("deployment", DeploymentCandidates(),
     DeploymentRecordsMoved(worker_id=W, survivor_id=W, abroad={})),
    ("aftercare", CaseProjection(), CaseRecordsMoved(worker_id=W, survivor_id=W, entries=[])),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "projection", "move"), PROJECTIONS, ids=[p[0] for p in PROJECTIONS]
)
def test_a_merge_or_a_move_into_the_worker_itself_is_refused_naming_the_survivor(
    source: str, projection: Projection, move: EventPayload
) -> None:
    state = history(projection)
    with pytest.raises(
        ProjectionError, match=re.escape("worker.merged: survivor_id is the worker itself")
    ):
        projection.apply(state, received(SELF_MERGE, "intake", 3))
    with pytest.raises(ProjectionError, match=re.escape(f"{move.event_type}: survivor_id")):
        projection.apply(state, received(move, source, 4))
