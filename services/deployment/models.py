"""Request and response schemas of deployment's HTTP API.

Job order terms and licence terms are the domain's own models (``JobOrderTerms``,
``LicenceTerms``): they refuse unknown fields and name the field that breaks a rule.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.deployment import examples as ex
from services.deployment.domain import (
    CandidateMatch,
    LicenceTerms,
    OrderMatch,
    Requirements,
    Salary,
)
from services.deployment.domain.enterprises import Licence, LicenceRecord
from services.deployment.domain.placements import EmployerChange, PlacementStep
from shared.contracts.common import Gender, Market, Sector
from shared.contracts.deployment import (
    JobOrderCloseReason,
    JobOrderStatus,
    PlacementState,
    SenderKind,
)
from shared.contracts.intake import ImportedPlacement
from shared.dates import CalendarDay, StorableAwareInstant

ID_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"


class Command(BaseModel):
    """Base of every request body: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RegisterEnterprise(Command):
    """A sender of workers abroad and the licence the ministry issued it."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REGISTER_ENTERPRISE))

    name: str = Field(min_length=2, max_length=200, examples=["TTC Manpower JSC"])
    kind: SenderKind = SenderKind.LABOUR_SUPPLY_ENTERPRISE
    licence: LicenceTerms


class ChangeLicence(Command):
    """Why a licence is suspended or revoked."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CHANGE_LICENCE))

    reason: str = Field(min_length=3, max_length=500, examples=["deposit not paid"])


class CloseJobOrder(Command):
    """Why a job order stops recruiting."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CLOSE_JOB_ORDER))

    reason: JobOrderCloseReason


class ShortlistWorker(Command):
    """The worker to shortlist for a job order."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.SHORTLIST))

    worker_id: str = Field(pattern=ID_PATTERN)


class SignContract(Command):
    """The labour contract the worker signed."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.SIGN_CONTRACT))

    signed_on: CalendarDay
    contract_start: CalendarDay
    contract_end: CalendarDay | None = Field(
        default=None, description="Defaults to the start plus the job order's term"
    )


class ApplyForVisa(Command):
    """The day the visa application was filed."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.APPLY_FOR_VISA))

    applied_on: date


class GrantVisa(Command):
    """The day the visa was granted."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.GRANT_VISA))

    granted_on: date


class RefuseVisa(Command):
    """The day the destination country refused the visa, and the reason it gave."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REFUSE_VISA))

    refused_on: CalendarDay
    reason: str = Field(min_length=3, max_length=500, examples=["employer quota withdrawn"])


class RecordDeparture(Command):
    """When the worker left; defaults to now."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.RECORD_DEPARTURE))

    departed_at: StorableAwareInstant | None = None


class CancelPlacement(Command):
    """Why the placement ends before departure."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CANCEL_PLACEMENT))

    reason: str = Field(min_length=3, max_length=500, examples=["visa refused"])


class EnterpriseView(BaseModel):
    """A sender, its licence, and what the licence allows today."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ENTERPRISE_VIEW))

    enterprise_id: str
    name: str
    kind: SenderKind
    licence: Licence
    history: list[LicenceRecord]
    may_post_orders: bool
    may_send_workers: bool
    licence_problem: str | None


class JobOrderView(BaseModel):
    """A job order, its positions, and whether it recruits today."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.JOB_ORDER_VIEW))

    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    positions: int
    filled: int
    positions_left: int
    salary: Salary
    contract_term_months: int
    requirements: Requirements
    deadline: date
    status: JobOrderStatus
    close_reason: JobOrderCloseReason | None
    posted_at: datetime
    closed_at: datetime | None
    recruiting_problem: str | None


class PlacementView(BaseModel):
    """A placement, what stops it from moving forward, and its contract end in force."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.PLACEMENT_VIEW))

    placement_id: str
    worker_id: str
    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    salary: Salary
    journey: int = Field(description="The worker's journey this placement belongs to")
    state: PlacementState
    holds_position: bool
    blocked_reason: str | None = Field(
        description="Why the placement cannot move forward today (e.g. a suspended licence)"
    )
    shortlisted_at: datetime
    selected_at: datetime | None
    signed_on: date | None
    contract_start: date | None
    contract_end: date | None = Field(description="As signed, or as aftercare last reported")
    visa_applied_on: date | None
    visa_granted_on: date | None
    departed_at: datetime | None
    cancelled_at: datetime | None
    cancelled_from: PlacementState | None
    cancel_reason: str | None
    visa_refused_on: date | None = None
    visa_refusal_reason: str | None = None
    employer_changes: list[EmployerChange] = Field(
        default_factory=list, description="Moves to another employer abroad, oldest first"
    )
    history: list[PlacementStep]


class TrainingView(BaseModel):
    """A worker's readiness for one market."""

    market: Market
    language_level: str | None
    certificates: list[str]
    trained_at: datetime


class CandidateView(BaseModel):
    """A worker as deployment sees them (no national ID, phone or family contact)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CANDIDATE_VIEW))

    worker_id: str
    registered: bool
    full_name: str | None
    gender: Gender | None
    date_of_birth: date | None
    desired_markets: list[Market]
    desired_sectors: list[Sector]
    withdrawn: bool
    abroad: bool
    journey: int = Field(description="The worker's current journey; training counts from its start")
    missing: bool = Field(default=False, description="Reported missing abroad, not found since")
    died_on: date | None = Field(default=None, description="The day the worker died abroad")
    training: list[TrainingView]
    imported_placement: ImportedPlacement | None = Field(
        default=None,
        description="The placement a migrated case had when it came into Homeward",
    )


class OrderMatches(BaseModel):
    """The workers considered for a job order, best first."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.ORDER_MATCHES))

    job_order_id: str
    matches: list[CandidateMatch]


class WorkerMatches(BaseModel):
    """The job orders considered for a worker, best first."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.WORKER_MATCHES))

    worker_id: str
    matches: list[OrderMatch]
