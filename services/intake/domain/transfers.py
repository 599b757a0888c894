"""Transfers between communes and referrals to outside agencies: pure rules, no I/O.

A transfer is requested by the sending commune with an effective date, and accepted or refused
by the receiving commune. On acceptance the case's locality (and so who may see it) moves; the
reports attribute everything before the effective date to the sending commune. A transfer never
changes the past: its effective date is no earlier than the day it is requested, and one the
receiving commune did not accept by that day must be requested again. A transfer between
provinces waits for an approval before it may be accepted (``approve_transfer``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.consent import require_consent
from services.intake.domain.problems import Problem, raise_problems
from services.intake.domain.units import locality_problems
from services.intake.domain.worker import Worker, WorkerStatus
from shared.actor import Actor
from shared.contracts.common import ConsentPurpose, Locality
from shared.contracts.intake import (
    ReferralAgency,
    ReferralOutcome,
    ReferralOutcomeRecorded,
    WorkerReferred,
    WorkerTransferAccepted,
    WorkerTransferRefused,
    WorkerTransferRequested,
)
from shared.dates import CalendarDay
from shared.errors import ConflictError

MAX_NOTICE = timedelta(days=366)
"""How far ahead a transfer may be dated."""


class TransferStatus(StrEnum):
    """Where a transfer stands."""

    REQUESTED = "requested"
    ACCEPTED = "accepted"
    REFUSED = "refused"


class Transfer(BaseModel):
    """A move of a case from one commune to another, from its effective date on."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.TRANSFER), frozen=True)

    transfer_id: str
    worker_id: str
    from_locality: Locality
    to_locality: Locality
    effective_date: date
    reason: str
    status: TransferStatus = TransferStatus.REQUESTED
    needs_approval: bool = False
    approved_by: str | None = None
    requested_by: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    refusal_reason: str | None = None


class RequestTransfer(BaseModel):
    """The sending commune asks another commune to take the case over from a date."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REQUEST_TRANSFER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    to_locality: Locality
    effective_date: CalendarDay
    reason: str = Field(min_length=1, max_length=500)
    requested_by: Actor


class AcceptTransfer(BaseModel):
    """The receiving commune takes the case over."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.ACCEPT_TRANSFER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    accepted_by: Actor


