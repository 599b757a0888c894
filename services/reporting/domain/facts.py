"""Facts: one record per event a figure counts, flat, in the order of nothing.

A fact keeps what its event says that a figure needs (never a name, national ID or phone), the
event's own time (``recorded_at``), when it reached Kafka (``received_at``), and the business date
the figure counts it on (``on``, in Vietnam's time zone). Figures are computed from the facts at
report time, so the order in which events arrive never matters. A worker's facts are kept
together (``with_facts``), with every province they were ever registered in, so a report finds
its workers by province and decides here, with no I/O, which facts it may see as of when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.contracts import aftercare as ac
from shared.contracts import deployment as dp
from shared.contracts import intake as it
from shared.contracts import training as tr
from shared.contracts.common import Locality
from shared.events.catalogue import EventPayload
from shared.events.envelope import EventEnvelope

VIETNAM = timezone(timedelta(hours=7))


class FactKind(StrEnum):
    """What a fact records; one kind per event type a figure counts."""

    REGISTERED = "worker.registered"
    CORRECTED = "worker.corrected"
    MERGED = "worker.merged"
    CONSULTED = "worker.consulted"
    TRAINED = "worker.trained"
    DEPARTED = "worker.departed"
    CANCELLED = "placement.cancelled"
    RETURNED = "worker.returned"
    LOAN_APPROVED = "loan.approved"
    LOAN_DISBURSED = "loan.disbursed"
    REMITTANCE = "remittance.reported"
    TRANSFERRED = "worker.transfer-accepted"
    VISA_REFUSED = "placement.visa-refused"
    REPORTED_MISSING = "worker.reported-missing"
    CONTACT_RESUMED = "worker.contact-resumed"
    DIED_ABROAD = "worker.died-abroad"
    EMPLOYER_CHANGED = "worker.employer-changed"
    CASE_IMPORTED = "worker.case-imported"


ATTRIBUTE_KINDS = (FactKind.REGISTERED, FactKind.CORRECTED)
PLACE_KINDS = (*ATTRIBUTE_KINDS, FactKind.TRANSFERRED)
LOAN_GRANTED_KINDS = (FactKind.LOAN_APPROVED, FactKind.LOAN_DISBURSED)


class Fact(BaseModel):
    """One event a figure counts, reduced to the fields figures need."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: str
    kind: FactKind
    worker_id: str
    sequence: int
    recorded_at: datetime
    received_at: datetime
    on: date
    province_code: str | None = None
    commune_code: str | None = None
    former_province_code: str | None = None
    former_district_code: str | None = None
    former_commune_code: str | None = None
    gender: str | None = None
    ethnic_minority: bool | None = None
    household_status: str | None = None
    survivor_id: str | None = None
    market: str | None = None
    sector: str | None = None
    placement_id: str | None = None
    loan_id: str | None = None
    amount_vnd: int | None = None
    return_reason: str | None = None
    missing_kind: str | None = None
    journey: int | None = None

    def counted_by(self, as_of: datetime) -> bool:
        """Whether a report as of ``as_of`` sees this fact: recorded and received by then."""
        return self.recorded_at <= as_of and self.received_at <= as_of


def local_day(moment: datetime) -> date:
    """Returns the calendar day in Vietnam at ``moment``."""
    return moment.astimezone(VIETNAM).date()


