"""Value types shared by several services' contracts."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Gender(StrEnum):
    """Gender as recorded on the national ID."""

    MALE = "male"
    FEMALE = "female"


class HouseholdStatus(StrEnum):
    """A household's poverty status, certified by the commune each year."""

    POOR = "poor"
    NEAR_POOR = "near_poor"
    NEWLY_ESCAPED_POVERTY = "newly_escaped_poverty"
    OTHER = "other"


class Market(StrEnum):
    """Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds."""

    JAPAN = "JP"
    KOREA = "KR"
    TAIWAN = "TW"
    SAUDI_ARABIA = "SA"
    UNITED_ARAB_EMIRATES = "AE"
    QATAR = "QA"
    GERMANY = "DE"
    BULGARIA = "BG"
    GREECE = "GR"
    SINGAPORE = "SG"


class Sector(StrEnum):
    """Job sectors named in the seeds."""

    ELECTRONICS = "electronics"
    FOOD_PROCESSING = "food_processing"
    RESTAURANTS_AND_HOTELS = "restaurants_and_hotels"
    CONSTRUCTION = "construction"
    AGRICULTURE = "agriculture"
    NURSING = "nursing"
    STEEL_CONSTRUCTION = "steel_construction"
    WELDING = "welding"
    MECHANICS = "mechanics"
    PAINTING = "painting"
    TEXTILES_AND_GARMENTS = "textiles_and_garments"
    SUPERMARKETS = "supermarkets"
    OTHER = "other"


class Locality(BaseModel):
    """Where a worker lives: today's units, and the units before the 2025 reorganisation."""

    model_config = ConfigDict(frozen=True, extra="ignore", allow_inf_nan=False)

    province_code: str = Field(description="Current province code (34 provinces since 2025-07-01)")
    commune_code: str = Field(description="Current commune or ward code")
    former_province_code: str | None = Field(default=None, description="Province before 2025")
    former_district_code: str | None = Field(default=None, description="District before 2025")
    former_commune_code: str | None = Field(default=None, description="Commune before 2025")


class ConsentPurpose(StrEnum):
    """What a worker may consent to their personal data being processed for."""

    CASE_MANAGEMENT = "case_management"
    TRAINING = "training"
    PLACEMENT = "placement"
    AFTERCARE = "aftercare"
    STATISTICS = "statistics"
