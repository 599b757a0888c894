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
from shared.merges import onward_trail, refused_merge, refused_move
from shared.privacy.erasure_pass import erasure_mark
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
        before = store.candidate_of(state) if state else None
        # A merge round a cycle would move the records round it, and on, forever.
        refused = None
        if isinstance(payload, WorkerMerged):
            merged_in = before.merged_from if before else []
            refused = refused_merge(
                payload.worker_id, payload.survivor_id, merged_in, event.envelope.source
            )
        elif isinstance(payload, DeploymentRecordsMoved):
            refused = refused_move(payload.worker_id, payload.survivor_id, payload.trail)
        if refused is not None:
            raise ProjectionError(f"{event.envelope.type}: {refused}")
        worker_id = self.view_id(event)
        assert worker_id is not None
        emit: list[EventPayload] = []
        trail: list[str] = []
        if isinstance(payload, DeploymentRecordsMoved):
            after = moved_in(before or Candidate(worker_id=worker_id), payload)
            trail = onward_trail(payload.trail, payload.worker_id)
        else:
            try:
                after = apply_candidate_event(before, worker_id, payload, event.envelope.sequence)
            except NotACandidateEventError as exc:
                raise ProjectionError(str(exc)) from None
            if isinstance(payload, ContractExtended | WorkerDeparted):
                change = contract_end_change(before, after, payload.placement_id)
                if change is not None:
                    emit.append(change)
        after, move = moved_away(after, trail)
        emit += [move] if move is not None else []
        erasure = erasure_mark(after.erased)
        view = {**(state or {}), **store.candidate_state(after), **erasure}
        return ViewChange(view, emit)

    def apply_all(self, state: Document | None, events: list[ReceivedEvent]) -> Document:
        """Folds a batch's events of one worker at once: the candidate read and written once,
        the same result as ``apply`` one by one (the consumer's fast path; see
        shared/consumer). A merge, a move, or an event with a follow-up (a contract end
        moved) is refused here: those batches are applied one by one."""
        candidate = store.candidate_of(state) if state else None
        for event in events:
            payload = event.payload
            if isinstance(payload, WorkerMerged | DeploymentRecordsMoved):
                raise ProjectionError("a merge moves records: applied one by one")
            worker_id = self.view_id(event)
            assert worker_id is not None
            try:
                after = apply_candidate_event(
                    candidate, worker_id, payload, event.envelope.sequence
                )
            except NotACandidateEventError as exc:
                raise ProjectionError(str(exc)) from None
            if isinstance(payload, ContractExtended | WorkerDeparted) and (
                contract_end_change(candidate, after, payload.placement_id) is not None
            ):
                raise ProjectionError("a contract end moved: applied one by one")
            if after.merged_into is not None:
                raise ProjectionError("a merged record moves its time abroad: one by one")
            candidate = after
        assert candidate is not None, "no events"
        erasure = erasure_mark(candidate.erased)
        return {**(state or {}), **store.candidate_state(candidate), **erasure}
