"""Preferential loans: who may apply, the amount rules, and the status machine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.eligibility import assess_eligibility
from services.intake.domain.loans import (
    COLLATERAL_THRESHOLD_VND,
    LOAN_TRANSITIONS,
    ApplyForLoan,
    ChangeLoan,
    IneligibleForLoanError,
    Loan,
    LoanStatus,
    LoanTransition,
    apply_for_loan,
    change_loan,
)
from services.intake.domain.worker import IllegalTransitionError, Worker, WorkerStatus
from shared.contracts.intake import (
    LoanApproved,
    LoanDisbursed,
    LoanRejected,
    LoanRepaid,
    LoanRepaymentStarted,
    LoanRequested,
)
from shared.errors import ConflictError, FieldError, InvalidFieldsError
from tests.intake.samples import HOAN_KIEM, NOW, TODAY, registered

BANK = "vbsp-quangngai-sonha"
LAND = {
    "kind": "land_use_rights",
    "description": "red book, 300 m² residential land",
    "value_vnd": 250_000_000,
}


def application(**overrides: object) -> ApplyForLoan:
    fields: dict[str, object] = {
        "amount_vnd": 90_000_000,
        "purpose": "service fee, deposit and flight to Japan",
        "cost_of_going_vnd": 110_000_000,
        "market": "JP",
        "requested_by": "cb-quangngai-sonlinh-01",
    }
    fields.update(overrides)
    return ApplyForLoan.model_validate(fields)


def apply(
    worker: Worker | None = None,
    command: ApplyForLoan | None = None,
    existing: list[Loan] | None = None,
) -> Loan:
    worker = worker or registered()
    loan, _ = apply_for_loan(
        worker,
        assess_eligibility(worker, TODAY),
        command or application(),
        existing or [],
        loan_id="l-1",
        now=NOW,
    )
    return loan


def test_an_eligible_worker_applies() -> None:
    worker = registered()
    loan, [event] = apply_for_loan(
        worker, assess_eligibility(worker, TODAY), application(), [], loan_id="l-1", now=NOW
    )
    assert loan.status is LoanStatus.REQUESTED
    assert loan.amount_vnd == 90_000_000
    assert [(h.status, h.by) for h in loan.history] == [
        (LoanStatus.REQUESTED, "cb-quangngai-sonlinh-01")
    ]
    assert isinstance(event, LoanRequested)
    assert (event.loan_id, event.worker_id, event.amount_vnd) == ("l-1", "w-linh", 90_000_000)
    assert event.collateral_recorded is False


def test_the_whole_cost_may_be_borrowed() -> None:
    assert (
        apply(command=application(amount_vnd=100_000_000, cost_of_going_vnd=100_000_000)).amount_vnd
        == 100_000_000
    )


def test_amount_above_the_cost_of_going_names_the_field() -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        apply(command=application(amount_vnd=120_000_000, collateral=LAND))
    assert [(e.field, e.reason) for e in refused.value.errors] == [
        ("amount_vnd", "exceeds the cost of going abroad")
    ]


def test_collateral_is_required_above_100_million() -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        apply(command=application(amount_vnd=100_000_001))
    assert [e.field for e in refused.value.errors] == ["collateral"]
    loan = apply(command=application(amount_vnd=100_000_001, collateral=LAND))
    assert loan.collateral is not None
    assert loan.collateral.value_vnd == 250_000_000


def test_collateral_may_be_recorded_below_the_threshold() -> None:
    assert apply(command=application(collateral=LAND)).collateral is not None


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"amount_vnd": 0}, ["amount_vnd"]),
        ({"amount_vnd": -5}, ["amount_vnd"]),
        ({"cost_of_going_vnd": 0}, ["cost_of_going_vnd"]),
    ],
)
def test_amounts_must_be_positive(overrides: dict[str, object], fields: list[str]) -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        apply(command=application(**overrides))
    assert [e.field for e in refused.value.errors] == fields


def test_an_ineligible_household_is_a_conflict_naming_the_rule() -> None:
    worker = registered(
        ethnicity="Kinh", ethnic_minority=False, household_status="other", locality=HOAN_KIEM
    )
    with pytest.raises(IneligibleForLoanError) as refused:
        apply(worker)
    assert refused.value.details["rule"] == "preferential_loan"
    assert "near-poor" in refused.value.details["rule_reason"]


def test_bad_figures_are_reported_before_eligibility() -> None:
    worker = registered(
        ethnicity="Kinh", ethnic_minority=False, household_status="other", locality=HOAN_KIEM
    )
    with pytest.raises(InvalidFieldsError):
        apply(worker, application(amount_vnd=200_000_000))


def test_a_withdrawn_case_cannot_apply() -> None:
    withdrawn = registered().model_copy(update={"status": WorkerStatus.WITHDRAWN})
    with pytest.raises(ConflictError, match="withdrawn"):
        apply(withdrawn)


def test_one_loan_in_progress_at_a_time() -> None:
    first = apply()
    with pytest.raises(ConflictError) as refused:
        apply(existing=[first])
    assert refused.value.details == {"loan_id": "l-1"}
    rejected, _ = change_loan(
        first, LoanTransition.REJECT, ChangeLoan(changed_by=BANK, reason="incomplete file"), now=NOW
    )
    assert apply(existing=[rejected]).status is LoanStatus.REQUESTED


def test_the_happy_path_emits_an_event_per_step() -> None:
    loan = apply()
    kinds = []
    for step, transition in enumerate(
        [
            LoanTransition.APPROVE,
            LoanTransition.DISBURSE,
            LoanTransition.START_REPAYING,
            LoanTransition.MARK_REPAID,
        ],
        start=1,
    ):
        loan, [event] = change_loan(
            loan, transition, ChangeLoan(changed_by=BANK), now=NOW + timedelta(days=step)
        )
        kinds.append(type(event))
        assert event.status is loan.status
        assert event.changed_at == NOW + timedelta(days=step)
    assert kinds == [LoanApproved, LoanDisbursed, LoanRepaymentStarted, LoanRepaid]
    assert loan.status is LoanStatus.REPAID
    assert not loan.is_open
    assert [h.status for h in loan.history] == [
        LoanStatus.REQUESTED,
        LoanStatus.APPROVED,
        LoanStatus.DISBURSED,
        LoanStatus.REPAYING,
        LoanStatus.REPAID,
    ]


def test_rejection_needs_and_keeps_its_reason() -> None:
    with pytest.raises(FieldError) as refused:
        change_loan(apply(), LoanTransition.REJECT, ChangeLoan(changed_by=BANK), now=NOW)
    assert refused.value.field == "reason"
    rejected, [event] = change_loan(
        apply(),
        LoanTransition.REJECT,
        ChangeLoan(changed_by=BANK, reason="household certificate expired"),
        now=NOW,
    )
    assert rejected.status is LoanStatus.REJECTED
    assert rejected.rejection_reason == "household certificate expired"
    assert isinstance(event, LoanRejected)
    assert event.reason == "household certificate expired"


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], LoanTransition.DISBURSE),
        ([], LoanTransition.MARK_REPAID),
        ([LoanTransition.APPROVE], LoanTransition.APPROVE),
        ([LoanTransition.APPROVE], LoanTransition.REJECT),
        ([LoanTransition.APPROVE, LoanTransition.DISBURSE], LoanTransition.MARK_REPAID),
    ],
)
def test_illegal_transitions_are_conflicts(
    path: list[LoanTransition], refused: LoanTransition
) -> None:
    loan = apply()
    for transition in path:
        loan, _ = change_loan(loan, transition, ChangeLoan(changed_by=BANK), now=NOW)
    with pytest.raises(IllegalTransitionError) as conflict:
        change_loan(loan, refused, ChangeLoan(changed_by=BANK, reason="r"), now=NOW)
    assert conflict.value.details == {
        "state": loan.status.value,
        "transition": refused.value,
        "what": "loan",
    }


def test_threshold_is_100_million() -> None:
    assert COLLATERAL_THRESHOLD_VND == 100_000_000


@given(st.lists(st.sampled_from(list(LoanTransition)), max_size=10))
def test_any_sequence_follows_the_table(transitions: list[LoanTransition]) -> None:
    loan = apply()
    status = LoanStatus.REQUESTED
    for transition in transitions:
        expected = LOAN_TRANSITIONS.get((status, transition))
        try:
            loan, events = change_loan(
                loan, transition, ChangeLoan(changed_by=BANK, reason="r"), now=NOW
            )
        except IllegalTransitionError:
            assert expected is None
            continue
        assert expected is not None
        status = expected
        assert loan.status is status
        assert len(events) == 1
    assert len(loan.history) == 1 + sum(
        1 for h in loan.history[1:] if h.status is not LoanStatus.REQUESTED
    )
    assert loan.is_open is (status not in (LoanStatus.REJECTED, LoanStatus.REPAID))


@given(st.integers(1, 400_000_000), st.integers(1, 400_000_000), st.booleans())
def test_amount_rules(amount: int, cost: int, collateral: bool) -> None:
    command = application(
        amount_vnd=amount, cost_of_going_vnd=cost, collateral=LAND if collateral else None
    )
    try:
        loan = apply(command=command)
    except InvalidFieldsError as refused:
        fields = {e.field for e in refused.errors}
        expected = set()
        if amount > cost:
            expected.add("amount_vnd")
        if amount > COLLATERAL_THRESHOLD_VND and not collateral:
            expected.add("collateral")
        assert fields == expected
    else:
        assert loan.amount_vnd <= loan.cost_of_going_vnd
        assert loan.amount_vnd <= COLLATERAL_THRESHOLD_VND or loan.collateral is not None
