"""Routes of senders and their licences."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.deployment.api.common import (
    CONFLICT_OR_NOT_FOUND,
    NOT_FOUND,
    EnterpriseId,
    Service,
    enterprise_view,
)
from services.deployment.domain import (
    LicenceTerms,
)
from services.deployment.models import (
    ChangeLicence,
    EnterpriseView,
    RegisterEnterprise,
)
from shared.idempotency import Answer, Idempotency, IdempotencyKey

router = APIRouter()


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
    responses=NOT_FOUND,
    tags=["enterprises"],
    summary="A sender, its licence and what the licence allows today",
)
async def get_enterprise(enterprise_id: EnterpriseId, service: Service) -> EnterpriseView:
    return enterprise_view(await service.get_enterprise(enterprise_id), service.moment()[1])


@router.post(
    "/enterprises/{enterprise_id}/licence/suspension",
    response_model=EnterpriseView,
    responses=CONFLICT_OR_NOT_FOUND,
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
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["enterprises"],
    summary="Lift a suspension",
)
async def reinstate_licence(enterprise_id: EnterpriseId, service: Service) -> EnterpriseView:
    enterprise = await service.reinstate_licence(enterprise_id)
    return enterprise_view(enterprise, service.moment()[1])


@router.post(
    "/enterprises/{enterprise_id}/licence/revocation",
    response_model=EnterpriseView,
    responses=CONFLICT_OR_NOT_FOUND,
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
    responses=CONFLICT_OR_NOT_FOUND,
    tags=["enterprises"],
    summary="Renew the licence: new number, authority or validity dates",
)
async def renew_licence(
    enterprise_id: EnterpriseId, terms: LicenceTerms, service: Service
) -> EnterpriseView:
    enterprise = await service.renew_licence(enterprise_id, terms)
    return enterprise_view(enterprise, service.moment()[1])
