"""Sample workers for tests: real Vietnamese names and real administrative units."""

from __future__ import annotations

import random
from typing import Any


def national_id(
    birth_year: int, female: bool, province: str = "014", serial: int | None = None
) -> str:
    """Returns a CCCD consistent with the birth year and gender (circular 59/2021/TT-BCA)."""
    century = (birth_year // 100) - 19
    gender_digit = 2 * century + (1 if female else 0)
    serial = random.randrange(10**6) if serial is None else serial
    return f"{province}{gender_digit}{birth_year % 100:02d}{serial:06d}"


def registration(**overrides: Any) -> dict[str, Any]:
    """Returns a valid registration body (Son La, a poor ethnic-minority household)."""
    body: dict[str, Any] = {
        "full_name": "Đinh Thị Linh",
        "date_of_birth": "1999-04-12",
        "gender": "female",
        "national_id": national_id(1999, female=True),
        "phone": "0912345678",
        "ethnicity": "Thái",
        "ethnic_minority": True,
        "household_status": "poor",
        "locality": {
            "province_code": "14",
            "commune_code": "04036",
            "former_province_code": "14",
            "former_district_code": "116",
            "former_commune_code": "04036",
        },
        "education": "upper_secondary",
        "desired_markets": ["JP"],
        "desired_sectors": ["electronics"],
        "family_contact": {
            "name": "Đinh Văn Hùng",
            "relationship": "father",
            "phone": "0987654321",
        },
    }
    body.update(overrides)
    return body
