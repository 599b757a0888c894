"""The case projection as the consumer drives it: documents in, documents out, any order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare import store
from services.aftercare.domain.case import fold
from services.aftercare.domain.timeline import TimelineEntry
from services.aftercare.handlers import CaseProjection, IncidentProjection
from shared.consumer import ReceivedEvent
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import JobOrderPosted, JobRequirements, SalaryTerms
from shared.events.envelope import EventEnvelope, decode_payload
from tests.aftercare.builders import HISTORY, T0, departed, registered, trained
from tests.aftercare.builders import WORKER as W

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
