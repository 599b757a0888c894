"""Sample workers for intake's domain tests: real Vietnamese names and real units."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.intake.domain.cccd import compose_cccd
from services.intake.domain.registration import RegisterWorker
from services.intake.domain.worker import Worker, register_worker
from shared.actor import acted_by
from shared.contracts.common import Gender

NOW = datetime(2025, 11, 3, 2, 30, tzinfo=UTC)  # 09:30 in Vietnam
TODAY = date(2025, 11, 3)
OFFICER = "cb-quangngai-sonlinh-01"

# Quảng Ngãi: Sơn Linh commune (former Sơn Hà district), where the seeds meet Đinh Thị Linh.
SON_LINH = {
    "province_code": "51",
    "commune_code": "21307",
    "former_province_code": "51",
    "former_district_code": "529",
    "former_commune_code": "21304",
}
# Điện Biên: Sín Thầu, in Mường Nhé, a poor district by the former units.
SIN_THAU = {
    "province_code": "11",
    "commune_code": "03158",
    "former_province_code": "11",
    "former_district_code": "096",
    "former_commune_code": "03154",
}
# Hà Nội: Phường Hoàn Kiếm (former Hàng Trống, Hoàn Kiếm district).
HOAN_KIEM = {
    "province_code": "01",
    "commune_code": "00070",
    "former_province_code": "01",
    "former_district_code": "002",
    "former_commune_code": "00070",
}


def cccd(
    born: date | str, gender: Gender | str, province: str = "051", serial: int = 123456
) -> str:
    """A national ID consistent with the birth date and gender."""
    year = born.year if isinstance(born, date) else int(born[:4])
    return compose_cccd(province, Gender(gender), year, serial)


def registration_body(**overrides: Any) -> dict[str, Any]:
    """A valid registration as JSON-like data: Đinh Thị Linh, a poor Hrê household."""
    body: dict[str, Any] = {
        "full_name": "Đinh Thị Linh",
        "date_of_birth": "1999-04-12",
        "gender": "female",
        "phone": "0912 345 678",
        "ethnicity": "Hrê",
        "ethnic_minority": True,
        "household_status": "poor",
        "locality": dict(SON_LINH),
        "education": "upper_secondary",
        "desired_markets": ["JP"],
        "desired_sectors": ["textiles_and_garments"],
        "family_contact": {
            "name": "Đinh Văn Hội",
            "relationship": "father",
            "phone": "0987 654 321",
        },
        "consent": {"recorded_at": "2025-11-03T08:00:00+07:00"},
    }
    body.update(overrides)
    if "national_id" not in overrides:
        body["national_id"] = cccd(body["date_of_birth"], body["gender"])
    return body


def registration(**overrides: Any) -> RegisterWorker:
    """A valid registration command, as the API passes it on: recorded by ``OFFICER``."""
    return acted_by(RegisterWorker.model_validate(registration_body(**overrides)), OFFICER)


def registered(worker_id: str = "w-linh", now: datetime = NOW, **overrides: Any) -> Worker:
    """A registered worker."""
    worker, _ = register_worker(
        registration(**overrides), worker_id=worker_id, registered_by=OFFICER, now=now
    )
    return worker
