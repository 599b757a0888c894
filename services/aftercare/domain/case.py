"""A worker's case: journeys folded from the timeline, the same whatever the arrival order.

The case holds every event heard about the worker (from all four services, and aftercare's
own) and the state folded from them in timeline order. A late event that belongs before the
newest one refolds the whole timeline, so the result depends only on which events were heard,
never on the order they arrived in. A worker who comes home starts a new journey at intake
(``worker.journey-started``, numbered there); the timeline keeps every journey. Events from
before journeys were numbered (a registration, training or placement after a return) still
start the next journey.

A departure opens the case; no ``case.opened`` event is emitted from the view, so the consumer
stays the only writer of the view's documents (FerretDB v1 does not isolate concurrent updates).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.aftercare.domain.timeline import Heard, TimelineEntry, in_order
from shared.consent import ConsentStanding, fold_consent
from shared.contracts import aftercare as ac
from shared.contracts.common import ConsentPurpose, Gender, HouseholdStatus, Locality, Market
from shared.contracts.deployment import (
    PlacementVisaRefused,
    WorkerDeparted,
    WorkerEmployerChanged,
)
from shared.contracts.intake import (
    ConsentGiven,
    ConsentWithdrawn,
    FamilyContact,
    WorkerCaseImported,
    WorkerCorrected,
    WorkerErased,
    WorkerJourneyStarted,
    WorkerMerged,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.contracts.training import WorkerTrained
from shared.errors import ConflictError
from shared.events.catalogue import EventPayload
from shared.privacy.personal import withheld_data

CONTRACT_END_CHANGED = "placement.contract-end-changed"
VIETNAM = timezone(timedelta(hours=7))


class JourneyStage(StrEnum):
    """How far a journey has come; it only moves forward."""

    UNKNOWN = "unknown"
    REGISTERED = "registered"
    TRAINED = "trained"
    ABROAD = "abroad"
    DIED_ABROAD = "died_abroad"
    RETURNED = "returned"
    CLOSED = "closed"


_STAGE_RANK = {stage: rank for rank, stage in enumerate(JourneyStage)}
ENDED_STAGES = frozenset({JourneyStage.DIED_ABROAD, JourneyStage.RETURNED, JourneyStage.CLOSED})


class Profile(BaseModel):
    """Who the worker is, from the latest registration or correction. Personal data: never log."""

    model_config = ConfigDict(extra="ignore")

    full_name: str
    gender: Gender
    date_of_birth: date
    household_status: HouseholdStatus
    ethnic_minority: bool
    locality: Locality
    phone: str | None = None
    family_contact: FamilyContact | None = None

    @classmethod
    def of(cls, payload: WorkerRegistered | WorkerCorrected) -> Profile:
        """Returns the profile an intake event describes."""
        return cls.model_validate(payload.model_dump())


class IncidentNote(BaseModel):
    """What the case knows of one incident, from the incident's events."""

    incident_id: str
    ticket: str
    category: ac.IncidentCategory
    severity: ac.IncidentSeverity
    status: ac.IncidentStatus = ac.IncidentStatus.OPEN
    escalated_to: ac.EscalationLevel | None = None
    reported_at: datetime

    @property
    def unresolved(self) -> bool:
        """True while nobody has resolved it."""
        return self.status in (ac.IncidentStatus.OPEN, ac.IncidentStatus.IN_PROGRESS)


