"""Intake's HTTP routes: parse the request, call the service, shape the response."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response

from services.intake.access import TRANSFER_SIDES
from services.intake.domain.consent import GiveConsent, WithdrawConsent
from services.intake.domain.consultations import Consultation, RecordConsultation
from services.intake.domain.duplicates import DecideReview, ReviewStatus
from services.intake.domain.erasure import EraseWorker
from services.intake.domain.journeys import StartJourney
from services.intake.domain.loans import ApplyForLoan, ChangeLoan, Loan, LoanTransition
from services.intake.domain.registration import RegisterWorker
from services.intake.domain.transfers import (
    AcceptTransfer,
    RecordReferralOutcome,
    Referral,
    ReferWorker,
    RefuseTransfer,
    RequestTransfer,
    Transfer,
    TransferDirection,
    TransferListing,
    TransferStatus,
)
from services.intake.domain.units import canonical_code
from services.intake.domain.worker import (
    CorrectWorker,
    ReopenWorker,
    WithdrawWorker,
    Worker,
    WorkerStatus,
)
from services.intake.models import (
    ID_PATTERN,
    EligibilityView,
    ImportJobView,
    ImportRowView,
    ReviewView,
    RevisionView,
    WorkerPage,
    WorkerSummary,
    WorkerView,
)
from services.intake.personal_data import PersonalDataGatherer
from services.intake.service import ImportJobs, IntakeService
from services.intake.service.imports import (
    CASES,
    MAX_BYTES,
    REGISTRATIONS,
    case_template_csv,
    in_language,
    results_csv,
    template_csv,
)
from services.intake.service.template import template_xlsx
from services.intake.service.transfers import Transfers
from services.intake.service.workers import utc_now
from shared.actor import ACTOR_REFUSED, acted_by
from shared.approvals import Approval
from shared.approvals_api import WAITS, pending_answer
from shared.auth import Caller, Principal
from shared.auth.guard import note_worker
from shared.auth.scope import Within
from shared.contracts.common import HouseholdStatus, Market
from shared.dates import CalendarDay
from shared.downloads import XLSX, csv_download, download
from shared.errors import FieldError
from shared.http import Language
from shared.idempotency import Answer, Idempotency, IdempotencyKey, IdempotencyKeys
from shared.pages import Page, Paged, announce_next
from shared.privacy.export import PersonalDataExport
from shared.privacy.pdf import render_pdf

router = APIRouter()


async def get_service(request: Request) -> IntakeService:
    service: IntakeService = request.app.state.service
    return service


async def get_imports(request: Request) -> ImportJobs:
    imports: ImportJobs = request.app.state.imports
    return imports


Service = Annotated[IntakeService, Depends(get_service)]
Imports = Annotated[ImportJobs, Depends(get_imports)]
Id = Annotated[str, Path(max_length=128, pattern=ID_PATTERN)]
Responses = dict[int | str, dict[str, Any]]
INVALID: Responses = {422: {"description": "a field breaks a rule; `loc` names it"}}
NOT_FOUND: Responses = {404: {"description": "no such worker"}}
CONFLICT: Responses = {409: {"description": "the request conflicts with the case's state"}}
TAKEN = (
    "national ID already registered: `worker_id` names the case to a caller who may open it, "
    "and `new_journey` where to start a returned worker's next journey; anyone else gets "
    "`registered_in`, the province whose office to contact"
)


def _new_id(derived: str | None) -> str:
    return derived or str(uuid.uuid4())


# -- registration and the record ------------------------------------------------------------


@router.post(
    "/workers",
    status_code=201,
    response_model=WorkerView,
    tags=["workers"],
    summary="Register a worker",
    responses={
        **INVALID,
        403: {"description": "the worker's commune is outside the caller's area"},
        409: {"description": TAKEN},
    },
)
async def register_worker(
    command: RegisterWorker,
    service: Service,
    idempotency: Idempotency,
    principal: Caller,
    request: Request,
    key: IdempotencyKey = None,
) -> object:
    command = acted_by(command, principal.subject)

    async def create(derived: str | None) -> Answer:
        worker_id = _new_id(derived)
        note_worker(request, worker_id)  # its audit entry is stored while it registers
        registration = await service.register_worker(
            command, worker_id, area=principal.area, registered_by=principal.subject
        )
        view = WorkerView.of(registration.document, registration.likely_duplicates)
        return Answer(201, view.model_dump(mode="json"))

    return await idempotency.run("register_worker", key, command.model_dump(mode="json"), create)


@router.get(
    "/workers",
    response_model=WorkerPage,
    tags=["workers"],
    summary="Search workers, newest registration first",
)
async def search_workers(
    service: Service,
    within: Within,
    request: Request,
    response: Response,
    name: Annotated[
        str | None,
        Query(max_length=120, description="Accent- and case-insensitive: `dinh thi linh`"),
    ] = None,
    province_code: Annotated[str | None, Query(pattern=r"^\d{1,2}$")] = None,
    commune_code: Annotated[str | None, Query(pattern=r"^\d{1,5}$")] = None,
    household_status: HouseholdStatus | None = None,
    market: Market | None = None,
    status: Annotated[
        WorkerStatus | None, Query(description="Default: every status but merged")
    ] = None,
    registered_from: Annotated[
        CalendarDay | None, Query(description="First day, Vietnam time (1900-01-01 at earliest)")
    ] = None,
    registered_to: Annotated[
        CalendarDay | None, Query(description="Last day, included (2200-12-31 at latest)")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> WorkerPage:
    documents, next_cursor = await service.search(
        within=within.query,
        name=name,
        cursor=cursor,
        limit=limit,
        province_code=canonical_code(province_code, 2) if province_code else None,
        commune_code=canonical_code(commune_code, 5) if commune_code else None,
        household_status=household_status,
        market=market,
        status=status,
        registered_from=registered_from,
        registered_to=registered_to,
    )
    announce_next(request, response, next_cursor)
    return WorkerPage(items=[WorkerSummary.of(d) for d in documents], next_cursor=next_cursor)


@router.get(
    "/workers/{worker_id}",
    response_model=WorkerView,
    tags=["workers"],
    responses=NOT_FOUND,
    summary="A worker's record",
)
async def get_worker(worker_id: Id, service: Service) -> WorkerView:
    document, died_abroad_on = await service.read_worker(worker_id)
    return WorkerView.of(document, died_abroad_on=died_abroad_on)


@router.patch(
    "/workers/{worker_id}",
    response_model=WorkerView,
    tags=["workers"],
    responses={
        **WAITS,
        **INVALID,
        **NOT_FOUND,
        403: {"description": "the new locality is outside the caller's area (a transfer)"},
        409: {"description": f"the case's state does not allow it, or {TAKEN}"},
    },
    summary="Correct a worker's record (a new revision; only the fields given change)",
)
async def correct_worker(
    worker_id: Id, command: CorrectWorker, service: Service, principal: Caller
) -> object:
    command = acted_by(command, principal.subject)
    corrected = await service.correct_or_wait(worker_id, command, principal.area, principal.role)
    if isinstance(corrected, Approval):
        return pending_answer(corrected)
    return WorkerView.of(corrected)


class ExportFormat(StrEnum):
    """How a personal-data export is answered."""

    JSON = "json"
    PDF = "pdf"


@router.get(
    "/workers/{worker_id}/personal-data",
    response_model=PersonalDataExport,
    tags=["workers"],
    responses={
        **NOT_FOUND,
        200: {
            "description": "Everything held about the worker; `complete: false` and `missing` "
            "name a service whose part could not be had",
            "content": {"application/pdf": {}},
        },
    },
    summary="Everything Homeward holds about the worker, from every service (JSON or PDF)",
)
async def personal_data(
    worker_id: Id,
    request: Request,
    service: Service,
    principal: Caller,
    format: Annotated[
        ExportFormat | None,
        Query(description="`pdf`: a PDF in Vietnamese (also with `Accept: application/pdf`)"),
    ] = None,
) -> Any:
    record = await service.get_worker(worker_id)
    gatherer: PersonalDataGatherer = request.app.state.personal_data
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    export = await gatherer.gather(worker_id, record, token, principal.subject, utc_now())
    accepts_pdf = "application/pdf" in request.headers.get("accept", "")
    if format is ExportFormat.PDF or (format is None and accepts_pdf):
        document = await asyncio.to_thread(render_pdf, export, request.app.state.pdf_font_dir)
        disposition = f'attachment; filename="personal-data-{worker_id}.pdf"'
        return Response(
            document, media_type="application/pdf", headers={"Content-Disposition": disposition}
        )
    return export


@router.get(
    "/workers/{worker_id}/revisions",
    response_model=Page[RevisionView],
    tags=["workers"],
    responses=NOT_FOUND,
    summary="The record's corrections: who, when, what changed (national ID, phones masked)",
)
async def revisions(worker_id: Id, service: Service, paged: Paged) -> Page[RevisionView]:
    worker = Worker.model_validate(await service.get_worker(worker_id))
    views = [RevisionView.of(revision) for revision in worker.revisions]
    return paged.page(paged.slice(views, lambda v: str(v.number)))


@router.post(
    "/workers/{worker_id}/withdraw",
    response_model=WorkerView,
    tags=["workers"],
    responses={**NOT_FOUND, **CONFLICT},
    summary="The worker withdraws; the case is kept and can reopen",
)
async def withdraw(
    worker_id: Id, command: WithdrawWorker, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.withdraw_worker(worker_id, command))


@router.post(
    "/workers/{worker_id}/consent",
    response_model=WorkerView,
    tags=["workers"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="Record the worker's consent again: the purposes it now covers, the notice read",
)
async def give_consent(
    worker_id: Id, command: GiveConsent, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.give_consent(worker_id, command))


@router.post(
    "/workers/{worker_id}/consent/withdrawals",
    response_model=WorkerView,
    tags=["workers"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="The worker withdraws consent for some purposes; each service stops that processing",
)
async def withdraw_consent(
    worker_id: Id, command: WithdrawConsent, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.withdraw_consent(worker_id, command))


@router.post(
    "/workers/{worker_id}/erasure",
    response_model=WorkerView,
    tags=["workers"],
    responses={
        **NOT_FOUND,
        409: {"description": "a legal hold applies (an open loan or incident), named"},
    },
    summary="Erase the worker's personal data, on the topics and in every view",
    description="Destroys the worker's data key, so every copy of their personal data sealed "
    "on the topics, dead letters and backups becomes unreadable, then de-identifies the record "
    "and publishes `worker.erased`: every service removes or de-identifies what it holds (ids "
    "and the facts statistics count stay). Refused (409, with the reason) while a loan or an "
    "incident abroad is open. Erasing again answers the erased record.",
)
async def erase(
    worker_id: Id, command: EraseWorker, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.erase_worker(worker_id, command))


@router.post(
    "/workers/{worker_id}/reopen",
    response_model=WorkerView,
    tags=["workers"],
    responses={**NOT_FOUND, **CONFLICT},
    summary="Reopen a withdrawn case",
)
async def reopen(
    worker_id: Id, command: ReopenWorker, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.reopen_worker(worker_id, command))


@router.post(
    "/workers/{worker_id}/journeys",
    status_code=201,
    response_model=WorkerView,
    tags=["workers"],
    responses={
        **INVALID,
        **NOT_FOUND,
        409: {"description": "a journey is still open, or the record is withdrawn or merged"},
    },
    summary="Start a returned worker's next journey on the same case",
)
async def start_journey(
    worker_id: Id, command: StartJourney, service: Service, principal: Caller
) -> WorkerView:
    command = acted_by(command, principal.subject)
    return WorkerView.of(await service.start_journey(worker_id, command))


# -- eligibility, consultations, loans -------------------------------------------------------


@router.get(
    "/workers/{worker_id}/eligibility",
    response_model=EligibilityView,
    tags=["support"],
    responses=NOT_FOUND,
    summary="Each eligibility rule today, its outcome and its reason",
)
async def eligibility(worker_id: Id, service: Service, language: Language) -> EligibilityView:
    return EligibilityView.of(worker_id, await service.eligibility(worker_id), language)


@router.post(
    "/workers/{worker_id}/consultations",
    status_code=201,
    response_model=Consultation,
    tags=["support"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="Record a consultation",
)
async def record_consultation(
    worker_id: Id,
    command: RecordConsultation,
    service: Service,
    idempotency: Idempotency,
    principal: Caller,
    key: IdempotencyKey = None,
) -> object:
    command = acted_by(command, principal.subject)

    async def create(derived: str | None) -> Answer:
        consultation = await service.record_consultation(worker_id, command, _new_id(derived))
        return Answer(201, consultation.model_dump(mode="json"))

    body = {"worker_id": worker_id, **command.model_dump(mode="json")}
    return await idempotency.run("record_consultation", key, body, create, worker_id=worker_id)


@router.get(
    "/workers/{worker_id}/consultations",
    response_model=Page[Consultation],
    tags=["support"],
    responses=NOT_FOUND,
    summary="A worker's consultation history, most recent first",
)
async def consultations(worker_id: Id, service: Service, paged: Paged) -> Page[Consultation]:
    found = await service.consultations(worker_id)
    return paged.page(paged.slice(found, lambda c: c.consultation_id))


@router.post(
    "/workers/{worker_id}/loans",
    status_code=201,
    response_model=Loan,
    tags=["support"],
    responses={
        **INVALID,
        **NOT_FOUND,
        409: {"description": "not eligible (`rule_reason` says why), or a loan in progress"},
    },
    summary="Apply for a preferential loan (Social Policy Bank)",
)
async def apply_for_loan(
    worker_id: Id,
    command: ApplyForLoan,
    service: Service,
    idempotency: Idempotency,
    principal: Caller,
    key: IdempotencyKey = None,
) -> object:
    command = acted_by(command, principal.subject)

    async def create(derived: str | None) -> Answer:
        loan = await service.apply_for_loan(worker_id, command, _new_id(derived))
        return Answer(201, loan.model_dump(mode="json"))

    body = {"worker_id": worker_id, **command.model_dump(mode="json")}
    return await idempotency.run("apply_for_loan", key, body, create, worker_id=worker_id)


@router.get(
    "/workers/{worker_id}/loans",
    response_model=Page[Loan],
    tags=["support"],
    responses=NOT_FOUND,
    summary="A worker's loans",
)
async def loans(worker_id: Id, service: Service, paged: Paged) -> Page[Loan]:
    return paged.page(paged.slice(await service.loans(worker_id), lambda loan: loan.loan_id))


@router.get(
    "/workers/{worker_id}/loans/{loan_id}",
    response_model=Loan,
    tags=["support"],
    responses=NOT_FOUND,
    summary="One loan and its history",
)
async def get_loan(worker_id: Id, loan_id: Id, service: Service) -> Loan:
    return await service.get_loan(worker_id, loan_id)


class LoanAction(StrEnum):
    """A loan's transitions as URL segments."""

    APPROVE = "approve"
    REJECT = "reject"
    DISBURSE = "disburse"
    START_REPAYING = "start-repaying"
    MARK_REPAID = "mark-repaid"

    @property
    def transition(self) -> LoanTransition:
        """The domain transition of this action."""
        return LoanTransition(self.value.replace("-", "_"))


