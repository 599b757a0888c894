"""Events aftercare publishes on ``homeward.aftercare.events``, keyed by worker id.

Aftercare reads its own topic too: every event here lands on the worker's timeline, and the
case view is rebuilt from these events, so check-in and reintegration notes travel with them.
An incident's description and follow-up texts stay in the incident's own record. No event
carries a national ID, a phone number or a family contact.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic
from shared.privacy.personal import PERSONAL, personal

OWN_READERS = ("aftercare",)
DEPLOYMENT_READERS = ("deployment", "aftercare")
ABROAD_OUTCOME_READERS = ("deployment", "aftercare", "reporting")


class ReturnReason(StrEnum):
    """Why a worker came home."""

    CONTRACT_COMPLETED = "contract_completed"
    EARLY_TERMINATION = "early_termination"
    REPATRIATION = "repatriation"
    OTHER = "other"


class ContactParty(StrEnum):
    """Who the centre spoke to at a check-in."""

    WORKER = "worker"
    FAMILY = "family"
    ENTERPRISE = "enterprise"


class ContactChannel(StrEnum):
    """How the centre reached them."""

    PHONE = "phone"
    ZALO = "zalo"
    VISIT = "visit"
    VIDEO = "video"
    OTHER = "other"


class Wellbeing(StrEnum):
    """How the worker is doing, as the officer judged it at a check-in."""

    GOOD = "good"
    CONCERNS = "concerns"
    AT_RISK = "at_risk"


class IncidentCategory(StrEnum):
    """What went wrong for a worker abroad."""

    UNPAID_WAGES = "unpaid_wages"
    CONTRACT_VIOLATION = "contract_violation"
    INJURY_OR_ILLNESS = "injury_or_illness"
    ABUSE = "abuse"
    LEGAL_TROUBLE = "legal_trouble"
    ACCIDENT_OR_DEATH = "accident_or_death"
    OTHER = "other"


class IncidentSeverity(StrEnum):
    """How urgent an incident is; it sets the response deadlines."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class IncidentStatus(StrEnum):
    """Where an incident stands: open -> in_progress -> resolved -> closed."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class EscalationLevel(StrEnum):
    """Who an overdue incident is escalated to: the centre first, then the province."""

    CENTRE = "centre"
    PROVINCE = "province"


class ReintegrationGoal(StrEnum):
    """What a returned worker plans to do at home."""

    JOB = "job"
    BUSINESS = "business"
    STUDY = "study"


class ReferralKind(StrEnum):
    """Where the centre refers a returned worker."""

    DOMESTIC_JOB = "domestic_job"
    BUSINESS_START_UP = "business_start_up"
    CREDIT = "credit"


class ReintegrationOutcome(StrEnum):
    """What became of a returned worker."""

    EMPLOYED = "employed"
    BUSINESS_STARTED = "business_started"
    STUDYING = "studying"
    SEEKING_WORK = "seeking_work"
    WORKING_ABROAD_AGAIN = "working_abroad_again"
    OTHER = "other"


class ClosureReason(StrEnum):
    """Why an aftercare case closed."""

    REINTEGRATED = "reintegrated"
    DECLINED_SUPPORT = "declined_support"
    LOST_CONTACT = "lost_contact"
    DECEASED = "deceased"
    OTHER = "other"


@CATALOGUE.register(
    "worker.checked-in",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*OWN_READERS, "notifications"),
)
class WorkerCheckedIn(EventPayload):
    """The centre was in touch with a worker abroad, their family or their enterprise."""

    worker_id: str
    placement_id: str
    check_in_id: str
    contact: ContactParty
    channel: ContactChannel
    wellbeing: Wellbeing
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    contacted_at: datetime
    recorded_by: str
    recorded_at: datetime


@CATALOGUE.register(
    "remittance.reported", 1, topic=Topic.AFTERCARE, producer="aftercare", consumers=OWN_READERS
)
class RemittanceReported(EventPayload):
    """Money a worker abroad sent home, in its currency and in VND."""

    worker_id: str
    placement_id: str
    remittance_id: str
    amount: float
    currency: str
    amount_vnd: int
    sent_on: date
    reported_by: str
    reported_at: datetime


@CATALOGUE.register(
    "incident.reported",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*OWN_READERS, "notifications"),
)
class IncidentReported(EventPayload):
    """A worker's grievance or emergency was reported; the ticket is what the family quotes."""

    worker_id: str
    placement_id: str
    incident_id: str
    ticket: str
    category: IncidentCategory
    severity: IncidentSeverity
    respond_by: datetime
    resolve_by: datetime
    province_code: str | None = None
    commune_code: str | None = None
    reported_by: str
    reported_at: datetime


