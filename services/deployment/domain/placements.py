"""A worker's placement on a job order: shortlisted to departed, or cancelled on the way."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from pydantic import BaseModel, ConfigDict, Field

from services.deployment import examples as ex
from services.deployment.domain.candidates import Candidate
from services.deployment.domain.enterprises import Enterprise, licence_problem
from services.deployment.domain.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    LicenceNotValidError,
    PlacementBlockedError,
    raise_field_errors,
)
from services.deployment.domain.job_orders import (
    MAX_CONTRACT_MONTHS,
    JobOrder,
    Salary,
    recruiting_problem,
    salary_terms,
    take_position,
)
from services.deployment.domain.matching import fits, worker_reasons
from shared.contracts.common import ConsentPurpose, Market, Sector
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
    PlacementVisaRefused,
    WorkerDeparted,
    WorkerEmployerChanged,
)
from shared.dates import EARLIEST_DAY, LATEST_DAY, CalendarDay
from shared.events.catalogue import EventPayload

State = PlacementState
TRANSITIONS: dict[PlacementState, frozenset[PlacementState]] = {
    State.SHORTLISTED: frozenset({State.SELECTED, State.CANCELLED}),
    State.SELECTED: frozenset({State.CONTRACT_SIGNED, State.CANCELLED}),
    State.CONTRACT_SIGNED: frozenset({State.VISA_APPLIED, State.CANCELLED}),
    State.VISA_APPLIED: frozenset({State.VISA_GRANTED, State.VISA_REFUSED, State.CANCELLED}),
    State.VISA_GRANTED: frozenset({State.DEPARTED, State.CANCELLED}),
    State.DEPARTED: frozenset(),
    State.CANCELLED: frozenset(),
    State.VISA_REFUSED: frozenset(),
}
"""Where each state may go; departed, cancelled and visa_refused are final."""

FINAL_STATES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
HOLDING_STATES = frozenset(
    {State.SELECTED, State.CONTRACT_SIGNED, State.VISA_APPLIED, State.VISA_GRANTED, State.DEPARTED}
)
"""States in which the placement holds one of the job order's positions."""
ENDED_BEFORE_DEPARTURE = frozenset({State.CANCELLED, State.VISA_REFUSED})
"""Final states that give the position back: the job order may fill it again."""


class PlacementStep(BaseModel):
    """One state the placement entered, and when it was recorded."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    state: PlacementState
    at: datetime
    by: str | None = Field(default=None, description="Who recorded it: the token's subject")


class EmployerChange(BaseModel):
    """A departed worker's move to another employer abroad, and who recorded it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    previous_employer: str
    employer: str
    sector: Sector
    salary: Salary
    changed_on: date
    previous_end: date
    contract_end: date
    reason: str
    at: datetime
    by: str | None = None


class NewEmployer(BaseModel):
    """The employer a worker abroad moved to, and the terms of the new contract."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.NEW_EMPLOYER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    employer: str = Field(min_length=2, max_length=200, examples=["Gifu Seimitsu K.K."])
    sector: Sector
    salary: Salary
    changed_on: CalendarDay = Field(description="The first day with the new employer")
    contract_end: CalendarDay = Field(description="The end of the new contract")
    reason: str = Field(min_length=3, max_length=500, examples=["factory closed"])


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
    visa_refused_on: date | None = None
    visa_refusal_reason: str | None = None
    employer_changes: list[EmployerChange] = []
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
    new_step: bool = True
    """Whether the change added a step to the history (the step ``attributed`` signs)."""


def attributed(change: PlacementChange, by: str | None) -> PlacementChange:
    """The change with the step it adds to the placement's history signed by ``by``."""
    placement = change.placement
    if by is None or not placement.history or not change.new_step:
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
    if candidate is not None and candidate.died_on is not None:
        return f"worker died abroad on {candidate.died_on}"
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
    candidate.consent.require(ConsentPurpose.PLACEMENT)
    reasons = worker_reasons(order, candidate, today)
    if not fits(reasons):
        unmet = [r.requirement for r in reasons if r.required and not r.met]
        raise ConflictError(
            "worker does not meet the job order's requirements: {requirements}",
            unmet=unmet,
            requirements=", ".join(unmet),
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
    if candidate is not None:
        candidate.consent.require(ConsentPurpose.PLACEMENT)
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
            [
                FieldError(
                    "contract_start",
                    "must be from {earliest} to {latest}",
                    earliest=str(EARLIEST_DAY),
                    latest=str(LATEST_DAY),
                )
            ]
        )
    end = contract_end or add_months(contract_start, placement.contract_term_months)
    errors = _not_in_future("signed_on", signed_on, today)
    if contract_start < signed_on:
        errors.append(FieldError("contract_start", "must not be before signed_on"))
    if end <= contract_start:
        errors.append(FieldError("contract_end", "must be after contract_start"))
    elif end > add_months(contract_start, MAX_CONTRACT_MONTHS):
        errors.append(
            FieldError(
                "contract_end",
                "must be within {months} months of the start",
                months=MAX_CONTRACT_MONTHS,
            )
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
        journey=departed.journey,
    )
    return PlacementChange(departed, event)


