"""Preferential loans for going abroad from the Social Policy Bank (Decrees 61/2015, 74/2019).

Only workers the ``preferential_loan`` rule finds eligible may apply; the amount is at most the
cost of going; collateral is recorded, and required above 100,000,000 VND. Status moves
requested -> approved | rejected (with reason) -> disbursed -> repaying -> repaid; anything
else is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.eligibility import Eligibility, Rule
from services.intake.domain.problems import Problem, raise_problems
from services.intake.domain.worker import IllegalTransitionError, Worker, WorkerStatus
from shared.actor import Actor
from shared.contracts.common import Market
from shared.contracts.intake import (
    LoanApproved,
    LoanDisbursed,
    LoanEvent,
    LoanRejected,
    LoanRepaid,
    LoanRepaymentStarted,
    LoanRequested,
    LoanStatus,
)
from shared.errors import ConflictError, FieldError
from shared.numbers import MAX_VND

__all__ = ["LoanStatus"]

COLLATERAL_THRESHOLD_VND = 100_000_000
OPEN_STATUSES = frozenset(
    {LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.DISBURSED, LoanStatus.REPAYING}
)


class LoanTransition(StrEnum):
    """What can happen to a loan."""

    APPROVE = "approve"
    REJECT = "reject"
    DISBURSE = "disburse"
    START_REPAYING = "start_repaying"
    MARK_REPAID = "mark_repaid"


LOAN_TRANSITIONS: Mapping[tuple[LoanStatus, LoanTransition], LoanStatus] = {
    (LoanStatus.REQUESTED, LoanTransition.APPROVE): LoanStatus.APPROVED,
    (LoanStatus.REQUESTED, LoanTransition.REJECT): LoanStatus.REJECTED,
    (LoanStatus.APPROVED, LoanTransition.DISBURSE): LoanStatus.DISBURSED,
    (LoanStatus.DISBURSED, LoanTransition.START_REPAYING): LoanStatus.REPAYING,
    (LoanStatus.REPAYING, LoanTransition.MARK_REPAID): LoanStatus.REPAID,
}
_EVENTS: Mapping[LoanStatus, type[LoanEvent]] = {
    LoanStatus.APPROVED: LoanApproved,
    LoanStatus.DISBURSED: LoanDisbursed,
    LoanStatus.REPAYING: LoanRepaymentStarted,
    LoanStatus.REPAID: LoanRepaid,
}


class CollateralKind(StrEnum):
    """What secures a loan."""

    LAND_USE_RIGHTS = "land_use_rights"
    HOUSE = "house"
    SAVINGS = "savings"
    VEHICLE = "vehicle"
    OTHER = "other"


class Collateral(BaseModel):
    """What the borrower pledged."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: CollateralKind
    description: str = Field(min_length=1, max_length=300)
    value_vnd: int = Field(gt=0, le=MAX_VND)


class ApplyForLoan(BaseModel):
    """A worker's application for a preferential loan."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.APPLY_FOR_LOAN),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    amount_vnd: int = Field(ge=-MAX_VND, le=MAX_VND, description="Amount asked for, in VND")
    purpose: str = Field(min_length=1, max_length=300, examples=["fees and deposit for Japan"])
    cost_of_going_vnd: int = Field(
        ge=-MAX_VND, le=MAX_VND, description="The whole cost of going abroad, in VND"
    )
    market: Market | None = None
    collateral: Collateral | None = None
    requested_by: Actor


class ChangeLoan(BaseModel):
    """Who moves a loan on, and why (a rejection needs a reason)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.CHANGE_LOAN),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    changed_by: Actor
    reason: str | None = Field(default=None, max_length=500)


class LoanStatusChange(BaseModel):
    """One step of a loan's history."""

    model_config = ConfigDict(frozen=True)

    status: LoanStatus
    by: str
    at: datetime
    reason: str | None = None