@CATALOGUE.register(
    "incident.assigned", 1, topic=Topic.AFTERCARE, producer="aftercare", consumers=OWN_READERS
)
class IncidentAssigned(EventPayload):
    """An officer took charge of an incident."""

    worker_id: str
    incident_id: str
    ticket: str
    assignee: str
    assigned_by: str
    assigned_at: datetime


@CATALOGUE.register(
    "incident.status-changed",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*OWN_READERS, "notifications"),
)
class IncidentStatusChanged(EventPayload):
    """An incident moved along open -> in_progress -> resolved -> closed."""

    worker_id: str
    incident_id: str
    ticket: str
    from_status: IncidentStatus
    to_status: IncidentStatus
    changed_by: str
    changed_at: datetime


@CATALOGUE.register(
    "incident.follow-up-recorded",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=OWN_READERS,
)
class IncidentFollowUpRecorded(EventPayload):
    """A follow-up action on an incident was recorded (its text stays in aftercare)."""

    worker_id: str
    incident_id: str
    ticket: str
    action_id: str
    due_on: date | None = None
    recorded_by: str
    recorded_at: datetime


@CATALOGUE.register(
    "incident.escalated",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*OWN_READERS, "notifications"),
)
class IncidentEscalated(EventPayload):
    """An overdue incident was escalated to the centre or the province (once per level)."""

    worker_id: str
    incident_id: str
    ticket: str
    level: EscalationLevel
    category: IncidentCategory
    severity: IncidentSeverity
    status: IncidentStatus
    province_code: str | None = None
    commune_code: str | None = None
    reported_at: datetime
    missed_deadline: datetime
    escalated_at: datetime


@CATALOGUE.register(
    "contract.extended",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*DEPLOYMENT_READERS, "notifications"),
)
class ContractExtended(EventPayload):
    """A worker abroad had their contract extended; the expected return moves to the new end."""

    worker_id: str
    placement_id: str
    previous_end: date
    new_end: date
    reason: str | None = Field(default=None, json_schema_extra=PERSONAL)
    extended_by: str
    extended_at: datetime


@CATALOGUE.register(
    "worker.returned",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=("intake", *DEPLOYMENT_READERS, "notifications"),
)
class WorkerReturned(EventPayload):
    """The worker came home; reintegration starts."""

    worker_id: str
    returned_on: date
    reason: ReturnReason
    recorded_at: datetime
    placement_id: str | None = None
    recorded_by: str | None = None


@CATALOGUE.register(
    "reintegration.planned",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=(*OWN_READERS, "notifications"),
)
class ReintegrationPlanned(EventPayload):
    """A returned worker's needs were assessed: skills gained, savings, plans."""

    worker_id: str
    placement_id: str
    skills_gained: list[str] = []
    language_level: str | None = None
    savings_vnd: int | None = None
    plans: list[ReintegrationGoal]
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    assessed_by: str
    assessed_at: datetime


@CATALOGUE.register(
    "reintegration.referred",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=OWN_READERS,
)
class ReintegrationReferred(EventPayload):
    """A returned worker was referred to a domestic job, start-up support or credit."""

    worker_id: str
    placement_id: str
    referral_id: str
    kind: ReferralKind
    organisation: str
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    referred_by: str
    referred_at: datetime


@CATALOGUE.register(
    "reintegration.outcome-recorded",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=OWN_READERS,
)
class ReintegrationOutcomeRecorded(EventPayload):
    """What became of a returned worker: a job, a business, study, or still looking."""

    worker_id: str
    placement_id: str
    outcome: ReintegrationOutcome
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    recorded_by: str
    recorded_at: datetime


