"""Hostile spreadsheets: XLSX padding and zip bombs, and files past each limit of an import."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def inline(reference: str, text: str) -> str:
    """A cell holding its own text."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_data: str, dimension: str = "A1:XFD1048576") -> bytes:
    """An XLSX file whose only sheet declares ``dimension`` and holds ``sheet_data``."""
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def padding_bomb() -> bytes:
    """The issue's file: a sheet declaring A1:XFD1048576, its one cell in the last row and
    column."""
    return workbook(f'<row r="1048576">{inline("XFD1048576", "x")}</row>')


def padded_import(header: list[str]) -> bytes:
    """A readable padding bomb: the template's header in row 1, then one row at 1,048,576."""
    cells = "".join(inline(f"{_letters(i)}1", h) for i, h in enumerate(header, start=1))
    return workbook(f'<row r="1">{cells}</row><row r="1048576">{inline("A1048576", "x")}</row>')


def zip_bomb(megabytes: int) -> bytes:
    """An XLSX file whose sheet decompresses to ``megabytes`` of blanks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            blank = b" " * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(blank)
    return out.getvalue()


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


DATE_STYLES = (
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
)
STYLED_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)


def dated_cell_workbook(header: list[str], column: int, value: str) -> bytes:
    """The header, then one row whose date-formatted (numFmt 14) cell in ``column`` holds
    the serial number ``value``."""
    cells = "".join(inline(f"{_letters(i)}1", h) for i, h in enumerate(header, start=1))
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData><row r="1">{cells}</row><row r="2">'
        f'<c r="{_letters(column)}2" s="1"><v>{value}</v></c></row></sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", STYLED_WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", DATE_STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def sheet_row(number: int, cells: list[str]) -> str:
    """A ``<row>`` numbered ``number`` holding ``cells`` inline, from column A."""
    inner = "".join(inline(f"{_letters(i)}{number}", c) for i, c in enumerate(cells, start=1) if c)
    return f'<row r="{number}">{inner}</row>'
