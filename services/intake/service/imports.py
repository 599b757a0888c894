"""Bulk imports of communes' spreadsheets: an asynchronous job per file, a result per row.

Each row is read and validated by ``domain.bulk_import`` (the API's own rules) and registered
through the same use case as ``POST /workers``. A row's worker id is derived from the file's
hash and the row number, so re-running the same file (or resuming a job after a restart)
creates nothing twice: an already-created row reports ``already_imported``.

A migration (``kind`` ``cases``) reads the same columns and the stage columns of
``domain.case_import``; its rows are registered the same way, and the registration's one
write also holds the ``worker.case-imported`` that tells the other services the stage the
case reached: a re-run writes nothing, so it emits nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.intake import store
from services.intake.domain.bulk_import import (
    COLUMNS,
    HEADER_ALIASES,
    IGNORED_COLUMNS,
    REQUIRED_COLUMNS,
    column_name,
    column_of,
    parse_import_row,
)
from services.intake.domain.case_import import (
    CASE_COLUMNS,
    CASE_HEADER_ALIASES,
    CASE_REQUIRED_COLUMNS,
    before_birth,
    case_key,
    parse_case_facts,
)
from services.intake.domain.licences import licence_problem
from services.intake.domain.problems import Problem
from services.intake.domain.registration import VIETNAM_TIME
from services.intake.service.spreadsheets import Limits, csv_records, too_large, xlsx_records
from services.intake.service.workers import IMPORTS_UNFINISHED, IntakeService
from shared.auth.principal import Area
from shared.contracts.intake import ImportedPlacement, WorkerCaseImported
from shared.errors import (
    ConflictError,
    FieldError,
    InvalidFieldsError,
    NotFoundError,
    OutOfScopeError,
)
from shared.idempotency import derived_id
from shared.logging import get_logger
from shared.messages import parts, text
from shared.persistence import Document, Update
from shared.retry import backoff_delays

log = get_logger(__name__)
MAX_BYTES = 5 * 1024 * 1024
LIMITS = Limits()
MAX_ROWS = LIMITS.rows
OUTCOMES = ("created", "already_imported", "duplicate", "rejected")
UNFINISHED = IMPORTS_UNFINISHED
Rows = list[tuple[int, dict[str, str]]]
REGISTRATIONS = "registrations"
CASES = "cases"


@dataclass(frozen=True)
class Template:
    """The columns a kind of import reads: all, the required ones, and the headers' aliases."""

    columns: tuple[str, ...]
    required: frozenset[str]
    aliases: Mapping[str, str]


TEMPLATES: Mapping[str, Template] = {
    REGISTRATIONS: Template(COLUMNS, REQUIRED_COLUMNS, HEADER_ALIASES),
    CASES: Template(CASE_COLUMNS, CASE_REQUIRED_COLUMNS, CASE_HEADER_ALIASES),
}


