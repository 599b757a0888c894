"""Incidents (grievances) of workers abroad: tickets, the status machine, deadlines, escalation.

An incident moves open -> in_progress -> resolved -> closed, one step at a time. Each severity
has two deadlines, kept as data: to respond (take it up: leave ``open``) and to resolve. An
incident not taken up by its response deadline is escalated to the centre; one not resolved by
its resolution deadline, to the province (through the centre if it was not there yet). Each
level is escalated once, and a resolved incident is never escalated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.aftercare import examples as ex
from services.aftercare.domain.case import WorkerCase, require_open
from services.aftercare.domain.dates import local_date
from shared.actor import Actor
from shared.contracts.aftercare import (
    EscalationLevel,
    IncidentAssigned,
    IncidentCategory,
    IncidentEscalated,
    IncidentFollowUpRecorded,
    IncidentReported,
    IncidentSeverity,
    IncidentStatus,
    IncidentStatusChanged,
)
from shared.errors import ConflictError, FieldError

TICKET_PATTERN = re.compile(r"^HW-(?P<year>\d{4})-(?P<number>\d{6,})$")


@dataclass(frozen=True)
class SeverityPolicy:
    """How fast an incident of one severity must be taken up and resolved."""

    respond_within: timedelta
    resolve_within: timedelta


SEVERITY_POLICIES: Mapping[IncidentSeverity, SeverityPolicy] = {
    IncidentSeverity.CRITICAL: SeverityPolicy(timedelta(hours=24), timedelta(days=7)),
    IncidentSeverity.HIGH: SeverityPolicy(timedelta(days=3), timedelta(days=14)),
    IncidentSeverity.MEDIUM: SeverityPolicy(timedelta(days=7), timedelta(days=30)),
    IncidentSeverity.LOW: SeverityPolicy(timedelta(days=14), timedelta(days=60)),
}
"""Response and resolution deadlines per severity, counted from the report."""

SEVERITY_RANK = {
    IncidentSeverity.CRITICAL: 0,
    IncidentSeverity.HIGH: 1,
    IncidentSeverity.MEDIUM: 2,
    IncidentSeverity.LOW: 3,
}
NEXT_STATUS = {
    IncidentStatus.OPEN: IncidentStatus.IN_PROGRESS,
    IncidentStatus.IN_PROGRESS: IncidentStatus.RESOLVED,
    IncidentStatus.RESOLVED: IncidentStatus.CLOSED,
}
UNRESOLVED = frozenset({IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS})
ESCALATION_ORDER = (EscalationLevel.CENTRE, EscalationLevel.PROVINCE)


def ticket_number(year: int, counter: int) -> str:
    """Returns the ticket the worker and family quote, e.g. ``HW-2026-000123``."""
    if counter < 1:
        raise ValueError("ticket counter starts at 1")
    if not 2000 <= year <= 9999:
        raise ValueError("ticket year out of range")
    return f"HW-{year}-{counter:06d}"


def is_ticket(text: str) -> bool:
    """True if the text has the shape of a ticket number."""
    return TICKET_PATTERN.match(text) is not None


class ReportIncident(BaseModel):
    """A worker's grievance or emergency, as an officer records it."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REPORT_INCIDENT),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    category: IncidentCategory
    severity: IncidentSeverity
    description: str = Field(min_length=1, max_length=4000)
    occurred_on: date | None = None
    reported_at: AwareDatetime | None = Field(
        default=None,
        description="When the worker or family reported it, if it is recorded later (a call "
        "taken on the road): its deadlines run from then. Default: now",
    )
    assignee: str | None = Field(default=None, min_length=1, max_length=100)
    reported_by: Actor


class AssignIncident(BaseModel):
    """Hands an incident to an officer."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.ASSIGN_INCIDENT),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    assignee: str = Field(min_length=1, max_length=100)
    assigned_by: Actor


class ChangeIncidentStatus(BaseModel):
    """Moves an incident one step along open -> in_progress -> resolved -> closed."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.CHANGE_STATUS),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    status: IncidentStatus
    note: str | None = Field(default=None, max_length=2000)
    changed_by: Actor