@CATALOGUE.register(
    "case.closed",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=("intake", *OWN_READERS, "notifications"),
)
class CaseClosed(EventPayload):
    """A returned worker's aftercare case closed; intake may then start their next journey."""

    worker_id: str
    placement_id: str
    reason: ClosureReason
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    closed_by: str
    closed_at: datetime


@CATALOGUE.register(
    "case.records-moved", 1, topic=Topic.AFTERCARE, producer="aftercare", consumers=OWN_READERS
)
class CaseRecordsMoved(EventPayload):
    """A merged duplicate's case events, moved onto the survivor's case (after
    ``worker.merged``, and for any event about the duplicate heard later). ``trail``: the
    records they moved through before ``worker_id``, first to last (a survivor merged since
    moves them on); a move back onto one of them is refused as a cycle of merges."""

    worker_id: str
    survivor_id: str
    entries: list[dict[str, Any]] = Field(json_schema_extra=personal(withheld=[]))
    trail: list[str] = []


class MissingKind(StrEnum):
    """How a worker abroad went out of reach."""

    MISSING = "missing"
    """Nobody can reach them and nobody knows where they are."""
    ABSCONDED = "absconded"
    """They left their employer without notice (and may stay on unlawfully)."""


class RepatriationArrangement(StrEnum):
    """How a worker who died abroad comes home, or does not."""

    REMAINS = "remains"
    ASHES = "ashes"
    BURIED_ABROAD = "buried_abroad"


class CostBearer(StrEnum):
    """Who pays for the repatriation."""

    EMPLOYER = "employer"
    ENTERPRISE = "enterprise"
    INSURANCE = "insurance"
    STATE_FUND = "state_fund"
    FAMILY = "family"


class FamilySupport(StrEnum):
    """Support the centre arranges for the family of a worker who died abroad."""

    INSURANCE_CLAIM = "insurance_claim"
    EMPLOYER_COMPENSATION = "employer_compensation"
    OVERSEAS_EMPLOYMENT_FUND = "overseas_employment_fund"
    FUNERAL_ALLOWANCE = "funeral_allowance"
    LOAN_RELIEF = "loan_relief"
    COUNSELLING = "counselling"
    OTHER = "other"


class RepatriationPlan(BaseModel):
    """How the worker comes home: remains or ashes (or burial abroad), when, paid by whom."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    arrangement: RepatriationArrangement
    expected_on: date | None = None
    cost_bearers: list[CostBearer] = []


@CATALOGUE.register(
    "worker.reported-missing",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=ABROAD_OUTCOME_READERS,
)
class WorkerReportedMissing(EventPayload):
    """A worker abroad is out of reach (missing, or absconded from the employer): when they were
    last in contact, and what the centre has done to find them."""

    worker_id: str
    placement_id: str
    kind: MissingKind
    last_contact_at: datetime
    steps_taken: list[str] = Field(json_schema_extra=personal(withheld=[]))
    reported_by: str
    reported_at: datetime


@CATALOGUE.register(
    "worker.contact-resumed",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=ABROAD_OUTCOME_READERS,
)
class WorkerContactResumed(EventPayload):
    """A worker reported missing was found, or got in touch again."""

    worker_id: str
    placement_id: str
    contacted_at: datetime
    notes: str | None = Field(default=None, json_schema_extra=PERSONAL)
    recorded_by: str
    recorded_at: datetime


@CATALOGUE.register(
    "worker.died-abroad",
    1,
    topic=Topic.AFTERCARE,
    producer="aftercare",
    consumers=("intake", *ABROAD_OUTCOME_READERS),
)
class WorkerDiedAbroad(EventPayload):
    """A worker died abroad: the repatriation and the family's support plan. The case then
    closes as deceased, with no return."""

    worker_id: str
    placement_id: str
    died_on: date
    repatriation: RepatriationPlan
    family_support: list[FamilySupport]
    recorded_by: str
    recorded_at: datetime
