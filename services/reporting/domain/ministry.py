"""The monthly report laid out as a province sends it to the ministry, in Vietnamese.

One sheet, ``Báo cáo``: the heading of an official letter, then sections of rows (departures
and who left, markets, sectors, workers abroad, loans, remittances, returns, the hard cases
abroad, communes), each with the month's figure and the figure since the year began. The
machine rows stay beside it, on the sheet ``report`` (``exports.report_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from services.reporting.domain.figures import Report, Value
from services.reporting.domain.units import current_communes, province_name
from shared.downloads import as_cell

SHEET = "Báo cáo"
MINISTRY = "Cục Quản lý lao động ngoài nước, Bộ Nội vụ"
MARKETS = {
    "JP": "Nhật Bản", "KR": "Hàn Quốc", "TW": "Đài Loan", "DE": "Đức", "SA": "A-rập Xê-út",
    "AE": "Các Tiểu vương quốc Ả-rập Thống nhất", "QA": "Qatar", "BG": "Bun-ga-ri",
    "GR": "Hy Lạp", "SG": "Xin-ga-po",
}  # fmt: skip
SECTORS = {
    "electronics": "Điện tử", "food_processing": "Chế biến thực phẩm",
    "restaurants_and_hotels": "Nhà hàng, khách sạn", "construction": "Xây dựng",
    "agriculture": "Nông nghiệp", "nursing": "Điều dưỡng, hộ lý",
    "steel_construction": "Kết cấu thép", "welding": "Hàn", "mechanics": "Cơ khí",
    "painting": "Sơn", "textiles_and_garments": "Dệt may", "supermarkets": "Siêu thị",
    "other": "Khác",
}  # fmt: skip
HOUSEHOLDS = {
    "poor": "hộ nghèo", "near_poor": "hộ cận nghèo",
    "newly_escaped_poverty": "hộ mới thoát nghèo", "other": "hộ khác",
}  # fmt: skip
GENDERS = {"female": "nữ", "male": "nam"}
RETURNS = {"completed": "hết hạn hợp đồng", "early": "về nước trước hạn"}
MISSING = {"missing": "mất liên lạc", "absconded": "bỏ trốn"}
PEOPLE = "người"
VND = "đồng"
HEADERS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Trong tháng", "Lũy kế từ đầu năm")


@dataclass(frozen=True)
class Line:
    """One row of the ministry's table: its number, words, unit and figure id."""

    number: str
    label: str
    unit: str
    figure_id: str | None
    bold: bool = False


def _keys(reports: Iterable[Report], name: str, breakdown: str) -> list[str]:
    keys = {f.key for r in reports for f in r.figures if (f.name, f.breakdown) == (name, breakdown)}
    return sorted(keys)


def lines(month: Report, year: Report) -> list[Line]:
    """Returns the rows of the ministry's table, by section, for the keys either report has."""
    both = (month, year)

    def each(name: str, breakdown: str, labels: dict[str, str], unit: str = PEOPLE) -> list[Line]:
        keys = _keys(both, name, breakdown)
        ordered = [k for k in labels if k in keys] + [k for k in keys if k not in labels]
        return [Line("-", labels.get(k, k), unit, f"{name}.{breakdown}.{k}") for k in ordered]

    return [
        Line(
            "I", "Người lao động đi làm việc ở nước ngoài theo hợp đồng", PEOPLE, "departures", True
        ),
        *each("departures", "gender", {k: f"Lao động {v}" for k, v in GENDERS.items()}),
        Line("-", "Người dân tộc thiểu số", PEOPLE, "departures.ethnic_minority.yes"),
        *each("departures", "household", {k: f"Thuộc {v}" for k, v in HOUSEHOLDS.items()}),
        Line("1", "Chia theo thị trường", "", None, True),
        *each("departures", "market", MARKETS),
        Line("2", "Chia theo ngành nghề", "", None, True),
        *each("departures", "sector", SECTORS),
        Line("3", "Kế hoạch năm", PEOPLE, "target"),
        Line("4", "Tỷ lệ hoàn thành kế hoạch năm", "%", "achievement_pct"),
        Line("II", "Người lao động đang ở nước ngoài (cuối kỳ)", PEOPLE, "abroad", True),
        *each("abroad", "market", MARKETS),
        Line("III", "Người lao động được vay vốn ưu đãi", PEOPLE, "loans_granted", True),
        *each("loans_granted", "household", {k: f"Thuộc {v}" for k, v in HOUSEHOLDS.items()}),
        Line("-", "Số tiền cho vay", VND, "loans_granted_vnd"),
        Line("IV", "Kiều hối gửi về", "lần", "remittances", True),
        Line("-", "Số tiền", VND, "remittances_vnd"),
        Line("V", "Người lao động về nước", PEOPLE, "returns", True),
        *each("returns", "kind", RETURNS),
        Line("VI", "Các trường hợp phát sinh", "", None, True),
        Line("1", "Bị từ chối thị thực", PEOPLE, "visa_refusals"),
        Line("2", "Chuyển chủ sử dụng lao động", "lần", "employer_changes"),
        Line("3", "Mất liên lạc, bỏ trốn", "lần", "reported_missing"),
        *each("reported_missing", "kind", MISSING, "lần"),
        Line("4", "Đã liên lạc lại", PEOPLE, "contact_resumed"),
        Line("5", "Tử vong ở nước ngoài", PEOPLE, "deaths_abroad"),
        Line("VII", "Người đăng ký tham gia chương trình", PEOPLE, "registrations", True),
        Line("VIII", "Người lao động được đào tạo xong", PEOPLE, "trained", True),
        Line(
            "IX",
            "Xã, phường chưa có người lao động ở nước ngoài (cuối kỳ)",
            "xã",
            "communes_without_worker_abroad",
            True,
        ),
        # Cases in progress migrated from a commune's records: registered before Homeward.
        Line("X", "Hồ sơ đang theo dõi chuyển từ sổ sách của xã", PEOPLE, "cases_migrated", True),
    ]


