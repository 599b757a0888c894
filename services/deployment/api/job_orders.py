"""Routes of job orders, and matching workers and orders with reasons."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.deployment.api.common import (
    CONFLICT,
    CONFLICT_OR_NOT_FOUND,
    NOT_FOUND,
    IncludeUnfit,
    JobOrderId,
    Limit,
    Service,
    WorkerId,
    candidate_view,
    job_order_view,
)
from services.deployment.domain import (
    JobOrderTerms,
)
from services.deployment.models import (
    ID_PATTERN,
    CandidateView,
    CloseJobOrder,
    JobOrderView,
    OrderMatches,
    WorkerMatches,
)
from shared.auth.scope import Within
from shared.contracts.common import Market
from shared.contracts.deployment import JobOrderStatus
from shared.idempotency import Answer, Idempotency, IdempotencyKey
from shared.pages import Page, Paged
from shared.privacy.export import Holdings

router = APIRouter()


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
    response_model=Page[JobOrderView],
    tags=["job orders"],
    summary="Job orders, newest first",
)
async def list_job_orders(
    service: Service,
    within: Within,
    paged: Paged,
    status: JobOrderStatus | None = None,
    country: Market | None = None,
    enterprise_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> Page[JobOrderView]:
    found = await service.list_job_orders(
        status=status,
        country=country.value if country else None,
        enterprise_id=enterprise_id,
        within=within.query,
        pages=paged,
    )
    today = service.moment()[1]
    return paged.page([job_order_view(order, today) for order in found])


@router.get(
    "/job-orders/{job_order_id}",
    response_model=JobOrderView,
    responses=NOT_FOUND,
    tags=["job orders"],
    summary="A job order and its positions",
)
async def get_job_order(job_order_id: JobOrderId, service: Service) -> JobOrderView:
    return job_order_view(await service.get_job_order(job_order_id), service.moment()[1])


@router.post(
    "/job-orders/{job_order_id}/closure",
    response_model=JobOrderView,
    responses=CONFLICT_OR_NOT_FOUND,
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
    responses=NOT_FOUND,
    tags=["matching"],
    summary="The trained workers who fit the order, best first, with a reason per requirement",
)
async def match_job_order(
    job_order_id: JobOrderId,
    service: Service,
    within: Within,
    include_unfit: IncludeUnfit = False,
    limit: Limit = 50,
) -> OrderMatches:
    matches = await service.matches_for_order(job_order_id, include_unfit, within.query)
    return OrderMatches(job_order_id=job_order_id, matches=matches[:limit])


@router.get(
    "/workers/{worker_id}/matches",
    response_model=WorkerMatches,
    responses=NOT_FOUND,
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
    "/workers/{worker_id}/personal-data",
    response_model=Holdings,
    responses=NOT_FOUND,
    tags=["matching"],
    summary="What deployment holds about the worker, for intake's personal-data export",
)
async def personal_data(worker_id: WorkerId, service: Service) -> Holdings:
    return await service.personal_data(worker_id)


@router.get(
    "/workers/{worker_id}",
    response_model=CandidateView,
    responses=NOT_FOUND,
    tags=["matching"],
    summary="What deployment knows of a worker, from intake's and training's events",
)
async def get_worker(worker_id: WorkerId, service: Service) -> CandidateView:
    return candidate_view(await service.get_candidate(worker_id))
