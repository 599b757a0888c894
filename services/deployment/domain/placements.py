"""A worker's placement on a job order: shortlisted to departed, or cancelled on the way."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from pydantic import BaseModel, ConfigDict, Field

from services.deployment.domain.candidates import Candidate
from services.deployment.domain.enterprises import Enterprise, licence_problem
from services.deployment.domain.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    PlacementBlockedError,
    raise_field_errors,
)
from services.deployment.domain.job_orders import (
    MAX_CONTRACT_MONTHS,
    JobOrder,
    Salary,
    recruiting_problem,
    take_position,
)
from services.deployment.domain.matching import fits, worker_reasons
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import (
    JobOrderCloseReason,
    JobOrderStatus,
    PlacementCancelled,
    PlacementContractSigned,
    PlacementSelected,
    PlacementShortlisted,
    PlacementState,
    PlacementVisaApplied,
    PlacementVisaGranted,
    WorkerDeparted,
)
from shared.dates import EARLIEST_DAY, LATEST_DAY
from shared.events.catalogue import EventPayload

State = PlacementState
TRANSITIONS: dict[PlacementState, frozenset[PlacementState]] = {
    State.SHORTLISTED: frozenset({State.SELECTED, State.CANCELLED}),
    State.SELECTED: frozenset({State.CONTRACT_SIGNED, State.CANCELLED}),
    State.CONTRACT_SIGNED: frozenset({State.VISA_APPLIED, State.CANCELLED}),
    State.VISA_APPLIED: frozenset({State.VISA_GRANTED, State.CANCELLED}),
    State.VISA_GRANTED: frozenset({State.DEPARTED, State.CANCELLED}),
    State.DEPARTED: frozenset(),
    State.CANCELLED: frozenset(),
}
"""Where each state may go; departed and cancelled are final."""

FINAL_STATES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
HOLDING_STATES = frozenset(
    {State.SELECTED, State.CONTRACT_SIGNED, State.VISA_APPLIED, State.VISA_GRANTED, State.DEPARTED}
)
"""States in which the placement holds one of the job order's positions."""


class PlacementStep(BaseModel):
    """One state the placement entered, and when it was recorded."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    state: PlacementState
    at: datetime
    by: str | None = Field(default=None, description="Who recorded it: the token's subject")


class Placement(BaseModel):
    """A worker on a job order, with the order's terms copied in at shortlisting."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    worker_id: str
    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    salary: Salary
    contract_term_months: int
    journey: int = 1
    state: PlacementState = State.SHORTLISTED
    shortlisted_at: datetime
    selected_at: datetime | None = None
    signed_on: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    visa_applied_on: date | None = None
    visa_granted_on: date | None = None
    departed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_from: PlacementState | None = None
    cancel_reason: str | None = None
    history: list[PlacementStep] = []

    @property
    def holds_position(self) -> bool:
        """Whether the placement counts against the job order's positions."""
        return self.state in HOLDING_STATES

    @property
    def is_final(self) -> bool:
        """Whether nothing more can happen to the placement (departed or cancelled)."""
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class PlacementChange:
    """A transition's outcome: the new placement, its event, and the change in held positions."""

    placement: Placement
    event: EventPayload
    positions_delta: int = 0


def attributed(change: PlacementChange, by: str | None) -> PlacementChange:
    """The change with the step it adds to the placement's history signed by ``by``."""
    placement = change.placement
    if by is None or not placement.history:
        return change
    step = placement.history[-1].model_copy(update={"by": by})
    signed = placement.model_copy(update={"history": [*placement.history[:-1], step]})
    return dataclasses.replace(change, placement=signed)