class RefuseTransfer(BaseModel):
    """The receiving commune refuses the case, saying why."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REFUSE_TRANSFER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    reason: str = Field(min_length=1, max_length=500)
    refused_by: Actor


def request_transfer(
    worker: Worker,
    history: list[Transfer],
    command: RequestTransfer,
    *,
    transfer_id: str,
    today: date,
    now: datetime,
) -> tuple[Transfer, WorkerTransferRequested]:
    """Returns the requested transfer and its event; 422 for a bad destination or date, 409
    if the case is merged, not open, or already has a transfer waiting."""
    worker.refuse_if_merged()
    if worker.status is not WorkerStatus.REGISTERED:
        raise ConflictError("only an open case can be transferred", state=worker.status)
    pending = [t for t in history if t.status is TransferStatus.REQUESTED]
    if pending:
        raise ConflictError("a transfer of this case waits", transfer_id=pending[0].transfer_id)
    destination, problems = locality_problems(command.to_locality, "to_locality")
    if not problems and destination.commune_code == worker.locality.commune_code:
        problems.append(Problem("to_locality.commune_code", "is the case's commune already"))
    day = command.effective_date
    if day < today:
        problems.append(Problem("effective_date", "is in the past: a transfer never changes it"))
    elif day > today + MAX_NOTICE:
        problems.append(Problem("effective_date", "is more than a year ahead"))
    accepted = [t.effective_date for t in history if t.status is TransferStatus.ACCEPTED]
    if accepted and day <= max(accepted):
        problems.append(Problem("effective_date", "is not after the last transfer's"))
    raise_problems(problems)
    transfer = Transfer(
        transfer_id=transfer_id,
        worker_id=worker.worker_id,
        from_locality=worker.locality,
        to_locality=destination,
        effective_date=day,
        reason=command.reason,
        needs_approval=destination.province_code != worker.locality.province_code,
        requested_by=command.requested_by,
        requested_at=now,
    )
    event = WorkerTransferRequested(
        worker_id=worker.worker_id,
        transfer_id=transfer_id,
        from_locality=transfer.from_locality,
        to_locality=destination,
        effective_date=day,
        needs_approval=transfer.needs_approval,
        reason=command.reason,
        requested_by=command.requested_by,
        requested_at=now,
    )
    return transfer, event


def approve_transfer(transfer: Transfer, approver: str) -> Transfer:
    """Returns a transfer between provinces approved by ``approver`` (the approvals' hook: the
    approval mechanism calls it once a checker approves; the requester cannot approve)."""
    if not transfer.needs_approval or transfer.status is not TransferStatus.REQUESTED:
        raise ConflictError("the transfer waits for no approval", transfer_id=transfer.transfer_id)
    if approver == transfer.requested_by:
        raise ConflictError("the requester cannot approve their own transfer")
    return transfer.model_copy(update={"approved_by": approver})


def accept_transfer(
    worker: Worker, transfer: Transfer, command: AcceptTransfer, *, today: date, now: datetime
) -> tuple[Transfer, WorkerTransferAccepted]:
    """Returns the accepted transfer and its event; 409 if it was decided, waits for an approval
    between provinces, or its effective date has passed (request it again: no past changes)."""
    _refuse_if_decided(transfer)
    if worker.locality.commune_code != transfer.from_locality.commune_code:
        raise ConflictError("the case moved since the transfer was requested")
    if transfer.needs_approval and transfer.approved_by is None:
        raise ConflictError("a transfer between provinces waits for approval")
    if today > transfer.effective_date:
        raise ConflictError(
            "the effective date has passed: request the transfer again with a new date",
            effective_date=transfer.effective_date.isoformat(),
        )
    accepted = transfer.model_copy(
        update={
            "status": TransferStatus.ACCEPTED,
            "decided_by": command.accepted_by,
            "decided_at": now,
        }
    )
    event = WorkerTransferAccepted(
        worker_id=worker.worker_id,
        transfer_id=transfer.transfer_id,
        from_locality=transfer.from_locality,
        to_locality=transfer.to_locality,
        effective_date=transfer.effective_date,
        accepted_by=command.accepted_by,
        accepted_at=now,
    )
    return accepted, event


def refuse_transfer(
    transfer: Transfer, command: RefuseTransfer, *, now: datetime
) -> tuple[Transfer, WorkerTransferRefused]:
    """Returns the refused transfer and its event; 409 if it was decided already."""
    _refuse_if_decided(transfer)
    refused = transfer.model_copy(
        update={
            "status": TransferStatus.REFUSED,
            "decided_by": command.refused_by,
            "decided_at": now,
            "refusal_reason": command.reason,
        }
    )
    event = WorkerTransferRefused(
        worker_id=transfer.worker_id,
        transfer_id=transfer.transfer_id,
        reason=command.reason,
        refused_by=command.refused_by,
        refused_at=now,
    )
    return refused, event


def _refuse_if_decided(transfer: Transfer) -> None:
    if transfer.status is not TransferStatus.REQUESTED:
        raise ConflictError(
            "the transfer was decided already",
            transfer_id=transfer.transfer_id,
            state=transfer.status,
        )


# -- referrals --------------------------------------------------------------------------------


class Referral(BaseModel):
    """A referral of the worker to an outside agency, and what came of it."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.REFERRAL), frozen=True)

    referral_id: str
    worker_id: str
    agency: ReferralAgency
    agency_name: str
    reason: str
    referred_by: str
    referred_at: datetime
    outcome: ReferralOutcome | None = None
    outcome_note: str | None = None
    outcome_by: str | None = None
    outcome_at: datetime | None = None


