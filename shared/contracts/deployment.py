"""Events deployment publishes on ``homeward.deployment.events``.

Worker events (``placement.*``, ``worker.departed``) are keyed by worker id; an enterprise's
licence events by enterprise id, and job order events by job order id.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.common import Gender, Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic
from shared.privacy.personal import personal

WORKER_READERS = ("aftercare",)


class SenderKind(StrEnum):
    """Who sends workers: a licensed labour-supply enterprise or a state programme."""

    LABOUR_SUPPLY_ENTERPRISE = "labour_supply_enterprise"
    STATE_PROGRAMME = "state_programme"


class LicenceStatus(StrEnum):
    """The state of a sending licence, as the ministry decided it."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class LicenceChange(StrEnum):
    """What happened to a licence."""

    GRANTED = "granted"
    RENEWED = "renewed"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    REVOKED = "revoked"


class JobOrderStatus(StrEnum):
    """Whether a job order still recruits."""

    OPEN = "open"
    CLOSED = "closed"


class JobOrderCloseReason(StrEnum):
    """Why a job order stopped recruiting."""

    FILLED = "filled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class PlacementState(StrEnum):
    """Where a worker's placement on a job order stands."""

    SHORTLISTED = "shortlisted"
    SELECTED = "selected"
    CONTRACT_SIGNED = "contract_signed"
    VISA_APPLIED = "visa_applied"
    VISA_GRANTED = "visa_granted"
    DEPARTED = "departed"
    CANCELLED = "cancelled"
    VISA_REFUSED = "visa_refused"


class SalaryTerms(BaseModel):
    """A monthly salary in the job's currency and its VND equivalent."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    monthly_salary: float
    salary_currency: str
    monthly_salary_vnd: int


class JobRequirements(BaseModel):
    """What a job order asks of a worker."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    gender: Gender | None = None
    min_age: int | None = None
    max_age: int | None = None
    language_level: str | None = None
    certificates: list[str] = []


@CATALOGUE.register(
    "enterprise.licence-changed",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=("notifications",),
)
class EnterpriseLicenceChanged(EventPayload):
    """A sender's licence was granted, renewed, suspended, reinstated or revoked."""

    enterprise_id: str
    name: str
    kind: SenderKind
    change: LicenceChange
    licence_number: str
    issuing_authority: str
    valid_from: date
    valid_until: date
    status: LicenceStatus
    reason: str | None = None
    changed_at: datetime


@CATALOGUE.register("job-order.posted", 1, topic=Topic.DEPLOYMENT, producer="deployment")
class JobOrderPosted(EventPayload):
    """A sender posted an employer's job order."""

    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    positions: int
    salary: SalaryTerms
    contract_term_months: int
    requirements: JobRequirements
    deadline: date
    posted_at: datetime


@CATALOGUE.register("job-order.closed", 1, topic=Topic.DEPLOYMENT, producer="deployment")
class JobOrderClosed(EventPayload):
    """A job order stopped recruiting."""

    job_order_id: str
    enterprise_id: str
    reason: JobOrderCloseReason
    positions: int
    filled: int
    closed_at: datetime


class PlacementEvent(EventPayload):
    """Fields every placement event carries."""

    worker_id: str
    placement_id: str
    job_order_id: str
    enterprise_id: str
    country: Market


@CATALOGUE.register(
    "placement.shortlisted",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementShortlisted(PlacementEvent):
    """A worker was shortlisted for a job order."""

    shortlisted_at: datetime


@CATALOGUE.register(
    "placement.selected",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementSelected(PlacementEvent):
    """The employer selected the worker; the worker holds one of the order's positions."""

    selected_at: datetime


@CATALOGUE.register(
    "placement.contract-signed",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementContractSigned(PlacementEvent):
    """The worker signed the labour contract."""

    signed_on: date
    contract_start: date
    contract_end: date
    recorded_at: datetime


@CATALOGUE.register(
    "placement.visa-applied",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementVisaApplied(PlacementEvent):
    """The worker's visa application was filed."""

    applied_on: date
    recorded_at: datetime


@CATALOGUE.register(
    "placement.visa-granted",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementVisaGranted(PlacementEvent):
    """The destination country granted the worker's visa."""

    granted_on: date
    recorded_at: datetime


@CATALOGUE.register(
    "placement.cancelled",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=WORKER_READERS,
)
class PlacementCancelled(PlacementEvent):
    """The placement ended before departure; a held position is free again."""

    from_state: PlacementState
    reason: str = Field(json_schema_extra=personal(withheld=""))
    cancelled_at: datetime


@CATALOGUE.register(
    "placement.contract-end-changed",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=(*WORKER_READERS, "notifications"),
)
class PlacementContractEndChanged(PlacementEvent):
    """A departed worker's contract end moved (an extension, or an early end)."""

    previous_end: date
    contract_end: date
    reported_at: datetime


@CATALOGUE.register(
    "worker.departed",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=("aftercare", "notifications"),
)
class WorkerDeparted(EventPayload):
    """The worker left for their job abroad under a signed contract."""

    worker_id: str
    placement_id: str
    country: Market
    employer: str
    sector: Sector
    enterprise_id: str
    job_order_id: str
    contract_start: date
    contract_end: date
    monthly_salary: float
    salary_currency: str
    monthly_salary_vnd: int
    departed_at: datetime
    journey: int | None = Field(
        default=None,
        ge=1,
        description="The worker's journey the placement belongs to; absent in earlier events",
    )


@CATALOGUE.register(
    "placement.visa-refused",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=("aftercare", "reporting"),
)
class PlacementVisaRefused(PlacementEvent):
    """The destination country refused the visa: the placement ended, its position is free."""

    applied_on: date
    refused_on: date
    reason: str = Field(json_schema_extra=personal(withheld=""))
    recorded_at: datetime


@CATALOGUE.register(
    "worker.employer-changed",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=("deployment", "aftercare", "reporting"),
)
class WorkerEmployerChanged(PlacementEvent):
    """A worker abroad moved to another employer under new contract terms, through the same
    licensed sender; the expected return moves to the new contract's end."""

    previous_employer: str
    employer: str
    sector: Sector
    salary: SalaryTerms
    changed_on: date
    previous_end: date
    contract_end: date
    reason: str = Field(json_schema_extra=personal(withheld=""))
    recorded_at: datetime


@CATALOGUE.register(
    "deployment.records-moved",
    1,
    topic=Topic.DEPLOYMENT,
    producer="deployment",
    consumers=("deployment", "aftercare"),
)
class DeploymentRecordsMoved(EventPayload):
    """A merged duplicate's time abroad as deployment knew it (contracts, departure, return,
    missing, death), moved onto the survivor's candidate record (after ``worker.merged``).
    ``trail``: the records they moved through before ``worker_id``, first to last (a survivor
    merged since moves them on); a move back onto one of them is refused as a cycle of merges."""

    worker_id: str
    survivor_id: str
    abroad: dict[str, Any]
    trail: list[str] = []