def utc_text(moment: datetime) -> str:
    """Returns a moment as fixed-width UTC text, so text order is time order in the store."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fact_of(envelope: EventEnvelope, payload: EventPayload, received_at: datetime) -> Fact | None:
    """Returns the fact an event adds, or None when no figure counts that event."""
    fields = _fields_of(payload)
    if fields is None:
        return None
    return Fact(
        event_id=envelope.id,
        kind=FactKind(envelope.type),
        worker_id=envelope.subject,
        sequence=envelope.sequence,
        recorded_at=envelope.time.astimezone(UTC),  # one form per moment: equal facts,
        received_at=received_at.astimezone(UTC),  # equal bytes when stored
        **fields,
    )


def imported_facts(
    envelope: EventEnvelope, payload: it.WorkerCaseImported, received_at: datetime
) -> list[Fact]:
    """Returns what a migrated case adds: the migration itself, on the day it was imported
    (the worker was registered before Homeward, so their registration is not counted as one
    of the period's), and the departure and return it states, each on its true day (its
    certificates are counted through training's ``worker.trained``). Each fact's id is the
    event's with its kind, so a case imported once is counted once whatever is delivered."""
    common: dict[str, Any] = {
        "worker_id": envelope.subject,
        "sequence": envelope.sequence,
        "recorded_at": envelope.time.astimezone(UTC),
        "received_at": received_at.astimezone(UTC),
    }
    facts = [
        Fact(
            event_id=f"{envelope.id}#imported",
            kind=FactKind.CASE_IMPORTED,
            on=local_day(payload.imported_at),
            **common,
        )
    ]
    placement = payload.placement
    if placement is None:
        return facts
    common |= {"placement_id": placement.placement_id, "market": placement.country.value}
    if placement.departed_on is not None:
        facts.append(
            Fact(
                event_id=f"{envelope.id}#departed",
                kind=FactKind.DEPARTED,
                on=placement.departed_on,
                sector=placement.sector.value,
                **common,
            )
        )
    if placement.returned_on is not None:
        completed = placement.returned_on >= placement.contract_end
        reason = ac.ReturnReason.CONTRACT_COMPLETED if completed else ac.ReturnReason.OTHER
        facts.append(
            Fact(
                event_id=f"{envelope.id}#returned",
                kind=FactKind.RETURNED,
                on=placement.returned_on,
                return_reason=reason.value,
                **common,
            )
        )
    return facts


def _fields_of(payload: EventPayload) -> dict[str, Any] | None:
    match payload:
        case it.WorkerRegistered():
            return _attributes(payload, payload.registered_at)
        case it.WorkerCorrected():
            return _attributes(payload, payload.corrected_at)
        case it.WorkerTransferAccepted():
            return {"on": payload.effective_date, **_place(payload.to_locality)}
        case it.WorkerMerged():
            return {"on": local_day(payload.merged_at), "survivor_id": payload.survivor_id}
        case it.WorkerConsulted():
            return {"on": payload.held_on}
        case tr.WorkerTrained():
            return {"on": local_day(payload.trained_at), "market": payload.market.value}
        case dp.WorkerDeparted():
            return {
                "on": local_day(payload.departed_at),
                "market": payload.country.value,
                "sector": payload.sector.value,
                "placement_id": payload.placement_id,
                "journey": payload.journey,
            }
        case dp.PlacementCancelled():
            return {"on": local_day(payload.cancelled_at), "placement_id": payload.placement_id}
        case dp.PlacementVisaRefused():
            return {
                "on": payload.refused_on,
                "market": payload.country.value,
                "placement_id": payload.placement_id,
            }
        case dp.WorkerEmployerChanged():
            return {
                "on": payload.changed_on,
                "market": payload.country.value,
                "sector": payload.sector.value,
                "placement_id": payload.placement_id,
            }
        case ac.WorkerReportedMissing():
            return {
                "on": local_day(payload.reported_at),
                "placement_id": payload.placement_id,
                "missing_kind": payload.kind.value,
            }
        case ac.WorkerContactResumed():
            return {"on": local_day(payload.contacted_at), "placement_id": payload.placement_id}
        case ac.WorkerDiedAbroad():
            return {"on": payload.died_on, "placement_id": payload.placement_id}
        case ac.WorkerReturned():
            return {
                "on": payload.returned_on,
                "placement_id": payload.placement_id,
                "return_reason": payload.reason.value,
            }
        case it.LoanApproved() | it.LoanDisbursed():
            return {
                "on": local_day(payload.changed_at),
                "loan_id": payload.loan_id,
                "amount_vnd": payload.amount_vnd,
            }
        case ac.RemittanceReported():
            return {
                "on": payload.sent_on,
                "placement_id": payload.placement_id,
                "amount_vnd": payload.amount_vnd,
            }
    return None


def _place(locality: Locality) -> dict[str, Any]:
    return {
        "province_code": locality.province_code,
        "commune_code": locality.commune_code,
        "former_province_code": locality.former_province_code,
        "former_district_code": locality.former_district_code,
        "former_commune_code": locality.former_commune_code,
    }


def _attributes(payload: it.WorkerRegistered | it.WorkerCorrected, at: datetime) -> dict[str, Any]:
    return {
        "on": local_day(at),
        **_place(payload.locality),
        "gender": payload.gender.value,
        "ethnic_minority": payload.ethnic_minority,
        "household_status": payload.household_status.value,
    }


def with_facts(known: Iterable[Fact], new: Iterable[Fact]) -> list[Fact]:
    """Returns a worker's facts with the new ones added, one per event (the first kept: an
    event delivered again changes nothing), in event-id order, so equal sets give equal lists."""
    facts: dict[str, Fact] = {}
    for fact in (*known, *new):
        facts.setdefault(fact.event_id, fact)
    return sorted(facts.values(), key=lambda fact: fact.event_id)


def provinces_named(facts: Iterable[Fact]) -> tuple[list[str], list[str]]:
    """Returns every province (today's, and before 2025) the worker's registration, its
    corrections and its transfers ever named, whenever they were recorded: who a report must
    look at."""
    current: set[str] = set()
    former: set[str] = set()
    for fact in facts:
        if fact.kind in PLACE_KINDS:
            if fact.province_code is not None:
                current.add(fact.province_code)
            if fact.former_province_code is not None:
                former.add(fact.former_province_code)
    return sorted(current), sorted(former)


def facts_with_ids(facts: Iterable[Fact], event_ids: Sequence[str]) -> list[Fact]:
    """Returns the facts of these events, in the order given (a figure's evidence)."""
    by_id = {fact.event_id: fact for fact in facts}
    return [by_id[event_id] for event_id in event_ids if event_id in by_id]
