"""Events intake publishes on ``homeward.intake.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.common import (
    ConsentPurpose,
    Gender,
    HouseholdStatus,
    Locality,
    Market,
    Sector,
)
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic
from shared.privacy.personal import PERSONAL, personal

ALL_READERS = ("training", "deployment", "aftercare")


class FamilyContact(BaseModel):
    """Who aftercare calls at home; personal data, so only aftercare reads it."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    name: str
    relationship: str
    phone: str = Field(repr=False)


class SupportEligibility(BaseModel):
    """Which Subproject 2 supports the worker qualifies for, as intake decided."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    subproject2: bool
    training_cost_support: bool
    preferential_loan: bool
    reasons: list[str] = []


@CATALOGUE.register(
    "worker.registered",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "notifications"),
)
class WorkerRegistered(EventPayload):
    """A worker's case opened at intake (no national ID: downstream services never need it)."""

    worker_id: str
    full_name: str = Field(json_schema_extra=personal(withheld=""), repr=False)
    date_of_birth: date = Field(json_schema_extra=personal(withheld="0001-01-01"), repr=False)
    gender: Gender
    ethnicity: str | None = Field(default=None, json_schema_extra=PERSONAL)
    ethnic_minority: bool = False
    household_status: HouseholdStatus
    locality: Locality
    education: str | None = None
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []
    support: SupportEligibility
    phone: str | None = Field(default=None, repr=False, json_schema_extra=PERSONAL)
    family_contact: FamilyContact | None = Field(
        default=None, repr=False, json_schema_extra=PERSONAL
    )
    registered_at: datetime


@CATALOGUE.register(
    "worker.corrected",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "notifications"),
)
class WorkerCorrected(EventPayload):
    """Fields of a worker's record were corrected; carries the new values of those fields."""

    worker_id: str
    revision: int
    changed_fields: list[str]
    full_name: str = Field(json_schema_extra=personal(withheld=""), repr=False)
    date_of_birth: date = Field(json_schema_extra=personal(withheld="0001-01-01"), repr=False)
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []
    support: SupportEligibility
    phone: str | None = Field(default=None, repr=False, json_schema_extra=PERSONAL)
    family_contact: FamilyContact | None = Field(
        default=None, repr=False, json_schema_extra=PERSONAL
    )
    corrected_by: str
    corrected_at: datetime
    ethnicity: str | None = Field(default=None, json_schema_extra=PERSONAL)
    education: str | None = None