class ReferWorker(BaseModel):
    """The commune refers the worker to a job centre, a health service or a legal aid office."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REFER_WORKER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    agency: ReferralAgency
    agency_name: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=500)
    referred_by: Actor


class RecordReferralOutcome(BaseModel):
    """What came of a referral."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_REFERRAL_OUTCOME),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    outcome: ReferralOutcome
    note: str | None = Field(default=None, max_length=500)
    recorded_by: Actor


def refer_worker(
    worker: Worker, command: ReferWorker, *, referral_id: str, now: datetime
) -> tuple[Referral, WorkerReferred]:
    """Returns the referral and its event; 409 for a merged record."""
    worker.refuse_if_merged()
    require_consent(worker, ConsentPurpose.CASE_MANAGEMENT)
    referral = Referral(
        referral_id=referral_id,
        worker_id=worker.worker_id,
        agency=command.agency,
        agency_name=command.agency_name,
        reason=command.reason,
        referred_by=command.referred_by,
        referred_at=now,
    )
    event = WorkerReferred(
        worker_id=worker.worker_id,
        referral_id=referral_id,
        agency=command.agency,
        agency_name=command.agency_name,
        reason=command.reason,
        referred_by=command.referred_by,
        referred_at=now,
    )
    return referral, event


def record_referral_outcome(
    referral: Referral, command: RecordReferralOutcome, *, now: datetime
) -> tuple[Referral, ReferralOutcomeRecorded]:
    """Returns the referral with its outcome and the event; 409 if it has one already."""
    if referral.outcome is not None:
        raise ConflictError("the referral has its outcome", referral_id=referral.referral_id)
    done = referral.model_copy(
        update={
            "outcome": command.outcome,
            "outcome_note": command.note,
            "outcome_by": command.recorded_by,
            "outcome_at": now,
        }
    )
    event = ReferralOutcomeRecorded(
        worker_id=referral.worker_id,
        referral_id=referral.referral_id,
        outcome=command.outcome,
        note=command.note,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )
    return done, event


class TransferDirection(StrEnum):
    """Which side of a transfer the caller's area is on."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"


class TransferListing(BaseModel):
    """One transfer as the list of transfers shows it, folded from its events in any order
    (no reason: the reasons stay on the worker's record)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.TRANSFER_LISTING), frozen=True, extra="ignore"
    )

    transfer_id: str
    worker_id: str
    from_locality: Locality | None = None
    to_locality: Locality | None = None
    effective_date: date | None = None
    needs_approval: bool = False
    status: TransferStatus = TransferStatus.REQUESTED
    requested_by: str | None = None
    requested_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None


TransferEvent = WorkerTransferRequested | WorkerTransferAccepted | WorkerTransferRefused


def listed(current: TransferListing | None, event: TransferEvent) -> TransferListing:
    """Returns the listing with one of its transfer's events heard; a decision is final, so
    the request read after it changes the facts it carries, never the status."""
    listing = current or TransferListing(transfer_id=event.transfer_id, worker_id=event.worker_id)
    if isinstance(event, WorkerTransferRequested):
        return listing.model_copy(
            update={
                "from_locality": event.from_locality,
                "to_locality": event.to_locality,
                "effective_date": event.effective_date,
                "needs_approval": event.needs_approval,
                "requested_by": event.requested_by,
                "requested_at": event.requested_at,
            }
        )
    if isinstance(event, WorkerTransferAccepted):
        return listing.model_copy(
            update={
                "from_locality": event.from_locality,
                "to_locality": event.to_locality,
                "effective_date": event.effective_date,
                "status": TransferStatus.ACCEPTED,
                "decided_by": event.accepted_by,
                "decided_at": event.accepted_at,
            }
        )
    return listing.model_copy(
        update={
            "status": TransferStatus.REFUSED,
            "decided_by": event.refused_by,
            "decided_at": event.refused_at,
        }
    )
