"""Intake's HTTP routes: parse the request, call the service, shape the response."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.intake.models import RegisterWorker, WorkerView
from services.intake.service import IntakeService
from shared.idempotency import Answer, IdempotencyKeyHeader, IdempotencyKeys
from shared.store import Document

router = APIRouter(prefix="/workers", tags=["workers"])


def get_service(request: Request) -> IntakeService:
    service: IntakeService = request.app.state.service
    return service


def get_idempotency(request: Request) -> IdempotencyKeys:
    keys: IdempotencyKeys = request.app.state.idempotency
    return keys


Service = Annotated[IntakeService, Depends(get_service)]
Idempotency = Annotated[IdempotencyKeys, Depends(get_idempotency)]


def worker_view(document: Document) -> WorkerView:
    national_id = document["national_id"]
    return WorkerView(
        worker_id=document["_id"],
        full_name=document["full_name"],
        date_of_birth=document["date_of_birth"],
        gender=document["gender"],
        national_id_masked=f"{'*' * 8}{national_id[-4:]}",
        household_status=document["household_status"],
        locality=document["locality"],
        status=document["status"],
        registered_at=document["registered_at"],
    )


@router.post(
    "",
    status_code=201,
    response_model=WorkerView,
    responses={409: {"description": "national ID already registered; body names worker_id"}},
    summary="Register a worker",
)
async def register_worker(
    command: RegisterWorker,
    service: Service,
    idempotency: Idempotency,
    idempotency_key: Annotated[str | None, IdempotencyKeyHeader] = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        document = await service.register_worker(command, derived or str(uuid.uuid4()))
        return Answer(201, worker_view(document).model_dump(mode="json"))

    return await idempotency.run(
        "register_worker", idempotency_key, command.model_dump(mode="json"), create
    )


@router.get("/{worker_id}", response_model=WorkerView, summary="A worker's record")
async def get_worker(worker_id: str, service: Service) -> WorkerView:
    return worker_view(await service.get_worker(worker_id))
