"""Intake's event subscribers: aftercare's returns, closures and deaths abroad, so a new
journey can start (or, after a death, never); deployment's licence changes, so a migrated
placement is checked against the register."""

from __future__ import annotations

from collections.abc import Sequence

from services.intake import store
from services.intake.domain.journeys import JourneyEnds
from services.intake.domain.licences import with_licence_change
from services.intake.domain.transfers import TransferListing, listed
from shared.consumer import FoldedView, ProjectionError, ReceivedEvent, ViewChange, types_of
from shared.contracts.aftercare import (
    CaseClosed,
    IncidentReported,
    IncidentStatus,
    IncidentStatusChanged,
    WorkerDiedAbroad,
    WorkerReturned,
)
from shared.contracts.deployment import EnterpriseLicenceChanged
from shared.contracts.intake import (
    WorkerTransferAccepted,
    WorkerTransferRefused,
    WorkerTransferRequested,
)
from shared.events.topics import Topic
from shared.store import Document

ENDS = (WorkerReturned, CaseClosed, WorkerDiedAbroad)


class JourneyEndProjection:
    """The placements whose journey ended, per worker: a return, a closed case or a death
    abroad ends one; a death also bars any later journey.

    A return without a placement (recorded before returns named one) cannot say which
    journey it ended: it is skipped, and that journey ends when its case closes.
    """

    name = "journey-ends"
    event_types = types_of(*ENDS)

    def __init__(self, topic_prefix: str = "") -> None:
        # Intake emits nothing from this view; the consumer needs a topic all the same.
        self.output_topic = topic_prefix + Topic.INTAKE

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the worker the event is about, or None for events intake does not read."""
        return event.envelope.subject if isinstance(event.payload, ENDS) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the view with the ended placement added."""
        payload = event.payload
        if not isinstance(payload, ENDS):
            raise ProjectionError(f"intake does not read {event.envelope.type}")
        if payload.worker_id != event.envelope.subject:
            raise ProjectionError(f"event {event.envelope.id}: subject is not its worker")
        ends = JourneyEnds(worker_id=payload.worker_id, **(state or {}))
        if isinstance(payload, WorkerDiedAbroad):
            ends = ends.with_death(payload.placement_id, payload.died_on)
        elif payload.placement_id is not None:
            ends = ends.with_end(payload.placement_id)
        return ViewChange({**(state or {}), **ends.model_dump(mode="json", exclude={"worker_id"})})


def deaths_first_heard(folds: Sequence[FoldedView]) -> list[str]:
    """Returns the workers whose journey ends are about to hold a death abroad for the
    first time (intake marks them before the view is written)."""
    return [
        fold.view_id
        for fold in folds
        if fold.state is not None
        and fold.state.get("died_abroad_on")
        and not (fold.before or {}).get("died_abroad_on")
    ]


class LicenceRegisterProjection:
    """The licence register, one entry per sender, from deployment's licence changes: what a
    migration checks a placed worker's sender against."""

    name = "licence-register"
    event_types = types_of(EnterpriseLicenceChanged)

    def __init__(self, topic_prefix: str = "") -> None:
        # Intake emits nothing from this view; the consumer needs a topic all the same.
        self.output_topic = topic_prefix + Topic.INTAKE

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the sender the change is about, or None for deployment's other events."""
        payload = event.payload
        return payload.enterprise_id if isinstance(payload, EnterpriseLicenceChanged) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the sender's entry with the change added."""
        payload = event.payload
        if not isinstance(payload, EnterpriseLicenceChanged):
            raise ProjectionError(f"intake does not read {event.envelope.type}")
        return ViewChange({**(state or {}), **with_licence_change(state, payload)})


TRANSFER_EVENTS = (WorkerTransferRequested, WorkerTransferAccepted, WorkerTransferRefused)


class TransferListProjection:
    """Every transfer between communes, one document per transfer, for the list of a commune's
    or a province's incoming and outgoing transfers (from intake's own events)."""

    name = "transfer-list"
    event_types = types_of(*TRANSFER_EVENTS)

    def __init__(self, topic_prefix: str = "") -> None:
        # Intake emits nothing from this view; the consumer needs a topic all the same.
        self.output_topic = topic_prefix + Topic.INTAKE

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the transfer the event is about."""
        payload = event.payload
        return payload.transfer_id or None if isinstance(payload, TRANSFER_EVENTS) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the transfer's listing with the event heard."""
        payload = event.payload
        if not isinstance(payload, TRANSFER_EVENTS):
            raise ProjectionError(f"intake's transfer list does not read {event.envelope.type}")
        current = TransferListing.model_validate(state) if state else None
        return ViewChange(store.transfer_listing_state(listed(current, payload)))


INCIDENT_EVENTS = (IncidentReported, IncidentStatusChanged)
CLOSED = frozenset({IncidentStatus.RESOLVED, IncidentStatus.CLOSED})


class LegalHoldProjection:
    """Each worker's incidents and whether each is open, from aftercare's events: an open
    incident is a legal hold on erasing the worker's data. Each incident keeps the status of
    its latest event (by time, then sequence), so any arrival order converges."""

    name = "legal-holds"
    event_types = types_of(*INCIDENT_EVENTS)

    def __init__(self, topic_prefix: str = "") -> None:
        self.output_topic = topic_prefix + Topic.INTAKE

    def view_id(self, event: ReceivedEvent) -> str | None:
        """Returns the worker the incident is about, or None for other events."""
        payload = event.payload
        return payload.worker_id or None if isinstance(payload, INCIDENT_EVENTS) else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        """Returns the view with the incident's status as of its latest event."""
        payload = event.payload
        if not isinstance(payload, INCIDENT_EVENTS):
            raise ProjectionError(f"intake does not read {event.envelope.type} for holds")
        incidents = dict((state or {}).get("incidents", {}))
        at = [event.envelope.time.isoformat(), event.envelope.sequence]
        known = incidents.get(payload.incident_id)
        if isinstance(payload, IncidentReported):
            if known is None:
                incidents[payload.incident_id] = {"open": True, "at": at, "reported": True}
            else:
                incidents[payload.incident_id] = {**known, "reported": True}
        elif known is None or list(known["at"]) < at:
            is_open = payload.to_status not in CLOSED
            incidents[payload.incident_id] = {**(known or {}), "open": is_open, "at": at}
        return ViewChange({**(state or {}), "incidents": incidents})
