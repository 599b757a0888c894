"""Incidents: tickets, the status machine, deadlines per severity, escalation and the queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare.domain.incidents import (
    NEXT_STATUS,
    SEVERITY_POLICIES,
    AssignIncident,
    ChangeIncidentStatus,
    Incident,
    RecordFollowUp,
    ReportIncident,
    assign_incident,
    change_incident_status,
    due_escalations,
    escalate_overdue,
    escalation_target,
    incident_queue,
    is_ticket,
    record_follow_up,
    report_incident,
    ticket_number,
)
from shared.contracts.aftercare import (
    EscalationLevel,
    IncidentAssigned,
    IncidentReported,
    IncidentSeverity,
    IncidentStatus,
)
from shared.errors import ConflictError, FieldError
from tests.aftercare.builders import T0, abroad, heard, own, registered

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
NOW = T0 + 100 * DAY
CENTRE, PROVINCE = EscalationLevel.CENTRE, EscalationLevel.PROVINCE


def reported(
    severity: IncidentSeverity = IncidentSeverity.CRITICAL,
    at: datetime = NOW,
    incident_id: str = "i-1",
    ticket: str = "HW-2026-000001",
    **overrides: object,
) -> Incident:
    fields: dict[str, object] = {
        "category": "unpaid_wages",
        "severity": severity,
        "description": "Three months of wages unpaid since the factory changed owners.",
        "reported_by": "officer-1",
    }
    fields.update(overrides)
    incident, _ = report_incident(
        abroad(),
        ReportIncident.model_validate(fields),
        incident_id=incident_id,
        ticket=ticket,
        now=at,
    )
    return incident


def move(incident: Incident, status: IncidentStatus, at: datetime) -> Incident:
    command = ChangeIncidentStatus(status=status, note="done", changed_by="officer-2")
    moved, _ = change_incident_status(incident, command, now=at)
    return moved


def test_ticket_numbers_are_what_a_family_can_quote() -> None:
    assert ticket_number(2026, 123) == "HW-2026-000123"
    assert ticket_number(2026, 1_234_567) == "HW-2026-1234567"
    assert is_ticket("HW-2026-000123")
    assert not is_ticket("HW-26-123")
    with pytest.raises(ValueError, match="starts at 1"):
        ticket_number(2026, 0)


@pytest.mark.parametrize("severity", list(IncidentSeverity))
def test_deadlines_come_from_the_severity_policy(severity: IncidentSeverity) -> None:
    incident = reported(severity)

    policy = SEVERITY_POLICIES[severity]
    assert incident.respond_by == NOW + policy.respond_within
    assert incident.resolve_by == NOW + policy.resolve_within
    assert policy.respond_within < policy.resolve_within


def test_the_policy_is_strictest_for_the_most_severe() -> None:
    ordered = [SEVERITY_POLICIES[s] for s in reversed(IncidentSeverity)]  # critical first

    assert [p.respond_within for p in ordered] == sorted(p.respond_within for p in ordered)


def test_a_report_carries_the_workers_locality_and_emits_reported_then_assigned() -> None:
    command = ReportIncident(
        category="injury_or_illness",
        severity="high",
        description="Hand injured at the press; hospital visit needed.",
        occurred_on=date(2026, 4, 14),
        assignee="officer-7",
        reported_by="officer-1",
    )

    incident, events = report_incident(
        abroad(), command, incident_id="i-9", ticket="HW-2026-000009", now=NOW
    )

    assert (incident.province_code, incident.commune_code) == ("14", "04036")
    assert incident.status == IncidentStatus.OPEN
    assert [type(e) for e in events] == [IncidentReported, IncidentAssigned]
    first = events[0]
    assert isinstance(first, IncidentReported)
    assert (first.ticket, first.placement_id, first.respond_by) == (
        "HW-2026-000009",
        "placement-1",
        incident.respond_by,
    )
    assert "description" not in first.model_dump()


def test_an_incident_that_has_not_happened_yet_names_the_field() -> None:
    with pytest.raises(FieldError) as raised:
        reported(occurred_on=(NOW + 2 * DAY).date())

    assert raised.value.field == "occurred_on"


def test_no_incident_without_a_case() -> None:
    command = ReportIncident(
        category="other", severity="low", description="x", reported_by="officer-1"
    )

    with pytest.raises(ConflictError):
        report_incident(
            heard("w", registered("w", T0)), command, incident_id="i", ticket="t", now=NOW
        )


def test_the_incident_moves_open_in_progress_resolved_closed() -> None:
    incident = reported()
    incident = move(incident, IncidentStatus.IN_PROGRESS, NOW + HOUR)
    incident = move(incident, IncidentStatus.RESOLVED, NOW + 2 * DAY)
    incident = move(incident, IncidentStatus.CLOSED, NOW + 3 * DAY)

    assert incident.status == IncidentStatus.CLOSED
    assert (incident.responded_at, incident.resolved_at, incident.closed_at) == (
        NOW + HOUR,
        NOW + 2 * DAY,
        NOW + 3 * DAY,
    )
    assert [(c.from_status, c.to_status) for c in incident.history] == [
        (IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS),
        (IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED),
        (IncidentStatus.RESOLVED, IncidentStatus.CLOSED),
    ]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], IncidentStatus.RESOLVED),
        ([], IncidentStatus.CLOSED),
        ([], IncidentStatus.OPEN),
        ([IncidentStatus.IN_PROGRESS], IncidentStatus.OPEN),
        ([IncidentStatus.IN_PROGRESS], IncidentStatus.IN_PROGRESS),
        ([IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED], IncidentStatus.IN_PROGRESS),
    ],
)
def test_an_illegal_move_is_a_conflict_naming_the_current_status(
    path: list[IncidentStatus], illegal: IncidentStatus
) -> None:
    incident = reported()
    for step in path:
        incident = move(incident, step, NOW + DAY)

    with pytest.raises(ConflictError) as raised:
        move(incident, illegal, NOW + 2 * DAY)

    assert raised.value.details["state"] == incident.status


def test_resolving_needs_a_note_saying_how() -> None:
    incident = move(reported(), IncidentStatus.IN_PROGRESS, NOW + HOUR)

    with pytest.raises(FieldError) as raised:
        change_incident_status(
            incident,
            ChangeIncidentStatus(status="resolved", changed_by="officer-2"),
            now=NOW + DAY,
        )

    assert raised.value.field == "note"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list(IncidentStatus)), max_size=12))
def test_the_status_machine_takes_exactly_the_legal_steps(
    requested: list[IncidentStatus],
) -> None:
    incident = reported()
    expected = IncidentStatus.OPEN
    taken = 0
    for hour, target in enumerate(requested, start=1):
        if NEXT_STATUS.get(expected) == target:
            incident = move(incident, target, NOW + hour * HOUR)
            expected = target
            taken += 1
        else:
            with pytest.raises(ConflictError):
                move(incident, target, NOW + hour * HOUR)
        assert incident.status == expected

    assert len(incident.history) == taken
    assert [c.to_status for c in incident.history] == list(NEXT_STATUS.values())[:taken]


def test_assignment_and_follow_ups_are_refused_once_closed() -> None:
    incident = reported()
    incident, assigned = assign_incident(
        incident, AssignIncident(assignee="officer-7", assigned_by="lead-1"), now=NOW + HOUR
    )
    incident, follow_up = record_follow_up(
        incident,
        RecordFollowUp(action="Called the enterprise", recorded_by="officer-7"),
        action_id="a-1",
        now=NOW + 2 * HOUR,
    )
    assert incident.assignee == assigned.assignee == "officer-7"
    assert [f.action for f in incident.follow_ups] == ["Called the enterprise"]
    assert "action" not in follow_up.model_dump()

    for status in (IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED, IncidentStatus.CLOSED):
        incident = move(incident, status, NOW + DAY)
    with pytest.raises(ConflictError):
        assign_incident(incident, AssignIncident(assignee="x", assigned_by="y"), now=NOW + 2 * DAY)
    with pytest.raises(ConflictError):
        record_follow_up(
            incident, RecordFollowUp(action="z", recorded_by="y"), action_id="a-2", now=NOW
        )


def test_a_critical_incident_left_open_escalates_to_the_centre_then_the_province() -> None:
    incident = reported(IncidentSeverity.CRITICAL)  # respond in 24 h, resolve in 7 days

    assert escalate_overdue(incident, now=NOW + 24 * HOUR)[1] == []
    incident, events = escalate_overdue(incident, now=NOW + 25 * HOUR)
    assert [(e.level, e.missed_deadline) for e in events] == [(CENTRE, incident.respond_by)]
    assert escalate_overdue(incident, now=NOW + 2 * DAY)[1] == []  # once per level
    incident, events = escalate_overdue(incident, now=NOW + 7 * DAY + HOUR)
    assert [(e.level, e.missed_deadline) for e in events] == [(PROVINCE, incident.resolve_by)]
    assert escalate_overdue(incident, now=NOW + 30 * DAY)[1] == []
    assert [e.level for e in incident.escalations] == [CENTRE, PROVINCE]


def test_an_incident_taken_up_in_time_escalates_only_when_unresolved_past_its_deadline() -> None:
    incident = move(reported(IncidentSeverity.HIGH), IncidentStatus.IN_PROGRESS, NOW + HOUR)

    assert escalate_overdue(incident, now=NOW + 10 * DAY)[1] == []
    incident, events = escalate_overdue(incident, now=NOW + 15 * DAY)
    # Both levels at once, centre first, each for the resolution deadline it missed.
    assert [(e.level, e.missed_deadline) for e in events] == [
        (CENTRE, incident.resolve_by),
        (PROVINCE, incident.resolve_by),
    ]


def test_a_late_response_still_counts_as_missed() -> None:
    late = move(reported(IncidentSeverity.HIGH), IncidentStatus.IN_PROGRESS, NOW + 4 * DAY)

    assert escalation_target(late, NOW + 5 * DAY) == CENTRE


def test_a_resolved_incident_never_escalates() -> None:
    incident = reported(IncidentSeverity.CRITICAL)
    incident = move(incident, IncidentStatus.IN_PROGRESS, NOW + 30 * HOUR)
    incident = move(incident, IncidentStatus.RESOLVED, NOW + 2 * DAY)

    assert escalate_overdue(incident, now=NOW + 365 * DAY) == (incident, [])
    assert not incident.overdue(NOW + 365 * DAY)


def test_an_escalation_event_carries_where_to_send_it() -> None:
    incident = reported(IncidentSeverity.MEDIUM)

    _, events = escalate_overdue(incident, now=NOW + 8 * DAY)

    (event,) = events
    assert (event.ticket, event.province_code, event.commune_code) == (
        "HW-2026-000001",
        "14",
        "04036",
    )
    assert (event.severity, event.status) == (IncidentSeverity.MEDIUM, IncidentStatus.OPEN)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(IncidentSeverity)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=24 * 90)),
    st.lists(st.integers(min_value=0, max_value=24 * 90), min_size=1, max_size=15),
)
def test_escalation_happens_once_per_level_in_order_whenever_the_job_runs(
    severity: IncidentSeverity, taken_up_after_h: int | None, job_runs_h: list[int]
) -> None:
    incident = reported(severity)
    if taken_up_after_h is not None:
        incident = move(incident, IncidentStatus.IN_PROGRESS, NOW + taken_up_after_h * HOUR)
    levels: list[EscalationLevel] = []
    for run in sorted(job_runs_h):
        now = NOW + max(run, taken_up_after_h or 0) * HOUR
        incident, events = escalate_overdue(incident, now=now)
        levels += [e.level for e in events]

    assert levels == [CENTRE, PROVINCE][: len(levels)]
    last = NOW + max(max(job_runs_h), taken_up_after_h or 0) * HOUR
    target = escalation_target(incident, last)
    assert len(levels) == (0 if target is None else [CENTRE, PROVINCE].index(target) + 1)
    assert [e.level for e in incident.escalations] == levels


def test_the_queue_puts_the_most_severe_oldest_open_incident_first() -> None:
    incidents = [
        reported(IncidentSeverity.LOW, NOW - 30 * DAY, "low-old", "HW-2026-000001"),
        reported(IncidentSeverity.CRITICAL, NOW - DAY, "crit-new", "HW-2026-000002"),
        reported(IncidentSeverity.CRITICAL, NOW - 3 * DAY, "crit-old", "HW-2026-000003"),
        move(
            reported(IncidentSeverity.HIGH, NOW - 5 * DAY, "high-busy", "HW-2026-000004"),
            IncidentStatus.IN_PROGRESS,
            NOW - 4 * DAY,
        ),
        move(
            move(
                reported(IncidentSeverity.CRITICAL, NOW - 9 * DAY, "done", "HW-2026-000005"),
                IncidentStatus.IN_PROGRESS,
                NOW - 8 * DAY,
            ),
            IncidentStatus.RESOLVED,
            NOW - 7 * DAY,
        ),
    ]

    queue = incident_queue(incidents)

    assert [i.incident_id for i in queue] == ["crit-old", "crit-new", "high-busy", "low-old"]


def test_due_escalations_lists_each_due_level_in_queue_order() -> None:
    incidents = [
        reported(IncidentSeverity.LOW, NOW - 70 * DAY, "low", "HW-2026-000001"),
        reported(IncidentSeverity.CRITICAL, NOW - 2 * DAY, "crit", "HW-2026-000002"),
        reported(IncidentSeverity.MEDIUM, NOW - DAY, "fresh", "HW-2026-000003"),
    ]

    due = due_escalations(incidents, now=NOW)

    assert [(d.incident_id, d.level) for d in due] == [
        ("crit", CENTRE),
        ("low", CENTRE),
        ("low", PROVINCE),
    ]


def test_the_case_keeps_a_note_of_each_incident_from_its_events() -> None:
    case = abroad()
    command = ReportIncident(
        category="abuse", severity="critical", description="...", reported_by="officer-1"
    )
    incident, events = report_incident(
        case, command, incident_id="i-1", ticket="HW-2026-000042", now=NOW
    )
    moved, changed = change_incident_status(
        incident,
        ChangeIncidentStatus(status="in_progress", changed_by="officer-2"),
        now=NOW + HOUR,
    )
    _, escalated = escalate_overdue(moved, now=NOW + 8 * DAY)

    case = own(case, [*events, changed, *escalated], NOW + 8 * DAY)

    (note,) = case.require_case().incidents
    assert (note.ticket, note.status, note.escalated_to) == (
        "HW-2026-000042",
        IncidentStatus.IN_PROGRESS,
        PROVINCE,
    )
    assert case.summary().open_incidents == 1
