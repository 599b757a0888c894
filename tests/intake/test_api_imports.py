"""Bulk import of commune spreadsheets: an asynchronous job, per-row results, idempotent re-run."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, datetime

from bson import Binary
from openpyxl import Workbook

from tests.intake.samples import cccd
from tests.intake.support import eventually, intake_app, person
from tests.support.auth import TEST_SUBJECT
from tests.support.problems import error_locations, field_errors
from tests.support.services import in_process

IMPORTER = "cb-quangngai-import"
HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "phone", "Dân tộc",
    "household_status", "province_code", "commune_code", "former_province_code",
    "former_district_code", "former_commune_code", "desired_markets", "desired_sectors",
    "consent",
]  # fmt: skip


def _row(n: int, **overrides: str) -> list[str]:
    body = person(n)
    day, month, year = (
        body["date_of_birth"][8:],
        body["date_of_birth"][5:7],
        body["date_of_birth"][:4],
    )
    locality = body["locality"]
    cells = {
        "STT": str(n),
        "Họ và tên": body["full_name"],
        "Ngày sinh": f"{day}/{month}/{year}",
        "Giới tính": "nữ" if body["gender"] == "female" else "nam",
        "Số CCCD": body["national_id"],
        "phone": body["phone"],
        "Dân tộc": "Hrê",
        "household_status": "hộ nghèo",
        "province_code": locality["province_code"],
        "commune_code": locality["commune_code"],
        "former_province_code": locality["former_province_code"],
        "former_district_code": locality["former_district_code"],
        "former_commune_code": locality["former_commune_code"],
        "desired_markets": "Nhật Bản; Hàn Quốc",
        "desired_sectors": "điện tử",
        "consent": "có",
    }
    cells.update(overrides)
    return [cells[h] for h in HEADER]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


async def _finished(api, job_id: str) -> dict:
    async def done():
        job = (await api.get(f"/imports/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(done, timeout_s=60)
    assert job is not None, "the import did not finish"
    return job


async def test_csv_import_with_per_row_results_and_an_idempotent_rerun(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    existing = person(7)
    rows = [
        _row(0),
        _row(1),
        _row(2, **{"Ngày sinh": "31/02/1992"}),  # no such day
        _row(3, commune_code="99999"),
        _row(4, **{"Số CCCD": cccd("2001-01-01", "female")}),  # contradicts the birth date
        _row(5, consent="không"),
        _row(7),  # registered through the API before the import
        _row(0, phone="0905 000 000"),  # the same national ID as row 2, again
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # a blank line
    ]
    content = _csv(rows)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        registered = await api.post("/workers", json=existing)
        assert registered.status_code == 201
        submitted = await api.post(
            "/imports",
            files={"file": ("son-linh-2025.csv", content, "text/csv")},
            data={},
        )
        assert submitted.status_code == 202, submitted.text
        job = submitted.json()
        assert job["total_rows"] == 8
        assert job["status"] in ("queued", "running", "completed")

        finished = await _finished(api, job["job_id"])
        assert finished["status"] == "completed"
        assert (
            finished["processed_rows"],
            finished["created"],
            finished["duplicate"],
            finished["rejected"],
        ) == (8, 2, 2, 4)

        results = {
            r["row"]: r
            for r in (await api.get(f"/imports/{job['job_id']}/results")).json()["items"]
        }
        assert sorted(results) == [2, 3, 4, 5, 6, 7, 8, 9]
        assert results[2]["outcome"] == results[3]["outcome"] == "created"
        assert results[4]["problems"] == [
            {"column": "date_of_birth", "reason": "must be a date like 25/12/1999"}
        ]
        assert results[5]["problems"][0]["column"] == "commune_code"
        assert results[6]["problems"][0]["column"] == "date_of_birth"
        assert results[7]["problems"][0]["column"] == "consent"
        assert results[8]["outcome"] == "duplicate"
        assert results[8]["duplicate_of"] == registered.json()["worker_id"]
        assert results[9]["outcome"] == "duplicate"
        assert results[9]["duplicate_of"] == results[2]["worker_id"]

        created = (await api.get(f"/workers/{results[2]['worker_id']}")).json()
        assert created["full_name"] == "Đinh Thị Linh"
        assert created["registered_by"] == TEST_SUBJECT
        assert created["desired_markets"] == ["JP", "KR"]
        assert created["desired_sectors"] == ["electronics"]

        download = await api.get(f"/imports/{job['job_id']}/results.csv")
        assert download.status_code == 200
        assert download.headers["content-type"].startswith("text/csv")
        assert "attachment" in download.headers["content-disposition"]
        assert download.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
        lines = list(csv.reader(io.StringIO(download.text.removeprefix("\ufeff"))))
        assert lines[0] == [
            "row",
            "outcome",
            "worker_id",
            "duplicate_of",
            "likely_duplicates",
            "column",
            "reason",
        ]
        assert [
            "4",
            "rejected",
            "",
            "",
            "",
            "date_of_birth",
            "must be a date like 25/12/1999",
        ] in lines
        for row in rows[:8]:
            assert row[4] not in download.text  # no national ID in the results file

        rerun = await api.post(
            "/imports",
            files={"file": ("son-linh-2025 (copy).csv", content, "text/csv")},
            data={},
        )
        assert rerun.status_code == 202
        assert rerun.json()["job_id"] != job["job_id"]
        again = await _finished(api, rerun.json()["job_id"])
        assert (
            again["created"],
            again["already_imported"],
            again["duplicate"],
            again["rejected"],
        ) == (0, 2, 2, 4)
        workers = store_client[f"{unique}_intake"]["workers"]
        assert await workers.count_documents({}) == 3


async def test_xlsx_import(kafka_bootstrap, mongodb_url, unique, store_client) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(_row(4))
    number_cells: list[object] = list(_row(5))
    number_cells[4] = int(str(number_cells[4]))  # a number cell drops the leading 0
    sheet.append(number_cells)
    out = io.BytesIO()
    workbook.save(out)
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        submitted = await api.post(
            "/imports",
            files={"file": ("ds.xlsx", out.getvalue(), "application/octet-stream")},
            data={},
            headers={"Idempotency-Key": "xlsx-upload-0001"},
        )
        assert submitted.status_code == 202, submitted.text
        assert submitted.json()["format"] == "xlsx"
        finished = await _finished(api, submitted.json()["job_id"])
        assert finished["created"] == 2, await api.get(f"/imports/{finished['job_id']}/results")
        replay = await api.post(
            "/imports",
            files={"file": ("ds.xlsx", out.getvalue(), "application/octet-stream")},
            data={},
            headers={"Idempotency-Key": "xlsx-upload-0001"},
        )
        assert replay.json()["job_id"] == submitted.json()["job_id"]


async def test_unreadable_files_are_422_naming_the_file(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        template = await api.get("/imports/template.csv")
        assert template.status_code == 200
        assert (
            template.text.removeprefix("\ufeff")
            .splitlines()[0]
            .startswith("full_name,date_of_birth,gender,national_id")
        )

        for name, content, reason in [
            ("a.csv", b"full_name,gender\nLinh,nu\n", "lacks required columns"),
            ("a.csv", "\ufeff".encode(), "is empty"),
            ("a.csv", (",".join(HEADER) + ",religion\n").encode(), "does not know: religion"),
            ("a.csv", (",".join(HEADER) + "\n").encode(), "no data rows"),
            ("a.xlsx", b"not a workbook", "not a readable XLSX"),
            ("a.xlsx", b"PK\x03\x04broken", "not a readable XLSX"),
        ]:
            response = await api.post(
                "/imports",
                files={"file": (name, content, "text/csv")},
                data={},
            )
            assert response.status_code == 422, (name, response.text)
            [detail] = field_errors(response.json())
            assert detail["loc"] == ["body", "file"]
            assert reason in detail["msg"], detail
        typed_officer = await api.post(
            "/imports",
            files={"file": ("a.csv", _csv([_row(0)]), "text/csv")},
            data={"imported_by": IMPORTER},
        )
        assert typed_officer.status_code == 422  # who imports is the token's subject
        assert error_locations(typed_officer.json())[0] == ("body", "imported_by")
        assert await store_client[f"{unique}_intake"]["import_jobs"].count_documents({}) == 0
        assert (await api.get("/imports/nothing")).status_code == 404


async def test_an_interrupted_import_resumes_at_the_next_start(
    kafka_bootstrap, mongodb_url, unique, store_client
) -> None:
    content = _csv([_row(0), _row(1), _row(2)])
    digest = hashlib.sha256(content).hexdigest()
    database = store_client[f"{unique}_intake"]
    # The state a crash leaves: a running job whose first row was processed.
    await database["import_files"].insert_one({"_id": digest, "content": Binary(content)})
    await database["import_jobs"].insert_one(
        {
            "_id": "job-interrupted",
            "filename": "ds.csv",
            "format": "csv",
            "sha256": digest,
            "imported_by": IMPORTER,
            "status": "running",
            "total_rows": 3,
            "processed_rows": 1,
            "created": 0,
            "already_imported": 0,
            "duplicate": 0,
            "rejected": 1,
            "submitted_at": datetime.now(UTC),
            "finished_at": None,
            "error": None,
        }
    )
    await database["import_rows"].insert_one(
        {
            "_id": "job-interrupted:000002",
            "job_id": "job-interrupted",
            "row": 2,
            "outcome": "rejected",
            "worker_id": None,
            "duplicate_of": None,
            "likely_duplicates": [],
            "problems": [{"column": "full_name", "reason": "left as the crash found it"}],
        }
    )
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        finished = await _finished(api, "job-interrupted")
        assert finished["status"] == "completed"
        assert (finished["processed_rows"], finished["created"], finished["rejected"]) == (3, 2, 1)
        results = (await api.get("/imports/job-interrupted/results")).json()["items"]
        assert [r["outcome"] for r in results] == ["rejected", "created", "created"]
        assert results[0]["problems"][0]["reason"] == "left as the crash found it"
    assert await database["workers"].count_documents({}) == 2
