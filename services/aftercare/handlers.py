"""Aftercare's event subscribers: every service's worker events folded into the case view, and
the incident events into the incident listings. Each view has one writer: its consumer."""

from __future__ import annotations

from services.aftercare import store
from services.aftercare.domain.case import WorkerCase, add_events, hear, merged_in, moves
from services.aftercare.domain.incidents import IncidentEvent, IncidentListing, listed
from services.aftercare.domain.timeline import HeardEvent, TimelineEntry
from shared.consumer import ProjectionError, ReceivedEvent, ViewChange, types_of
from shared.contracts import aftercare as ac
from shared.contracts.intake import WorkerMerged
from shared.events.catalogue import CATALOGUE
from shared.events.topics import Topic
from shared.merges import onward_trail, refused_merge, refused_move
from shared.privacy.erasure_pass import erasure_mark
from shared.privacy.personal import every_personal_field
from shared.store import Document

CASE_TOPICS = (Topic.INTAKE, Topic.TRAINING, Topic.DEPLOYMENT, Topic.AFTERCARE)
INCIDENT_TOPICS = (Topic.AFTERCARE,)
INCIDENT_EVENTS = (
    ac.IncidentReported,
    ac.IncidentAssigned,
    ac.IncidentStatusChanged,
    ac.IncidentFollowUpRecorded,
    ac.IncidentEscalated,
)
# Every event about a worker: the types whose payload names one (job orders, licences do not).
WORKER_EVENT_TYPES = frozenset(
    spec.type for spec in CATALOGUE.specs.values() if "worker_id" in spec.payload.model_fields
)


class CaseProjection:
    """Each worker's case and timeline, from the events of all four services (aftercare's own
    included). Converges whatever the arrival order: the case is a fold of its timeline, and a
    late event refolds it. Events about no worker (job orders, licences) are ignored."""

    name = "cases"
    event_types = WORKER_EVENT_TYPES
    personal_fields = every_personal_field()  # the case file: profile, contacts, every note

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.AFTERCARE

    def view_id(self, event: ReceivedEvent) -> str | None:
        if isinstance(event.payload, ac.CaseRecordsMoved):  # moved onto the survivor's case
            return event.payload.survivor_id or None
        worker_id = getattr(event.payload, "worker_id", None)
        return worker_id if isinstance(worker_id, str) and worker_id else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the case with the event heard. A merged duplicate's case keeps intake's
        events only and moves the others onto the survivor's (``case.records-moved``)."""
        worker_id = self.view_id(event)
        assert worker_id is not None
        case = store.case_of(state) if state else WorkerCase(worker_id=worker_id)
        payload = event.payload
        # A merge round a cycle would move the entries round it, and on, forever.
        refused = None
        if isinstance(payload, WorkerMerged):
            refused = refused_merge(
                payload.worker_id, payload.survivor_id, merged_in(case), event.envelope.source
            )
        elif isinstance(payload, ac.CaseRecordsMoved):
            refused = refused_move(payload.worker_id, payload.survivor_id, payload.trail)
        if refused is not None:
            raise ProjectionError(f"{event.envelope.type}: {refused}")
        trail: list[str] = []
        if isinstance(payload, ac.CaseRecordsMoved):
            entries = [TimelineEntry.model_validate(entry) for entry in payload.entries]
            heard = add_events(case, entries)
            trail = onward_trail(payload.trail, payload.worker_id)
        else:
            heard = hear(case, HeardEvent(event.envelope, payload))
        left, moved = moves(heard)
        if not moved:
            return ViewChange(_view(left))
        entries_moved = [entry.model_dump(mode="json") for entry in moved]
        survivor = left.merged_into
        assert survivor is not None
        move = ac.CaseRecordsMoved(
            worker_id=worker_id, survivor_id=survivor, entries=entries_moved, trail=trail
        )
        return ViewChange(_view(left), emit=[move])

    def apply_all(self, state: Document | None, events: list[ReceivedEvent]) -> Document:
        """Folds a batch's events of one worker at once: the case read and written once, the
        same result as ``apply`` one by one (the consumer's fast path; see shared/consumer).
        A merge, or a move, has follow-ups: those batches are applied one by one."""
        worker_id = self.view_id(events[0])
        assert worker_id is not None
        if any(isinstance(e.payload, WorkerMerged | ac.CaseRecordsMoved) for e in events) or (
            state is not None and state.get("merged_into")
        ):
            raise ProjectionError("a merge moves records: applied one by one")
        case = store.case_of(state) if state else WorkerCase(worker_id=worker_id)
        heard = [HeardEvent(e.envelope, e.payload) for e in events]
        return _view(add_events(case, heard, copy=False))  # case: parsed here


def _view(case: WorkerCase) -> Document:
    """The case's view document, with its erasure's mark (``shared.privacy.erasure_pass``)."""
    return {**store.case_state(case), **erasure_mark(case.erased)}


class IncidentProjection:
    """One listing per incident for the queue and the escalation job, from incident events."""

    name = "incidents"
    event_types = types_of(*INCIDENT_EVENTS)

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.AFTERCARE

    def view_id(self, event: ReceivedEvent) -> str | None:
        payload = event.payload
        return payload.incident_id if isinstance(payload, INCIDENT_EVENTS) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        payload = event.payload
        assert isinstance(payload, INCIDENT_EVENTS)
        current = IncidentListing.model_validate(state) if state else None
        incident_event: IncidentEvent = payload
        return ViewChange(store.listing_state(listed(current, incident_event)))
