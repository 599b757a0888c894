"""What deployment's routes share: dependencies, path parameters, and response shaping."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request

from services.deployment.domain import (
    Candidate,
    Enterprise,
    JobOrder,
    licence_problem,
    recruiting_problem,
)
from services.deployment.models import (
    ID_PATTERN,
    CandidateView,
    EnterpriseView,
    JobOrderView,
    PlacementView,
    TrainingView,
)
from services.deployment.service import DeploymentService, PlacementStatus

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "the request conflicts with the current state; body says why"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such record, or not one the caller may see"}
}
CONFLICT_OR_NOT_FOUND = {**CONFLICT, **NOT_FOUND}


async def get_service(request: Request) -> DeploymentService:
    service: DeploymentService = request.app.state.service
    return service


Service = Annotated[DeploymentService, Depends(get_service)]
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
        journey=p.journey,
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
        visa_refused_on=p.visa_refused_on,
        visa_refusal_reason=p.visa_refusal_reason,
        employer_changes=p.employer_changes,
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
        journey=candidate.journey,
        missing=candidate.missing,
        died_on=candidate.died_on,
        imported_placement=candidate.imported_placement,
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