class RecordFollowUp(BaseModel):
    """An action taken or planned on an incident."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_FOLLOW_UP),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    action: str = Field(min_length=1, max_length=2000)
    due_on: date | None = None
    recorded_by: Actor


class StatusChange(BaseModel):
    """One step of an incident's status, with who took it and why."""

    from_status: IncidentStatus
    to_status: IncidentStatus
    changed_by: str
    changed_at: datetime
    note: str | None = None


class FollowUp(BaseModel):
    """A follow-up action on an incident."""

    action_id: str
    action: str
    due_on: date | None = None
    recorded_by: str
    recorded_at: datetime


class Escalation(BaseModel):
    """An escalation of an overdue incident."""

    level: EscalationLevel
    missed_deadline: datetime
    escalated_at: datetime


class Incident(BaseModel):
    """One incident and everything done about it."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.INCIDENT))

    incident_id: str
    ticket: str
    worker_id: str
    placement_id: str
    province_code: str | None = None
    commune_code: str | None = None
    category: IncidentCategory
    severity: IncidentSeverity
    description: str
    occurred_on: date | None = None
    status: IncidentStatus = IncidentStatus.OPEN
    assignee: str | None = None
    reported_by: str
    reported_at: datetime
    respond_by: datetime
    resolve_by: datetime
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    history: list[StatusChange] = []
    follow_ups: list[FollowUp] = []
    escalations: list[Escalation] = []

    @property
    def unresolved(self) -> bool:
        """True while nobody has resolved it."""
        return self.status in UNRESOLVED

    @property
    def escalated_to(self) -> EscalationLevel | None:
        """The highest level it was escalated to, if any."""
        return self.escalations[-1].level if self.escalations else None

    def overdue(self, now: datetime) -> bool:
        """True if it is unresolved and missed a deadline."""
        return escalation_target(self, now) is not None


def report_incident(
    case: WorkerCase,
    command: ReportIncident,
    *,
    incident_id: str,
    ticket: str,
    now: datetime,
    policies: Mapping[IncidentSeverity, SeverityPolicy] = SEVERITY_POLICIES,
) -> tuple[Incident, list[IncidentReported | IncidentAssigned]]:
    """Returns the new incident, its deadlines set by severity, and its events."""
    journey = case.require_case()
    require_open(journey)
    assert journey.departure is not None
    if command.occurred_on is not None and command.occurred_on > local_date(now):
        raise FieldError("occurred_on", "is in the future")
    reported_at = now if command.reported_at is None else command.reported_at.astimezone(UTC)
    if reported_at > now:
        raise FieldError("reported_at", "is in the future")
    if command.occurred_on is not None and command.occurred_on > local_date(reported_at):
        raise FieldError("reported_at", "is before the day it occurred (occurred_on)")
    policy = policies[command.severity]
    locality = case.profile.locality if case.profile else None
    incident = Incident(
        incident_id=incident_id,
        ticket=ticket,
        worker_id=case.worker_id,
        placement_id=journey.departure.placement_id,
        province_code=locality.province_code if locality else None,
        commune_code=locality.commune_code if locality else None,
        category=command.category,
        severity=command.severity,
        description=command.description,
        occurred_on=command.occurred_on,
        assignee=command.assignee,
        reported_by=command.reported_by,
        reported_at=reported_at,
        respond_by=reported_at + policy.respond_within,
        resolve_by=reported_at + policy.resolve_within,
    )
    events: list[IncidentReported | IncidentAssigned] = [
        IncidentReported(
            worker_id=incident.worker_id,
            placement_id=incident.placement_id,
            incident_id=incident_id,
            ticket=ticket,
            category=incident.category,
            severity=incident.severity,
            respond_by=incident.respond_by,
            resolve_by=incident.resolve_by,
            province_code=incident.province_code,
            commune_code=incident.commune_code,
            reported_by=incident.reported_by,
            reported_at=incident.reported_at,
        )
    ]
    if command.assignee is not None:
        events.append(_assigned(incident, command.assignee, command.reported_by, now))
    return incident, events


def assign_incident(
    incident: Incident, command: AssignIncident, *, now: datetime
) -> tuple[Incident, IncidentAssigned]:
    """Returns the incident in the new assignee's hands; a closed one cannot be reassigned."""
    _require_not_closed(incident)
    updated = incident.model_copy(update={"assignee": command.assignee})
    return updated, _assigned(incident, command.assignee, command.assigned_by, now)