@router.post(
    "/workers/{worker_id}/loans/{loan_id}/{action}",
    response_model=Loan,
    tags=["support"],
    responses={**NOT_FOUND, 409: {"description": "the loan's status does not allow this"}},
    summary="Move a loan on: approve, reject (with reason), disburse, start repaying, repaid",
)
async def change_loan(
    worker_id: Id,
    loan_id: Id,
    action: LoanAction,
    command: ChangeLoan,
    service: Service,
    principal: Caller,
) -> Loan:
    command = acted_by(command, principal.subject)
    return await service.change_loan(worker_id, loan_id, action.transition, command)


# -- duplicate review queue ------------------------------------------------------------------


@router.get(
    "/duplicates",
    response_model=Page[ReviewView],
    tags=["duplicates"],
    summary="The duplicate review queue (pending groups, highest score first), or decided groups",
)
async def review_queue(
    service: Service,
    within: Within,
    paged: Paged,
    status: ReviewStatus = ReviewStatus.PENDING,
) -> Page[ReviewView]:
    queue = await service.review_queue(status, paged, within.query)
    return paged.page([ReviewView.of(d) for d in queue])


@router.get(
    "/duplicates/{review_id}",
    response_model=ReviewView,
    tags=["duplicates"],
    responses={404: {"description": "no such review"}},
    summary="One group of likely duplicates under review",
)
async def get_review(review_id: Id, service: Service) -> ReviewView:
    return ReviewView.of(await service.get_review(review_id))


