"""Job orders: their terms are validated field by field, and only a licensed sender posts one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.deployment.domain import (
    JobOrderTerms,
    LicenceNotValidError,
    PositionsFilledError,
    close_job_order,
    post_job_order,
    recruiting_problem,
    release_position,
    suspend_licence,
    take_position,
)
from services.deployment.domain.errors import (
    FieldError,
    IllegalTransitionError,
    InvalidFieldsError,
)
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import JobOrderCloseReason, JobOrderStatus
from tests.deployment.builders import NOW, TODAY, enterprise, job_order, terms


def failing_fields(**overrides: Any) -> set[tuple[str | int, ...]]:
    """Returns the locations pydantic names for a job order with these fields."""
    with pytest.raises(ValidationError) as error:
        JobOrderTerms(**terms(**overrides))
    return {e["loc"] for e in error.value.errors()}


def test_valid_terms_are_read_into_typed_fields() -> None:
    order = JobOrderTerms(**terms(requirements={"language_level": "jlpt n4"}))
    assert order.country is Market.JAPAN
    assert order.sector is Sector.ELECTRONICS
    assert order.salary.vnd_equivalent == 30_600_000
    assert order.requirements.language_level == "JLPT-N4"  # stored in its canonical code


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"positions": 0}, ("positions",)),
        ({"contract_term_months": 0}, ("contract_term_months",)),
        ({"contract_term_months": 73}, ("contract_term_months",)),
        ({"country": "FR"}, ("country",)),
        ({"sector": "mining"}, ("sector",)),
        ({"employer": ""}, ("employer",)),
        ({"deadline": "31/03/2026"}, ("deadline",)),
        ({"salary": {"amount": 0, "currency": "JPY", "vnd_equivalent": 1}}, ("salary", "amount")),
        (
            {"salary": {"amount": 1500, "currency": "usd", "vnd_equivalent": 38_000_000}},
            ("salary", "currency"),
        ),
        (
            {"salary": {"amount": 1500, "currency": "USD", "vnd_equivalent": 0}},
            ("salary", "vnd_equivalent"),
        ),
        (
            {"salary": {"amount": 9_000_000, "currency": "VND", "vnd_equivalent": 8_000_000}},
            ("salary", "vnd_equivalent"),
        ),
        ({"requirements": {"gender": "other"}}, ("requirements", "gender")),
        ({"requirements": {"min_age": 17}}, ("requirements", "min_age")),
        ({"requirements": {"max_age": 70}}, ("requirements", "max_age")),
        ({"requirements": {"min_age": 30, "max_age": 25}}, ("requirements", "max_age")),
        ({"requirements": {"language_level": "fluent"}}, ("requirements", "language_level")),
        ({"requirements": {"certificates": ["welding", " "]}}, ("requirements", "certificates")),
        ({"requirements": {"height_cm": 160}}, ("requirements", "height_cm")),
    ],
)
def test_a_bad_field_is_named(overrides: dict[str, Any], field: tuple[str, ...]) -> None:
    assert failing_fields(**overrides) == {field}


@given(st.integers(-1000, 1000))
def test_the_contract_term_is_accepted_exactly_from_1_to_72_months(months: int) -> None:
    if 1 <= months <= 72:
        assert JobOrderTerms(**terms(contract_term_months=months)).contract_term_months == months
    else:
        assert failing_fields(contract_term_months=months) == {("contract_term_months",)}


def test_certificate_kinds_are_compared_in_one_form() -> None:
    order = JobOrderTerms(
        **terms(requirements={"certificates": ["Welding", "welding", "Forklift Operator"]})
    )
    assert order.requirements.certificates == ["forklift_operator", "welding"]


def test_posting_opens_the_order_and_announces_it() -> None:
    sender = enterprise()
    order, event = post_job_order(
        "jo-9", JobOrderTerms(**terms(requirements={"min_age": 18})), sender, TODAY, NOW
    )
    assert order.status is JobOrderStatus.OPEN
    assert (order.filled, order.positions_left) == (0, 3)
    assert event.job_order_id == "jo-9"
    assert event.country is Market.JAPAN
    assert event.salary.monthly_salary_vnd == 30_600_000
    assert event.salary.salary_currency == "JPY"
    assert event.requirements.min_age == 18
    assert event.posted_at == NOW


def test_a_deadline_in_the_past_and_a_foreign_enterprise_id_are_named_together() -> None:
    with pytest.raises(InvalidFieldsError) as error:
        post_job_order(
            "jo-9",
            JobOrderTerms(**terms(deadline="2025-12-01", enterprise_id="someone-else")),
            enterprise(),
            TODAY,
            NOW,
        )
    assert [e.field for e in error.value.errors] == ["enterprise_id", "deadline"]


def test_a_deadline_today_is_accepted_and_yesterday_is_not() -> None:
    assert job_order(deadline=TODAY.isoformat()).deadline == TODAY
    with pytest.raises(FieldError) as error:
        job_order(deadline=(TODAY - timedelta(days=1)).isoformat())
    assert error.value.field == "deadline"


def test_a_suspended_sender_may_not_post() -> None:
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    with pytest.raises(LicenceNotValidError) as error:
        post_job_order("jo-9", JobOrderTerms(**terms()), suspended, TODAY, NOW)
    assert "suspended since 2025-12-02: inspection" in error.value.reason
    assert error.value.details["enterprise_id"] == "ent-1"


def test_an_expired_licence_may_not_post() -> None:
    with pytest.raises(LicenceNotValidError, match="expired on 2025-06-30"):
        job_order(sender=enterprise(valid_until=date(2025, 6, 30)))


def test_positions_are_taken_until_none_is_left_and_released_on_cancellation() -> None:
    order = job_order(positions=2)
    order = take_position(take_position(order))
    assert (order.filled, order.positions_left) == (2, 0)
    with pytest.raises(PositionsFilledError) as error:
        take_position(order)
    assert error.value.details == {"job_order_id": "jo-1", "positions": 2}
    assert release_position(order).positions_left == 1
    assert release_position(job_order()).filled == 0  # never below zero


def test_a_closed_or_expired_order_takes_no_new_workers() -> None:
    order = job_order(deadline="2026-03-31")
    assert recruiting_problem(order, date(2026, 3, 31)) is None
    assert recruiting_problem(order, date(2026, 4, 1)) == "job order deadline 2026-03-31 has passed"
    closed, event = close_job_order(order, JobOrderCloseReason.WITHDRAWN, NOW)
    assert closed.status is JobOrderStatus.CLOSED
    assert recruiting_problem(closed, TODAY) == "job order closed (withdrawn)"
    assert (event.reason, event.positions, event.filled) == (JobOrderCloseReason.WITHDRAWN, 3, 0)
    with pytest.raises(IllegalTransitionError, match="job order cannot go from closed to closed"):
        close_job_order(closed, JobOrderCloseReason.FILLED, NOW)
