"""Requests a commune officer would send: registration bodies for load and fault runs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from shared.contracts.common import Gender
from tools.generator.population import MARKET_SHARES, SECTORS, person, seeded, weighted


def national_id(year: int, gender: Gender, province_code: str, serial: int) -> str:
    """A CCCD of the right shape: birth province, gender and century, year, serial."""
    century = (year // 100) - 19
    digit = 2 * century + (0 if gender == Gender.MALE else 1)
    return f"{int(province_code):03d}{digit}{year % 100:02d}{serial % 1_000_000:06d}"


def registration_body(seed: int, index: int, province_code: str) -> dict[str, Any]:
    """A valid ``POST /workers`` body for worker ``index`` of the province (unique national ID
    per seed and index)."""
    rng = seeded(seed, "request", index)
    who = person(rng, province_code)
    born = date(rng.randint(1988, 2005), rng.randint(1, 12), rng.randint(1, 28))
    market = weighted(rng, MARKET_SHARES)
    birth_province = who.locality.former_province_code or province_code
    return {
        "full_name": who.full_name,
        "date_of_birth": born.isoformat(),
        "gender": who.gender.value,
        "national_id": national_id(born.year, who.gender, birth_province, seed * 7919 + index),
        "phone": who.phone,
        "ethnicity": who.ethnicity,
        "ethnic_minority": who.ethnic_minority,
        "household_status": who.household_status.value,
        "locality": who.locality.model_dump(mode="json", exclude_none=True),
        "education": who.education,
        "desired_markets": [market.value],
        "desired_sectors": [weighted(rng, SECTORS[market]).value],
        "family_contact": {
            "name": who.family_name,
            "relationship": who.relationship,
            "phone": who.family_phone,
        },
        "consent": {"recorded_at": datetime.now(UTC).isoformat()},
    }
