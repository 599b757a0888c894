"""The import template as an Excel workbook: Vietnamese headers and drop-down lists.

The first sheet is where communes type their workers (the importer reads the first sheet); a
hidden sheet holds the lists the drop-downs offer. Every offered value is one the importer
reads (``domain.bulk_import``): ``nữ``, ``hộ nghèo``, ``Thái``, ``14 - Sơn La``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from services.intake.domain.bulk_import import COLUMNS, REQUIRED_COLUMNS, VIETNAMESE_HEADERS
from services.intake.domain.ethnicity import ETHNIC_GROUPS
from services.intake.domain.units import administrative_units

DATA_SHEET = "Danh sách lao động"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
ROWS = 1000
"""Rows under the header that carry the drop-downs and formats."""
BUILT_AT = datetime(2025, 7, 1)
"""The workbook's own dates: fixed, so the same code gives the same template."""

MARKET_CHOICES = (
    "Nhật Bản", "Hàn Quốc", "Đài Loan", "Đức", "A-rập Xê-út", "UAE", "Qatar", "Bun-ga-ri",
    "Hy Lạp", "Xin-ga-po",
)  # fmt: skip
SECTOR_CHOICES = (
    "Điện tử", "Chế biến thực phẩm", "Nhà hàng khách sạn", "Xây dựng", "Nông nghiệp",
    "Điều dưỡng", "Kết cấu thép", "Hàn", "Cơ khí", "Sơn", "Dệt may", "Siêu thị", "Khác",
)  # fmt: skip
YES_NO = ("có", "không")
EDUCATION_CHOICES = (
    "không đi học", "tiểu học", "THCS", "THPT", "trung cấp nghề", "cao đẳng", "đại học",
)  # fmt: skip


def choices() -> dict[str, tuple[str, ...]]:
    """Returns the drop-down list of each coded column, in the words the importer reads."""
    units = administrative_units()
    provinces = sorted(units.current_provinces.values(), key=lambda p: p.code)
    communes = sorted(units.current_communes.values(), key=lambda c: (c.province_code, c.code))
    return {
        "gender": ("nam", "nữ"),
        "ethnicity": ETHNIC_GROUPS,
        "ethnic_minority": YES_NO,
        "household_status": ("hộ nghèo", "cận nghèo", "mới thoát nghèo", "khác"),
        "province_code": tuple(f"{p.code} - {p.name}" for p in provinces),
        "commune_code": tuple(f"{c.code} - {c.name}" for c in communes),
        "education": EDUCATION_CHOICES,
        "desired_markets": MARKET_CHOICES,
        "desired_sectors": SECTOR_CHOICES,
        "consent": YES_NO,
    }


FREE_TEXT_TOO = frozenset({"desired_markets", "desired_sectors"})
"""Drop-downs that also take typed text: several markets or sectors, separated by ";"."""
TEXT_COLUMNS = frozenset({"national_id", "phone", "family_contact_phone", "commune_code"})
"""Columns kept as text, so a leading 0 survives."""
DATE_COLUMNS = frozenset({"date_of_birth", "consent_recorded_on"})
EXAMPLE: Mapping[str, str] = {
    "full_name": "Đinh Thị Linh", "date_of_birth": "12/04/1999", "gender": "nữ",
    "national_id": "051199123456", "phone": "0912 345 678", "ethnicity": "Hrê",
    "household_status": "hộ nghèo", "province_code": "51 - Quảng Ngãi",
    "commune_code": "21307 - Xã Sơn Linh", "education": "THPT", "desired_markets": "Nhật Bản",
    "desired_sectors": "Dệt may", "consent": "có",
}  # fmt: skip


@cache
def template_xlsx() -> bytes:
    """Returns the import template: a sheet to fill in, a guide, and the hidden lists."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    _header(sheet)
    for index, (column, values) in enumerate(choices().items(), start=1):
        _drop_down(sheet, lists, index, column, values)
    for number, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(number)
        if column in TEXT_COLUMNS | DATE_COLUMNS:
            style = "@" if column in TEXT_COLUMNS else "DD/MM/YYYY"
            for row in range(2, ROWS + 2):
                sheet[f"{letter}{row}"].number_format = style
    _guide(workbook.create_sheet(GUIDE_SHEET))
    workbook.properties.created = BUILT_AT
    workbook.properties.modified = BUILT_AT
    workbook.properties.creator = "Homeward"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet) -> None:
    sheet.append([VIETNAMESE_HEADERS[c] for c in COLUMNS])
    required = PatternFill("solid", fgColor="FFF2CC")
    for number, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=number)
        cell.font = Font(bold=True)
        if column in REQUIRED_COLUMNS:
            cell.fill = required
            cell.comment = Comment("Bắt buộc", "Homeward")
        width = 34 if column in ("commune_code", "full_name") else 18
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"


def _drop_down(
    sheet: Worksheet, lists: Worksheet, index: int, column: str, values: Sequence[str]
) -> None:
    letter = get_column_letter(index)
    lists.cell(row=1, column=index, value=VIETNAMESE_HEADERS[column])
    for row, value in enumerate(values, start=2):
        lists.cell(row=row, column=index, value=value)
    source = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    free = column in FREE_TEXT_TOO
    validation = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showErrorMessage=not free,
        errorTitle="Giá trị không có trong danh sách",
        error="Hãy chọn một giá trị trong danh sách.",
        promptTitle=VIETNAMESE_HEADERS[column],
        prompt="Có thể ghi nhiều giá trị, cách nhau bằng ;" if free else "Chọn trong danh sách",
        showInputMessage=True,
    )
    target = get_column_letter(COLUMNS.index(column) + 1)
    validation.add(f"{target}2:{target}{ROWS + 1}")
    sheet.add_data_validation(validation)


def _guide(sheet: Worksheet) -> None:
    sheet.append(["Cột", "Bắt buộc", "Ví dụ"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        required = "có" if column in REQUIRED_COLUMNS else ""
        sheet.append([VIETNAMESE_HEADERS[column], required, EXAMPLE.get(column, "")])
    sheet.append([])
    sheet.append(["Ngày ghi theo dạng ngày/tháng/năm (25/12/1999)."])
    sheet.append(["Mỗi dòng là một người lao động."])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["C"].width = 34