def file_format(filename: str, content: bytes) -> str:
    """Returns ``csv`` or ``xlsx`` (by content, then by name), or raises FieldError on ``file``."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xls")):
        raise FieldError("file", "is not a readable XLSX workbook (save it as .xlsx or CSV)")
    return "csv"


def read_rows(
    file_format_: str,
    content: bytes,
    limits: Limits = LIMITS,
    template: Template = TEMPLATES[REGISTRATIONS],
) -> Rows:
    """Returns the data rows with their spreadsheet row numbers, or raises FieldError on
    ``file`` when the file is too large (``limits``), unreadable, or its header lacks required
    columns or names unknown ones."""
    if len(content) > MAX_BYTES:
        raise too_large(
            "is larger than {megabytes} MB: split it", megabytes=MAX_BYTES // (1024 * 1024)
        )
    read = xlsx_records if file_format_ == "xlsx" else csv_records
    records = read(content, limits)
    first = next(records, None)
    if first is None:
        raise FieldError("file", "is empty: the first row must name the template's columns")
    header = [column_name(h, template.aliases) if h else "" for h in first[1]]
    missing = sorted(template.required - set(header))
    if missing:
        raise FieldError("file", "lacks required columns: {columns}", columns=", ".join(missing))
    unknown = sorted(set(header) - set(template.columns) - IGNORED_COLUMNS - {""})
    if unknown:
        raise FieldError(
            "file", "has columns the template does not know: {columns}", columns=", ".join(unknown)
        )
    named = [h for h in header if h and h not in IGNORED_COLUMNS]
    twice = sorted({h for h in named if named.count(h) > 1})
    if twice:  # the later column's cells would replace the earlier's
        raise FieldError(
            "file", "names a column twice (in any language): {columns}", columns=", ".join(twice)
        )
    rows: Rows = []
    for number, record in records:
        cells = {h: (record[i] if i < len(record) else "") for i, h in enumerate(header) if h}
        if any(v.strip() for v in cells.values()):
            rows.append((number, cells))
    if not rows:
        raise FieldError("file", "has no data rows under its header")
    return rows


class ImportJobs:
    """Runs import jobs in the service process; unfinished jobs resume at the next start."""

    def __init__(
        self,
        imports: store.Imports,
        intake: IntakeService,
        clock: Callable[[], datetime],
        licences: store.LicenceRegister | None = None,
    ) -> None:
        self.imports = imports
        self.intake = intake
        self.clock = clock
        self.licences = licences
        self.tasks: set[asyncio.Task[None]] = set()

    async def submit(
        self,
        filename: str,
        content: bytes,
        imported_by: str,
        job_id: str,
        area: Area | None = None,
        kind: str = REGISTRATIONS,
    ) -> Document:
        """Checks and stores the file, records a queued job and starts it.

        ``area``: the units the importing officer covers; rows outside it are rejected.
        ``kind``: ``registrations``, or ``cases`` (a migration of cases in progress).
        """
        format_ = file_format(filename, content)
        rows = read_rows(format_, content, template=TEMPLATES[kind])
        digest = hashlib.sha256(content).hexdigest()
        await self.imports.keep_file(digest, content)
        job: Document = {
            "_id": job_id,
            "filename": filename[:200],
            "format": format_,
            "kind": kind,
            "sha256": digest,
            "imported_by": imported_by,
            "scope": area.as_document() if area else None,
            "status": "queued",
            "total_rows": len(rows),
            "processed_rows": 0,
            **dict.fromkeys(OUTCOMES, 0),
            "submitted_at": self.clock(),
            "finished_at": None,
            "error": None,
        }
        if not await self.imports.add_job(job):
            return await self.get(job_id)
        log.info("import submitted", job_id=job_id, rows=len(rows), format=format_, kind=kind)
        self.start(job_id)
        return job

    def start(self, job_id: str) -> None:
        """Runs a job in the background."""
        task = asyncio.create_task(self.run(job_id), name=f"import-{job_id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def stop(self) -> None:
        """Stops running jobs where they are; they resume at the next start."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    def start_resuming(self) -> None:
        """Resumes unfinished jobs in the background (the store may not answer yet)."""
        task = asyncio.create_task(self.resume_unfinished(), name="import-resume")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def resume_unfinished(self) -> None:
        """Starts every queued or running job again, once the store answers."""
        delays = backoff_delays(0.2, 5.0)
        while True:
            try:
                unfinished = await self.imports.unfinished(UNFINISHED)
                break
            except store.STORE_OUTAGES:
                await asyncio.sleep(next(delays))
        for job_id in unfinished:
            log.info("import resumed", job_id=job_id)
            self.start(job_id)

    async def get(self, job_id: str) -> Document:
        """Returns a job or raises NotFoundError."""
        job = await self.imports.job(job_id)
        if job is None:
            raise NotFoundError("import", job_id)
        return job

    async def results(self, job_id: str) -> list[Document]:
        """Returns what each processed row of a job became, in row order."""
        await self.get(job_id)
        return await self.imports.results(job_id)

    async def run(self, job_id: str) -> None:
        """Processes a job's rows not processed yet, then counts the outcomes."""
        job = await self.get(job_id)
        if job["status"] not in UNFINISHED:
            return
        try:
            content = await self.imports.file(job["sha256"])
            if content is None:
                raise RuntimeError("the job's file is missing")
            template = TEMPLATES[job.get("kind", REGISTRATIONS)]
            rows = read_rows(job["format"], content, template=template)
            done = await self.imports.done_rows(job_id)
            await self.imports.update_job(
                job_id, Update(set={"status": "running", "processed_rows": len(done)})
            )
            for number, cells in rows:
                if number in done:
                    continue
                result = await self._import_row(job, number, cells)
                if not await self.imports.add_result(result):
                    continue  # another runner of this job got there first
                # progress only: the counts are taken from the rows when the job finishes
                await self.imports.update_job(
                    job_id, Update(inc={"processed_rows": 1, result["outcome"]: 1})
                )
            await self._finish(job_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A refused file's reason names a limit; of anything else, the type only: a store
            # error's message can quote a document's values.
            error = f"file {exc.reason}" if isinstance(exc, FieldError) else type(exc).__name__
            log.error("import failed", job_id=job_id, error=error)
            with contextlib.suppress(Exception):
                await self.imports.update_job(
                    job_id,
                    Update(set={"status": "failed", "error": error, "finished_at": self.clock()}),
                )

    async def _finish(self, job_id: str) -> None:
        counts = await self.imports.count_outcomes(job_id, OUTCOMES)
        done = {"processed_rows": sum(counts.values()), "status": "completed"}
        await self.imports.update_job(
            job_id, Update(set={**counts, **done, "finished_at": self.clock()})
        )
        log.info("import completed", job_id=job_id, **counts)

    async def _import_row(self, job: Document, number: int, cells: dict[str, str]) -> Document:
        result: Document = {
            "_id": f"{job['_id']}:{number:06d}",
            "job_id": job["_id"],
            "row": number,
            "worker_id": None,
            "duplicate_of": None,
            "likely_duplicates": [],
            "problems": [],
        }
        # Whatever the row becomes, its person's erasure must find its file: a row that
        # registered nobody has no worker id, so it keeps its national ID's keyed hash.
        national_key = await self.intake.national_key(cells.get("national_id"))
        if national_key is not None:
            result["national_key"] = national_key
        now = self.clock()
        registering = {c: v for c, v in cells.items() if c in COLUMNS}
        parsed = parse_import_row(registering, imported_by=job["imported_by"], now=now)
        problems_found = parsed if isinstance(parsed, list) else []
        worker_id = derived_id("import", f"{job['sha256']}:{number}")
        migrated: list[WorkerCaseImported] = []
        if job.get("kind") == CASES:
            case = await self._case_of(cells, worker_id, job["imported_by"], now)
            if isinstance(case, list):
                problems_found += case
            elif not isinstance(parsed, list) and (
                early := before_birth(cells, parsed.date_of_birth)
            ):
                problems_found += early
            else:
                migrated.append(case)
        if problems_found or isinstance(parsed, list):
            problems = [_problem(p.field, *parts(p.reason)) for p in problems_found]
            return {**result, "outcome": "rejected", "problems": problems}
        try:
            scope = job.get("scope")
            registration = await self.intake.register_worker(
                parsed,
                worker_id,
                registered_by=job["imported_by"],
                area=Area(**scope) if scope else None,
                also=migrated,
            )
        except OutOfScopeError as refused:
            problems = [_problem("commune_code", refused.template, refused.params)]
            return {**result, "outcome": "rejected", "problems": problems}
        except ConflictError as conflict:
            existing = conflict.details.get("worker_id")
            if migrated and existing and await self._migrated_before(existing, migrated[0]):
                return {**result, "outcome": "already_imported", "worker_id": existing}
            return {**result, "outcome": "duplicate", "duplicate_of": existing}
        except InvalidFieldsError as invalid:
            problems = [_problem(column_of(e.field), e.template, e.params) for e in invalid.errors]
            return {**result, "outcome": "rejected", "problems": problems}
        return {
            **result,
            "outcome": "created" if registration.created else "already_imported",
            "worker_id": worker_id,
            "likely_duplicates": registration.likely_duplicates,
        }

    async def _migrated_before(self, worker_id: str, case: WorkerCaseImported) -> bool:
        """Returns whether that worker's case was migrated with these very stage facts (the
        same row, in another file or saved again): the row is then already imported."""
        document = await self.intake.workers.get(worker_id)
        return document is not None and document.get("migrated_facts") == case_key(case)

    async def _case_of(
        self, cells: dict[str, str], worker_id: str, imported_by: str, now: datetime
    ) -> WorkerCaseImported | list[Problem]:
        """Returns the row's stage as the event that migrates it, or the problems it has:
        its cells', and a sender the licence register does not let send on the day."""
        today = now.astimezone(VIETNAM_TIME).date()
        facts = parse_case_facts(cells, today=today)
        if isinstance(facts, list):
            return facts
        placement = None
        if facts.placement is not None:
            sender = (
                await self.licences.by_number(facts.placement.licence_number)
                if self.licences is not None
                else None
            )
            problem = licence_problem(sender, facts.placement.departed_on or today)
            if problem is not None or sender is None:
                return [Problem("sender_licence_number", problem or "is not known")]
            placement = ImportedPlacement(
                placement_id=derived_id("imported-placement", worker_id),
                enterprise_id=sender.enterprise_id,
                licence_number=sender.licence_number,
                employer=facts.placement.employer,
                country=facts.placement.country,
                sector=facts.placement.sector,
                contract_start=facts.placement.contract_start,
                contract_end=facts.placement.contract_end,
                departed_on=facts.placement.departed_on,
                returned_on=facts.placement.returned_on,
            )
        return WorkerCaseImported(
            worker_id=worker_id,
            stage=facts.stage,
            certificates=list(facts.certificates),
            placement=placement,
            occurred_on=facts.occurred_on or today,
            imported_by=imported_by,
            imported_at=now,
        )


def _problem(column: str, reason: str, params: Mapping[str, Any] | None) -> Document:
    """A row's problem as kept: the catalogue message and its parameters, shown translated."""
    return {"column": column, "reason": reason, **({"params": dict(params)} if params else {})}


def in_language(rows: list[Document], language: str) -> list[Document]:
    """Returns the rows with each problem's reason said in ``language``."""
    return [
        {
            **row,
            "problems": [
                {
                    "column": p["column"],
                    "reason": text(p["reason"], language, **p.get("params", {})),
                }
                for p in row.get("problems") or []
            ],
        }
        for row in rows
    ]


def results_csv(rows: list[Document]) -> str:
    """Returns a job's results as CSV: one line per row, or per problem of a rejected row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["row", "outcome", "worker_id", "duplicate_of", "likely_duplicates", "column", "reason"]
    )
    for row in rows:
        base = [
            row["row"],
            row["outcome"],
            row.get("worker_id") or "",
            row.get("duplicate_of") or "",
            " ".join(row.get("likely_duplicates") or []),
        ]
        for problem in row.get("problems") or [{"column": "", "reason": ""}]:
            writer.writerow([*base, problem["column"], problem["reason"]])
    return out.getvalue()


def template_csv() -> str:
    """Returns the import template: the header row and one example row."""
    example = {
        "full_name": "Đinh Thị Linh", "date_of_birth": "12/04/1999", "gender": "nữ",
        "national_id": "051199123456", "phone": "0912 345 678", "ethnicity": "Hrê",
        "ethnic_minority": "có", "household_status": "hộ nghèo", "province_code": "51",
        "commune_code": "21307", "former_province_code": "51", "former_district_code": "529",
        "former_commune_code": "21304", "education": "upper_secondary",
        "desired_markets": "JP", "desired_sectors": "dệt may",
        "family_contact_name": "Đinh Văn Hội",
        "family_contact_relationship": "cha", "family_contact_phone": "0987 654 321",
        "consent": "có", "consent_recorded_by": "", "consent_recorded_on": "",
    }  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([example[c] for c in COLUMNS])
    return out.getvalue()


def case_template_csv() -> str:
    """Returns the migration template: the import template's columns and the stage columns,
    with one example row of a worker abroad."""
    registration = list(csv.reader(io.StringIO(template_csv())))[1]
    example = dict(zip(COLUMNS, registration, strict=True)) | {
        "stage": "đang ở nước ngoài", "certificate_kind": "ngoại ngữ",
        "certificate_market": "JP", "certificate_language_level": "JLPT-N4",
        "certificate_number": "JLPT-2023-000123", "certificate_issued_on": "15/07/2023",
        "certificate_2_kind": "định hướng", "certificate_2_market": "JP",
        "certificate_2_number": "DH-2023-0456", "certificate_2_issued_on": "20/08/2023",
        "sender_licence_number": "123/LĐTBXH-GP", "employer": "Công ty Sakura Denshi",
        "country": "Nhật Bản", "sector": "điện tử", "contract_start": "01/10/2023",
        "contract_end": "30/09/2026", "departed_on": "25/09/2023",
    }  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CASE_COLUMNS)
    writer.writerow([example.get(c, "") for c in CASE_COLUMNS])
    return out.getvalue()
