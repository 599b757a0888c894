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


@pytest.mark.parametrize("twice", ["national_id", "Số CCCD", "CCCD"])
def test_a_column_named_twice_is_refused_naming_it(twice: str) -> None:
    """The second column would silently replace the first's value (``national_id`` and its
    Vietnamese header ``Số CCCD`` are the same column); notes and row numbers may repeat."""
    columns = sorted(REQUIRED_COLUMNS)
    header = ",".join([*columns, twice, "ghi_chu", "ghi_chu"])
    row = ",".join(["x"] * (len(columns) + 3))
    with pytest.raises(FieldError) as error:
        read_rows("csv", f"{header}\n{row}\n".encode())
    assert error.value.field == "file"
    assert "national_id" in error.value.reason
    assert "twice" in error.value.reason