class Loan(BaseModel):
    """A preferential loan application and where it stands."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.LOAN), frozen=True, extra="ignore")

    loan_id: str
    worker_id: str
    amount_vnd: int
    purpose: str
    cost_of_going_vnd: int
    market: Market | None = None
    collateral: Collateral | None = None
    status: LoanStatus = LoanStatus.REQUESTED
    rejection_reason: str | None = None
    requested_at: datetime
    history: list[LoanStatusChange]

    @property
    def is_open(self) -> bool:
        """Whether the loan is still in progress (neither rejected nor repaid)."""
        return self.status in OPEN_STATUSES


def application_problems(command: ApplyForLoan) -> list[Problem]:
    """Returns every rule the application's figures break."""
    problems = []
    if command.amount_vnd <= 0:
        problems.append(Problem("amount_vnd", "must be more than 0"))
    if command.cost_of_going_vnd <= 0:
        problems.append(Problem("cost_of_going_vnd", "must be more than 0"))
    elif command.amount_vnd > command.cost_of_going_vnd:
        problems.append(Problem("amount_vnd", "exceeds the cost of going abroad"))
    if command.amount_vnd > COLLATERAL_THRESHOLD_VND and command.collateral is None:
        problems.append(Problem("collateral", "is required for loans above 100,000,000 VND"))
    return problems


class IneligibleForLoanError(ConflictError):
    """The worker's household does not qualify for a preferential loan: HTTP 409."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "the worker is not eligible for a preferential loan",
            rule=Rule.PREFERENTIAL_LOAN.value,
            rule_reason=reason,
        )


def apply_for_loan(
    worker: Worker,
    eligibility: Eligibility,
    command: ApplyForLoan,
    existing: Iterable[Loan],
    *,
    loan_id: str,
    now: datetime,
) -> tuple[Loan, list[LoanRequested]]:
    """Returns the requested loan and its event.

    422 for bad figures, then 409 if the case is not open, the worker is not eligible or
    already has a loan in progress.
    """
    raise_problems(application_problems(command))
    worker.refuse_if_merged()
    if worker.status is not WorkerStatus.REGISTERED:
        raise ConflictError("the worker's case is withdrawn", state=worker.status.value)
    rule = eligibility.result(Rule.PREFERENTIAL_LOAN)
    if not rule.met:
        raise IneligibleForLoanError(rule.reason)
    in_progress = next((loan for loan in existing if loan.is_open), None)
    if in_progress is not None:
        raise ConflictError(
            "the worker already has a loan in progress", loan_id=in_progress.loan_id
        )
    loan = Loan(
        loan_id=loan_id,
        worker_id=worker.worker_id,
        amount_vnd=command.amount_vnd,
        purpose=command.purpose,
        cost_of_going_vnd=command.cost_of_going_vnd,
        market=command.market,
        collateral=command.collateral,
        requested_at=now,
        history=[LoanStatusChange(status=LoanStatus.REQUESTED, by=command.requested_by, at=now)],
    )
    event = LoanRequested(
        worker_id=worker.worker_id,
        loan_id=loan_id,
        amount_vnd=loan.amount_vnd,
        status=loan.status,
        changed_at=now,
        cost_of_going_vnd=loan.cost_of_going_vnd,
        collateral_recorded=loan.collateral is not None,
    )
    return loan, [event]


def next_loan_status(status: LoanStatus, transition: LoanTransition) -> LoanStatus:
    """Returns the status after a transition, or raises IllegalTransitionError (409)."""
    try:
        return LOAN_TRANSITIONS[(status, transition)]
    except KeyError:
        raise IllegalTransitionError("loan", status, transition) from None


def change_loan(
    loan: Loan, transition: LoanTransition, command: ChangeLoan, *, now: datetime
) -> tuple[Loan, list[LoanEvent]]:
    """Returns the loan after the transition and its event."""
    status = next_loan_status(loan.status, transition)
    if status is LoanStatus.REJECTED and not command.reason:
        raise FieldError("reason", "is required to reject a loan")
    step = LoanStatusChange(status=status, by=command.changed_by, at=now, reason=command.reason)
    changed = loan.model_copy(
        update={
            "status": status,
            "rejection_reason": command.reason if status is LoanStatus.REJECTED else None,
            "history": [*loan.history, step],
        }
    )
    common = {
        "worker_id": loan.worker_id,
        "loan_id": loan.loan_id,
        "amount_vnd": loan.amount_vnd,
        "status": status,
        "changed_at": now,
    }
    event: LoanEvent
    if status is LoanStatus.REJECTED:
        event = LoanRejected(**common, reason=command.reason or "")
    else:
        event = _EVENTS[status](**common)
    return changed, [event]
