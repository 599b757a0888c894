"""The XLSX import template (Vietnamese headers, drop-down lists) filled in with openpyxl and
imported through the API; CSV downloads as Excel reads them."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from services.intake.domain.bulk_import import COLUMNS, VIETNAMESE_HEADERS
from tests.intake.support import eventually, intake_app, person
from tests.support.services import in_process

CODED = (
    "gender", "ethnicity", "ethnic_minority", "household_status", "province_code",
    "commune_code", "education", "desired_markets", "desired_sectors", "consent",
)  # fmt: skip


def excel_reads(content: bytes) -> str:
    """The text Excel shows for a CSV file: UTF-8 after a byte-order mark, else the Windows
    code page (Vietnamese Windows: 1258)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    return content.decode("cp1258", errors="replace")


def drop_downs(sheet: Worksheet) -> dict[str, list[str]]:
    """The values each column's drop-down offers, read from the ranges the workbook names."""
    workbook = sheet.parent
    offered: dict[str, list[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        source = validation.formula1.removeprefix("=")
        sheet_name, cells = source.rsplit("!", 1)
        lists = workbook[sheet_name.strip("'")]
        values = [c.value for row in lists[cells.replace("$", "")] for c in row]
        for ranges in str(validation.sqref).split():
            letter = "".join(ch for ch in ranges.split(":")[0] if ch.isalpha())
            header = sheet[f"{letter}1"].value
            offered[header] = [str(v) for v in values]
    return offered


def _choice(offered: list[str], starts: str) -> str:
    return next(v for v in offered if v.startswith(starts))


async def test_the_filled_in_xlsx_template_imports_with_its_drop_downs(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        answer = await api.get("/imports/template")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
        workbook = load_workbook(io.BytesIO(answer.content))
        sheet = workbook.worksheets[0]
        headers = [c.value for c in sheet[1]]
        assert headers == [VIETNAMESE_HEADERS[c] for c in COLUMNS]
        assert headers[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
        offered = drop_downs(sheet)
        assert sorted(offered) == sorted(VIETNAMESE_HEADERS[c] for c in CODED)
        assert offered["Giới tính"] == ["nam", "nữ"]
        assert "hộ nghèo" in offered["Hoàn cảnh hộ"]
        assert "Thái" in offered["Dân tộc"]
        assert "14 - Sơn La" in offered["Tỉnh"]
        assert len(offered["Xã"]) > 3000

        column = {c: COLUMNS.index(c) + 1 for c in COLUMNS}
        people = [person(0), person(1)]
        for row, body in enumerate(people, start=2):
            locality = body["locality"]
            born = body["date_of_birth"]
            cells: dict[str, Any] = {
                "full_name": body["full_name"],
                "date_of_birth": f"{born[8:]}/{born[5:7]}/{born[:4]}",
                "gender": "nữ" if body["gender"] == "female" else "nam",
                "national_id": body["national_id"],
                "ethnicity": "Thái",
                "household_status": "cận nghèo",
                "province_code": _choice(offered["Tỉnh"], locality["province_code"] + " - "),
                "commune_code": _choice(offered["Xã"], locality["commune_code"] + " - "),
                "former_province_code": locality["former_province_code"],
                "former_district_code": locality["former_district_code"],
                "former_commune_code": locality["former_commune_code"],
                "education": "THPT",
                "desired_markets": "Nhật Bản; Đài Loan",
                "desired_sectors": "Dệt may",
                "consent": "có",
            }
            for name, value in cells.items():
                sheet.cell(row=row, column=column[name], value=value)
        filled = io.BytesIO()
        workbook.save(filled)
        assert drop_downs(load_workbook(io.BytesIO(filled.getvalue())).worksheets[0]) == offered

        submitted = await api.post(
            "/imports", files={"file": ("mau.xlsx", filled.getvalue(), "application/octet-stream")}
        )
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["job_id"]

        async def finished() -> dict[str, Any] | None:
            job: dict[str, Any] = (await api.get(f"/imports/{job_id}")).json()
            return job if job["status"] in ("completed", "failed") else None

        job = await eventually(finished, timeout_s=60)
        assert job is not None
        assert (job["created"], job["rejected"]) == (2, 0), job
        results = (await api.get(f"/imports/{job_id}/results")).json()["items"]
        worker = (await api.get(f"/workers/{results[0]['worker_id']}")).json()
        assert worker["full_name"] == "Đinh Thị Linh"
        assert worker["household_status"] == "near_poor"
        assert worker["ethnicity"] == "Thái"
        assert worker["ethnic_minority"] is True
        assert worker["locality"]["commune_code"] == people[0]["locality"]["commune_code"]
        assert worker["education"] == "upper_secondary"
        assert worker["desired_markets"] == ["JP", "TW"]


async def test_csv_downloads_read_in_excel_keep_vietnamese_names(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        template = await api.get("/imports/template.csv")
    assert template.content.startswith(b"\xef\xbb\xbf")
    assert "Đinh Thị Linh" in excel_reads(template.content)
    without_mark = template.content.removeprefix(b"\xef\xbb\xbf")
    assert "Đinh Thị Linh" not in excel_reads(without_mark)  # what Excel showed before