class Journey(BaseModel):
    """One journey of a worker: registered, trained, abroad, home again, case closed."""

    number: int
    stage: JourneyStage = JourneyStage.UNKNOWN
    withdrawn: bool = False
    started_at: datetime
    registered_at: datetime | None = None
    trained_markets: list[Market] = []
    visa_refusals: list[PlacementVisaRefused] = []
    departure: WorkerDeparted | None = None
    expected_return: date | None = None
    employer_changes: list[WorkerEmployerChanged] = []
    extensions: list[ac.ContractExtended] = []
    check_ins: list[ac.WorkerCheckedIn] = []
    last_contact_at: datetime | None = None
    latest_wellbeing: ac.Wellbeing | None = None
    remittance_count: int = 0
    remitted_vnd: int = 0
    incidents: list[IncidentNote] = []
    missing: ac.WorkerReportedMissing | None = None
    missing_reports: list[ac.WorkerReportedMissing] = []
    contact_resumptions: list[ac.WorkerContactResumed] = []
    death: ac.WorkerDiedAbroad | None = None
    returned: ac.WorkerReturned | None = None
    assessment: ac.ReintegrationPlanned | None = None
    referrals: list[ac.ReintegrationReferred] = []
    outcome: ac.ReintegrationOutcomeRecorded | None = None
    closure: ac.CaseClosed | None = None

    @property
    def placement_id(self) -> str | None:
        """The placement this journey's aftercare case follows, once the worker departed."""
        return self.departure.placement_id if self.departure else None

    @property
    def employer(self) -> str | None:
        """The worker's employer abroad now: the latest change's, else the departure's."""
        if self.employer_changes:
            return self.employer_changes[-1].employer
        return self.departure.employer if self.departure else None

    @property
    def ended(self) -> bool:
        """True once the worker came home, died abroad, or the case closed."""
        return self.stage in ENDED_STAGES

    def advance(self, stage: JourneyStage) -> None:
        """Moves the stage forward to ``stage``; never back."""
        if _STAGE_RANK[stage] > _STAGE_RANK[self.stage]:
            self.stage = stage

    def incident(self, incident_id: str) -> IncidentNote | None:
        """Returns the note of one incident, if the journey has it."""
        return next((n for n in self.incidents if n.incident_id == incident_id), None)


class CaseSummary(BaseModel):
    """The flat facts that lists and queries need about a worker's case."""

    worker_id: str
    merged_into: str | None = None
    full_name: str | None = None
    province_code: str | None = None
    commune_code: str | None = None
    journeys: int = 0
    journey: int | None = None
    stage: JourneyStage = JourneyStage.UNKNOWN
    withdrawn: bool = False
    placement_id: str | None = None
    country: Market | None = None
    employer: str | None = None
    departed_at: datetime | None = None
    expected_return: date | None = None
    last_contact_at: datetime | None = None
    latest_wellbeing: ac.Wellbeing | None = None
    open_incidents: int = 0
    remittance_count: int = 0
    remitted_vnd: int = 0
    missing_kind: ac.MissingKind | None = None
    missing_since: datetime | None = None
    died_on: date | None = None
    closed_at: datetime | None = None
    aftercare_consented: bool = True
    reintegration_planned: bool = False
    """The worker's needs and plans at home were assessed (a reintegration plan)."""


