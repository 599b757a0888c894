"""Aftercare's HTTP routes: parse the request, call the service, shape the response."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from services.aftercare import examples as ex
from services.aftercare.domain.checkins import ContactGap, RecordCheckIn
from services.aftercare.domain.contract_end import ContractEnding, ExtendContract
from services.aftercare.domain.hard_cases import RecordDeathAbroad, ReportMissing, ResumeContact
from services.aftercare.domain.incidents import (
    AssignIncident,
    ChangeIncidentStatus,
    Incident,
    RecordFollowUp,
    ReportIncident,
)
from services.aftercare.domain.overview import CasesOverview
from services.aftercare.domain.reintegration import (
    CloseCase,
    PlanReintegration,
    RecordOutcome,
    RecordReturn,
    ReferWorker,
)
from services.aftercare.domain.remittances import (
    Remittance,
    RemittanceTotal,
    ReportRemittance,
    TotalBy,
)
from services.aftercare.domain.timeline import TimelineItem
from services.aftercare.models import CaseView, ContactsView, WorkerRemittances
from services.aftercare.service import AftercareService
from shared.actor import acted_by
from shared.approvals import Approval
from shared.approvals_api import WAITS, pending_answer
from shared.auth import Caller
from shared.auth.scope import Within
from shared.contracts import aftercare as ac
from shared.idempotency import Answer, Idempotency, IdempotencyKey, IdempotencyKeys
from shared.pages import Page, Paged
from shared.privacy.export import Holdings

workers = APIRouter(prefix="/workers/{worker_id}", tags=["workers abroad"])
cases = APIRouter(prefix="/cases", tags=["lists"])
incident_routes = APIRouter(prefix="/incidents", tags=["incidents"])
remittance_routes = APIRouter(prefix="/remittances", tags=["remittances"])
routers = (cases, incident_routes, remittance_routes, workers)

Responses = dict[int | str, dict[str, Any]]
CONFLICT: Responses = {409: {"description": "the state forbids it; the body names the stage"}}
NOT_FOUND: Responses = {404: {"description": "aftercare has heard of no such worker or incident"}}


async def get_service(request: Request) -> AftercareService:
    service: AftercareService = request.app.state.service
    return service


Service = Annotated[AftercareService, Depends(get_service)]
ProvinceCode = Annotated[str | None, Query(max_length=10, description="Current province code")]
CommuneCode = Annotated[str | None, Query(max_length=10, description="Current commune code")]


async def _create(
    idempotency: IdempotencyKeys,
    scope: str,
    key: str | None,
    body: BaseModel,
    make: Callable[[str], Awaitable[BaseModel]],
) -> Any:
    """Creates a record once per Idempotency-Key; its id is derived from the key if given."""

    async def create(derived: str | None) -> Answer:
        created = await make(derived or str(uuid.uuid4()))
        return Answer(201, created.model_dump(mode="json"))

    return await idempotency.run(scope, key, body.model_dump(mode="json"), create)


# One worker's case


@workers.get("/case", response_model=CaseView, responses=NOT_FOUND, summary="A worker's case")
async def get_case(worker_id: str, service: Service) -> CaseView:
    return CaseView.of(await service.get_case(worker_id))


@workers.get(
    "/personal-data",
    response_model=Holdings,
    responses=NOT_FOUND,
    summary="What aftercare holds about the worker, for intake's personal-data export",
)
async def personal_data(worker_id: str, service: Service) -> Holdings:
    return await service.personal_data(worker_id)


@workers.get(
    "/contacts",
    response_model=ContactsView,
    responses=NOT_FOUND,
    summary="How to reach the worker and their family (personal data)",
)
async def get_contacts(worker_id: str, service: Service) -> ContactsView:
    case = await service.get_case(worker_id)
    profile = case.profile
    return ContactsView(
        worker_id=worker_id,
        phone=profile.phone if profile else None,
        family_contact=profile.family_contact if profile else None,
    )


@workers.get(
    "/timeline",
    response_model=Page[TimelineItem],
    responses=NOT_FOUND,
    summary="Every lifecycle event heard about the worker, in order, from all four services",
)
async def get_timeline(worker_id: str, service: Service, paged: Paged) -> Page[TimelineItem]:
    return paged.page(paged.slice(await service.timeline(worker_id), lambda i: i.event_id))


@workers.post(
    "/check-ins",
    status_code=201,
    response_model=ac.WorkerCheckedIn,
    responses={**NOT_FOUND, **CONFLICT, 201: ex.answer(ex.CHECKED_IN)},
    summary="Record a check-in with the worker, the family or the enterprise",
)
async def record_check_in(
    worker_id: str,
    command: RecordCheckIn,
    principal: Caller,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = acted_by(command, principal.subject)
    return await _create(
        idempotency,
        f"check_in:{worker_id}",
        idempotency_key,
        command,
        lambda new_id: service.record_check_in(worker_id, command, new_id),
    )


@workers.get(
    "/check-ins",
    response_model=Page[ac.WorkerCheckedIn],
    responses={**NOT_FOUND, 200: ex.answer(ex.CHECK_INS_PAGE)},
    summary="The check-ins of the worker's case, oldest first",
)
async def list_check_ins(
    worker_id: str, service: Service, paged: Paged
) -> Page[ac.WorkerCheckedIn]:
    journey = (await service.get_case(worker_id)).case_journey()
    check_ins = sorted(
        journey.check_ins if journey else [], key=lambda c: (c.contacted_at, c.check_in_id)
    )
    return paged.page(paged.slice(check_ins, lambda c: c.check_in_id))


@workers.post(
    "/remittances",
    status_code=201,
    response_model=Remittance,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Report money the worker sent home",
)
async def report_remittance(
    worker_id: str,
    command: ReportRemittance,
    principal: Caller,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = acted_by(command, principal.subject)
    return await _create(
        idempotency,
        f"remittance:{worker_id}",
        idempotency_key,
        command,
        lambda new_id: service.report_remittance(worker_id, command, new_id),
    )


@workers.get(
    "/remittances",
    response_model=WorkerRemittances,
    responses=NOT_FOUND,
    summary="The worker's remittances and their total",
)
async def list_remittances(worker_id: str, service: Service) -> WorkerRemittances:
    remittances = await service.remittances_of(worker_id)
    return WorkerRemittances(
        worker_id=worker_id,
        count=len(remittances),
        total_vnd=sum(r.amount_vnd for r in remittances),
        remittances=remittances,
    )


@workers.post(
    "/incidents",
    status_code=201,
    response_model=Incident,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Report an incident; the answer holds the ticket number the family can quote",
)
async def report_incident(
    worker_id: str,
    command: ReportIncident,
    principal: Caller,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = acted_by(command, principal.subject)
    return await _create(
        idempotency,
        f"incident:{worker_id}",
        idempotency_key,
        command,
        lambda new_id: service.report_incident(worker_id, command, new_id),
    )


@workers.get(
    "/incidents",
    response_model=Page[Incident],
    responses=NOT_FOUND,
    summary="The worker's incidents, oldest first",
)
async def list_incidents(worker_id: str, service: Service, paged: Paged) -> Page[Incident]:
    return paged.page(paged.slice(await service.incidents_of(worker_id), _incident_id))


@workers.post(
    "/contract-extensions",
    status_code=201,
    response_model=ac.ContractExtended,
    responses={**NOT_FOUND, **CONFLICT, 201: ex.answer(ex.CONTRACT_EXTENDED)},
    summary="Extend the worker's contract; the expected return moves to the new end",
)
async def extend_contract(
    worker_id: str, command: ExtendContract, principal: Caller, service: Service
) -> ac.ContractExtended:
    command = acted_by(command, principal.subject)
    return await service.extend_contract(worker_id, command)


@workers.post(
    "/missing",
    status_code=201,
    response_model=ac.WorkerReportedMissing,
    responses={**NOT_FOUND, **CONFLICT, 201: ex.answer(ex.REPORTED_MISSING)},
    summary="Report the worker missing or absconded: the last contact and the steps taken",
)
async def report_missing(
    worker_id: str, command: ReportMissing, principal: Caller, service: Service
) -> ac.WorkerReportedMissing:
    command = acted_by(command, principal.subject)
    return await service.report_missing(worker_id, command)


@workers.post(
    "/missing/contact-resumed",
    response_model=ac.WorkerContactResumed,
    responses={**NOT_FOUND, **CONFLICT, 200: ex.answer(ex.CONTACT_RESUMED)},
    summary="The worker reported missing was found, or got in touch again",
)
async def resume_contact(
    worker_id: str, command: ResumeContact, principal: Caller, service: Service
) -> ac.WorkerContactResumed:
    command = acted_by(command, principal.subject)
    return await service.resume_contact(worker_id, command)


@workers.post(
    "/death-abroad",
    status_code=201,
    response_model=ac.WorkerDiedAbroad,
    responses={**NOT_FOUND, **CONFLICT, 201: ex.answer(ex.DIED_ABROAD)},
    summary="Record the worker's death abroad: the repatriation and the family support plan",
)
async def record_death(
    worker_id: str, command: RecordDeathAbroad, principal: Caller, service: Service
) -> ac.WorkerDiedAbroad:
    command = acted_by(command, principal.subject)
    return await service.record_death(worker_id, command)


@workers.post(
    "/return",
    response_model=ac.WorkerReturned,
    responses={**NOT_FOUND, **CONFLICT, 200: ex.answer(ex.RETURNED)},
    summary="Record the worker's return home (emits worker.returned)",
)
async def record_return(
    worker_id: str, command: RecordReturn, principal: Caller, service: Service
) -> ac.WorkerReturned:
    command = acted_by(command, principal.subject)
    return await service.record_return(worker_id, command)


@workers.post(
    "/reintegration/assessment",
    response_model=ac.ReintegrationPlanned,
    responses={**NOT_FOUND, **CONFLICT, 200: ex.answer(ex.REINTEGRATION_PLANNED)},
    summary="Record the returned worker's needs: skills gained, savings, plans",
)
async def plan_reintegration(
    worker_id: str, command: PlanReintegration, principal: Caller, service: Service
) -> ac.ReintegrationPlanned:
    command = acted_by(command, principal.subject)
    return await service.plan_reintegration(worker_id, command)


@workers.post(
    "/reintegration/referrals",
    status_code=201,
    response_model=ac.ReintegrationReferred,
    responses={**NOT_FOUND, **CONFLICT, 201: ex.answer(ex.REFERRED)},
    summary="Refer the returned worker to a job opening, start-up support or credit",
)
async def refer_worker(
    worker_id: str,
    command: ReferWorker,
    principal: Caller,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = acted_by(command, principal.subject)
    return await _create(
        idempotency,
        f"referral:{worker_id}",
        idempotency_key,
        command,
        lambda new_id: service.refer_worker(worker_id, command, new_id),
    )


@workers.post(
    "/reintegration/outcome",
    response_model=ac.ReintegrationOutcomeRecorded,
    responses={**NOT_FOUND, **CONFLICT, 200: ex.answer(ex.OUTCOME_RECORDED)},
    summary="Record what became of the returned worker",
)
async def record_outcome(
    worker_id: str, command: RecordOutcome, principal: Caller, service: Service
) -> ac.ReintegrationOutcomeRecorded:
    command = acted_by(command, principal.subject)
    return await service.record_outcome(worker_id, command)


@workers.post(
    "/closure",
    response_model=ac.CaseClosed,
    responses={**WAITS, **NOT_FOUND, **CONFLICT, 200: ex.answer(ex.CASE_CLOSED)},
    summary="Close the case: after the return, or as deceased after a death abroad (may wait: 202)",
)
async def close_case(
    worker_id: str, command: CloseCase, principal: Caller, service: Service
) -> object:
    command = acted_by(command, principal.subject)
    closed = await service.close_case(worker_id, command, principal.role)
    if isinstance(closed, Approval):
        return pending_answer(closed)
    return closed


# Lists across workers


@cases.get(
    "/without-contact",
    response_model=Page[ContactGap],
    summary="Workers abroad nobody has reached for longer than max_days, oldest silence first",
)
async def without_contact(
    service: Service,
    within: Within,
    paged: Paged,
    province_code: ProvinceCode = None,
    commune_code: CommuneCode = None,
    max_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
) -> Page[ContactGap]:
    narrowed = within.narrow(province_code, commune_code)
    if narrowed is None:
        return paged.page([])
    province_code, commune_code = narrowed
    days = service.no_contact_days if max_days is None else max_days
    gaps = await service.workers_without_contact(days, province_code, commune_code)
    return paged.page(paged.slice(gaps, lambda g: g.worker_id))


@cases.get(
    "/contracts-ending",
    response_model=Page[ContractEnding],
    summary="Workers abroad whose contract ends within the window (or already ended)",
)
async def contracts_ending(
    service: Service,
    within: Within,
    paged: Paged,
    province_code: ProvinceCode = None,
    commune_code: CommuneCode = None,
    within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
) -> Page[ContractEnding]:
    narrowed = within.narrow(province_code, commune_code)
    if narrowed is None:
        return paged.page([])
    province_code, commune_code = narrowed
    days = service.ending_window_days if within_days is None else within_days
    ending = await service.contracts_ending(days, province_code, commune_code)
    return paged.page(paged.slice(ending, lambda e: e.worker_id))


@cases.get(
    "/overview",
    response_model=CasesOverview,
    summary="How many cases need attention: without contact, contracts ending, incidents past "
    "their deadline, returns without a plan",
)
async def cases_overview(
    service: Service,
    principal: Caller,
    province_code: ProvinceCode = None,
    commune_code: CommuneCode = None,
) -> CasesOverview:
    narrowed = principal.narrow(province_code, commune_code)  # counts, not a list of records
    days, window = service.no_contact_days, service.ending_window_days
    if narrowed is None:
        return CasesOverview(
            without_contact=0,
            contracts_ending=0,
            incidents_past_sla=0,
            returns_without_plan=0,
            no_contact_days=days,
            contract_end_window_days=window,
            as_of=service.clock(),
        )
    return await service.overview(*narrowed, days, window)


# Incidents


@incident_routes.get(
    "/queue",
    response_model=Page[Incident],
    summary="Unresolved incidents, most severe first, then oldest first",
)
async def incident_queue(
    service: Service,
    within: Within,
    paged: Paged,
    province_code: ProvinceCode = None,
    commune_code: CommuneCode = None,
) -> Page[Incident]:
    narrowed = within.narrow(province_code, commune_code)
    if narrowed is None:
        return paged.page([])
    province_code, commune_code = narrowed
    queue = await service.incident_queue(province_code, commune_code)
    return paged.page(paged.slice(queue, _incident_id))


def _incident_id(incident: Incident) -> str:
    return incident.incident_id


@incident_routes.post(
    "/escalations",
    response_model=list[ac.IncidentEscalated],
    responses={200: ex.answer([ex.ESCALATED])},
    summary="Run the escalation job now: escalate every overdue incident, once per level",
)
async def run_escalations(service: Service, within: Within) -> list[ac.IncidentEscalated]:
    narrowed = within.narrow(None, None)
    if narrowed is None:
        return []
    return await service.escalate_overdue(*narrowed)


@incident_routes.get(
    "/{reference}",
    response_model=Incident,
    responses=NOT_FOUND,
    summary="An incident, by id or by ticket number (HW-2026-000123)",
)
async def get_incident(reference: str, service: Service) -> Incident:
    return await service.get_incident(reference)


@incident_routes.post(
    "/{reference}/assignment",
    response_model=Incident,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Hand the incident to an officer",
)
async def assign_incident(
    reference: str, command: AssignIncident, principal: Caller, service: Service
) -> Incident:
    command = acted_by(command, principal.subject)
    return await service.assign_incident(reference, command)


@incident_routes.post(
    "/{reference}/status",
    response_model=Incident,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Move the incident one step: open -> in_progress -> resolved -> closed",
)
async def change_status(
    reference: str, command: ChangeIncidentStatus, principal: Caller, service: Service
) -> Incident:
    command = acted_by(command, principal.subject)
    return await service.change_incident_status(reference, command)


@incident_routes.post(
    "/{reference}/follow-ups",
    status_code=201,
    response_model=Incident,
    responses={**NOT_FOUND, **CONFLICT},
    summary="Record a follow-up action on the incident",
)
async def record_follow_up(
    reference: str,
    command: RecordFollowUp,
    principal: Caller,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    command = acted_by(command, principal.subject)
    return await _create(
        idempotency,
        f"follow_up:{reference}",
        idempotency_key,
        command,
        lambda new_id: service.record_follow_up(reference, command, new_id),
    )


# Remittance totals


@remittance_routes.get(
    "/totals",
    response_model=Page[RemittanceTotal],
    summary="Remittance counts and VND totals grouped by worker, province, commune and/or month",
)
async def totals(
    service: Service,
    within: Within,
    paged: Paged,
    by: Annotated[list[TotalBy], Query(min_length=1, max_length=4)],
    province_code: ProvinceCode = None,
    commune_code: CommuneCode = None,
    sent_from: date | None = None,
    sent_to: date | None = None,
) -> Page[RemittanceTotal]:
    narrowed = within.narrow(province_code, commune_code)
    if narrowed is None:
        return paged.page([])
    province_code, commune_code = narrowed
    groups = await service.remittance_totals(
        by,
        province_code=province_code,
        commune_code=commune_code,
        sent_from=sent_from,
        sent_to=sent_to,
    )
    return paged.page(paged.slice(groups, _group))


def _group(total: RemittanceTotal) -> str:
    return "/".join(
        str(v) for v in (total.worker_id, total.province_code, total.commune_code, total.month)
    )
