"""Training's event subscribers: intake's events folded into the trainees view (a migrated
case's certificates among them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from services.training.domain import (
    INTAKE_EVENTS,
    MARKET_REQUIREMENTS,
    CandidateView,
    ForeignEventError,
    Requirement,
    TrainingRecord,
    announce_readiness,
    moved_away,
    moved_in,
    project_candidate,
)
from services.training.domain.imported import import_certificates, imported_readiness_time
from services.training.store import TRAINEES, trainee_of, trainee_state
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange, types_of
from shared.contracts.common import Market
from shared.contracts.intake import WorkerCaseImported, WorkerMerged
from shared.contracts.training import TrainingRecordsMoved
from shared.events.catalogue import EventPayload
from shared.events.topics import Topic
from shared.merges import onward_trail, refused_merge, refused_move
from shared.privacy.erasure_pass import erasure_mark
from shared.store import Document

CANDIDATES = TRAINEES
READ = (*INTAKE_EVENTS, WorkerCaseImported)


class CandidateProjection:
    """Who may enrol, from intake's events; a withdrawal revokes the markets announced.

    The view converges whatever the arrival order (see ``domain.candidates``). Intake's other
    events (consultations, loans) are not training's business and are skipped.
    A merged (duplicate) record stops being a candidate, and its enrolments and assessments
    move onto the survivor's record: the duplicate's document emits ``training.records-moved``
    (about the duplicate, naming the survivor), which this projection reads into the
    survivor's document; the survivor's readiness is then decided again.
    """

    name = "candidates"
    event_types = types_of(*READ, TrainingRecordsMoved)
    # The candidates list shows the name and birth date; migrated and moved certificates keep
    # their numbers on the trainee's record.
    personal_fields = frozenset(
        {"full_name", "date_of_birth", "certificates.number", "enrolments.certificate.number"}
    )

    def __init__(
        self,
        topic_prefix: str = "",
        table: Mapping[Market, tuple[Requirement, ...]] = MARKET_REQUIREMENTS,
    ) -> None:
        self.output_topic = topic_prefix + Topic.TRAINING
        self.table = table

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the worker the event is about (a move: the survivor), or None for events
        training does not read."""
        if isinstance(event.payload, TrainingRecordsMoved):
            return event.payload.survivor_id or None
        if isinstance(event.payload, READ):
            return event.envelope.subject
        return None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the trainee with the event applied, and the readiness changes it causes."""
        payload = event.payload
        # A merge round a cycle would move the records round it, and on, forever.
        refused = None
        if isinstance(payload, WorkerMerged):
            merged_in = trainee_of(state)[1].merged_from if state else ()
            refused = refused_merge(
                payload.worker_id, payload.survivor_id, merged_in, event.envelope.source
            )
        elif isinstance(payload, TrainingRecordsMoved):
            refused = refused_move(payload.worker_id, payload.survivor_id, payload.trail)
        if refused is not None:
            raise ProjectionError(f"{event.envelope.type}: {refused}")
        if isinstance(payload, TrainingRecordsMoved):
            return self._moved_in(state, payload, event.envelope.time)
        if not isinstance(payload, READ):
            raise ProjectionError(f"training does not read {event.envelope.type}")
        if state is None:
            candidate, record = None, TrainingRecord(worker_id=event.envelope.subject)
        else:
            candidate, record = trainee_of(state)
        if isinstance(payload, WorkerCaseImported):  # a migrated case's certificates
            if payload.worker_id != record.worker_id:
                raise ProjectionError(f"event {event.envelope.id}: subject is not its worker")
            known = candidate or CandidateView(worker_id=record.worker_id)
            now = imported_readiness_time(payload, event.envelope.time)
            return self._settled(state, known, import_certificates(record, payload), now)
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
        if candidate.erased:
            record = record.without_certificate_numbers()
        return self._settled(state, candidate, record, event.envelope.time)

    def apply_all(self, state: Document | None, events: list[ReceivedEvent]) -> Document:
        """Folds a batch's events of one worker at once: the trainee read and written once,
        the same result as ``apply`` one by one (the consumer's fast path; see
        shared/consumer). A merge, a move, or an event with a follow-up (a readiness
        announced or revoked) is refused here: those batches are applied one by one."""
        if state is None:
            candidate, record = None, TrainingRecord(worker_id=events[0].envelope.subject)
        else:
            candidate, record = trainee_of(state)
        for event in events:
            payload = event.payload
            if isinstance(payload, WorkerMerged | TrainingRecordsMoved):
                raise ProjectionError("a merge moves records: applied one by one")
            if not isinstance(payload, READ):
                raise ProjectionError(f"training does not read {event.envelope.type}")
            now = event.envelope.time
            if isinstance(payload, WorkerCaseImported):
                if payload.worker_id != record.worker_id:
                    raise ProjectionError(f"event {event.envelope.id}: subject is not its worker")
                candidate = candidate or CandidateView(worker_id=record.worker_id)
                record = import_certificates(record, payload)
                now = imported_readiness_time(payload, now)
            else:
                try:
                    candidate = project_candidate(
                        candidate,
                        payload,
                        event_id=event.envelope.id,
                        sequence=event.envelope.sequence,
                        time=now,
                    )
                except ForeignEventError as exc:
                    raise ProjectionError(str(exc)) from None
                if candidate.worker_id != record.worker_id:
                    raise ProjectionError(f"event {event.envelope.id}: subject is not its worker")
                if candidate.erased:
                    record = record.without_certificate_numbers()
            outcome = announce_readiness(record, candidate, now=now, table=self.table)
            record, move = moved_away(outcome.record, candidate)
            if outcome.events or move is not None:
                raise ProjectionError("a follow-up: applied one by one")
        assert candidate is not None, "no events"
        return {
            **(state or {}),
            **trainee_state(candidate, record),
            **erasure_mark(candidate.erased),
        }

    def _moved_in(
        self, state: Document | None, move: TrainingRecordsMoved, now: datetime
    ) -> ViewChange:
        """The survivor's trainee with a duplicate's records added; moved on again if the
        survivor was itself merged since."""
        if state is None:
            candidate = CandidateView(worker_id=move.survivor_id)
            record = TrainingRecord(worker_id=move.survivor_id)
        else:
            candidate, record = trainee_of(state)
        trail = onward_trail(move.trail, move.worker_id)
        return self._settled(state, candidate, moved_in(record, move), now, trail)

    def _settled(
        self,
        state: Document | None,
        candidate: CandidateView,
        record: TrainingRecord,
        now: datetime,
        trail: Sequence[str] = (),
    ) -> ViewChange:
        """The trainee's document with readiness decided, and a merged record's training
        moved away (with the ``trail`` of records it came through)."""
        outcome = announce_readiness(record, candidate, now=now, table=self.table)
        kept, move = moved_away(outcome.record, candidate, trail)
        emit: list[EventPayload] = [*outcome.events, *([move] if move else [])]
        # Keep what the API keeps in the document (its write ids) beside the view.
        view = {
            **(state or {}),
            **trainee_state(candidate, kept),
            **erasure_mark(candidate.erased),
        }
        return ViewChange(view, emit=emit)
