"""Training's HTTP routes: parse the request, call the service, shape the response."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from services.training import examples as ex
from services.training.domain import AssessWorker, Language, Provider
from services.training.models import (
    ID_PATTERN,
    AssessmentView,
    CourseView,
    DropOut,
    EnrolmentView,
    EnrolWorker,
    IssueCertificate,
    MarkAttendance,
    MarketReadinessView,
    MarketRequirementsView,
    ReadinessView,
    RegisterProvider,
    ScheduleCourse,
    SeatHolder,
    TraineeView,
)
from services.training.service import TrainingService
from shared.auth.scope import Within
from shared.contracts.common import Market
from shared.contracts.training import Certificate, CourseKind
from shared.idempotency import Answer, Idempotency, IdempotencyKey
from shared.pages import Page, Paged
from shared.privacy.export import Holdings

router = APIRouter()


async def get_service(request: Request) -> TrainingService:
    service: TrainingService = request.app.state.service
    return service


Service = Annotated[TrainingService, Depends(get_service)]
Id = Annotated[str, Path(max_length=64, pattern=ID_PATTERN)]
Limit = Annotated[int, Query(ge=1, le=500)]
# Past a billion rows a skip is no page anyone wants, and past 8 bytes the store cannot take it.
Skip = Annotated[int, Query(ge=0, le=1_000_000_000)]
Responses = dict[int | str, dict[str, Any]]
CONFLICT: Responses = {
    409: {"description": "the request conflicts with the current state; body says why"}
}
NOT_FOUND: Responses = {404: {"description": "no such worker, course, provider or enrolment"}}


def _new_id(derived: str | None) -> str:
    return derived or str(uuid.uuid4())


# -- providers -------------------------------------------------------------------------------


@router.post(
    "/providers",
    status_code=201,
    response_model=Provider,
    tags=["providers"],
    summary="Register a training provider",
)
async def register_provider(
    command: RegisterProvider,
    service: Service,
    idempotency: Idempotency,
    key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        provider = await service.register_provider(command, _new_id(derived))
        return Answer(201, provider.model_dump(mode="json"))

    return await idempotency.run("register_provider", key, command.model_dump(mode="json"), create)


@router.get("/providers", tags=["providers"], summary="Training providers")
async def list_providers(service: Service, within: Within, paged: Paged) -> Page[Provider]:
    return paged.page(await service.list_providers(paged, within.query))


@router.get(
    "/providers/{provider_id}", tags=["providers"], responses=NOT_FOUND, summary="A provider"
)
async def get_provider(provider_id: Id, service: Service) -> Provider:
    return await service.get_provider(provider_id)


# -- courses ---------------------------------------------------------------------------------


@router.post(
    "/courses",
    status_code=201,
    response_model=CourseView,
    tags=["courses"],
    summary="Schedule a course",
    responses={422: {"description": "a field breaks a rule; `loc` names it"}},
)
async def schedule_course(
    command: ScheduleCourse, service: Service, idempotency: Idempotency, key: IdempotencyKey = None
) -> object:
    async def create(derived: str | None) -> Answer:
        course = await service.schedule_course(command, _new_id(derived))
        return Answer(201, CourseView.of(course).model_dump(mode="json"))

    return await idempotency.run("schedule_course", key, command.model_dump(mode="json"), create)


@router.get("/courses", tags=["courses"], summary="Courses, soonest first")
async def list_courses(
    service: Service,
    within: Within,
    paged: Paged,
    kind: CourseKind | None = None,
    market: Market | None = None,
    language: Language | None = None,
    provider_id: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
) -> Page[CourseView]:
    filters = {
        name: str(value)
        for name, value in {
            "kind": kind,
            "market": market,
            "language": language,
            "provider_id": provider_id,
        }.items()
        if value is not None
    }
    courses = await service.list_courses(filters, paged, within.query)
    return paged.page([CourseView.of(c) for c in courses])


@router.get("/courses/{course_id}", tags=["courses"], responses=NOT_FOUND, summary="A course")
async def get_course(course_id: Id, service: Service) -> CourseView:
    return CourseView.of(await service.get_course(course_id))


@router.get(
    "/courses/{course_id}/enrolments",
    tags=["enrolment"],
    responses=NOT_FOUND,
    summary="Who holds the course's seats",
)
async def course_enrolments(
    course_id: Id, service: Service, within: Within, paged: Paged
) -> Page[SeatHolder]:
    holders = await service.course_enrolments(
        course_id, None if within.everything else within.query
    )
    seats = [SeatHolder(enrolment_id=e, worker_id=w) for e, w in holders]
    return paged.page(paged.slice(seats, lambda s: s.enrolment_id))


@router.post(
    "/courses/{course_id}/enrolments",
    status_code=201,
    response_model=EnrolmentView,
    tags=["enrolment"],
    responses={**CONFLICT, **NOT_FOUND},
    summary="Enrol a worker: 409 when the course is full or the worker may not enrol",
)
async def enrol_worker(
    course_id: Id,
    command: EnrolWorker,
    service: Service,
    idempotency: Idempotency,
    key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        enrolment = await service.enrol_worker(course_id, command.worker_id, _new_id(derived))
        return Answer(201, EnrolmentView.of(command.worker_id, enrolment).model_dump(mode="json"))

    body = {"course_id": course_id, **command.model_dump(mode="json")}
    return await idempotency.run("enrol_worker", key, body, create)


# -- a worker's training ---------------------------------------------------------------------


@router.get(
    "/workers/{worker_id}/training",
    tags=["workers"],
    responses=NOT_FOUND,
    summary="A worker's enrolments, assessments and announced markets",
)
async def get_trainee(worker_id: Id, service: Service) -> TraineeView:
    candidate, record = await service.trainee(worker_id)
    return TraineeView.of(candidate, record)


@router.get(
    "/workers/{worker_id}/personal-data",
    response_model=Holdings,
    tags=["workers"],
    responses=NOT_FOUND,
    summary="What training holds about the worker, for intake's personal-data export",
)
async def personal_data(worker_id: Id, service: Service) -> Holdings:
    return await service.personal_data(worker_id)


@router.post(
    "/workers/{worker_id}/enrolments/{enrolment_id}/drop-out",
    tags=["enrolment"],
    responses={**CONFLICT, **NOT_FOUND},
    summary="The worker leaves the course early; the seat is freed",
)
async def drop_out(
    worker_id: Id, enrolment_id: Id, command: DropOut, service: Service
) -> EnrolmentView:
    enrolment = await service.drop_out(worker_id, enrolment_id, command.reason)
    return EnrolmentView.of(worker_id, enrolment)


@router.put(
    "/workers/{worker_id}/enrolments/{enrolment_id}/attendance/{session_id}",
    tags=["enrolment"],
    responses={**CONFLICT, **NOT_FOUND},
    summary="Mark the worker present or absent at one session",
)
async def mark_attendance(
    worker_id: Id, enrolment_id: Id, session_id: Id, command: MarkAttendance, service: Service
) -> EnrolmentView:
    enrolment = await service.mark_attendance(worker_id, enrolment_id, session_id, command.present)
    return EnrolmentView.of(worker_id, enrolment)


@router.post(
    "/workers/{worker_id}/assessments",
    status_code=201,
    response_model=AssessmentView,
    tags=["assessment"],
    responses={**CONFLICT, **NOT_FOUND},
    summary="Record an assessment (progress, final, or an employer's)",
)
async def assess_worker(
    worker_id: Id,
    command: AssessWorker,
    service: Service,
    idempotency: Idempotency,
    key: IdempotencyKey = None,
) -> object:
    async def create(derived: str | None) -> Answer:
        assessment = await service.assess(worker_id, command, _new_id(derived))
        return Answer(201, AssessmentView.of(assessment).model_dump(mode="json"))

    body = {"worker_id": worker_id, **command.model_dump(mode="json")}
    return await idempotency.run("assess_worker", key, body, create)


@router.post(
    "/workers/{worker_id}/enrolments/{enrolment_id}/certificate",
    status_code=201,
    tags=["assessment"],
    responses={**CONFLICT, **NOT_FOUND, 201: ex.answer(ex.CERTIFICATE)},
    summary="Issue a passed course's certificate",
)
async def issue_certificate(
    worker_id: Id, enrolment_id: Id, command: IssueCertificate, service: Service
) -> Certificate:
    return await service.certify(worker_id, enrolment_id, command.number, command.issued_on)


# -- readiness -------------------------------------------------------------------------------


@router.get(
    "/workers/{worker_id}/readiness",
    tags=["readiness"],
    responses=NOT_FOUND,
    summary="Per market: met or not, requirement by requirement, and whether it was announced",
)
async def get_readiness(worker_id: Id, service: Service) -> ReadinessView:
    candidate, markets = await service.readiness(worker_id)
    return ReadinessView(
        worker_id=worker_id,
        active=candidate.active,
        markets=[MarketReadinessView.of(m) for m in markets],
    )


@router.get(
    "/readiness/requirements",
    tags=["readiness"],
    summary="What each market requires (the table readiness is computed from)",
)
async def market_requirements(service: Service, paged: Paged) -> Page[MarketRequirementsView]:
    table = [
        MarketRequirementsView(market=market, requirements=list(requirements))
        for market, requirements in service.table.items()
    ]
    return paged.page(paged.slice(table, lambda m: str(m.market)))