class WorkerCase(BaseModel):
    """Everything aftercare knows about one worker: profile, journeys and timeline."""

    worker_id: str
    merged_into: str | None = None
    profile: Profile | None = None
    journeys: list[Journey] = []
    timeline: list[TimelineEntry] = []
    consent: ConsentStanding = ConsentStanding()

    def require_aftercare_consent(self) -> None:
        """Raises ConsentWithdrawnError (409) if the worker withdrew consent to aftercare:
        routine contact and reintegration stop; incidents, missing workers and deaths abroad
        go on under the law (``shared.consent.PROCESSING_WITHOUT_CONSENT``)."""
        self.consent.require(ConsentPurpose.AFTERCARE)

    erased: bool = False
    """The worker's personal data was erased: every event is kept with its personal fields
    withheld, so the profile holds no name, birth date, phone or contact, and no notes stay."""

    def knows(self, event_id: str) -> bool:
        """True if the event is already on the timeline."""
        return any(entry.event_id == event_id for entry in self.timeline)

    def case_journey(self) -> Journey | None:
        """Returns the latest journey that reached departure: the one aftercare follows."""
        return next((j for j in reversed(self.journeys) if j.departure is not None), None)

    def require_case(self) -> Journey:
        """Returns the journey aftercare follows, or raises ConflictError if none departed."""
        if self.merged_into is not None:
            raise ConflictError(
                "the worker's record was merged into another", survivor_id=self.merged_into
            )
        journey = self.case_journey()
        if journey is None:
            latest = self.journeys[-1].stage if self.journeys else JourneyStage.UNKNOWN
            raise ConflictError("no aftercare case: the worker has not departed", stage=latest)
        return journey

    def summary(self) -> CaseSummary:
        """Returns the flat facts of the case journey (or the latest journey if none departed)."""
        journey = self.case_journey() or (self.journeys[-1] if self.journeys else None)
        profile = self.profile
        facts: dict[str, Any] = {
            "worker_id": self.worker_id,
            "merged_into": self.merged_into,
            "journeys": len(self.journeys),
            "full_name": profile.full_name if profile else None,
            "province_code": profile.locality.province_code if profile else None,
            "commune_code": profile.locality.commune_code if profile else None,
            "aftercare_consented": self.consent.allows(ConsentPurpose.AFTERCARE),
        }
        if journey is not None:
            departure = journey.departure
            facts.update(
                journey=journey.number,
                stage=journey.stage,
                withdrawn=journey.withdrawn,
                placement_id=journey.placement_id,
                country=departure.country if departure else None,
                employer=journey.employer,
                departed_at=departure.departed_at if departure else None,
                expected_return=journey.expected_return,
                last_contact_at=journey.last_contact_at,
                latest_wellbeing=journey.latest_wellbeing,
                open_incidents=sum(1 for n in journey.incidents if n.unresolved),
                remittance_count=journey.remittance_count,
                remitted_vnd=journey.remitted_vnd,
                missing_kind=journey.missing.kind if journey.missing else None,
                missing_since=journey.missing.last_contact_at if journey.missing else None,
                died_on=journey.death.died_on if journey.death else None,
                closed_at=journey.closure.closed_at if journey.closure else None,
                reintegration_planned=journey.assessment is not None,
            )
        return CaseSummary(**facts)


def require_open(journey: Journey) -> None:
    """Raises ConflictError if the journey's case is closed."""
    if journey.closure is not None:
        raise ConflictError("the case is closed", stage=journey.stage)


def fold(worker_id: str, entries: Sequence[Heard]) -> WorkerCase:
    """Returns the case folded from scratch out of its events, in timeline order."""
    case = WorkerCase(worker_id=worker_id)
    for entry in in_order(entries):
        _evolve(case, entry)
    return _forgotten_if_erased(case)


def _forgotten_if_erased(case: WorkerCase) -> WorkerCase:
    """An erased worker's case folded again from its events with their personal fields
    withheld; any other case as it is."""
    if not case.erased:
        return case
    forgotten = WorkerCase(worker_id=case.worker_id)
    for entry in case.timeline:
        data = withheld_data(entry.type, entry.data)
        _evolve(forgotten, TimelineEntry.model_validate({**entry.model_dump(), "data": data}))
    return forgotten


def add_events(case: WorkerCase, entries: Sequence[Heard], copy: bool = True) -> WorkerCase:
    """Returns the case with new events on its timeline; the input case is not changed, unless
    ``copy=False`` says the caller owns it (it was just read from a view document)."""
    known = {entry.event_id for entry in case.timeline}
    fresh = [e for e in in_order(entries) if e.event_id not in known]
    if not fresh:
        return case
    if case.timeline and fresh[0].sort_key < case.timeline[-1].sort_key:
        return fold(case.worker_id, [*case.timeline, *fresh])
    updated = case.model_copy(deep=True) if copy else case
    for entry in fresh:
        _evolve(updated, entry)
    return _forgotten_if_erased(updated)


MOVED = "case.records-moved"


def moves(case: WorkerCase) -> tuple[WorkerCase, list[TimelineEntry]]:
    """Returns a merged duplicate's case without the entries that belong on the survivor's
    (everything but intake's events about the record itself), and those entries; a case not
    merged is returned as it is."""
    if case.merged_into is None:
        return case, []
    moved = [e for e in case.timeline if e.source != "intake" and e.type != MOVED]
    if not moved:
        return case, []
    kept = [e for e in case.timeline if e.source == "intake"]
    return fold(case.worker_id, kept), moved


