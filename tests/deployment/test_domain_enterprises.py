"""Senders and their licences: only an active, unexpired licence posts orders or sends workers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.deployment.domain import (
    Enterprise,
    IllegalTransitionError,
    LicenceTerms,
    licence_problem,
    may_post_orders,
    may_send_workers,
    register_enterprise,
    reinstate_licence,
    renew_licence,
    revoke_licence,
    suspend_licence,
)
from shared.contracts.deployment import LicenceChange, LicenceStatus, SenderKind
from tests.deployment.builders import NOW, TODAY, enterprise, licence_terms


def test_registering_a_sender_grants_its_licence_and_says_so() -> None:
    sender, event = register_enterprise(
        "eps", "EPS (Centre of Overseas Labour)", SenderKind.STATE_PROGRAMME, licence_terms(), NOW
    )
    assert sender.licence.status is LicenceStatus.ACTIVE
    assert sender.kind is SenderKind.STATE_PROGRAMME
    assert [r.change for r in sender.history] == [LicenceChange.GRANTED]
    assert event.change is LicenceChange.GRANTED
    assert event.enterprise_id == "eps"
    assert event.licence_number == "123/LĐTBXH-GP"
    assert event.valid_until == date(2028, 1, 1)
    assert event.changed_at == NOW


def test_an_active_unexpired_licence_may_post_orders_and_send_workers() -> None:
    sender = enterprise()
    assert licence_problem(sender, TODAY) is None
    assert may_post_orders(sender, TODAY)
    assert may_send_workers(sender, TODAY)


@pytest.mark.parametrize(
    ("today", "problem"),
    [
        (date(2022, 12, 31), "not valid until 2023-01-01"),
        (date(2028, 1, 2), "expired on 2028-01-01"),
    ],
)
def test_outside_its_validity_dates_a_licence_allows_nothing(today: date, problem: str) -> None:
    sender = enterprise()
    assert problem in (licence_problem(sender, today) or "")
    assert not may_post_orders(sender, today)
    assert not may_send_workers(sender, today)


def test_the_first_and_last_valid_days_are_inside_the_validity() -> None:
    sender = enterprise()
    assert may_send_workers(sender, date(2023, 1, 1))
    assert may_send_workers(sender, date(2028, 1, 1))


def test_a_suspension_stops_everything_and_names_its_reason_and_date() -> None:
    sender, event = suspend_licence(enterprise(), "unpaid deposit", TODAY, NOW)
    assert sender.licence.status is LicenceStatus.SUSPENDED
    assert not may_post_orders(sender, TODAY)
    assert not may_send_workers(sender, TODAY)
    assert licence_problem(sender, TODAY) == (
        "123/LĐTBXH-GP suspended since 2025-12-02: unpaid deposit"
    )
    assert event.change is LicenceChange.SUSPENDED
    assert event.status is LicenceStatus.SUSPENDED
    assert event.reason == "unpaid deposit"


def test_a_reinstated_licence_allows_sending_again() -> None:
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    later = TODAY + timedelta(days=10)
    sender, event = reinstate_licence(suspended, later, NOW + timedelta(days=10))
    assert may_send_workers(sender, later)
    assert event.change is LicenceChange.REINSTATED
    assert [r.change for r in sender.history] == [
        LicenceChange.GRANTED,
        LicenceChange.SUSPENDED,
        LicenceChange.REINSTATED,
    ]


def test_a_revocation_is_final() -> None:
    revoked, event = revoke_licence(enterprise(), "fraud", TODAY, NOW)
    assert event.status is LicenceStatus.REVOKED
    assert "revoked on 2025-12-02: fraud" in (licence_problem(revoked, TODAY) or "")
    with pytest.raises(IllegalTransitionError) as error:
        reinstate_licence(revoked, TODAY, NOW)
    assert (error.value.from_state, error.value.to_state) == ("revoked", "active")
    with pytest.raises(IllegalTransitionError, match="from revoked to suspended"):
        suspend_licence(revoked, "again", TODAY, NOW)
    with pytest.raises(IllegalTransitionError, match="from revoked to renewed"):
        renew_licence(revoked, licence_terms(number="999/GP"), NOW)


def test_an_active_licence_cannot_be_reinstated_nor_suspended_twice() -> None:
    with pytest.raises(IllegalTransitionError, match="from active to active"):
        reinstate_licence(enterprise(), TODAY, NOW)
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    with pytest.raises(IllegalTransitionError) as error:
        suspend_licence(suspended, "again", TODAY, NOW)
    assert error.value.details == {
        "what": "licence",
        "from_state": "suspended",
        "to_state": "suspended",
    }


def test_a_renewal_replaces_the_terms_and_keeps_a_suspension() -> None:
    expired_soon = enterprise(valid_until=date(2025, 12, 31))
    suspended, _ = suspend_licence(expired_soon, "inspection", TODAY, NOW)
    renewed, event = renew_licence(
        suspended, licence_terms(number="456/GP", valid_until=date(2030, 12, 31)), NOW
    )
    assert renewed.licence.number == "456/GP"
    assert renewed.licence.valid_until == date(2030, 12, 31)
    assert renewed.licence.status is LicenceStatus.SUSPENDED
    assert renewed.licence.status_reason == "inspection"
    assert event.change is LicenceChange.RENEWED
    assert not may_send_workers(renewed, date(2026, 6, 1))
    active, _ = reinstate_licence(renewed, date(2026, 6, 1), NOW)
    assert may_send_workers(active, date(2026, 6, 1))


def test_licence_terms_name_the_field_that_breaks_a_rule() -> None:
    with pytest.raises(ValidationError) as error:
        LicenceTerms(
            number="1/GP",
            issuing_authority="Ministry",
            valid_from=date(2025, 1, 1),
            valid_until=date(2024, 1, 1),
        )
    assert [e["loc"] for e in error.value.errors()] == [("valid_until",)]
    with pytest.raises(ValidationError) as error:
        LicenceTerms.model_validate(
            {
                "number": "",
                "issuing_authority": "M",
                "valid_from": TODAY,
                "valid_until": TODAY,
                "extra": "x",
            }
        )
    assert {e["loc"] for e in error.value.errors()} == {
        ("number",),
        ("issuing_authority",),
        ("valid_until",),
        ("extra",),
    }


ACTIONS = st.lists(st.sampled_from(["suspend", "reinstate", "revoke", "renew"]), max_size=12)
TARGET = {
    "suspend": LicenceStatus.SUSPENDED,
    "reinstate": LicenceStatus.ACTIVE,
    "revoke": LicenceStatus.REVOKED,
}


def act(sender: Enterprise, action: str) -> Enterprise:
    if action == "suspend":
        return suspend_licence(sender, "inspection", TODAY, NOW)[0]
    if action == "reinstate":
        return reinstate_licence(sender, TODAY, NOW)[0]
    if action == "revoke":
        return revoke_licence(sender, "fraud", TODAY, NOW)[0]
    return renew_licence(sender, licence_terms(), NOW)[0]


@given(ACTIONS)
def test_any_sequence_of_licence_actions_allows_sending_only_when_active(
    actions: list[str],
) -> None:
    sender = enterprise()
    done = 0
    for action in actions:
        before = sender.licence.status
        target = TARGET.get(action)
        allowed = before is not LicenceStatus.REVOKED and target is not before
        if not allowed:
            with pytest.raises(IllegalTransitionError) as error:
                act(sender, action)
            assert error.value.from_state == before
            continue
        sender = act(sender, action)
        done += 1
        assert sender.licence.status is (target or before)  # a renewal keeps the status
    assert may_send_workers(sender, TODAY) == (sender.licence.status is LicenceStatus.ACTIVE)
    assert sender.history[0].change is LicenceChange.GRANTED
    assert sender.history[-1].status is sender.licence.status
    assert len(sender.history) == 1 + done  # one record per change made, none per refusal