def change_incident_status(
    incident: Incident, command: ChangeIncidentStatus, *, now: datetime
) -> tuple[Incident, IncidentStatusChanged]:
    """Returns the incident one step further; any other move raises ConflictError."""
    target = command.status
    if NEXT_STATUS.get(incident.status) != target:
        raise ConflictError(
            "an incident that is {state} cannot become {target}",
            target=target,
            state=incident.status,
            allowed=[s for s in [NEXT_STATUS.get(incident.status)] if s is not None],
        )
    if target == IncidentStatus.RESOLVED and not command.note:
        raise FieldError("note", "say how the incident was resolved", "missing")
    change = StatusChange(
        from_status=incident.status,
        to_status=target,
        changed_by=command.changed_by,
        changed_at=now,
        note=command.note or None,
    )
    moment = {
        IncidentStatus.IN_PROGRESS: "responded_at",
        IncidentStatus.RESOLVED: "resolved_at",
        IncidentStatus.CLOSED: "closed_at",
    }[target]
    updated = incident.model_copy(
        update={"status": target, "history": [*incident.history, change], moment: now}
    )
    event = IncidentStatusChanged(
        worker_id=incident.worker_id,
        incident_id=incident.incident_id,
        ticket=incident.ticket,
        from_status=incident.status,
        to_status=target,
        changed_by=command.changed_by,
        changed_at=now,
    )
    return updated, event


def record_follow_up(
    incident: Incident, command: RecordFollowUp, *, action_id: str, now: datetime
) -> tuple[Incident, IncidentFollowUpRecorded]:
    """Returns the incident with one more follow-up action; a closed one takes none."""
    _require_not_closed(incident)
    follow_up = FollowUp(
        action_id=action_id,
        action=command.action,
        due_on=command.due_on,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )
    updated = incident.model_copy(update={"follow_ups": [*incident.follow_ups, follow_up]})
    event = IncidentFollowUpRecorded(
        worker_id=incident.worker_id,
        incident_id=incident.incident_id,
        ticket=incident.ticket,
        action_id=action_id,
        due_on=command.due_on,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )
    return updated, event


def escalation_target(incident: Incident, now: datetime) -> EscalationLevel | None:
    """Returns the level an unresolved incident should have reached by ``now``, if any."""
    if not incident.unresolved:
        return None
    if now > incident.resolve_by:
        return EscalationLevel.PROVINCE
    if (incident.responded_at or now) > incident.respond_by:
        return EscalationLevel.CENTRE
    return None


def due_levels(incident: Incident, now: datetime) -> list[tuple[EscalationLevel, datetime]]:
    """Returns the levels not yet reached that are now due, each with the deadline it missed."""
    target = escalation_target(incident, now)
    if target is None:
        return []
    reached = len(incident.escalations)
    levels = ESCALATION_ORDER[reached : ESCALATION_ORDER.index(target) + 1]
    return [(level, _missed_deadline(incident, level, now)) for level in levels]


def _missed_deadline(incident: Incident, level: EscalationLevel, now: datetime) -> datetime:
    if level == EscalationLevel.CENTRE and (incident.responded_at or now) > incident.respond_by:
        return incident.respond_by
    return incident.resolve_by


def escalate_overdue(
    incident: Incident, *, now: datetime
) -> tuple[Incident, list[IncidentEscalated]]:
    """Returns the incident escalated to every level now due, and one event per new level."""
    due = due_levels(incident, now)
    if not due:
        return incident, []
    escalations = [Escalation(level=lvl, missed_deadline=d, escalated_at=now) for lvl, d in due]
    updated = incident.model_copy(update={"escalations": [*incident.escalations, *escalations]})
    events = [
        IncidentEscalated(
            worker_id=incident.worker_id,
            incident_id=incident.incident_id,
            ticket=incident.ticket,
            level=escalation.level,
            category=incident.category,
            severity=incident.severity,
            status=incident.status,
            province_code=incident.province_code,
            commune_code=incident.commune_code,
            reported_at=incident.reported_at,
            missed_deadline=escalation.missed_deadline,
            escalated_at=now,
        )
        for escalation in escalations
    ]
    return updated, events