def add_months(day: date, months: int) -> date:
    """Returns the same day ``months`` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def blocked_reason(
    placement: Placement,
    *,
    enterprise: Enterprise,
    order: JobOrder,
    today: date,
    candidate: Candidate | None = None,
) -> str | None:
    """Returns why the placement cannot move forward today, or None if nothing stops it."""
    if placement.is_final:
        return None
    problem = licence_problem(enterprise, today)
    if problem is not None:
        return f"enterprise licence {problem}"
    if candidate is not None and candidate.merged_into is not None:
        return f"worker record merged into {candidate.merged_into}"
    if candidate is not None and candidate.withdrawn:
        return "worker withdrew from the programme"
    closed = order.status is JobOrderStatus.CLOSED
    if closed and order.close_reason is not JobOrderCloseReason.FILLED:
        return f"job order closed ({order.close_reason})"
    if not placement.holds_position:
        if candidate is not None and candidate.abroad:
            return "worker is abroad on another placement"
        recruiting = recruiting_problem(order, today)
        if recruiting is not None:
            return recruiting
        if order.positions_left == 0:
            return "no positions left on the job order"
    return None


def shortlist(
    placement_id: str,
    *,
    candidate: Candidate,
    order: JobOrder,
    enterprise: Enterprise,
    worker_placements: Sequence[Placement] = (),
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns a new shortlisted placement; the worker must fit and the order must recruit."""
    problem = licence_problem(enterprise, today)
    if problem is not None:
        raise PlacementBlockedError(placement_id, f"enterprise licence {problem}")
    recruiting = recruiting_problem(order, today)
    if recruiting is not None:
        raise PlacementBlockedError(placement_id, recruiting)
    if any(p.job_order_id == order.id and not p.is_final for p in worker_placements):
        raise ConflictError(
            "worker already has an open placement on this job order", job_order_id=order.id
        )
    reasons = worker_reasons(order, candidate, today)
    if not fits(reasons):
        unmet = [r.requirement for r in reasons if r.required and not r.met]
        raise ConflictError(
            f"worker does not meet the job order's requirements: {', '.join(unmet)}",
            unmet=unmet,
        )
    placement = Placement(
        id=placement_id,
        worker_id=candidate.worker_id,
        job_order_id=order.id,
        enterprise_id=order.enterprise_id,
        country=order.country,
        employer=order.employer,
        sector=order.sector,
        salary=order.salary,
        contract_term_months=order.contract_term_months,
        journey=candidate.journey,
        shortlisted_at=now,
        history=[PlacementStep(state=State.SHORTLISTED, at=now)],
    )
    return PlacementChange(
        placement, PlacementShortlisted(**_identity(placement), shortlisted_at=now)
    )