def merged_in(case: WorkerCase) -> set[str]:
    """Returns the other records whose entries were moved onto this case (merged into it)."""
    about = {entry.data.get("worker_id") for entry in case.timeline}
    return {worker for worker in about if isinstance(worker, str) and worker != case.worker_id}


def hear(case: WorkerCase, entry: Heard) -> WorkerCase:
    """Returns the case with one more event heard; an event heard before changes nothing."""
    if case.knows(entry.event_id):
        return case
    return add_events(case, [entry])


def _evolve(case: WorkerCase, entry: Heard) -> None:
    """Applies one event to the case in place (only ever on the fold's own copy)."""
    payload = entry.payload()
    journey = _journey_for(case, entry, payload)
    case.timeline.append(entry.on_journey(journey.number))
    match payload:
        case WorkerRegistered():
            journey.registered_at = journey.registered_at or payload.registered_at
            journey.advance(JourneyStage.REGISTERED)
            case.profile = Profile.of(payload)
        case WorkerCorrected():
            case.profile = Profile.of(payload)
        case WorkerErased():
            case.erased = True
        case WorkerJourneyStarted():
            journey.registered_at = journey.registered_at or payload.started_at
            journey.advance(JourneyStage.REGISTERED)
            if case.profile is not None:
                case.profile = case.profile.model_copy(
                    update={
                        "household_status": payload.household_status,
                        "locality": payload.locality,
                    }
                )
        case WorkerWithdrawn():
            journey.withdrawn = True
        case WorkerReopened():
            journey.withdrawn = False
        case WorkerMerged(survivor_id=survivor_id):
            case.merged_into = survivor_id
        case ConsentGiven() | ConsentWithdrawn():
            case.consent = fold_consent(case.consent, payload, sequence=entry.sequence)
        case WorkerTrained(market=market):
            if market not in journey.trained_markets:
                journey.trained_markets.append(market)
            journey.advance(JourneyStage.TRAINED)
        case PlacementVisaRefused():
            journey.visa_refusals.append(payload)
        case WorkerDeparted():
            journey.departure = payload
            journey.expected_return = payload.contract_end
            journey.advance(JourneyStage.ABROAD)
        case WorkerCaseImported():
            _migrated(journey, payload)
        case ac.WorkerCheckedIn():
            journey.check_ins.append(payload)
            if journey.last_contact_at is None or payload.contacted_at >= journey.last_contact_at:
                journey.last_contact_at = payload.contacted_at
                journey.latest_wellbeing = payload.wellbeing
        case ac.RemittanceReported():
            journey.remittance_count += 1
            journey.remitted_vnd += payload.amount_vnd
        case ac.IncidentReported():
            journey.incidents.append(
                IncidentNote(
                    incident_id=payload.incident_id,
                    ticket=payload.ticket,
                    category=payload.category,
                    severity=payload.severity,
                    reported_at=payload.reported_at,
                )
            )
        case ac.IncidentStatusChanged():
            note = journey.incident(payload.incident_id)
            if note is not None:
                note.status = payload.to_status
        case ac.IncidentEscalated():
            note = journey.incident(payload.incident_id)
            if note is not None and note.escalated_to != ac.EscalationLevel.PROVINCE:
                note.escalated_to = payload.level
        case WorkerEmployerChanged():
            journey.employer_changes.append(payload)
            journey.expected_return = payload.contract_end
        case ac.ContractExtended():
            journey.extensions.append(payload)
            journey.expected_return = payload.new_end
        case ac.WorkerReportedMissing():
            journey.missing_reports.append(payload)
            if journey.death is None:
                journey.missing = payload
        case ac.WorkerContactResumed():
            journey.contact_resumptions.append(payload)
            journey.missing = None
            if journey.last_contact_at is None or payload.contacted_at >= journey.last_contact_at:
                journey.last_contact_at = payload.contacted_at
        case ac.WorkerDiedAbroad():
            journey.death = payload
            journey.missing = None
            journey.advance(JourneyStage.DIED_ABROAD)
        case ac.WorkerReturned():
            journey.returned = payload
            journey.missing = None
            journey.advance(JourneyStage.RETURNED)
        case ac.ReintegrationPlanned():
            journey.assessment = payload
        case ac.ReintegrationReferred():
            journey.referrals.append(payload)
        case ac.ReintegrationOutcomeRecorded():
            journey.outcome = payload
        case ac.CaseClosed():
            journey.closure = payload
            journey.advance(JourneyStage.CLOSED)
        case _ if (
            entry.type == CONTRACT_END_CHANGED
            and journey.placement_id is not None
            and journey.placement_id == entry.data.get("placement_id")
        ):
            # Deployment moved the end (an early end, or echoing our extension).
            journey.expected_return = date.fromisoformat(entry.data["contract_end"])


