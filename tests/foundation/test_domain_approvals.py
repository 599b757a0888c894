"""The maker-and-checker rules (shared/approvals.py): pure, no broker, no store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.approvals import (
    DEFAULT_RULES,
    Approval,
    ApprovalAction,
    ApprovalRule,
    ApprovalStatus,
    approve,
    check_checker,
    check_rules,
    is_stale,
    province_rules,
    reject,
    request_approval,
    required_checks,
)
from shared.auth import Role
from shared.errors import ConflictError, FieldError, NotAllowedError

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
A = ApprovalAction


def waiting(*actions: ApprovalAction, maker: str = "maker") -> Approval:
    return request_approval(
        approval_id="a1",
        actions=list(actions) or [A.HOUSEHOLD_STATUS_CHANGE],
        kind="worker.correction",
        target_id="w1",
        worker_id="w1",
        province_code="51",
        commune_code="21307",
        change={"household_status": "near_poor"},
        changed_fields=["household_status"],
        basis={"revision": 1, "status": "registered"},
        maker=maker,
        maker_role=Role.COMMUNE_OFFICER,
        reason=None,
        now=NOW,
    )


def test_every_action_waits_by_default_and_a_province_row_overrides_its_own() -> None:
    assert all(rule.required and rule.checker_roles for rule in DEFAULT_RULES.values())
    own = ApprovalRule(action=A.CASE_CLOSE, required=False)
    table = province_rules([own])
    assert table[A.CASE_CLOSE] == own
    assert table[A.WORKERS_MERGE] == DEFAULT_RULES[A.WORKERS_MERGE]


def test_a_trusted_system_is_exempt_and_an_unset_requirement_does_not_wait() -> None:
    table = province_rules([ApprovalRule(action=A.NATIONAL_ID_CORRECT, required=False)])
    actions = [A.HOUSEHOLD_STATUS_CHANGE, A.NATIONAL_ID_CORRECT]
    assert required_checks(actions, table, Role.SERVICE) == []
    assert required_checks(actions, table, Role.COMMUNE_OFFICER) == [
        table[A.HOUSEHOLD_STATUS_CHANGE]
    ]


@given(st.sampled_from(list(Role)), st.text(min_size=1, max_size=20))
def test_the_maker_never_checks_whatever_role_their_token_holds(role: Role, maker: str) -> None:
    approval = waiting(maker=maker)
    with pytest.raises(NotAllowedError, match="maker"):
        check_checker(approval, province_rules([]), maker, role)


def test_a_checker_needs_a_role_every_action_names() -> None:
    table = province_rules(
        [ApprovalRule(action=A.NATIONAL_ID_CORRECT, checker_roles=[Role.PROVINCIAL_MANAGER])]
    )
    both = waiting(A.HOUSEHOLD_STATUS_CHANGE, A.NATIONAL_ID_CORRECT)
    with pytest.raises(NotAllowedError, match="provincial_manager"):
        check_checker(both, table, "checker", Role.CENTRE_STAFF)
    check_checker(both, table, "checker", Role.PROVINCIAL_MANAGER)
    with pytest.raises(NotAllowedError, match="commune_officer cannot check"):
        check_checker(waiting(), table, "checker", Role.COMMUNE_OFFICER)


def test_a_change_is_decided_once_and_rejected_only_with_a_reason() -> None:
    approved = approve(waiting(), "checker", Role.CENTRE_STAFF, None, now=NOW)
    assert (approved.status, approved.decided_by) == (ApprovalStatus.APPROVED, "checker")
    with pytest.raises(ConflictError, match="already approved"):
        reject(approved, "other", Role.CENTRE_STAFF, "no", now=NOW)
    with pytest.raises(FieldError):
        reject(waiting(), "checker", Role.CENTRE_STAFF, "  ", now=NOW)
    rejected = reject(waiting(), "checker", Role.CENTRE_STAFF, "wrong card", now=NOW)
    assert rejected.status is ApprovalStatus.REJECTED


def test_a_change_is_stale_once_its_record_no_longer_holds_its_basis() -> None:
    approval = waiting()
    assert not is_stale(approval, {"revision": 1, "status": "registered", "other": 3})
    assert is_stale(approval, {"revision": 2, "status": "registered"})
    assert is_stale(approval, {"revision": 1, "status": "withdrawn"})


def test_a_province_table_names_its_service_actions_once_with_checkers() -> None:
    with pytest.raises(FieldError, match="aftercare"):
        check_rules([ApprovalRule(action=A.CASE_CLOSE, required=False)], "intake")
    with pytest.raises(FieldError, match="checker_roles"):
        check_rules([ApprovalRule(action=A.WORKERS_MERGE)], "intake")
    row = ApprovalRule(action=A.WORKERS_MERGE, required=False)
    with pytest.raises(FieldError, match="twice"):
        check_rules([row, row], "intake")
    with pytest.raises(ValidationError, match="cannot check"):
        ApprovalRule(action=A.CASE_CLOSE, checker_roles=[Role.AUDITOR])
