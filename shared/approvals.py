"""Maker and checker: which changes wait for a second person, and the rules of deciding them.

Pure: no I/O, no clock, no ids made here. A province keeps its own table of rules (stored by
the service that makes the change); an action the province never set follows ``DEFAULT_RULES``.
A change that needs approval waits as an ``Approval`` until a checker approves or rejects it;
its events are written only when it is applied, after approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.auth.principal import Role
from shared.errors import ConflictError, FieldError, NotAllowedError


class ApprovalAction(StrEnum):
    """A change a province may make wait for a second person."""

    CASE_CLOSE = "case.close"
    WORKERS_MERGE = "workers.merge"
    HOUSEHOLD_STATUS_CHANGE = "household_status.change"
    NATIONAL_ID_CORRECT = "national_id.correct"
    TRANSFER_ACROSS_PROVINCES = "transfer.across_provinces"


SERVICE_OF: Mapping[ApprovalAction, str] = {
    ApprovalAction.CASE_CLOSE: "aftercare",
    ApprovalAction.WORKERS_MERGE: "intake",
    ApprovalAction.HOUSEHOLD_STATUS_CHANGE: "intake",
    ApprovalAction.NATIONAL_ID_CORRECT: "intake",
    ApprovalAction.TRANSFER_ACROSS_PROVINCES: "intake",
}
"""The service that makes each change, and keeps its rule and its queue."""

CHECKER_ROLES = frozenset(
    {
        Role.COMMUNE_OFFICER,
        Role.CENTRE_STAFF,
        Role.AFTERCARE_OFFICER,
        Role.PROVINCIAL_MANAGER,
    }
)
"""The roles a province may name as checkers: people who work cases in an area."""

EXEMPT_MAKERS = frozenset({Role.SERVICE})
"""Makers whose changes apply at once: Homeward's own services and operators' tools."""


class ApprovalRule(BaseModel):
    """One row of a province's table: whether an action waits, and who may check it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: ApprovalAction
    required: bool = True
    checker_roles: list[Role] = Field(default_factory=list, max_length=len(CHECKER_ROLES))

    @field_validator("checker_roles")
    @classmethod
    def _known_checkers(cls, roles: list[Role]) -> list[Role]:
        wrong = sorted(role.value for role in roles if role not in CHECKER_ROLES)
        if wrong:
            allowed = ", ".join(sorted(role.value for role in CHECKER_ROLES))
            raise ValueError(f"{', '.join(wrong)} cannot check changes; one of {allowed}")
        return sorted(set(roles))


def _rule(action: ApprovalAction, *roles: Role) -> ApprovalRule:
    return ApprovalRule(action=action, required=True, checker_roles=list(roles))


A = ApprovalAction
DEFAULT_RULES: Mapping[ApprovalAction, ApprovalRule] = {
    A.CASE_CLOSE: _rule(A.CASE_CLOSE, Role.AFTERCARE_OFFICER, Role.PROVINCIAL_MANAGER),
    A.WORKERS_MERGE: _rule(A.WORKERS_MERGE, Role.CENTRE_STAFF, Role.PROVINCIAL_MANAGER),
    A.HOUSEHOLD_STATUS_CHANGE: _rule(
        A.HOUSEHOLD_STATUS_CHANGE, Role.CENTRE_STAFF, Role.PROVINCIAL_MANAGER
    ),
    A.NATIONAL_ID_CORRECT: _rule(A.NATIONAL_ID_CORRECT, Role.CENTRE_STAFF, Role.PROVINCIAL_MANAGER),
    A.TRANSFER_ACROSS_PROVINCES: _rule(A.TRANSFER_ACROSS_PROVINCES, Role.PROVINCIAL_MANAGER),
}
"""The table a province starts with: every listed change waits for a second person."""


class StaleChangeError(ConflictError):
    """The record changed after the change was requested: it cannot be applied as asked."""

    def __init__(self, approval_id: str) -> None:
        super().__init__(
            "the record changed since this change was requested: it was not applied; "
            "request it again on the record as it is now",
            approval_id=approval_id,
            state=ApprovalStatus.STALE.value,
        )


class ApprovalStatus(StrEnum):
    """Where a change waiting for a second person stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STALE = "stale"


class Approval(BaseModel):
    """A change waiting for (or decided by) a second person.

    ``kind`` names how the service applies it; ``change`` is the change as the maker asked it;
    ``basis`` the facts of the record it was asked on, which must still hold when it applies.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    approval_id: str
    actions: list[ApprovalAction]
    kind: str
    target_id: str
    worker_id: str | None = None
    province_code: str
    commune_code: str | None = None
    change: dict[str, Any]
    changed_fields: list[str] = []
    basis: dict[str, Any]
    requested_by: str
    requested_role: Role
    requested_at: datetime
    request_reason: str | None = None
    status: ApprovalStatus = ApprovalStatus.PENDING
    decided_by: str | None = None
    decided_role: Role | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    applied_at: datetime | None = None


def province_rules(
    stored: Iterable[ApprovalRule], actions: Iterable[ApprovalAction] = tuple(ApprovalAction)
) -> dict[ApprovalAction, ApprovalRule]:
    """Returns a province's table for the actions named: its own rows over the defaults."""
    own = {rule.action: rule for rule in stored}
    return {action: own.get(action, DEFAULT_RULES[action]) for action in actions}


