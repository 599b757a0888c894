"""Events intake publishes on ``homeward.intake.events``, keyed by worker id."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.events.catalogue import CATALOGUE, EventPayload
from shared.events.topics import Topic

ALL_READERS = ("training", "deployment", "aftercare")


class FamilyContact(BaseModel):
    """Who aftercare calls at home; personal data, so only aftercare reads it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    relationship: str
    phone: str


class SupportEligibility(BaseModel):
    """Which Subproject 2 supports the worker qualifies for, as intake decided."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    subproject2: bool
    training_cost_support: bool
    preferential_loan: bool
    reasons: list[str] = []


@CATALOGUE.register(
    "worker.registered", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerRegistered(EventPayload):
    """A worker's case opened at intake (no national ID: downstream services never need it)."""

    worker_id: str
    full_name: str
    date_of_birth: date
    gender: Gender
    ethnicity: str | None = None
    ethnic_minority: bool = False
    household_status: HouseholdStatus
    locality: Locality
    education: str | None = None
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []
    support: SupportEligibility
    phone: str | None = None
    family_contact: FamilyContact | None = None
    registered_at: datetime


@CATALOGUE.register(
    "worker.corrected", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerCorrected(EventPayload):
    """Fields of a worker's record were corrected; carries the new values of those fields."""

    worker_id: str
    revision: int
    changed_fields: list[str]
    full_name: str
    date_of_birth: date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market] = []
    desired_sectors: list[Sector] = []
    support: SupportEligibility
    phone: str | None = None
    family_contact: FamilyContact | None = None
    corrected_by: str
    corrected_at: datetime


@CATALOGUE.register(
    "worker.withdrawn", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerWithdrawn(EventPayload):
    """The worker withdrew from the programme; their case is on hold."""

    worker_id: str
    reason: str
    withdrawn_at: datetime


@CATALOGUE.register(
    "worker.reopened", 1, topic=Topic.INTAKE, producer="intake", consumers=ALL_READERS
)
class WorkerReopened(EventPayload):
    """A withdrawn case was reopened."""

    worker_id: str
    reopened_at: datetime
