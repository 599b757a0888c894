"""Deployment's event subscribers: other services' worker events folded into the candidates view."""

from __future__ import annotations

from services.deployment import store
from services.deployment.domain import (
    CANDIDATE_EVENTS,
    Candidate,
    NotACandidateEventError,
    apply_candidate_event,
    contract_end_change,
)
from services.deployment.domain.moves import moved_away, moved_in
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange, types_of
from shared.contracts.aftercare import ContractExtended
from shared.contracts.deployment import DeploymentRecordsMoved, WorkerDeparted
from shared.contracts.intake import WorkerMerged
from shared.events.catalogue import EventPayload
from shared.events.topics import Topic
from shared.store import Document

READS_FROM = (Topic.INTAKE, Topic.TRAINING, Topic.AFTERCARE, Topic.DEPLOYMENT)


class CandidateProjection:
    """Who deployment can place: registration, withdrawal, training per market, departures,
    returns and contract extensions of every worker, from intake, training, aftercare and
    deployment's own ``worker.departed``. Converges whatever the arrival order (see the domain).
    """

    name = "candidates"
    event_types = types_of(*CANDIDATE_EVENTS, DeploymentRecordsMoved)
    personal_fields = frozenset({"full_name", "date_of_birth", "ethnicity"})  # shown; age matched

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.DEPLOYMENT

    def view_id(self, event: ReceivedEvent) -> str | None:
        if isinstance(event.payload, DeploymentRecordsMoved):  # onto the survivor's record
            return event.payload.survivor_id or None
        if not isinstance(event.payload, CANDIDATE_EVENTS):
            return None  # the other events on these topics are not about candidates
        worker_id: str = event.payload.worker_id
        return worker_id

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the candidate with the event folded in. A merged duplicate's time abroad
        moves onto the survivor's record (``deployment.records-moved``)."""
        payload = event.payload
        # A worker merged into itself would move its records to itself, and on, forever.
        if (
            isinstance(payload, WorkerMerged | DeploymentRecordsMoved)
            and payload.survivor_id == payload.worker_id
        ):
            raise ProjectionError(f"{event.envelope.type}: survivor_id is the worker itself")
        before = store.candidate_of(state) if state else None
        worker_id = self.view_id(event)
        assert worker_id is not None
        emit: list[EventPayload] = []
        if isinstance(payload, DeploymentRecordsMoved):
            after = moved_in(before or Candidate(worker_id=worker_id), payload)
        else:
            try:
                after = apply_candidate_event(before, worker_id, payload, event.envelope.sequence)
            except NotACandidateEventError as exc:
                raise ProjectionError(str(exc)) from None
            if isinstance(payload, ContractExtended | WorkerDeparted):
                change = contract_end_change(before, after, payload.placement_id)
                if change is not None:
                    emit.append(change)
        after, move = moved_away(after)
        emit += [move] if move is not None else []
        return ViewChange({**(state or {}), **store.candidate_state(after)}, emit)