def check_rules(rules: Sequence[ApprovalRule], service: str) -> list[ApprovalRule]:
    """Returns the rows a province sets, or raises FieldError naming the first wrong one."""
    seen: set[ApprovalAction] = set()
    for index, rule in enumerate(rules):
        where = f"rules.{index}"
        if SERVICE_OF[rule.action] != service:
            raise FieldError(
                f"{where}.action",
                "is set in the {service} service's table",
                service=SERVICE_OF[rule.action],
            )
        if rule.action in seen:
            raise FieldError(f"{where}.action", "appears twice")
        if rule.required and not rule.checker_roles:
            raise FieldError(f"{where}.checker_roles", "names no role, but a check is required")
        seen.add(rule.action)
    return list(rules)


def required_checks(
    actions: Iterable[ApprovalAction],
    rules: Mapping[ApprovalAction, ApprovalRule],
    maker_role: Role,
) -> list[ApprovalRule]:
    """Returns the rules that make a change wait; none: it applies at once."""
    if maker_role in EXEMPT_MAKERS:
        return []
    return [rules[action] for action in dict.fromkeys(actions) if rules[action].required]


def request_approval(
    *,
    approval_id: str,
    actions: Sequence[ApprovalAction],
    kind: str,
    target_id: str,
    worker_id: str | None,
    province_code: str,
    commune_code: str | None,
    change: dict[str, Any],
    changed_fields: Sequence[str],
    basis: dict[str, Any],
    maker: str,
    maker_role: Role,
    reason: str | None,
    now: datetime,
) -> Approval:
    """Returns a change waiting for a second person."""
    return Approval(
        approval_id=approval_id,
        actions=list(dict.fromkeys(actions)),
        kind=kind,
        target_id=target_id,
        worker_id=worker_id,
        province_code=province_code,
        commune_code=commune_code,
        change=change,
        changed_fields=sorted(set(changed_fields)),
        basis=basis,
        requested_by=maker,
        requested_role=maker_role,
        requested_at=now,
        request_reason=reason,
    )


def check_checker(
    approval: Approval,
    rules: Mapping[ApprovalAction, ApprovalRule],
    checker: str,
    checker_role: Role,
) -> None:
    """Raises NotAllowedError unless the checker may decide the change: never its maker (by
    the token's subject, whatever token they hold), and with a role every one of its actions'
    rules names."""
    if checker == approval.requested_by:
        raise NotAllowedError(
            "the maker of a change cannot approve or reject it: a second person must"
        )
    for action in approval.actions:
        roles = rules[action].checker_roles or DEFAULT_RULES[action].checker_roles
        if checker_role not in roles:
            named = ", ".join(role.value for role in roles) or "no role"
            raise NotAllowedError(
                "a {role} cannot check {action} in province {province_code}: its checkers "
                "are {checkers}",
                role=checker_role.value,
                action=action.value,
                province_code=approval.province_code,
                checkers=named,
            )


def _decided(
    approval: Approval,
    status: ApprovalStatus,
    checker: str,
    checker_role: Role,
    reason: str | None,
    now: datetime,
) -> Approval:
    if approval.status is not ApprovalStatus.PENDING:
        raise ConflictError(
            "this change is already {state}",
            approval_id=approval.approval_id,
            state=approval.status.value,
            decided_by=approval.decided_by,
        )
    return approval.model_copy(
        update={
            "status": status,
            "decided_by": checker,
            "decided_role": checker_role,
            "decided_at": now,
            "decision_reason": reason,
        }
    )


def approve(
    approval: Approval, checker: str, checker_role: Role, reason: str | None, *, now: datetime
) -> Approval:
    """Returns the approved change (to apply next); 409 unless it is pending."""
    return _decided(approval, ApprovalStatus.APPROVED, checker, checker_role, reason, now)


def reject(
    approval: Approval, checker: str, checker_role: Role, reason: str, *, now: datetime
) -> Approval:
    """Returns the rejected change: nothing of it is ever applied; 409 unless it is pending."""
    if not reason.strip():
        raise FieldError("reason", "is required to reject a change")
    return _decided(approval, ApprovalStatus.REJECTED, checker, checker_role, reason, now)


def is_stale(approval: Approval, basis: Mapping[str, Any]) -> bool:
    """Whether the record no longer holds the facts the change was asked on."""
    return any(basis.get(key) != value for key, value in approval.basis.items())


def went_stale(approval: Approval, *, now: datetime) -> Approval:
    """Returns the change refused because its record changed meanwhile."""
    return approval.model_copy(
        update={
            "status": ApprovalStatus.STALE,
            "decided_at": approval.decided_at or now,
            "decision_reason": approval.decision_reason
            or "the record changed since the change was requested",
        }
    )


ERASED_REASON = "the worker's personal data was erased"


def forgotten(approval: Approval, *, now: datetime) -> Approval:
    """Returns the approval of an erased worker's change without what the maker asked or wrote
    (the change's values, its basis, the reasons): only which fields it named, who decided
    and when. A change still waiting, or approved and not applied, can no longer apply: stale.
    """
    open_ = approval.status is ApprovalStatus.PENDING or (
        approval.status is ApprovalStatus.APPROVED and approval.applied_at is None
    )
    return approval.model_copy(
        update={
            "change": {},
            "basis": {},
            "request_reason": None,
            "decision_reason": (
                ERASED_REASON if open_ or approval.decision_reason == ERASED_REASON else None
            ),
            "status": ApprovalStatus.STALE if open_ else approval.status,
            "decided_at": approval.decided_at or now,
        }
    )


def applied(approval: Approval, *, now: datetime) -> Approval:
    """Returns the approved change, marked applied."""
    return approval.model_copy(update={"applied_at": now})
