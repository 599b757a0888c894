"""A worker's consent after registration: recorded again for some purposes, or withdrawn.

Consent is a record on the worker's case (``Worker.consent``: purposes, notice version, who
took it and when) with its latest changes (``Worker.consent_history``, at most
``KEPT_CHANGES``, so repeated calls cannot grow the record without bound). Every change
publishes one event naming where consent then stands, for the services that stop processing;
the events on intake's topic are the whole history.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.problems import raise_problems
from services.intake.domain.registration import Consent, purposes_problems
from services.intake.domain.worker import ConsentChange, Worker
from shared.actor import Actor
from shared.consent import ALL_PURPOSES, CURRENT_NOTICE_VERSION, ConsentWithdrawnError
from shared.contracts.common import ConsentPurpose
from shared.contracts.intake import ConsentGiven, ConsentWithdrawn
from shared.errors import ConflictError

KEPT_CHANGES = 100
"""Changes of consent the record keeps, the latest; every change is also its event on the log."""

_PURPOSES = "purposes: " + ", ".join(f"`{p.value}`" for p in ALL_PURPOSES)


class GiveConsent(BaseModel):
    """Consent recorded again: the purposes it now covers (those left out are withdrawn)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.GIVE_CONSENT),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    purposes: list[str] = Field(max_length=len(ALL_PURPOSES) * 2, description=_PURPOSES)
    notice_version: str = Field(
        default=CURRENT_NOTICE_VERSION, min_length=1, max_length=40, examples=["2026-01"]
    )
    given_by: Actor


class WithdrawConsent(BaseModel):
    """The worker withdraws consent for some purposes; the others stay."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.WITHDRAW_CONSENT),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    purposes: list[str] = Field(max_length=len(ALL_PURPOSES) * 2, description=_PURPOSES)
    reason: str | None = Field(default=None, max_length=500)
    withdrawn_by: Actor


def _purposes(raw: list[str]) -> list[str]:
    purposes, problems = purposes_problems("purposes", raw)
    raise_problems(problems)
    return purposes


def give_consent(
    worker: Worker, command: GiveConsent, *, now: datetime
) -> tuple[Worker, list[ConsentGiven]]:
    """Returns the record with consent recorded again, and its ``consent.given`` event."""
    worker.refuse_if_merged()
    purposes = _purposes(command.purposes)
    consent = Consent(
        recorded_by=command.given_by,
        recorded_at=now,
        purposes=purposes,
        notice_version=command.notice_version,
    )
    change = ConsentChange(
        kind="given",
        purposes=purposes,
        notice_version=command.notice_version,
        by=command.given_by,
        at=now,
    )
    event = ConsentGiven(
        worker_id=worker.worker_id,
        purposes=[ConsentPurpose(p) for p in purposes],
        notice_version=command.notice_version,
        given_by=command.given_by,
        given_at=now,
    )
    history = [*worker.consent_history, change][-KEPT_CHANGES:]
    return worker.model_copy(update={"consent": consent, "consent_history": history}), [event]


def withdraw_consent(
    worker: Worker, command: WithdrawConsent, *, now: datetime
) -> tuple[Worker, list[ConsentWithdrawn]]:
    """Returns the record with the purposes withdrawn, and its ``consent.withdrawn`` event;
    409 when the consent covers none of them any more."""
    worker.refuse_if_merged()
    purposes = _purposes(command.purposes)
    covered = [p for p in purposes if p in worker.consent.purposes]
    if not covered:
        raise ConflictError(
            "the worker's consent already leaves out these purposes", purposes=purposes
        )
    remaining = [p for p in worker.consent.purposes if p not in covered]
    consent = worker.consent.model_copy(update={"purposes": remaining})
    change = ConsentChange(
        kind="withdrawn", purposes=covered, reason=command.reason, by=command.withdrawn_by, at=now
    )
    event = ConsentWithdrawn(
        worker_id=worker.worker_id,
        purposes=[ConsentPurpose(p) for p in covered],
        withdrawn_purposes=consent.withdrawn_purposes(),
        withdrawn_by=command.withdrawn_by,
        withdrawn_at=now,
    )
    history = [*worker.consent_history, change][-KEPT_CHANGES:]
    return worker.model_copy(update={"consent": consent, "consent_history": history}), [event]


def require_consent(worker: Worker, purpose: ConsentPurpose) -> None:
    """Raises ConsentWithdrawnError when the worker's consent leaves out the purpose."""
    if purpose.value not in worker.consent.purposes:
        raise ConsentWithdrawnError(purpose)
