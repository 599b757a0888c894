"""What the alert rules need to know about each worker and each enterprise, folded from events.

Every fact keeps the time that set it, so a fold converges whatever the arrival order: a later
fact wins over an earlier one, never over a newer one.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from shared.consent import ConsentStanding
from shared.contracts import aftercare as ac
from shared.contracts import deployment as dp
from shared.contracts import intake as it
from shared.contracts.deployment import LicenceStatus
from shared.events.catalogue import EventPayload

CLOSED_INCIDENT = {ac.IncidentStatus.RESOLVED, ac.IncidentStatus.CLOSED}


class IncidentFacts(BaseModel):
    """An incident of a worker: its deadline, whether it was escalated, and whether it is over."""

    model_config = ConfigDict(extra="ignore")

    incident_id: str
    ticket: str = ""
    resolve_by: datetime | None = None
    escalated_at: datetime | None = None
    closed_at: datetime | None = None
    status_at: datetime | None = None


class WorkerFacts(BaseModel):
    """One worker's facts the rules read (nothing personal: no name, phone or family)."""

    model_config = ConfigDict(extra="ignore")

    worker_id: str
    province_code: str | None = None
    commune_code: str | None = None
    locality_at: datetime | None = None
    departed_at: datetime | None = None
    enterprise_id: str | None = None
    contract_end: date | None = None
    contract_end_at: datetime | None = None
    last_contact_at: datetime | None = None
    returned_at: datetime | None = None
    reintegration_planned_at: datetime | None = None
    case_closed_at: datetime | None = None
    loan_id: str | None = None
    loan_disbursed_at: datetime | None = None
    incidents: list[IncidentFacts] = []
    consent: ConsentStanding = ConsentStanding()

    @property
    def abroad(self) -> bool:
        """Whether the worker's latest departure is not followed by a return."""
        if self.departed_at is None:
            return False
        return self.returned_at is None or self.returned_at < self.departed_at


class EnterpriseFacts(BaseModel):
    """A sending enterprise's licence as its latest change left it."""

    model_config = ConfigDict(extra="ignore")

    enterprise_id: str
    name: str = ""
    status: LicenceStatus = LicenceStatus.ACTIVE
    changed_at: datetime | None = None

    @property
    def withdrawn(self) -> bool:
        """Whether the licence is suspended or revoked."""
        return self.status in (LicenceStatus.SUSPENDED, LicenceStatus.REVOKED)


def _later(known: datetime | None, heard: datetime) -> bool:
    return known is None or heard >= known


def _later_contract(facts: WorkerFacts, end: date, at: datetime) -> WorkerFacts:
    if _later(facts.contract_end_at, at):
        return facts.model_copy(update={"contract_end": end, "contract_end_at": at})
    return facts


def _incident(facts: WorkerFacts, incident_id: str) -> tuple[IncidentFacts, list[IncidentFacts]]:
    others = [i for i in facts.incidents if i.incident_id != incident_id]
    found = next((i for i in facts.incidents if i.incident_id == incident_id), None)
    return found or IncidentFacts(incident_id=incident_id), others


def _with_incident(
    facts: WorkerFacts, incident: IncidentFacts, others: list[IncidentFacts]
) -> WorkerFacts:
    ordered = sorted([*others, incident], key=lambda i: i.incident_id)
    return facts.model_copy(update={"incidents": ordered})


def heard(facts: WorkerFacts, payload: EventPayload) -> WorkerFacts:
    """Returns the worker's facts with one event's news in them (other events change nothing)."""
    match payload:
        case (
            it.WorkerRegistered(locality=locality, registered_at=at)
            | it.WorkerCorrected(locality=locality, corrected_at=at)
        ):
            if _later(facts.locality_at, at):
                return facts.model_copy(
                    update={
                        "province_code": locality.province_code,
                        "commune_code": locality.commune_code,
                        "locality_at": at,
                    }
                )
        case it.LoanDisbursed(loan_id=loan_id, changed_at=at):
            if _later(facts.loan_disbursed_at, at):
                return facts.model_copy(update={"loan_id": loan_id, "loan_disbursed_at": at})
        case dp.WorkerDeparted(departed_at=at):
            if _later(facts.departed_at, at):
                facts = facts.model_copy(
                    update={"departed_at": at, "enterprise_id": payload.enterprise_id}
                )
            return _later_contract(facts, payload.contract_end, at)
        case dp.PlacementContractEndChanged(contract_end=end, reported_at=at):
            return _later_contract(facts, end, at)
        case ac.ContractExtended(new_end=end, extended_at=at):
            return _later_contract(facts, end, at)
        case ac.WorkerCheckedIn(contacted_at=at):
            if _later(facts.last_contact_at, at):
                return facts.model_copy(update={"last_contact_at": at})
        case ac.WorkerReturned(recorded_at=at):
            if _later(facts.returned_at, at):
                return facts.model_copy(update={"returned_at": at})
        case ac.ReintegrationPlanned(assessed_at=at):
            if _later(facts.reintegration_planned_at, at):
                return facts.model_copy(update={"reintegration_planned_at": at})
        case ac.CaseClosed(closed_at=at):
            if _later(facts.case_closed_at, at):
                return facts.model_copy(update={"case_closed_at": at})
        case ac.IncidentReported():
            incident, others = _incident(facts, payload.incident_id)
            incident = incident.model_copy(
                update={"ticket": payload.ticket, "resolve_by": payload.resolve_by}
            )
            return _with_incident(facts, incident, others)
        case ac.IncidentEscalated(escalated_at=at):
            incident, others = _incident(facts, payload.incident_id)
            if incident.escalated_at is None or at < incident.escalated_at:
                incident = incident.model_copy(
                    update={"escalated_at": at, "ticket": payload.ticket}
                )
            return _with_incident(facts, incident, others)
        case ac.IncidentStatusChanged(changed_at=at):
            incident, others = _incident(facts, payload.incident_id)
            if _later(incident.status_at, at):
                closed = at if payload.to_status in CLOSED_INCIDENT else None
                incident = incident.model_copy(update={"status_at": at, "closed_at": closed})
            return _with_incident(facts, incident, others)
    return facts


def licence_heard(facts: EnterpriseFacts, payload: dp.EnterpriseLicenceChanged) -> EnterpriseFacts:
    """Returns the enterprise's licence as the later of what is known and the change heard."""
    if _later(facts.changed_at, payload.changed_at):
        return facts.model_copy(
            update={
                "name": payload.name,
                "status": payload.status,
                "changed_at": payload.changed_at,
            }
        )
    return facts
