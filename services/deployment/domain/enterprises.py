"""Senders of workers (labour-supply enterprises, state programmes) and their licences."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from services.deployment import examples as ex
from services.deployment.domain.errors import IllegalTransitionError, LicenceNotValidError
from shared.contracts.deployment import (
    EnterpriseLicenceChanged,
    LicenceChange,
    LicenceStatus,
    SenderKind,
)

LICENCE_TRANSITIONS: dict[LicenceStatus, frozenset[LicenceStatus]] = {
    LicenceStatus.ACTIVE: frozenset({LicenceStatus.SUSPENDED, LicenceStatus.REVOKED}),
    LicenceStatus.SUSPENDED: frozenset({LicenceStatus.ACTIVE, LicenceStatus.REVOKED}),
    LicenceStatus.REVOKED: frozenset(),
}
"""Where a licence's status may go; a revocation is final."""


class LicenceTerms(BaseModel):
    """A sending licence as the ministry issued it (or a state programme's agreement)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.LICENCE_TERMS),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    number: str = Field(min_length=1, max_length=60, examples=["123/LĐTBXH-GP"])
    issuing_authority: str = Field(
        min_length=2, max_length=200, examples=["Ministry of Home Affairs"]
    )
    valid_from: date
    valid_until: date

    @field_validator("valid_until")
    @classmethod
    def _after_valid_from(cls, valid_until: date, info: ValidationInfo) -> date:
        valid_from = info.data.get("valid_from")
        if valid_from is not None and valid_until <= valid_from:
            raise ValueError("must be after valid_from")
        return valid_until


class Licence(LicenceTerms):
    """A licence and its current status."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    status: LicenceStatus = LicenceStatus.ACTIVE
    status_reason: str | None = None
    status_since: date | None = None


class LicenceRecord(BaseModel):
    """One change in a licence's history."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    change: LicenceChange
    number: str
    status: LicenceStatus
    reason: str | None = None
    effective_on: date
    changed_at: datetime


class Enterprise(BaseModel):
    """A sender of workers abroad, with its licence and the licence's history."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    kind: SenderKind
    licence: Licence
    history: list[LicenceRecord] = []


def licence_problem(enterprise: Enterprise, today: date) -> str | None:
    """Returns why the licence does not allow sending workers today, or None if it does."""
    licence = enterprise.licence
    if licence.status is LicenceStatus.REVOKED:
        return f"{licence.number} revoked on {licence.status_since}: {licence.status_reason}"
    if licence.status is LicenceStatus.SUSPENDED:
        return f"{licence.number} suspended since {licence.status_since}: {licence.status_reason}"
    if today < licence.valid_from:
        return f"{licence.number} not valid until {licence.valid_from}"
    if today > licence.valid_until:
        return f"{licence.number} expired on {licence.valid_until}"
    return None


def may_post_orders(enterprise: Enterprise, today: date) -> bool:
    """Returns whether the sender may post job orders: an active, unexpired licence."""
    return licence_problem(enterprise, today) is None


def may_send_workers(enterprise: Enterprise, today: date) -> bool:
    """Returns whether the sender's workers may move on towards departure today."""
    return licence_problem(enterprise, today) is None


def ensure_may_send_workers(enterprise: Enterprise, today: date) -> None:
    """Raises LicenceNotValidError unless the licence is active and unexpired today."""
    problem = licence_problem(enterprise, today)
    if problem is not None:
        raise LicenceNotValidError(enterprise.id, problem)


def register_enterprise(
    enterprise_id: str, name: str, kind: SenderKind, terms: LicenceTerms, now: datetime
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    """Returns a new sender with its granted licence, and the event saying so."""
    licence = Licence(**terms.model_dump(), status_since=terms.valid_from)
    enterprise = Enterprise(id=enterprise_id, name=name, kind=kind, licence=licence)
    return _record(enterprise, LicenceChange.GRANTED, licence, None, terms.valid_from, now)


def renew_licence(
    enterprise: Enterprise, terms: LicenceTerms, now: datetime
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    """Returns the sender with new licence terms; a suspension or revocation stays."""
    current = enterprise.licence
    if current.status is LicenceStatus.REVOKED:
        raise IllegalTransitionError("licence", current.status, LicenceChange.RENEWED)
    licence = Licence(
        **terms.model_dump(),
        status=current.status,
        status_reason=current.status_reason,
        status_since=current.status_since,
    )
    return _record(enterprise, LicenceChange.RENEWED, licence, None, terms.valid_from, now)


def suspend_licence(
    enterprise: Enterprise, reason: str, today: date, now: datetime
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    """Returns the sender with its licence suspended from today for the reason given."""
    return _change_status(
        enterprise, LicenceStatus.SUSPENDED, LicenceChange.SUSPENDED, reason, today, now
    )


def reinstate_licence(
    enterprise: Enterprise, today: date, now: datetime
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    """Returns the sender with its suspended licence active again from today."""
    return _change_status(
        enterprise, LicenceStatus.ACTIVE, LicenceChange.REINSTATED, None, today, now
    )


def revoke_licence(
    enterprise: Enterprise, reason: str, today: date, now: datetime
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    """Returns the sender with its licence revoked for good from today."""
    return _change_status(
        enterprise, LicenceStatus.REVOKED, LicenceChange.REVOKED, reason, today, now
    )


def _change_status(
    enterprise: Enterprise,
    status: LicenceStatus,
    change: LicenceChange,
    reason: str | None,
    today: date,
    now: datetime,
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    current = enterprise.licence.status
    if status not in LICENCE_TRANSITIONS[current]:
        raise IllegalTransitionError("licence", current, status)
    licence = enterprise.licence.model_copy(
        update={"status": status, "status_reason": reason, "status_since": today}
    )
    return _record(enterprise, change, licence, reason, today, now)


def _record(
    enterprise: Enterprise,
    change: LicenceChange,
    licence: Licence,
    reason: str | None,
    effective_on: date,
    now: datetime,
) -> tuple[Enterprise, EnterpriseLicenceChanged]:
    record = LicenceRecord(
        change=change,
        number=licence.number,
        status=licence.status,
        reason=reason,
        effective_on=effective_on,
        changed_at=now,
    )
    changed = enterprise.model_copy(
        update={"licence": licence, "history": [*enterprise.history, record]}
    )
    event = EnterpriseLicenceChanged(
        enterprise_id=enterprise.id,
        name=enterprise.name,
        kind=enterprise.kind,
        change=change,
        licence_number=licence.number,
        issuing_authority=licence.issuing_authority,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        status=licence.status,
        reason=reason,
        changed_at=now,
    )
    return changed, event