def select(
    placement: Placement,
    *,
    order: JobOrder,
    enterprise: Enterprise,
    worker_placements: Sequence[Placement] = (),
    candidate: Candidate | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the placement selected, holding one of the order's positions (+1)."""
    _ensure_may_go(placement, State.SELECTED)
    take_position(order)  # raises PositionsFilledError when every position is held
    _ensure_not_blocked(placement, enterprise, order, today, candidate)
    if any(p.id != placement.id and p.holds_position and not p.is_final for p in worker_placements):
        raise ConflictError("worker already holds a position on another job order")
    selected = _enter(placement, State.SELECTED, now, selected_at=now)
    return PlacementChange(
        selected, PlacementSelected(**_identity(selected), selected_at=now), positions_delta=1
    )


def sign_contract(
    placement: Placement,
    *,
    order: JobOrder,
    enterprise: Enterprise,
    signed_on: date,
    contract_start: date,
    contract_end: date | None = None,
    candidate: Candidate | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the placement with its contract; the end defaults to start plus the order's term."""
    _ensure_may_go(placement, State.CONTRACT_SIGNED)
    _ensure_not_blocked(placement, enterprise, order, today, candidate)
    if not EARLIEST_DAY <= contract_start <= LATEST_DAY:  # its end must be a date too
        raise_field_errors(
            [FieldError("contract_start", f"must be from {EARLIEST_DAY} to {LATEST_DAY}")]
        )
    end = contract_end or add_months(contract_start, placement.contract_term_months)
    errors = _not_in_future("signed_on", signed_on, today)
    if contract_start < signed_on:
        errors.append(FieldError("contract_start", "must not be before signed_on"))
    if end <= contract_start:
        errors.append(FieldError("contract_end", "must be after contract_start"))
    elif end > add_months(contract_start, MAX_CONTRACT_MONTHS):
        errors.append(
            FieldError("contract_end", f"must be within {MAX_CONTRACT_MONTHS} months of the start")
        )
    raise_field_errors(errors)
    signed = _enter(
        placement,
        State.CONTRACT_SIGNED,
        now,
        signed_on=signed_on,
        contract_start=contract_start,
        contract_end=end,
    )
    event = PlacementContractSigned(
        **_identity(signed),
        signed_on=signed_on,
        contract_start=contract_start,
        contract_end=end,
        recorded_at=now,
    )
    return PlacementChange(signed, event)


def apply_for_visa(
    placement: Placement,
    *,
    order: JobOrder,
    enterprise: Enterprise,
    applied_on: date,
    candidate: Candidate | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the placement with its visa application filed."""
    _ensure_may_go(placement, State.VISA_APPLIED)
    _ensure_not_blocked(placement, enterprise, order, today, candidate)
    errors = _not_in_future("applied_on", applied_on, today)
    errors += _not_before("applied_on", applied_on, "signed_on", placement.signed_on)
    raise_field_errors(errors)
    applied = _enter(placement, State.VISA_APPLIED, now, visa_applied_on=applied_on)
    return PlacementChange(
        applied, PlacementVisaApplied(**_identity(applied), applied_on=applied_on, recorded_at=now)
    )


def grant_visa(
    placement: Placement,
    *,
    order: JobOrder,
    enterprise: Enterprise,
    granted_on: date,
    candidate: Candidate | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the placement with its visa granted."""
    _ensure_may_go(placement, State.VISA_GRANTED)
    _ensure_not_blocked(placement, enterprise, order, today, candidate)
    errors = _not_in_future("granted_on", granted_on, today)
    errors += _not_before("granted_on", granted_on, "applied_on", placement.visa_applied_on)
    raise_field_errors(errors)
    granted = _enter(placement, State.VISA_GRANTED, now, visa_granted_on=granted_on)
    return PlacementChange(
        granted, PlacementVisaGranted(**_identity(granted), granted_on=granted_on, recorded_at=now)
    )


def depart(
    placement: Placement,
    *,
    order: JobOrder,
    enterprise: Enterprise,
    departed_at: datetime,
    candidate: Candidate | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the departed placement and ``worker.departed``, which opens aftercare's case."""
    _ensure_may_go(placement, State.DEPARTED)
    _ensure_not_blocked(placement, enterprise, order, today, candidate)
    errors = _not_in_future("departed_at", departed_at.date(), today)
    errors += _not_before(
        "departed_at", departed_at.date(), "granted_on", placement.visa_granted_on
    )
    assert placement.contract_start is not None
    assert placement.contract_end is not None
    if departed_at.date() >= placement.contract_end:
        errors.append(FieldError("departed_at", "must be before the contract ends"))
    raise_field_errors(errors)
    departed = _enter(placement, State.DEPARTED, now, departed_at=departed_at)
    event = WorkerDeparted(
        worker_id=departed.worker_id,
        placement_id=departed.id,
        country=departed.country,
        employer=departed.employer,
        sector=departed.sector,
        enterprise_id=departed.enterprise_id,
        job_order_id=departed.job_order_id,
        contract_start=placement.contract_start,
        contract_end=placement.contract_end,
        monthly_salary=departed.salary.amount,
        salary_currency=departed.salary.currency,
        monthly_salary_vnd=departed.salary.vnd_equivalent,
        departed_at=departed_at,
    )
    return PlacementChange(departed, event)


def cancel(placement: Placement, *, reason: str, now: datetime) -> PlacementChange:
    """Returns the placement cancelled for a reason; a held position is released (-1)."""
    _ensure_may_go(placement, State.CANCELLED)
    if not reason.strip():
        raise FieldError("reason", "must not be empty")
    cancelled = _enter(
        placement,
        State.CANCELLED,
        now,
        cancelled_at=now,
        cancelled_from=placement.state,
        cancel_reason=reason.strip(),
    )
    event = PlacementCancelled(
        **_identity(cancelled), from_state=placement.state, reason=reason.strip(), cancelled_at=now
    )
    return PlacementChange(cancelled, event, positions_delta=-1 if placement.holds_position else 0)


def _ensure_may_go(placement: Placement, target: PlacementState) -> None:
    if target not in TRANSITIONS[placement.state]:
        raise IllegalTransitionError("placement", placement.state.value, target.value)


def _ensure_not_blocked(
    placement: Placement,
    enterprise: Enterprise,
    order: JobOrder,
    today: date,
    candidate: Candidate | None,
) -> None:
    reason = blocked_reason(
        placement, enterprise=enterprise, order=order, today=today, candidate=candidate
    )
    if reason is not None:
        raise PlacementBlockedError(placement.id, reason)


def _enter(
    placement: Placement, state: PlacementState, now: datetime, **facts: object
) -> Placement:
    step = PlacementStep(state=state, at=now)
    return placement.model_copy(
        update={"state": state, "history": [*placement.history, step], **facts}
    )


class _Identity(TypedDict):
    worker_id: str
    placement_id: str
    job_order_id: str
    enterprise_id: str
    country: Market


def _identity(placement: Placement) -> _Identity:
    return {
        "worker_id": placement.worker_id,
        "placement_id": placement.id,
        "job_order_id": placement.job_order_id,
        "enterprise_id": placement.enterprise_id,
        "country": placement.country,
    }


def _not_in_future(field: str, day: date, today: date) -> list[FieldError]:
    return [FieldError(field, "must not be in the future")] if day > today else []


def _not_before(
    field: str, day: date, earlier_field: str, earlier: date | None
) -> list[FieldError]:
    if earlier is not None and day < earlier:
        return [FieldError(field, f"must not be before {earlier_field} ({earlier})")]
    return []
