"""Routes of placements: shortlist, selection, contract, visa, departure, cancellation."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.deployment.api.common import (
    CONFLICT_OR_NOT_FOUND,
    NOT_FOUND,
    JobOrderId,
    PlacementId,
    Service,
    WorkerId,
    placement_view,
)
from services.deployment.domain import NewEmployer
from services.deployment.models import (
    ApplyForVisa,
    CancelPlacement,
    GrantVisa,
    PlacementView,
    RecordDeparture,
    RefuseVisa,
    ShortlistWorker,
    SignContract,
)
from shared.auth import Caller
from shared.auth.scope import Within
from shared.idempotency import Answer, Idempotency, IdempotencyKey
from shared.pages import Page, Paged

router = APIRouter()


@router.post(
    "/job-orders/{job_order_id}/placements",
    status_code=201,
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="Shortlist a worker who fits the order",
)
async def shortlist_worker(
    job_order_id: JobOrderId,
    command: ShortlistWorker,
    service: Service,
    idempotency: Idempotency,
    principal: Caller,
    idempotency_key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        status = await service.shortlist(
            job_order_id, command.worker_id, derived or str(uuid.uuid4()), principal.subject
        )
        return Answer(201, placement_view(status).model_dump(mode="json"))

    body = {"job_order_id": job_order_id, **command.model_dump(mode="json")}
    return await idempotency.run("shortlist_worker", idempotency_key, body, create)


@router.get(
    "/job-orders/{job_order_id}/placements",
    response_model=Page[PlacementView],
    responses=NOT_FOUND,
    tags=["placements"],
    summary="The order's placements, oldest first",
)
async def list_order_placements(
    job_order_id: JobOrderId, service: Service, within: Within, paged: Paged
) -> Page[PlacementView]:
    found = (
        await service.placements_of_order(job_order_id)
        if within.everything
        else await service.placements_of_order(job_order_id, within.query, within.workers)
    )
    return paged.page(paged.slice([placement_view(s) for s in found], _placement_id))


@router.get(
    "/workers/{worker_id}/placements",
    response_model=Page[PlacementView],
    responses=NOT_FOUND,
    tags=["placements"],
    summary="The worker's placements on every order, oldest first",
)
async def list_worker_placements(
    worker_id: WorkerId, service: Service, paged: Paged
) -> Page[PlacementView]:
    found = [placement_view(s) for s in await service.placements_of_worker(worker_id)]
    return paged.page(paged.slice(found, _placement_id))


def _placement_id(view: PlacementView) -> str:
    return view.placement_id


@router.get(
    "/placements/{placement_id}",
    response_model=PlacementView,
    responses=NOT_FOUND,
    tags=["placements"],
    summary="A placement and what, if anything, blocks it",
)
async def get_placement(placement_id: PlacementId, service: Service) -> PlacementView:
    return placement_view(await service.get_placement(placement_id))


@router.post(
    "/placements/{placement_id}/selection",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The employer selected the worker: takes one of the order's positions",
)
async def select_worker(
    placement_id: PlacementId, service: Service, principal: Caller
) -> PlacementView:
    return placement_view(await service.select(placement_id, principal.subject))


@router.post(
    "/placements/{placement_id}/contract",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The worker signed the labour contract",
)
async def sign_contract(
    placement_id: PlacementId, command: SignContract, service: Service, principal: Caller
) -> PlacementView:
    status = await service.sign_contract(
        placement_id,
        command.signed_on,
        command.contract_start,
        command.contract_end,
        principal.subject,
    )
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/visa-application",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The visa application was filed",
)
async def apply_for_visa(
    placement_id: PlacementId, command: ApplyForVisa, service: Service, principal: Caller
) -> PlacementView:
    status = await service.apply_for_visa(placement_id, command.applied_on, principal.subject)
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/visa-grant",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The visa was granted",
)
async def grant_visa(
    placement_id: PlacementId, command: GrantVisa, service: Service, principal: Caller
) -> PlacementView:
    status = await service.grant_visa(placement_id, command.granted_on, principal.subject)
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/visa-refusal",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The visa was refused: the placement ends and its position is free again",
)
async def refuse_visa(
    placement_id: PlacementId, command: RefuseVisa, service: Service, principal: Caller
) -> PlacementView:
    status = await service.refuse_visa(
        placement_id, command.refused_on, command.reason, principal.subject
    )
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/departure",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The worker left: publishes worker.departed",
)
async def record_departure(
    placement_id: PlacementId, command: RecordDeparture, service: Service, principal: Caller
) -> PlacementView:
    status = await service.depart(placement_id, command.departed_at, principal.subject)
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/employer-change",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="The worker abroad moved to another employer: publishes worker.employer-changed",
)
async def change_employer(
    placement_id: PlacementId, command: NewEmployer, service: Service, principal: Caller
) -> PlacementView:
    status = await service.change_employer(placement_id, command, principal.subject)
    return placement_view(status)


@router.post(
    "/placements/{placement_id}/cancellation",
    response_model=PlacementView,
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["placements"],
    summary="Cancel the placement before departure; a held position is free again",
)
async def cancel_placement(
    placement_id: PlacementId, command: CancelPlacement, service: Service, principal: Caller
) -> PlacementView:
    status = await service.cancel(placement_id, command.reason, principal.subject)
    return placement_view(status)
