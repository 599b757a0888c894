"""An import refuses, with a 422 naming the limit, every file that would cost unbounded memory
or time (issue 19): the XLSX padding and zip bombs, too many rows, columns or characters, an
oversized or undecodable CSV. The padding bomb leaves intake's memory flat."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bson import Binary
from openpyxl import Workbook

from tests.intake.spreadsheet_bombs import (
    dated_cell_workbook,
    padded_import,
    padding_bomb,
    sheet_row,
    workbook,
    zip_bomb,
)
from tests.intake.support import eventually, intake_app
from tests.intake.test_api_imports import HEADER, IMPORTER, _row
from tests.support.problems import field_errors
from tests.support.services import in_process

MB = 1024 * 1024


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


def _reset_peak() -> int:
    """Resets this process's peak resident memory (VmHWM) to now; returns it, in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


async def test_each_limit_is_a_422_naming_what_was_too_large(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    filler = ["x"] * len(HEADER)
    wide = [*HEADER, *[""] * (64 - len(HEADER)), "notes past the last column"]
    cases = [
        ("padding.xlsx", padding_bomb(), "value in column 16384 (row 1048576): at most 64"),
        ("ratio.xlsx", zip_bomb(10), "compressed more than 100 to 1"),
        ("total.xlsx", zip_bomb(45), "decompresses to more than 40 MB"),
        ("rows.xlsx", _xlsx([HEADER, *[filler] * 5001]), "more than 5000 rows"),
        ("rows.csv", _csv([HEADER, *[filler] * 5001]), "more than 5000 rows"),
        ("columns.xlsx", _xlsx([wide, _row(0)]), "value in column 65 (row 1): at most 64"),
        ("columns.csv", _csv([wide, _row(0)]), "value past column 64 (row 1)"),
        ("cell.xlsx", _xlsx([HEADER, [*_row(0)[:-1], "y" * 2001]]), "longer than 2000"),
        ("field.csv", _csv([HEADER, [*_row(0)[:-1], "y" * 2001]]), "longer than 2000"),
        ("giant.csv", _csv([HEADER, ["y" * 300_000]]), "longer than 2000"),
        ("huge.csv", _csv([HEADER]) + b"x" * (5 * MB), "larger than 5 MB"),
        ("latin.csv", _csv([HEADER]) + b"\x81\x8a\xde\xf0\n", "neither UTF-8 nor Windows-1258"),
    ]
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for name, content, reason in cases:
            response = await api.post(
                "/imports",
                files={"file": (name, content, "application/octet-stream")},
                data={},
            )
            assert response.status_code == 422, (name, response.status_code, response.text)
            [detail] = field_errors(response.json())
            assert detail["loc"] == ["body", "file"], name
            assert reason in detail["msg"], (name, detail)
        assert await store_client[f"{unique}_intake"]["import_jobs"].count_documents({}) == 0


async def test_the_padding_bomb_leaves_memory_flat(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    """The service runs in this process: its peak resident memory, reset before the upload,
    may grow by less than 100 MB while the padded file is read and imported."""
    content = padded_import(HEADER)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        before = _reset_peak()
        submitted = await api.post(
            "/imports",
            files={"file": ("padded.xlsx", content, "application/octet-stream")},
            data={},
        )
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["job_id"]

        async def finished() -> dict | None:
            job = (await api.get(f"/imports/{job_id}")).json()
            return job if job["status"] in ("completed", "failed") else None

        job = await eventually(finished, timeout_s=60)
        growth_mb = (_status_kb("VmHWM") - before) / 1024
        assert growth_mb < 100, f"resident memory grew by {growth_mb:.0f} MB"
        assert job is not None
        assert job["status"] == "completed", job
        assert (job["total_rows"], job["rejected"]) == (1, 1)
        [result] = (await api.get(f"/imports/{job_id}/results")).json()["items"]
        assert result["row"] == 1048576
        assert result["outcome"] == "rejected"


async def test_a_stored_file_past_a_limit_fails_its_job_with_the_reason(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    """A job whose file the limits refuse when it resumes (accepted by an older version)
    fails, and its error says what was too large."""
    content = padding_bomb()
    digest = hashlib.sha256(content).hexdigest()
    database = store_client[f"{unique}_intake"]
    await database["import_files"].insert_one({"_id": digest, "content": Binary(content)})
    await database["import_jobs"].insert_one(
        {
            "_id": "job-bomb",
            "filename": "padding.xlsx",
            "format": "xlsx",
            "sha256": digest,
            "imported_by": IMPORTER,
            "status": "queued",
            "total_rows": 1,
            "processed_rows": 0,
            "created": 0,
            "already_imported": 0,
            "duplicate": 0,
            "rejected": 0,
            "submitted_at": datetime.now(UTC),
            "finished_at": None,
            "error": None,
        }
    )
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:

        async def failed() -> dict | None:
            job = (await api.get("/imports/job-bomb")).json()
            return job if job["status"] == "failed" else None

        job = await eventually(failed, timeout_s=30)
        assert job is not None, "the job did not fail"
        assert "value in column 16384" in job["error"], job
    assert await database["workers"].count_documents({}) == 0


async def test_a_date_cell_past_the_calendar_is_a_422_naming_the_cell(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    column = HEADER.index("Ngày sinh") + 1
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        for serial in ("3000000", "-700000", "1e20"):
            content = dated_cell_workbook(HEADER, column, serial)
            response = await api.post(
                "/imports",
                files={"file": ("dates.xlsx", content, "application/octet-stream")},
                data={},
            )
            assert response.status_code == 422, (serial, response.text)
            [problem] = field_errors(response.json())
            assert problem["loc"] == ["body", "file"]
            assert f"cell {_column_letters(column)}2" in problem["msg"], problem


async def test_a_csv_of_delimiters_is_refused_with_memory_flat(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    """A header then 5 MB of commas is one record of millions of fields: refused before csv
    builds them, so resident memory grows by little more than the upload."""
    content = (",".join(HEADER) + "\n").encode() + b"," * (5 * MB - 4096)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        before = _reset_peak()
        response = await api.post(
            "/imports",
            files={"file": ("commas.csv", content, "text/csv")},
            data={},
        )
        growth_mb = (_status_kb("VmHWM") - before) / 1024
        assert response.status_code == 422, response.text
        assert "has a record of more than" in response.text
        assert growth_mb < 30, f"resident memory grew by {growth_mb:.0f} MB for a 5 MB file"


async def test_two_sheet_rows_with_one_number_are_a_422_naming_it(
    kafka_bootstrap, mongodb_url, unique
) -> None:
    """Results are kept by row number: a repeated (or decreasing) number would lose a person."""
    rows = sheet_row(1, HEADER) + sheet_row(2, _row(1)) + sheet_row(2, _row(2))
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        response = await api.post(
            "/imports",
            files={"file": ("twice.xlsx", workbook(rows, "A1:Z3"), "application/octet-stream")},
            data={},
        )
        assert response.status_code == 422, response.text
        [problem] = field_errors(response.json())
        assert problem["loc"] == ["body", "file"]
        assert "numbers row 2 after row 2" in problem["msg"], problem


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