def _value(report: Report, figure_id: str | None) -> Value | None:
    if figure_id is None:
        return None
    return report.value(figure_id, 0)


def write_ministry_sheet(sheet: Worksheet, month: Report, year: Report) -> None:
    """Writes the ministry's sheet: the letter's heading, the table, communes, signatures."""
    province = month.scope.province_code
    name = province_name(province)
    starts = month.period.starts_on
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.title = SHEET
    for column, width in zip("ABCDE", (7, 58, 12, 16, 18), strict=True):
        sheet.column_dimensions[column].width = width

    heading = [
        ("A1", f"ỦY BAN NHÂN DÂN TỈNH {name.upper()}", "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("A2", "SỞ NỘI VỤ", "D2", "Độc lập - Tự do - Hạnh phúc"),
    ]
    for left, left_text, right, right_text in heading:
        sheet.merge_cells(f"{left}:B{left[1:]}")
        sheet.merge_cells(f"{right}:E{right[1:]}")
        sheet[left] = left_text
        sheet[right] = right_text
        for cell in (sheet[left], sheet[right]):
            cell.font = bold
            cell.alignment = centred
    sheet.merge_cells("A4:E4")
    sheet["A4"] = "BÁO CÁO TÌNH HÌNH ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG"
    sheet["A4"].font = Font(bold=True, size=13)
    sheet["A4"].alignment = centred
    sheet.merge_cells("A5:E5")
    sheet["A5"] = f"Tháng {starts.month:02d} năm {starts.year}"
    sheet["A5"].alignment = centred
    sheet.merge_cells("A6:E6")
    sheet["A6"] = f"Kính gửi: {MINISTRY}"
    sheet["A6"].alignment = centred
    sheet["A7"] = (
        f"Số liệu tính đến {month.as_of:%H:%M ngày %d/%m/%Y} (UTC), theo đơn vị hành chính "
        + ("hiện hành" if month.scope.units.value == "current" else "trước ngày 01/07/2025")
        + (f"; xã {month.scope.commune_code}" if month.scope.commune_code else "")
        + "."
    )
    row = 9
    row = _table(
        sheet, row, HEADERS, [_line_cells(line, month, year) for line in lines(month, year)]
    )

    communes = current_communes(province) if month.scope.units.value == "current" else {}
    codes = sorted(
        set(_keys((month, year), "departures", "commune"))
        | set(_keys((month,), "abroad", "commune"))
        | set(_keys((year,), "target", "commune"))
    )
    row += 1
    sheet.cell(row=row, column=1, value="XI. KẾT QUẢ THEO XÃ, PHƯỜNG").font = bold
    commune_rows = [
        (
            str(n),
            f"{communes.get(code, code)} ({code})",
            month.value(f"departures.commune.{code}", 0),
            year.value(f"departures.commune.{code}", 0),
            month.value(f"abroad.commune.{code}", 0),
        )
        for n, code in enumerate(codes, start=1)
    ]
    headers = (
        "STT",
        "Xã, phường",
        "Xuất cảnh trong tháng",
        "Lũy kế từ đầu năm",
        "Đang ở nước ngoài",
    )
    row = _table(sheet, row + 1, headers, commune_rows)

    row += 1
    sheet.cell(row=row, column=2, value="NGƯỜI LẬP BIỂU").font = bold
    sheet.cell(row=row, column=4, value="GIÁM ĐỐC SỞ").font = bold
    sheet.cell(row=row + 1, column=2, value="(Ký, ghi rõ họ tên)")
    sheet.cell(row=row + 1, column=4, value="(Ký tên, đóng dấu)")
    sheet.print_title_rows = "9:9"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1


def _line_cells(line: Line, month: Report, year: Report) -> tuple[object, ...]:
    return (
        line.number,
        line.label,
        line.unit,
        _value(month, line.figure_id),
        _value(year, line.figure_id),
        line.bold,
    )


def _table(
    sheet: Worksheet, row: int, headers: tuple[str, ...], body: Sequence[tuple[object, ...]]
) -> int:
    thin = Side(style="thin")
    frame = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="D9E1F2")
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = shade
        cell.border = frame
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in body:
        row += 1
        bold = len(values) > len(headers) and values[len(headers)] is True
        for column, value in enumerate(values[: len(headers)], start=1):
            cell = sheet.cell(row=row, column=column, value=as_cell(value))
            cell.border = frame
            if bold:
                cell.font = Font(bold=True)
            if column >= 4 and isinstance(value, int | float):
                cell.number_format = "#,##0.0" if isinstance(value, float) else "#,##0"
    return row + 1
