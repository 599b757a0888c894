"""Deployment's HTTP routes: parse the request, call the service, shape the response."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from services.deployment.domain import (
    Candidate,
    Enterprise,
    JobOrder,
    JobOrderTerms,
    LicenceTerms,
    licence_problem,
    recruiting_problem,
)
from services.deployment.models import (
    ID_PATTERN,
    ApplyForVisa,
    CancelPlacement,
    CandidateView,
    ChangeLicence,
    CloseJobOrder,
    EnterpriseView,
    GrantVisa,
    JobOrderView,
    OrderMatches,
    PlacementView,
    RecordDeparture,
    RegisterEnterprise,
    ShortlistWorker,
    SignContract,
    TrainingView,
    WorkerMatches,
)
from services.deployment.service import DeploymentService, PlacementStatus
from shared.contracts.common import Market
from shared.contracts.deployment import JobOrderStatus
from shared.idempotency import Answer, IdempotencyKeyHeader, IdempotencyKeys

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "the request conflicts with the current state; body says why"}
}
router = APIRouter()


def get_service(request: Request) -> DeploymentService:
    service: DeploymentService = request.app.state.service
    return service


def get_idempotency(request: Request) -> IdempotencyKeys:
    keys: IdempotencyKeys = request.app.state.idempotency
    return keys


Service = Annotated[DeploymentService, Depends(get_service)]
Idempotency = Annotated[IdempotencyKeys, Depends(get_idempotency)]
IdempotencyKey = Annotated[str | None, IdempotencyKeyHeader]
EnterpriseId = Annotated[str, Path(pattern=ID_PATTERN)]
JobOrderId = Annotated[str, Path(pattern=ID_PATTERN)]
PlacementId = Annotated[str, Path(pattern=ID_PATTERN)]
WorkerId = Annotated[str, Path(pattern=ID_PATTERN)]
IncludeUnfit = Annotated[
    bool, Query(description="Also list near misses, after the fits, with what they miss")
]
Limit = Annotated[int, Query(ge=1, le=500)]


def enterprise_view(enterprise: Enterprise, today: date) -> EnterpriseView:
    problem = licence_problem(enterprise, today)
    return EnterpriseView(
        enterprise_id=enterprise.id,
        name=enterprise.name,
        kind=enterprise.kind,
        licence=enterprise.licence,
        history=enterprise.history,
        may_post_orders=problem is None,
        may_send_workers=problem is None,
        licence_problem=problem,
    )


def job_order_view(order: JobOrder, today: date) -> JobOrderView:
    return JobOrderView(
        job_order_id=order.id,
        enterprise_id=order.enterprise_id,
        country=order.country,
        employer=order.employer,
        sector=order.sector,
        positions=order.positions,
        filled=order.filled,
        positions_left=order.positions_left,
        salary=order.salary,
        contract_term_months=order.contract_term_months,
        requirements=order.requirements,
        deadline=order.deadline,
        status=order.status,
        close_reason=order.close_reason,
        posted_at=order.posted_at,
        closed_at=order.closed_at,
        recruiting_problem=recruiting_problem(order, today),
    )


def placement_view(status: PlacementStatus) -> PlacementView:
    p = status.placement
    return PlacementView(
        placement_id=p.id,
        worker_id=p.worker_id,
        job_order_id=p.job_order_id,
        enterprise_id=p.enterprise_id,
        country=p.country,
        employer=p.employer,
        sector=p.sector,
        salary=p.salary,
        state=p.state,
        holds_position=p.holds_position,
        blocked_reason=status.blocked_reason,
        shortlisted_at=p.shortlisted_at,
        selected_at=p.selected_at,
        signed_on=p.signed_on,
        contract_start=p.contract_start,
        contract_end=status.contract_end,
        visa_applied_on=p.visa_applied_on,
        visa_granted_on=p.visa_granted_on,
        departed_at=p.departed_at,
        cancelled_at=p.cancelled_at,
        cancelled_from=p.cancelled_from,
        cancel_reason=p.cancel_reason,
        history=p.history,
    )


def candidate_view(candidate: Candidate) -> CandidateView:
    profile = candidate.profile
    return CandidateView(
        worker_id=candidate.worker_id,
        registered=profile is not None,
        full_name=profile.full_name if profile else None,
        gender=profile.gender if profile else None,
        date_of_birth=profile.date_of_birth if profile else None,
        desired_markets=profile.desired_markets if profile else [],
        desired_sectors=profile.desired_sectors if profile else [],
        withdrawn=candidate.withdrawn,
        abroad=candidate.abroad,
        training=[
            TrainingView(
                market=t.market,
                language_level=t.language_level,
                certificates=sorted({c.kind for c in t.certificates}),
                trained_at=t.trained_at,
            )
            for _, t in sorted(candidate.training.items())
        ],
    )


# Senders and licences


@router.post(
    "/enterprises",
    status_code=201,
    response_model=EnterpriseView,
    tags=["enterprises"],
    summary="Register a labour-supply enterprise or a state programme with its licence",
)
async def register_enterprise(
    command: RegisterEnterprise,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        enterprise = await service.register_enterprise(command, derived or str(uuid.uuid4()))
        view = enterprise_view(enterprise, service.moment()[1])
        return Answer(201, view.model_dump(mode="json"))

    body = command.model_dump(mode="json")
    return await idempotency.run("register_enterprise", idempotency_key, body, create)


@router.get(
    "/enterprises/{enterprise_id}",
    response_model=EnterpriseView,
    tags=["enterprises"],
    summary="A sender, its licence and what the licence allows today",
)
async def get_enterprise(enterprise_id: EnterpriseId, service: Service) -> EnterpriseView:
    return enterprise_view(await service.get_enterprise(enterprise_id), service.moment()[1])


@router.post(
    "/enterprises/{enterprise_id}/licence/suspension",
    response_model=EnterpriseView,
    responses=CONFLICT,
    tags=["enterprises"],
    summary="Suspend the licence: no new orders, and open placements stop moving",
)
async def suspend_licence(
    enterprise_id: EnterpriseId, command: ChangeLicence, service: Service
) -> EnterpriseView:
    enterprise = await service.suspend_licence(enterprise_id, command.reason)
    return enterprise_view(enterprise, service.moment()[1])


@router.post(
    "/enterprises/{enterprise_id}/licence/reinstatement",
    response_model=EnterpriseView,
    responses=CONFLICT,
    tags=["enterprises"],
    summary="Lift a suspension",
)
async def reinstate_licence(enterprise_id: EnterpriseId, service: Service) -> EnterpriseView:
    enterprise = await service.reinstate_licence(enterprise_id)
    return enterprise_view(enterprise, service.moment()[1])


@router.post(
    "/enterprises/{enterprise_id}/licence/revocation",
    response_model=EnterpriseView,
    responses=CONFLICT,
    tags=["enterprises"],
    summary="Revoke the licence for good",
)
async def revoke_licence(
    enterprise_id: EnterpriseId, command: ChangeLicence, service: Service
) -> EnterpriseView:
    enterprise = await service.revoke_licence(enterprise_id, command.reason)
    return enterprise_view(enterprise, service.moment()[1])


@router.put(
    "/enterprises/{enterprise_id}/licence",
    response_model=EnterpriseView,
    responses=CONFLICT,
    tags=["enterprises"],
    summary="Renew the licence: new number, authority or validity dates",
)
async def renew_licence(
    enterprise_id: EnterpriseId, terms: LicenceTerms, service: Service
) -> EnterpriseView:
    enterprise = await service.renew_licence(enterprise_id, terms)
    return enterprise_view(enterprise, service.moment()[1])


# Job orders and matching


@router.post(
    "/job-orders",
    status_code=201,
    response_model=JobOrderView,
    responses=CONFLICT,
    tags=["job orders"],
    summary="Post a job order (the sender needs an active, unexpired licence)",
)
async def post_job_order(
    terms: JobOrderTerms,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        order = await service.post_job_order(terms, derived or str(uuid.uuid4()))
        return Answer(201, job_order_view(order, service.moment()[1]).model_dump(mode="json"))

    body = terms.model_dump(mode="json")
    return await idempotency.run("post_job_order", idempotency_key, body, create)


@router.get(
    "/job-orders",
    response_model=list[JobOrderView],
    tags=["job orders"],
    summary="Job orders, newest first",
)
async def list_job_orders(
    service: Service,
    status: JobOrderStatus | None = None,
    country: Market | None = None,
    enterprise_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> list[JobOrderView]:
    found = await service.list_job_orders(
        status=status, country=country.value if country else None, enterprise_id=enterprise_id
    )
    today = service.moment()[1]
    return [job_order_view(order, today) for order in found]


@router.get(
    "/job-orders/{job_order_id}",
    response_model=JobOrderView,
    tags=["job orders"],
    summary="A job order and its positions",
)
async def get_job_order(job_order_id: JobOrderId, service: Service) -> JobOrderView:
    return job_order_view(await service.get_job_order(job_order_id), service.moment()[1])


@router.post(
    "/job-orders/{job_order_id}/closure",
    response_model=JobOrderView,
    responses=CONFLICT,
    tags=["job orders"],
    summary="Close the order to new workers",
)
async def close_job_order(
    job_order_id: JobOrderId, command: CloseJobOrder, service: Service
) -> JobOrderView:
    order = await service.close_job_order(job_order_id, command.reason)
    return job_order_view(order, service.moment()[1])


@router.get(
    "/job-orders/{job_order_id}/matches",
    response_model=OrderMatches,
    tags=["matching"],
    summary="The trained workers who fit the order, best first, with a reason per requirement",
)
async def match_job_order(
    job_order_id: JobOrderId,
    service: Service,
    include_unfit: IncludeUnfit = False,
    limit: Limit = 50,
) -> OrderMatches:
    matches = await service.matches_for_order(job_order_id, include_unfit)
    return OrderMatches(job_order_id=job_order_id, matches=matches[:limit])


@router.get(
    "/workers/{worker_id}/matches",
    response_model=WorkerMatches,
    tags=["matching"],
    summary="The open job orders the worker fits, best first, with a reason per requirement",
)
async def match_worker(
    worker_id: WorkerId,
    service: Service,
    include_unfit: IncludeUnfit = False,
    limit: Limit = 50,
) -> WorkerMatches:
    matches = await service.matches_for_worker(worker_id, include_unfit)
    return WorkerMatches(worker_id=worker_id, matches=matches[:limit])


@router.get(
    "/workers/{worker_id}",
    response_model=CandidateView,
    tags=["matching"],
    summary="What deployment knows of a worker, from intake's and training's events",
)
async def get_worker(worker_id: WorkerId, service: Service) -> CandidateView:
    return candidate_view(await service.get_candidate(worker_id))


# Placements


@router.post(
    "/job-orders/{job_order_id}/placements",
    status_code=201,
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="Shortlist a worker who fits the order",
)
async def shortlist_worker(
    job_order_id: JobOrderId,
    command: ShortlistWorker,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        status = await service.shortlist(
            job_order_id, command.worker_id, derived or str(uuid.uuid4())
        )
        return Answer(201, placement_view(status).model_dump(mode="json"))

    body = {"job_order_id": job_order_id, **command.model_dump(mode="json")}
    return await idempotency.run("shortlist_worker", idempotency_key, body, create)


@router.get(
    "/job-orders/{job_order_id}/placements",
    response_model=list[PlacementView],
    tags=["placements"],
    summary="The order's placements, oldest first",
)
async def list_order_placements(job_order_id: JobOrderId, service: Service) -> list[PlacementView]:
    return [placement_view(s) for s in await service.placements_of_order(job_order_id)]


@router.get(
    "/workers/{worker_id}/placements",
    response_model=list[PlacementView],
    tags=["placements"],
    summary="The worker's placements on every order, oldest first",
)
async def list_worker_placements(worker_id: WorkerId, service: Service) -> list[PlacementView]:
    return [placement_view(s) for s in await service.placements_of_worker(worker_id)]


@router.get(
    "/placements/{placement_id}",
    response_model=PlacementView,
    tags=["placements"],
    summary="A placement and what, if anything, blocks it",
)
async def get_placement(placement_id: PlacementId, service: Service) -> PlacementView:
    return placement_view(await service.get_placement(placement_id))


@router.post(
    "/placements/{placement_id}/selection",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="The employer selected the worker: takes one of the order's positions",
)
async def select_worker(placement_id: PlacementId, service: Service) -> PlacementView:
    return placement_view(await service.select(placement_id))


@router.post(
    "/placements/{placement_id}/contract",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="The worker signed the labour contract",
)
async def sign_contract(
    placement_id: PlacementId, command: SignContract, service: Service
) -> PlacementView:
    status = await service.sign_contract(
        placement_id, command.signed_on, command.contract_start, command.contract_end
    )
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/visa-application",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="The visa application was filed",
)
async def apply_for_visa(
    placement_id: PlacementId, command: ApplyForVisa, service: Service
) -> PlacementView:
    return placement_view(await service.apply_for_visa(placement_id, command.applied_on))


@router.post(
    "/placements/{placement_id}/visa-grant",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="The visa was granted",
)
async def grant_visa(
    placement_id: PlacementId, command: GrantVisa, service: Service
) -> PlacementView:
    return placement_view(await service.grant_visa(placement_id, command.granted_on))


@router.post(
    "/placements/{placement_id}/departure",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="The worker left: publishes worker.departed",
)
async def record_departure(
    placement_id: PlacementId, command: RecordDeparture, service: Service
) -> PlacementView:
    return placement_view(await service.depart(placement_id, command.departed_at))


@router.post(
    "/placements/{placement_id}/cancellation",
    response_model=PlacementView,
    responses=CONFLICT,
    tags=["placements"],
    summary="Cancel the placement before departure; a held position is free again",
)
async def cancel_placement(
    placement_id: PlacementId, command: CancelPlacement, service: Service
) -> PlacementView:
    return placement_view(await service.cancel(placement_id, command.reason))
