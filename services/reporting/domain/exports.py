"""The monthly report's three forms, JSON, CSV and XLSX, with the same rows in each (the XLSX
also lays them out as the ministry's report)."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from typing import Any

from openpyxl import Workbook

from services.reporting.domain.facts import utc_text
from services.reporting.domain.figures import Report, Units
from services.reporting.domain.ministry import write_ministry_sheet
from services.reporting.domain.units import current_communes, province_name
from shared.downloads import as_cell

COLUMNS = (
    "province",
    "period_from",
    "period_to",
    "units",
    "as_of",
    "figure",
    "breakdown",
    "key",
    "value",
)


def report_rows(report: Report) -> list[tuple[str, ...] | tuple[Any, ...]]:
    """Returns one row per figure, each carrying what the report is about."""
    about = (
        report.scope.province_code,
        report.period.starts_on.isoformat(),
        report.period.ends_on.isoformat(),
        report.scope.units.value,
        utc_text(report.as_of),
    )
    return [(*about, f.name, f.breakdown, f.key, f.value) for f in report.figures]


def report_json(report: Report) -> dict[str, Any]:
    """Returns the report as a JSON document: what it is about, its target, every figure."""
    target = report.target
    return {
        "province_code": report.scope.province_code,
        "province_name": province_name(report.scope.province_code),
        "commune_code": report.scope.commune_code,
        "units": report.scope.units.value,
        "period": {
            "from": report.period.starts_on.isoformat(),
            "to": report.period.ends_on.isoformat(),
        },
        "as_of": utc_text(report.as_of),
        "target": None
        if target is None
        else {
            "period": target.period,
            "version": target.version,
            "set_at": utc_text(target.set_at),
        },
        "commune_names": commune_names(report),
        "figures": [
            {"id": f.id, "figure": f.name, "breakdown": f.breakdown, "key": f.key, "value": f.value}
            for f in report.figures
        ],
    }


def commune_names(report: Report) -> dict[str, str]:
    """Returns the name of every commune a figure names (former units keep their codes)."""
    codes = sorted({f.key for f in report.figures if f.breakdown == "commune"})
    names = (
        current_communes(report.scope.province_code) if report.scope.units == Units.CURRENT else {}
    )
    return {code: names.get(code, code) for code in codes}


def report_csv(report: Report) -> bytes:
    """Returns the report as UTF-8 CSV; the same facts and as-of give the same bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([as_cell(value) for value in row] for row in report_rows(report))
    return buffer.getvalue().encode()


def report_xlsx(report: Report, year_to_date: Report | None = None) -> bytes:
    """Returns the report as an Excel workbook: the sheet ``report`` of rows, numbers as
    numbers; given the report from the year's first day, the ministry's sheet comes first."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if year_to_date is not None:
        write_ministry_sheet(first, report, year_to_date)
        sheet = workbook.create_sheet("report")
    else:
        sheet = first
    sheet.title = "report"
    sheet.append(COLUMNS)
    for row in report_rows(report):
        sheet.append([as_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (9, 12, 12, 8, 28, 30, 16, 22, 14), strict=True):
        sheet.column_dimensions[column].width = width
    # The workbook's own dates follow the report, so the same report gives the same content.
    moment = report.as_of.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.creator = "Homeward reporting"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
