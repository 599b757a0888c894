"""CSV files with old Mac line endings (a lone CR) are read, not a 500 (found by the fuzz)."""

from __future__ import annotations

import pytest

from services.intake.domain.bulk_import import REQUIRED_COLUMNS
from services.intake.service.imports import read_rows
from shared.errors import FieldError


def test_lone_carriage_returns_end_rows() -> None:
    header = ",".join(sorted(REQUIRED_COLUMNS))
    row = ",".join("x" for _ in REQUIRED_COLUMNS)
    rows = read_rows("csv", f"{header}\r{row}\r{row}\r".encode())
    assert [number for number, _ in rows] == [2, 3]


def test_a_file_csv_cannot_read_is_a_field_error_on_file() -> None:
    with pytest.raises(FieldError) as error:
        read_rows("csv", b"a," + b"x" * 200_000)
    assert error.value.field == "file"
