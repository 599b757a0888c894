"""Request and response schemas of intake's HTTP API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.intake import FamilyContact


class RegisterWorker(BaseModel):
    """A worker's registration as a commune officer or the centre records it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str = Field(min_length=2, max_length=120, examples=["Đinh Thị Linh"])
    date_of_birth: date
    gender: Gender
    national_id: str = Field(pattern=r"^\d{12}$", description="CCCD, 12 digits")
    phone: str | None = Field(default=None, max_length=20)
    ethnicity: str | None = Field(default=None, max_length=40, examples=["Thái"])
    ethnic_minority: bool = False
    household_status: HouseholdStatus
    locality: Locality
    education: str | None = Field(default=None, max_length=60)
    desired_markets: list[Market] = Field(default_factory=list, max_length=10)
    desired_sectors: list[Sector] = Field(default_factory=list, max_length=10)
    family_contact: FamilyContact | None = None


class WorkerView(BaseModel):
    """A worker as intake shows it (national ID and phone masked)."""

    worker_id: str
    full_name: str
    date_of_birth: date
    gender: Gender
    national_id_masked: str
    household_status: HouseholdStatus
    locality: Locality
    status: str
    registered_at: datetime