@CATALOGUE.register(
    "worker.withdrawn", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerWithdrawn(EventPayload):
    """The worker withdrew from the programme; their case is on hold."""

    worker_id: str
    reason: str = Field(json_schema_extra=personal(withheld=""))
    withdrawn_at: datetime


@CATALOGUE.register(
    "worker.reopened", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerReopened(EventPayload):
    """A withdrawn case was reopened."""

    worker_id: str
    reopened_at: datetime
    reason: str | None = Field(default=None, json_schema_extra=PERSONAL)


@CATALOGUE.register(
    "worker.merged", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerMerged(EventPayload):
    """An officer found this record to be the same person as another; the survivor carries on."""

    worker_id: str
    survivor_id: str
    review_id: str
    merged_at: datetime


class ConsultationChannel(StrEnum):
    """Where a consultation took place."""

    JOB_FAIR = "job_fair"
    COMMUNE_CONFERENCE = "commune_conference"
    CENTRE_VISIT = "centre_visit"
    PHONE = "phone"
    ONLINE = "online"


class ConsultationOutcome(StrEnum):
    """What the worker decided after a consultation."""

    WANTS_TO_GO = "wants_to_go"
    UNDECIDED = "undecided"
    FOLLOW_UP_NEEDED = "follow_up_needed"
    DECLINED = "declined"


@CATALOGUE.register("worker.consulted", 1, topic=Topic.INTAKE, producer="intake")
class WorkerConsulted(EventPayload):
    """A consultation with the worker was recorded (channel, markets, outcome; no notes)."""

    worker_id: str
    consultation_id: str
    held_on: date
    channel: ConsultationChannel
    markets_discussed: list[Market] = []
    outcome: ConsultationOutcome
    recorded_at: datetime


class LoanStatus(StrEnum):
    """Where a preferential loan application stands at the Social Policy Bank."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    DISBURSED = "disbursed"
    REPAYING = "repaying"
    REPAID = "repaid"


class LoanEvent(EventPayload):
    """Fields every loan event carries: whose loan, which, how much, and its new status."""

    worker_id: str
    loan_id: str
    amount_vnd: int
    status: LoanStatus
    changed_at: datetime


@CATALOGUE.register("loan.requested", 1, topic=Topic.INTAKE, producer="intake")
class LoanRequested(LoanEvent):
    """A worker applied for a preferential loan to cover the cost of going abroad."""

    cost_of_going_vnd: int
    collateral_recorded: bool


@CATALOGUE.register("loan.approved", 1, topic=Topic.INTAKE, producer="intake")
class LoanApproved(LoanEvent):
    """The Social Policy Bank approved the loan."""


@CATALOGUE.register("loan.rejected", 1, topic=Topic.INTAKE, producer="intake")
class LoanRejected(LoanEvent):
    """The Social Policy Bank rejected the loan, with its reason."""

    reason: str = Field(json_schema_extra=personal(withheld=""))


@CATALOGUE.register(
    "loan.disbursed", 1, topic=Topic.INTAKE, producer="intake", consumers=("notifications",)
)
class LoanDisbursed(LoanEvent):
    """The loan was paid out."""


@CATALOGUE.register("loan.repayment-started", 1, topic=Topic.INTAKE, producer="intake")
class LoanRepaymentStarted(LoanEvent):
    """The worker began repaying (usually from wages abroad)."""


@CATALOGUE.register("loan.repaid", 1, topic=Topic.INTAKE, producer="intake")
class LoanRepaid(LoanEvent):
    """The loan is fully repaid."""


@CATALOGUE.register(
    "worker.journey-started", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerJourneyStarted(EventPayload):
    """A worker home from a journey (or whose case closed) starts the next one, same case."""

    worker_id: str
    journey: int = Field(ge=2)
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []
    support: SupportEligibility
    started_by: str
    started_at: datetime


class ReferralAgency(StrEnum):
    """Where a worker is referred: an agency outside Homeward's services."""

    JOB_CENTRE = "job_centre"
    HEALTH_SERVICE = "health_service"
    LEGAL_AID = "legal_aid"


class ReferralOutcome(StrEnum):
    """What came of a referral."""

    SERVED = "served"
    DECLINED_BY_WORKER = "declined_by_worker"
    REFUSED_BY_AGENCY = "refused_by_agency"
    NO_RESPONSE = "no_response"


TRANSFER_READERS = ("intake", "reporting")


@CATALOGUE.register(
    "worker.transfer-requested", 1, topic=Topic.INTAKE, producer="intake", consumers=("intake",)
)
class WorkerTransferRequested(EventPayload):
    """The worker's commune asked another commune to take over the case from a date."""

    worker_id: str
    transfer_id: str
    from_locality: Locality
    to_locality: Locality
    effective_date: date
    needs_approval: bool = False
    reason: str = Field(json_schema_extra=personal(withheld=""))
    requested_by: str
    requested_at: datetime


@CATALOGUE.register(
    "worker.transfer-accepted", 1, topic=Topic.INTAKE, producer="intake", consumers=TRANSFER_READERS
)
class WorkerTransferAccepted(EventPayload):
    """The receiving commune took the case over: it is the worker's commune from the effective
    date on; everything before it stays with the sending commune."""

    worker_id: str
    transfer_id: str
    from_locality: Locality
    to_locality: Locality
    effective_date: date
    accepted_by: str
    accepted_at: datetime


@CATALOGUE.register(
    "worker.transfer-refused", 1, topic=Topic.INTAKE, producer="intake", consumers=("intake",)
)
class WorkerTransferRefused(EventPayload):
    """The receiving commune refused the transfer; the case stays where it was."""

    worker_id: str
    transfer_id: str
    reason: str = Field(json_schema_extra=personal(withheld=""))
    refused_by: str
    refused_at: datetime


@CATALOGUE.register("worker.referred", 1, topic=Topic.INTAKE, producer="intake")
class WorkerReferred(EventPayload):
    """The worker was referred to a job centre, a health service or a legal aid office."""

    worker_id: str
    referral_id: str
    agency: ReferralAgency
    agency_name: str
    reason: str = Field(json_schema_extra=personal(withheld=""))
    referred_by: str
    referred_at: datetime


@CATALOGUE.register("referral.outcome-recorded", 1, topic=Topic.INTAKE, producer="intake")
class ReferralOutcomeRecorded(EventPayload):
    """What came of a referral, as the agency or the worker told the commune."""

    worker_id: str
    referral_id: str
    outcome: ReferralOutcome
    note: str | None = Field(default=None, json_schema_extra=PERSONAL)
    recorded_by: str
    recorded_at: datetime


@CATALOGUE.register(
    "consent.given",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "notifications"),
)
class ConsentGiven(EventPayload):
    """The worker's consent was recorded again: the purposes it now covers, under which notice.

    Purposes left out are withdrawn. A registration consenting to every purpose publishes no
    such event (``worker.registered`` stands for it); one consenting to fewer does.
    """

    worker_id: str
    purposes: list[ConsentPurpose]
    notice_version: str
    given_by: str
    given_at: datetime


@CATALOGUE.register(
    "consent.withdrawn",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "notifications"),
)
class ConsentWithdrawn(EventPayload):
    """The worker withdrew consent for some purposes; ``withdrawn_purposes`` is every purpose
    withdrawn after it, so the latest consent event alone says where consent stands."""

    worker_id: str
    purposes: list[ConsentPurpose]
    withdrawn_purposes: list[ConsentPurpose]
    withdrawn_by: str
    withdrawn_at: datetime


class ImportedStage(StrEnum):
    """How far a migrated case had gone before it came into Homeward."""

    REGISTERED = "registered"
    TRAINED = "trained"
    PLACED = "placed"
    ABROAD = "abroad"
    RETURNED = "returned"


class ImportedCertificate(BaseModel):
    """A certificate a migrated worker earned before Homeward, as the commune recorded it. Its
    number identifies the holder: personal, sealed."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    number: str = Field(json_schema_extra=personal(withheld=""), repr=False)
    kind: str
    """``language``, ``vocational`` or ``orientation`` (training's course kinds)."""
    market: Market | None = None
    language_level: str | None = None
    issued_on: date


class ImportedPlacement(BaseModel):
    """A migrated worker's placement abroad: the licensed sender, the employer, the contract,
    and the departure and return when they happened."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    placement_id: str
    enterprise_id: str
    licence_number: str
    employer: str
    country: Market
    sector: Sector
    contract_start: date
    contract_end: date
    departed_on: date | None = None
    returned_on: date | None = None


@CATALOGUE.register(
    "worker.case-imported",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "reporting"),
)
class WorkerCaseImported(EventPayload):
    """A case already in progress was migrated from a commune's spreadsheet, right after its
    ``worker.registered``: the stage it had reached and the facts that prove it, each with
    the day it truly happened (``occurred_on``: the latest of them)."""

    worker_id: str
    stage: ImportedStage
    certificates: list[ImportedCertificate] = []
    placement: ImportedPlacement | None = None
    imported: bool = True
    occurred_on: date
    imported_by: str
    imported_at: datetime


class ErasureGrounds(StrEnum):
    """Why a worker's personal data was erased (Law No. 91/2025/QH15)."""

    CONSENT_WITHDRAWN = "consent_withdrawn"
    PURPOSE_ENDED = "purpose_ended"
    NOT_RECRUITED = "not_recruited"
    WORKER_REQUEST = "worker_request"


@CATALOGUE.register(
    "worker.erased",
    1,
    topic=Topic.INTAKE,
    producer="intake",
    consumers=(*ALL_READERS, "notifications"),
)
class WorkerErased(EventPayload):
    """A worker's personal data was erased: their data key is destroyed, so every copy sealed
    with it is unreadable, and every view removes or de-identifies what it holds about them
    (ids and the facts statistics count stay)."""

    worker_id: str
    grounds: ErasureGrounds
    erased_by: str
    erased_at: datetime