def _migrated(journey: Journey, payload: WorkerCaseImported) -> None:
    """A migrated case: its stage, and its departure and return on their true days, kept as
    deployment's and aftercare's own events would have said them (no job order, no salary)."""
    if payload.certificates:
        journey.advance(JourneyStage.TRAINED)
    placement = payload.placement
    if placement is None or placement.departed_on is None:
        return
    journey.departure = WorkerDeparted(
        worker_id=payload.worker_id,
        placement_id=placement.placement_id,
        country=placement.country,
        employer=placement.employer,
        sector=placement.sector,
        enterprise_id=placement.enterprise_id,
        job_order_id="",
        contract_start=placement.contract_start,
        contract_end=placement.contract_end,
        monthly_salary=0,
        salary_currency="",
        monthly_salary_vnd=0,
        departed_at=datetime.combine(placement.departed_on, time(12), VIETNAM),
    )
    journey.expected_return = placement.contract_end
    journey.advance(JourneyStage.ABROAD)
    if placement.returned_on is None:
        return
    completed = placement.returned_on >= placement.contract_end
    journey.returned = ac.WorkerReturned(
        worker_id=payload.worker_id,
        returned_on=placement.returned_on,
        reason=ac.ReturnReason.CONTRACT_COMPLETED if completed else ac.ReturnReason.OTHER,
        recorded_at=payload.imported_at,
        placement_id=placement.placement_id,
        recorded_by=payload.imported_by,
    )
    journey.advance(JourneyStage.RETURNED)


def _journey_for(case: WorkerCase, entry: Heard, payload: EventPayload | None) -> Journey:
    """Returns the journey an event belongs to, starting a new one when it begins a journey."""
    placement_id = entry.data.get("placement_id")
    if isinstance(placement_id, str):
        for journey in reversed(case.journeys):
            if journey.placement_id == placement_id:
                return journey
    incident_id = entry.data.get("incident_id")
    if isinstance(incident_id, str):
        for journey in reversed(case.journeys):
            if journey.incident(incident_id) is not None:
                return journey
    if isinstance(payload, WorkerJourneyStarted):
        numbered = next((j for j in case.journeys if j.number == payload.journey), None)
        return numbered or _new_journey(case, entry, payload.journey)
    if _starts_journey(entry, payload):
        if not case.journeys or case.journeys[-1].ended:
            return _new_journey(case, entry)
        return case.journeys[-1]
    return case.journeys[-1] if case.journeys else _new_journey(case, entry)


def _starts_journey(entry: Heard, payload: EventPayload | None) -> bool:
    """True for events that move a worker towards going abroad: after a return, a new journey."""
    if isinstance(payload, WorkerRegistered | WorkerTrained | WorkerDeparted):
        return True
    return entry.source == "training" or entry.type.startswith("placement.")


def _new_journey(case: WorkerCase, entry: Heard, number: int | None = None) -> Journey:
    latest = max((j.number for j in case.journeys), default=0)
    journey = Journey(number=number or latest + 1, started_at=entry.time)
    case.journeys.append(journey)
    return journey
