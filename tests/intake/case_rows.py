"""Rows of the migration template for tests: one worker per row, at the stage asked."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import httpx
from aiokafka import ConsumerRecord
from openpyxl import Workbook

from services.intake.domain.bulk_import import parse_date
from services.intake.domain.case_import import CASE_COLUMNS
from shared.auth import Role
from tests.intake.samples import SON_LINH
from tests.intake.support import eventually, person
from tests.support.auth import auth_headers

LICENCE = "088/LĐTBXH-GP"
STAGES = ("registered", "trained", "placed", "abroad", "returned")
OFFICER = auth_headers(
    Role.COMMUNE_OFFICER,
    "cb-son-linh",
    province_code=SON_LINH["province_code"],
    commune_code=SON_LINH["commune_code"],
)
"""An officer of Sơn Linh, the commune every sample person lives in."""
SENDER = {
    "name": "TTC Manpower JSC",
    "licence": {
        "number": LICENCE,
        "issuing_authority": "Ministry of Home Affairs",
        "valid_from": "2020-01-01",
        "valid_until": "2030-12-31",
    },
}
"""The licensed sender of every sample placement, as deployment registers it."""
DATE_COLUMNS = frozenset(
    {"date_of_birth", "certificate_issued_on", "contract_start", "contract_end", "departed_on",
     "returned_on"}
)  # fmt: skip


def case_row(n: int, stage: str, **cells: str) -> dict[str, str]:
    """The n-th sample person's row at a stage, with the facts that stage needs; ``cells``
    replace or add columns."""
    body: dict[str, Any] = person(n)
    year, month, day = body["date_of_birth"].split("-")
    row = {
        "full_name": body["full_name"],
        "date_of_birth": f"{day}/{month}/{year}",
        "gender": "nữ" if body["gender"] == "female" else "nam",
        "national_id": body["national_id"],
        "phone": body["phone"],
        "household_status": "hộ nghèo",
        **body["locality"],
        "desired_markets": "Đài Loan",
        "consent": "có",
        "stage": stage,
    }
    if stage != "registered":
        row |= {
            "certificate_kind": "định hướng",
            "certificate_market": "TW",
            "certificate_number": f"DH-TW-{n:04d}",
            "certificate_issued_on": "10/01/2025",
        }
    if stage in ("placed", "abroad", "returned"):
        row |= {
            "sender_licence_number": LICENCE,
            "employer": "Formosa Plastics",
            "country": "Đài Loan",
            "sector": "điện tử",
            "contract_start": "01/03/2025",
            "contract_end": "28/02/2028",
        }
    if stage in ("abroad", "returned"):
        row["departed_on"] = "15/03/2025"
    if stage == "returned":
        row |= {"contract_end": "30/06/2025", "returned_on": "01/07/2025"}
    return row | cells


def csv_of(rows: list[dict[str, str]]) -> bytes:
    """The rows as a CSV file under the template's header, as Excel saves "CSV UTF-8"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CASE_COLUMNS)
    writer.writerows([[row.get(c, "") for c in CASE_COLUMNS] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def xlsx_of(rows: list[dict[str, str]]) -> bytes:
    """The rows as the first sheet of an XLSX workbook under the template's header, the days
    in date cells, as Excel keeps them."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(CASE_COLUMNS))
    for row in rows:
        sheet.append([_cell(c, row.get(c, "")) for c in CASE_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(column: str, text: str) -> str | date:
    day = parse_date(text) if column in DATE_COLUMNS and text else None
    return day or text


def types(records: list[ConsumerRecord[bytes, bytes]]) -> list[str]:
    """The event types of records read from a topic."""
    return [dict(r.headers)["ce_type"].decode() for r in records]


async def finished(api: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    """Waits for an import job to complete and returns it."""

    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await api.get(f"/imports/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(done, timeout_s=60)
    assert job is not None
    assert job["status"] == "completed", job
    return job