@router.post(
    "/duplicates/{review_id}/decision",
    response_model=ReviewView,
    tags=["duplicates"],
    responses={
        **WAITS,
        **INVALID,
        403: {"description": "a record to merge lies outside the caller's area"},
        404: {"description": "no such review"},
        409: {"description": "decided already, or a record named was merged away already"},
    },
    summary="Decide a group: same person (the members named merge) or different people",
)
async def decide_review(
    review_id: Id, command: DecideReview, service: Service, principal: Caller
) -> object:
    command = acted_by(command, principal.subject)
    decided = await service.decide_or_wait(review_id, command, principal.role, area=principal.area)
    if isinstance(decided, Approval):
        return pending_answer(decided)
    return ReviewView.of(decided)


# -- bulk import -----------------------------------------------------------------------------


@router.get(
    "/imports/template",
    tags=["imports"],
    response_class=Response,
    responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
    summary="The import template as XLSX: Vietnamese headers, drop-down lists for coded columns",
)
async def import_template_xlsx() -> Response:
    content = await asyncio.to_thread(template_xlsx)  # the first call reads every unit
    return download(content, XLSX, "homeward-mau-nhap-lao-dong.xlsx")


@router.get(
    "/imports/template.csv",
    tags=["imports"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    summary="The import template: its columns and an example row",
)
async def import_template() -> Response:
    return csv_download(template_csv(), "homeward-intake-template.csv")


@router.get(
    "/imports/cases/template.csv",
    tags=["imports"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    summary="The migration template: the import template's columns, then the stage's",
)
async def case_import_template() -> Response:
    return csv_download(case_template_csv(), "homeward-migration-template.csv")


UploadedFile = Annotated[
    UploadFile, File(description="CSV (UTF-8) or XLSX, the template's columns")
]


@router.post(
    "/imports",
    status_code=202,
    response_model=ImportJobView,
    tags=["imports"],
    responses={422: {"description": "the file is unreadable or its columns are wrong"}},
    summary="Import a spreadsheet (CSV or XLSX) of registrations: an asynchronous job",
)
async def submit_import(
    file: UploadedFile,
    imports: Imports,
    idempotency: Idempotency,
    principal: Caller,
    request: Request,
    key: IdempotencyKey = None,
) -> object:
    return await _submit(REGISTRATIONS, file, imports, idempotency, principal, request, key)


@router.post(
    "/imports/cases",
    status_code=202,
    response_model=ImportJobView,
    tags=["imports"],
    responses={422: {"description": "the file is unreadable or its columns are wrong"}},
    summary="Migrate cases already in progress (CSV or XLSX), each at its stage: a job",
)
async def submit_case_import(
    file: UploadedFile,
    imports: Imports,
    idempotency: Idempotency,
    principal: Caller,
    request: Request,
    key: IdempotencyKey = None,
) -> object:
    return await _submit(CASES, file, imports, idempotency, principal, request, key)


async def _submit(
    kind: str,
    file: UploadFile,
    imports: ImportJobs,
    idempotency: IdempotencyKeys,
    principal: Principal,
    request: Request,
    key: str | None,
) -> object:
    if "imported_by" in await request.form():  # the form FastAPI read already: no second parse
        raise FieldError("imported_by", ACTOR_REFUSED, kind="extra_forbidden")
    content = await file.read(MAX_BYTES + 1)  # read_rows refuses a longer file: 422
    filename = file.filename or "upload"

    async def create(derived: str | None) -> Answer:
        job = await imports.submit(
            filename,
            content,
            principal.subject,
            _new_id(derived),
            area=principal.area,
            kind=kind,
        )
        return Answer(202, ImportJobView.of(job).model_dump(mode="json"))

    body = {"sha256": hashlib.sha256(content).hexdigest(), "imported_by": principal.subject}
    scope = "submit_import" if kind == REGISTRATIONS else "submit_case_import"
    return await idempotency.run(scope, key, body, create)


@router.get(
    "/imports/{job_id}",
    response_model=ImportJobView,
    tags=["imports"],
    responses={404: {"description": "no such import"}},
    summary="An import's progress and counts",
)
async def get_import(job_id: Id, imports: Imports) -> ImportJobView:
    return ImportJobView.of(await imports.get(job_id))


@router.get(
    "/imports/{job_id}/results",
    response_model=Page[ImportRowView],
    tags=["imports"],
    responses={404: {"description": "no such import"}},
    summary="What each row became (created, already imported, duplicate of X, rejected)",
)
async def import_results(
    job_id: Id, imports: Imports, language: Language, paged: Paged
) -> Page[ImportRowView]:
    rows = paged.slice(await imports.results(job_id), lambda r: str(r["row"]))
    return paged.page([ImportRowView.model_validate(r) for r in in_language(rows, language)])


@router.get(
    "/imports/{job_id}/results.csv",
    tags=["imports"],
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        404: {"description": "no such import"},
    },
    summary="The per-row results as a CSV file to download",
)
async def import_results_csv(job_id: Id, imports: Imports, language: Language) -> Response:
    rows = in_language(await imports.results(job_id), language)
    return csv_download(results_csv(rows), f"import-{job_id}-results.csv")


# -- transfers between communes, referrals ---------------------------------------------------


async def get_transfers(request: Request) -> Transfers:
    return Transfers(request.app.state.service, request.app.state.transfer_list)


TransferCases = Annotated[Transfers, Depends(get_transfers)]
NO_TRANSFER: Responses = {404: {"description": "no such worker, or no such transfer for you"}}


@router.post(
    "/workers/{worker_id}/transfers",
    status_code=201,
    response_model=Transfer,
    tags=["transfers"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="The worker's commune asks another commune to take the case from a date",
)
async def request_transfer(
    worker_id: Id,
    command: RequestTransfer,
    transfers: TransferCases,
    idempotency: Idempotency,
    principal: Caller,
    key: IdempotencyKey = None,
) -> object:
    command = acted_by(command, principal.subject)

    async def create(derived: str | None) -> Answer:
        transfer = await transfers.request(worker_id, command, _new_id(derived), principal.role)
        return Answer(201, transfer.model_dump(mode="json"))

    body = {"worker_id": worker_id, **command.model_dump(mode="json")}
    return await idempotency.run("request_transfer", key, body, create, worker_id=worker_id)


@router.get(
    "/workers/{worker_id}/transfers",
    response_model=Page[Transfer],
    tags=["transfers"],
    responses=NOT_FOUND,
    summary="The case's transfers, newest first",
)
async def transfers(worker_id: Id, transfers: TransferCases, paged: Paged) -> Page[Transfer]:
    found = await transfers.history(worker_id)
    return paged.page(paged.slice(found, lambda t: t.transfer_id))


@router.get(
    "/transfers",
    response_model=Page[TransferListing],
    tags=["transfers"],
    responses=INVALID,
    summary="Transfers into and out of the caller's area, newest request first",
)
async def list_transfers(
    transfers: TransferCases,
    within: Within,
    paged: Paged,
    status: TransferStatus | None = None,
    direction: Annotated[
        TransferDirection | None,
        Query(description="Into the caller's area or out of it; default: both"),
    ] = None,
) -> Page[TransferListing]:
    scope = within.query
    if direction is not None and not within.everything:
        scope = within.principal.query(TRANSFER_SIDES[direction.value])
    return paged.page(await transfers.page(scope, status, paged))


@router.post(
    "/workers/{worker_id}/transfers/{transfer_id}/accept",
    response_model=Transfer,
    tags=["transfers"],
    responses={**NO_TRANSFER, **CONFLICT},
    summary="The receiving commune takes the case over (from the transfer's effective date)",
)
async def accept_transfer(
    worker_id: Id,
    transfer_id: Id,
    command: AcceptTransfer,
    transfers: TransferCases,
    principal: Caller,
) -> Transfer:
    command = acted_by(command, principal.subject)
    return await transfers.accept(worker_id, transfer_id, command)


@router.post(
    "/workers/{worker_id}/transfers/{transfer_id}/refuse",
    response_model=Transfer,
    tags=["transfers"],
    responses={**INVALID, **NO_TRANSFER, **CONFLICT},
    summary="The receiving commune refuses the case, saying why",
)
async def refuse_transfer(
    worker_id: Id,
    transfer_id: Id,
    command: RefuseTransfer,
    transfers: TransferCases,
    principal: Caller,
) -> Transfer:
    command = acted_by(command, principal.subject)
    return await transfers.refuse(worker_id, transfer_id, command)


@router.post(
    "/workers/{worker_id}/referrals",
    status_code=201,
    response_model=Referral,
    tags=["support"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="Refer the worker to a job centre, a health service or a legal aid office",
)
async def refer_worker(
    worker_id: Id,
    command: ReferWorker,
    transfers: TransferCases,
    idempotency: Idempotency,
    principal: Caller,
    key: IdempotencyKey = None,
) -> object:
    command = acted_by(command, principal.subject)

    async def create(derived: str | None) -> Answer:
        referral = await transfers.refer(worker_id, command, _new_id(derived))
        return Answer(201, referral.model_dump(mode="json"))

    body = {"worker_id": worker_id, **command.model_dump(mode="json")}
    return await idempotency.run("refer_worker", key, body, create, worker_id=worker_id)


@router.get(
    "/workers/{worker_id}/referrals",
    response_model=Page[Referral],
    tags=["support"],
    responses=NOT_FOUND,
    summary="The worker's referrals and their outcomes, newest first",
)
async def referrals(worker_id: Id, transfers: TransferCases, paged: Paged) -> Page[Referral]:
    found = await transfers.referrals(worker_id)
    return paged.page(paged.slice(found, lambda r: r.referral_id))


@router.post(
    "/workers/{worker_id}/referrals/{referral_id}/outcome",
    response_model=Referral,
    tags=["support"],
    responses={**INVALID, **NOT_FOUND, **CONFLICT},
    summary="Record what came of a referral",
)
async def record_referral_outcome(
    worker_id: Id,
    referral_id: Id,
    command: RecordReferralOutcome,
    transfers: TransferCases,
    principal: Caller,
) -> Referral:
    command = acted_by(command, principal.subject)
    return await transfers.record_outcome(worker_id, referral_id, command)
