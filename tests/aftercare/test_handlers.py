"""The case projection as the consumer drives it: documents in, documents out, any order."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare import store
from services.aftercare.domain.case import fold
from services.aftercare.domain.timeline import TimelineEntry
from services.aftercare.handlers import CaseProjection, IncidentProjection
from shared.consumer import ProjectionError, ReceivedEvent
from shared.contracts import aftercare as ac
from shared.contracts.aftercare import CaseRecordsMoved
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import JobOrderPosted, JobRequirements, SalaryTerms
from shared.contracts.intake import WorkerMerged
from shared.events.envelope import EventEnvelope, decode_payload, new_event
from tests.aftercare.builders import HISTORY, T0, departed, registered, trained
from tests.aftercare.builders import WORKER as W
from tests.aftercare.builders import entry as timeline_entry

DAY = timedelta(days=1)


def received(entry: TimelineEntry) -> ReceivedEvent:
    envelope = EventEnvelope(
        id=entry.event_id,
        type=entry.type,
        source=entry.source,
        time=entry.time,
        subject=W,
        dataschema=f"urn:homeward:schema:{entry.type}:v1",
        sequence=entry.sequence,
        correlationid="c",
        data=entry.data,
    )
    record: Any = None  # the projection never reads the Kafka record
    return ReceivedEvent(envelope, decode_payload(envelope), record)


def test_events_about_no_worker_are_ignored() -> None:
    posted = JobOrderPosted(
        job_order_id="order-1",
        enterprise_id="enterprise-1",
        country=Market.JAPAN,
        employer="Aichi Denshi K.K.",
        sector=Sector.ELECTRONICS,
        positions=10,
        salary=SalaryTerms(monthly_salary=180000, salary_currency="JPY", monthly_salary_vnd=3e7),
        contract_term_months=36,
        requirements=JobRequirements(),
        deadline=date(2026, 3, 1),
        posted_at=T0,
    )
    envelope = EventEnvelope(
        id="e-1",
        type="job-order.posted",
        source="deployment",
        time=T0,
        subject="order-1",
        dataschema="urn:homeward:schema:job-order.posted:v1",
        sequence=1,
        correlationid="c",
        data=posted.model_dump(mode="json"),
    )
    record: Any = None
    event = ReceivedEvent(envelope, decode_payload(envelope), record)

    assert CaseProjection().view_id(event) is None


def test_a_departure_makes_a_case_document_and_emits_nothing() -> None:
    projection = CaseProjection("t1.")
    event = received(departed(W, T0, contract_end=date(2029, 1, 5)))

    change = projection.apply(None, event)

    assert projection.output_topic == "t1.homeward.aftercare.events"
    assert change.state["summary"]["stage"] == "abroad"
    assert change.state["summary"]["expected_return"] == "2029-01-05"
    assert change.emit == []
    assert "." not in "".join(_keys(change.state))  # FerretDB refuses dotted keys


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value] + [k for v in value.values() for k in _keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def test_the_document_holds_no_nested_arrays() -> None:
    state = store.case_state(fold(W, HISTORY))

    def nested(value: Any, in_array: bool = False) -> bool:
        if isinstance(value, list):
            return in_array or any(nested(v, True) for v in value)
        if isinstance(value, dict):
            return any(nested(v) for v in value.values())
        return False

    assert not nested(state)


@settings(max_examples=60, deadline=None)
@given(st.permutations([*HISTORY, registered(W, T0 - 300 * DAY), trained(W, T0 - 5 * DAY)]))
def test_through_documents_any_order_gives_the_same_document(arrival: list[TimelineEntry]) -> None:
    projection = CaseProjection()
    state: dict[str, Any] | None = None
    for entry in arrival:
        state = projection.apply(state, received(entry)).state

    assert state == store.case_state(fold(W, arrival))


def _incident_events() -> list[TimelineEntry]:
    return [e for e in HISTORY if e.type.startswith("incident.")]


def test_incident_events_fold_into_one_listing_per_incident() -> None:
    projection = IncidentProjection()
    state: dict[str, Any] | None = None
    for entry in _incident_events():
        event = received(entry)
        assert projection.view_id(event) == "i1"
        state = projection.apply(state, event).state

    assert state is not None
    assert (state["ticket"], state["status"], state["unresolved"]) == (
        "HW-2026-000001",
        "in_progress",
        True,
    )
    assert projection.view_id(received(HISTORY[0])) is None


@settings(max_examples=30, deadline=None)
@given(st.permutations(_incident_events()))
def test_the_listing_is_the_same_whatever_the_order(arrival: list[TimelineEntry]) -> None:
    projection = IncidentProjection()
    state: dict[str, Any] | None = None
    for entry in arrival:
        state = projection.apply(state, received(entry)).state

    assert state is not None
    assert state["status"] == "in_progress"
    assert state["severity"] == "high"


def _merged(worker_id: str, survivor_id: str, at: datetime) -> TimelineEntry:
    payload = WorkerMerged(worker_id=worker_id, survivor_id=survivor_id, review_id="r~1",
                           merged_at=at)  # fmt: skip
    return timeline_entry(payload, time=at, source="intake")


def _about(event: ReceivedEvent, worker_id: str) -> ReceivedEvent:
    envelope = event.envelope.model_copy(update={"subject": worker_id})
    return ReceivedEvent(envelope, event.payload, event.record)


def test_a_merge_moves_the_duplicate_s_case_onto_the_survivor_s() -> None:
    """The duplicate keeps intake's events only; its training and departure move, with a
    ``case.records-moved`` the survivor's case hears; nothing about the journey stays."""
    projection = CaseProjection()
    dead, survivor = "w-dup", "w-survivor"
    state: Any = None
    for item in (registered(dead, T0), trained(dead, T0 + DAY), departed(dead, T0 + 2 * DAY)):
        state = projection.apply(state, _about(received(item), dead)).state
    assert state["summary"]["stage"] == "abroad"
    change = projection.apply(state, _about(received(_merged(dead, survivor, T0 + 3 * DAY)), dead))
    assert change.state["summary"]["stage"] == "registered"
    assert change.state["summary"]["departed_at"] is None
    assert change.state["merged_into"] == survivor
    [move] = change.emit
    assert isinstance(move, CaseRecordsMoved)
    assert (move.worker_id, move.survivor_id) == (dead, survivor)
    assert [e["type"] for e in move.entries] == ["worker.trained", "worker.departed"]

    moved_envelope = new_event(move, event_id="m-1", subject=dead, sequence=9, source="aftercare",
                               time=T0 + 3 * DAY, correlation_id="c")  # fmt: skip
    moved = ReceivedEvent(moved_envelope, decode_payload(moved_envelope), None)
    assert projection.view_id(moved) == survivor
    own = projection.apply(None, _about(received(registered(survivor, T0 - DAY)), survivor)).state
    absorbed = projection.apply(own, moved)
    assert absorbed.emit == []
    assert absorbed.state["summary"]["stage"] == "abroad"
    assert absorbed.state["summary"]["worker_id"] == survivor
    again = projection.apply(absorbed.state, moved)  # heard twice: the same case
    assert again.state["summary"] == absorbed.state["summary"]

    # An event about the duplicate heard after the merge moves on too.
    late = received(_aftercare_checkin(dead, T0 + 4 * DAY))
    later = projection.apply(change.state, _about(late, dead))
    assert later.state["summary"]["last_contact_at"] is None
    [forward] = later.emit
    assert isinstance(forward, CaseRecordsMoved)
    assert [e["type"] for e in forward.entries] == ["worker.checked-in"]


def test_a_batch_with_a_merge_is_applied_one_by_one() -> None:
    projection = CaseProjection()
    events = [_about(received(registered("w-d", T0)), "w-d"),
              _about(received(_merged("w-d", "w-s", T0 + DAY)), "w-d")]  # fmt: skip
    with pytest.raises(ProjectionError):
        projection.apply_all(None, events)


def _aftercare_checkin(worker_id: str, at: datetime) -> TimelineEntry:
    payload = ac.WorkerCheckedIn(
        worker_id=worker_id,
        placement_id="placement-1",
        check_in_id="c-late",
        contact=ac.ContactParty.FAMILY,
        channel=ac.ContactChannel.ZALO,
        wellbeing=ac.Wellbeing.GOOD,
        contacted_at=at,
        recorded_by="officer-1",
        recorded_at=at,
    )
    return timeline_entry(payload, time=at, source="aftercare")
