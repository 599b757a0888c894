"""Training's event subscribers: intake's events folded into the trainees view."""

from __future__ import annotations

from collections.abc import Mapping

from services.training.domain import (
    INTAKE_EVENTS,
    MARKET_REQUIREMENTS,
    ForeignEventError,
    Requirement,
    TrainingRecord,
    announce_readiness,
    project_candidate,
)
from services.training.store import TRAINEES, trainee_of, trainee_state
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange, types_of
from shared.contracts.common import Market
from shared.events.topics import Topic
from shared.store import Document

CANDIDATES = TRAINEES


class CandidateProjection:
    """Who may enrol, from intake's events; a withdrawal revokes the markets announced.

    The view converges whatever the arrival order (see ``domain.candidates``). Intake's other
    events (consultations, loans) are not training's business and are skipped.
    A merged (duplicate) record stops being a candidate; moving its training to the survivor
    is left to staff (see docs/training.md).
    """

    name = "candidates"
    event_types = types_of(*INTAKE_EVENTS)

    def __init__(
        self,
        topic_prefix: str = "",
        table: Mapping[Market, tuple[Requirement, ...]] = MARKET_REQUIREMENTS,
    ) -> None:
        self.output_topic = topic_prefix + Topic.TRAINING
        self.table = table

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the worker the event is about, or None for events training does not read."""
        if isinstance(event.payload, INTAKE_EVENTS):
            return event.envelope.subject
        return None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the trainee with the event applied, and the readiness changes it causes."""
        payload = event.payload
        if not isinstance(payload, INTAKE_EVENTS):
            raise ProjectionError(f"training does not read {event.envelope.type}")
        if state is None:
            candidate, record = None, TrainingRecord(worker_id=event.envelope.subject)
        else:
            candidate, record = trainee_of(state)
        try:
            candidate = project_candidate(
                candidate,
                payload,
                event_id=event.envelope.id,
                sequence=event.envelope.sequence,
                time=event.envelope.time,
            )
        except ForeignEventError as exc:
            raise ProjectionError(str(exc)) from None
        if candidate.worker_id != record.worker_id:
            raise ProjectionError(f"event {event.envelope.id}: subject is not its worker")
        outcome = announce_readiness(record, candidate, now=event.envelope.time, table=self.table)
        # Keep what the API keeps in the document (its write ids) beside the view.
        view = {**(state or {}), **trainee_state(candidate, outcome.record)}
        return ViewChange(view, emit=list(outcome.events))
