"""Rows of the migration template for tests: one worker per row, at the stage asked."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from services.intake.domain.case_import import CASE_COLUMNS
from tests.intake.support import person

LICENCE = "088/LĐTBXH-GP"


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
    """The rows as the first sheet of an XLSX workbook under the template's header."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(CASE_COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in CASE_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