@dataclass(frozen=True)
class DueEscalation:
    """An incident the escalation job must escalate, and to which level."""

    incident_id: str
    ticket: str
    level: EscalationLevel
    missed_deadline: datetime


def due_escalations(incidents: Iterable[Incident], *, now: datetime) -> list[DueEscalation]:
    """Returns every escalation now due, most severe and oldest incident first."""
    due = [
        DueEscalation(incident.incident_id, incident.ticket, level, deadline)
        for incident in incident_queue(incidents)
        for level, deadline in due_levels(incident, now)
    ]
    return due


def incident_queue(incidents: Iterable[Incident]) -> list[Incident]:
    """Returns the unresolved incidents, most severe first, then oldest first."""
    return sorted(
        (i for i in incidents if i.unresolved),
        key=lambda i: (SEVERITY_RANK[i.severity], i.reported_at, i.ticket),
    )


def _require_not_closed(incident: Incident) -> None:
    if incident.status == IncidentStatus.CLOSED:
        raise ConflictError("the incident is closed", state=incident.status)


def _assigned(incident: Incident, assignee: str, by: str, now: datetime) -> IncidentAssigned:
    return IncidentAssigned(
        worker_id=incident.worker_id,
        incident_id=incident.incident_id,
        ticket=incident.ticket,
        assignee=assignee,
        assigned_by=by,
        assigned_at=now,
    )


class IncidentListing(BaseModel):
    """What the incident lists know of one incident, folded from its events (no free text)."""

    incident_id: str
    worker_id: str
    ticket: str | None = None
    placement_id: str | None = None
    province_code: str | None = None
    commune_code: str | None = None
    category: IncidentCategory | None = None
    severity: IncidentSeverity | None = None
    reported_at: datetime | None = None
    status: IncidentStatus = IncidentStatus.OPEN
    status_at: datetime | None = None
    escalation_level: int = 0
    assignee: str | None = None
    assigned_at: datetime | None = None

    @property
    def unresolved(self) -> bool:
        """True once reported and while nobody has resolved it."""
        return self.reported_at is not None and self.status in UNRESOLVED


IncidentEvent = (
    IncidentReported
    | IncidentAssigned
    | IncidentStatusChanged
    | IncidentFollowUpRecorded
    | IncidentEscalated
)
_STATUS_RANK = {status: rank for rank, status in enumerate(IncidentStatus)}


def listed(listing: IncidentListing | None, event: IncidentEvent) -> IncidentListing:
    """Returns the listing after one incident event; the same whatever the arrival order."""
    current = listing or IncidentListing(incident_id=event.incident_id, worker_id=event.worker_id)
    match event:
        case IncidentReported():
            return current.model_copy(
                update={
                    "ticket": event.ticket,
                    "placement_id": event.placement_id,
                    "province_code": event.province_code,
                    "commune_code": event.commune_code,
                    "category": event.category,
                    "severity": event.severity,
                    "reported_at": event.reported_at,
                }
            )
        case IncidentStatusChanged():
            mine = (event.changed_at, _STATUS_RANK[event.to_status])
            if current.status_at is not None:
                theirs = (current.status_at, _STATUS_RANK[current.status])
                if theirs >= mine:
                    return current
            return current.model_copy(
                update={"status": event.to_status, "status_at": event.changed_at}
            )
        case IncidentEscalated():
            level = ESCALATION_ORDER.index(event.level) + 1
            return current.model_copy(
                update={"escalation_level": max(level, current.escalation_level)}
            )
        case IncidentAssigned():
            mine_at = (event.assigned_at, event.assignee)
            if (
                current.assigned_at is not None
                and (current.assigned_at, current.assignee or "") >= mine_at
            ):
                return current
            return current.model_copy(
                update={"assignee": event.assignee, "assigned_at": event.assigned_at}
            )
        case _:
            return current


def without_text(incident: Incident) -> Incident:
    """The incident with everything an officer wrote about the worker withheld (the worker's
    personal data was erased): the description, status notes and follow-up actions."""
    return incident.model_copy(
        update={
            "description": "",
            "history": [step.model_copy(update={"note": None}) for step in incident.history],
            "follow_ups": [f.model_copy(update={"action": ""}) for f in incident.follow_ups],
        }
    )
