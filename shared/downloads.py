"""File downloads: every CSV starts with a UTF-8 byte-order mark, so Excel reads it as UTF-8."""

from __future__ import annotations

from fastapi.responses import Response

UTF8_BOM = "\ufeff"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell's first characters that make Excel or LibreOffice read the cell as a formula."""


def as_cell(value: object) -> object:
    """Returns a spreadsheet cell's value: text a spreadsheet would read as a formula (``=...``,
    ``+...``, ``-...``, ``@...``) starts with an apostrophe, so it shows as the text it is; a
    lone ``-`` (a line's mark) stays as it is."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def with_bom(text: str | bytes) -> bytes:
    """Returns CSV text as UTF-8 bytes starting with exactly one byte-order mark."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return (UTF8_BOM + text.removeprefix(UTF8_BOM)).encode("utf-8")


def download(content: bytes, media_type: str, filename: str) -> Response:
    """Returns a file to save under ``filename``."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def csv_download(text: str | bytes, filename: str) -> Response:
    """Returns a CSV file to save, with its byte-order mark."""
    return download(with_bom(text), CSV, filename)