def refuse_visa(
    placement: Placement, *, refused_on: date, reason: str, today: date, now: datetime
) -> PlacementChange:
    """Returns the placement ended by a visa refusal; its held position is released (-1).

    Only a filed application can be refused: after departure the worker already holds the
    visa, so a refusal then is a conflict that says so.
    """
    if placement.state is State.DEPARTED:
        raise ConflictError(
            "placement cannot go from departed to visa_refused: the worker already left "
            "on a granted visa",
            from_state=placement.state.value,
            to_state=State.VISA_REFUSED.value,
        )
    _ensure_may_go(placement, State.VISA_REFUSED)
    errors = _not_in_future("refused_on", refused_on, today)
    errors += _not_before("refused_on", refused_on, "applied_on", placement.visa_applied_on)
    if not reason.strip():
        errors.append(FieldError("reason", "must not be empty"))
    raise_field_errors(errors)
    assert placement.visa_applied_on is not None
    refused = _enter(
        placement,
        State.VISA_REFUSED,
        now,
        visa_refused_on=refused_on,
        visa_refusal_reason=reason.strip(),
    )
    event = PlacementVisaRefused(
        **_identity(refused),
        applied_on=placement.visa_applied_on,
        refused_on=refused_on,
        reason=reason.strip(),
        recorded_at=now,
    )
    return PlacementChange(refused, event, positions_delta=-1 if placement.holds_position else 0)


def change_employer(
    placement: Placement,
    *,
    terms: NewEmployer,
    enterprise: Enterprise,
    candidate: Candidate | None = None,
    by: str | None = None,
    today: date,
    now: datetime,
) -> PlacementChange:
    """Returns the departed placement under its new employer and contract, and
    ``worker.employer-changed``. The sender's licence must be valid today, as for any placement
    step; the new contract follows the job order rules (at most 72 months from the start)."""
    if placement.state is not State.DEPARTED:
        raise ConflictError(
            "only a worker who departed can change employer abroad", state=placement.state.value
        )
    assert placement.departed_at is not None
    assert placement.contract_start is not None
    assert placement.contract_end is not None
    if candidate is not None and candidate.died_on is not None:
        raise ConflictError("the worker died abroad")
    departed_on = placement.departed_at.date()
    home = candidate.last_returned_on if candidate is not None else None
    if home is not None and home >= departed_on:
        raise ConflictError("the worker came home on {home}", home=str(home))
    problem = licence_problem(enterprise, today)
    if problem is not None:
        raise LicenceNotValidError(enterprise.id, problem)
    contract = candidate.contracts.get(placement.id) if candidate is not None else None
    previous_end = (
        contract.contract_end
        if contract is not None and contract.departed and contract.contract_end
        else placement.contract_end
    )
    errors = _not_in_future("changed_on", terms.changed_on, today)
    errors += _not_before("changed_on", terms.changed_on, "departed_at", departed_on)
    if terms.employer.casefold() == placement.employer.casefold():
        errors.append(FieldError("employer", "is the worker's current employer"))
    if terms.contract_end <= terms.changed_on:
        errors.append(FieldError("contract_end", "must be after changed_on"))
    elif terms.contract_end > add_months(placement.contract_start, MAX_CONTRACT_MONTHS):
        errors.append(
            FieldError(
                "contract_end",
                "must be within {months} months of the first contract's start",
                months=MAX_CONTRACT_MONTHS,
            )
        )
    raise_field_errors(errors)
    record = EmployerChange(
        previous_employer=placement.employer,
        employer=terms.employer,
        sector=terms.sector,
        salary=terms.salary,
        changed_on=terms.changed_on,
        previous_end=previous_end,
        contract_end=terms.contract_end,
        reason=terms.reason,
        at=now,
        by=by,
    )
    changed = placement.model_copy(
        update={
            "employer": terms.employer,
            "sector": terms.sector,
            "salary": terms.salary,
            "contract_end": terms.contract_end,
            "employer_changes": [*placement.employer_changes, record],
        }
    )
    event = WorkerEmployerChanged(
        **_identity(changed),
        previous_employer=placement.employer,
        employer=terms.employer,
        sector=terms.sector,
        salary=salary_terms(terms.salary),
        changed_on=terms.changed_on,
        previous_end=previous_end,
        contract_end=terms.contract_end,
        reason=terms.reason,
        recorded_at=now,
    )
    return PlacementChange(changed, event, new_step=False)


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
        return [
            FieldError(
                field,
                "must not be before {earlier_field} ({earlier})",
                earlier_field=earlier_field,
                earlier=str(earlier),
            )
        ]
    return []
