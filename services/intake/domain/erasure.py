"""Erasing a worker's personal data at intake: what is refused while a legal hold applies, and
what the record keeps (ids, status, journeys, the facts statistics count)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.intake.domain.loans import Loan
from shared.actor import Actor
from shared.contracts.intake import ErasureGrounds, WorkerErased
from shared.errors import ConflictError
from shared.messages import N_, joined

ERASED_NAME = ""
"""What stands for the name of an erased worker (the events' withheld value)."""
REMOVED_FIELDS = (
    "phone",
    "family_contact",
    "ethnicity",
    "match_keys",
    "search_pages",
    "regrouping_from",
)
"""Fields an erased record no longer holds."""


class EraseWorker(BaseModel):
    """An erasure: on which grounds, and who decided it."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={"examples": [{"grounds": "worker_request"}]}
    )

    grounds: ErasureGrounds
    erased_by: Actor


def legal_holds(loans: list[Loan], open_incidents: list[str]) -> list[str]:
    """Why the worker's data must be kept for now (none: it may be erased)."""
    holds = []
    if any(loan.is_open for loan in loans):
        holds.append(N_("a loan is still open"))
    if open_incidents:
        holds.append(N_("an incident abroad is still open"))
    return holds


def erase_worker(
    record: dict[str, Any],
    command: EraseWorker,
    loans: list[Loan],
    open_incidents: list[str],
    now: datetime,
) -> tuple[dict[str, Any], list[WorkerErased]]:
    """Returns the de-identified fields of the worker's record and the ``worker.erased``
    event; raises ConflictError (409, naming the hold) while a legal hold applies. An erased
    record is erased again without a new event."""
    if record.get("erased_at") is not None:
        return {}, []
    holds = legal_holds(loans, open_incidents)
    if holds:
        raise ConflictError("the worker's data is under a legal hold: {holds}", holds=joined(holds))
    born = date.fromisoformat(str(record["date_of_birth"]))
    worker_id = str(record["_id"])
    state: dict[str, Any] = {
        "full_name": ERASED_NAME,
        "name_folded": "",
        "name_prefixes": [],
        "duplicate_key": erased_key(worker_id),
        "national_id": erased_key(worker_id),  # stays unique; the number is gone
        "date_of_birth": date(born.year, 1, 1).isoformat(),  # the year, for age statistics
        "revisions": [_without_values(r) for r in record.get("revisions", [])],
        "status_history": [{**s, "reason": None} for s in record.get("status_history", [])],
        "loans": [_loan_without_text(loan) for loan in record.get("loans", [])],
        "erased_at": now,
        "erased_by": command.erased_by,
        "erasure_grounds": command.grounds.value,
    }
    event = WorkerErased(
        worker_id=worker_id,
        grounds=command.grounds,
        erased_by=command.erased_by,
        erased_at=now,
    )
    return state, [event]


ERASED_PREFIX = "erased-"


def erased_key(worker_id: str) -> str:
    """What stands for an erased worker's national ID and duplicate key: unique, meaningless."""
    return ERASED_PREFIX + hashlib.sha256(worker_id.encode()).hexdigest()[:32]


def _without_values(revision: dict[str, Any]) -> dict[str, Any]:
    changes = [{"field": c.get("field")} for c in revision.get("changes", [])]
    return {**revision, "reason": None, "changes": changes}


def _loan_without_text(loan: dict[str, Any]) -> dict[str, Any]:
    history = [{**step, "reason": None} for step in loan.get("history", [])]
    return {**loan, "rejection_reason": None, "history": history}


def forgotten_review(review: dict[str, Any], worker_id: str) -> dict[str, Any] | None:
    """The fields of a duplicate review to write once one of its members is erased: the
    group's key (a folded name and birth date) replaced, the officer's reason withheld, and the
    erased member's likeness key dropped (a new record like it must not join the review through
    it); None if nothing is left to withhold."""
    fields: dict[str, Any] = {}
    key = str(review.get("duplicate_key") or "")
    if key and not key.startswith(ERASED_PREFIX):
        fields["duplicate_key"] = erased_key(str(review["_id"]))
    if review.get("reason"):
        fields["reason"] = None
    keys, twins = list(review.get("twin_keys") or []), list(review.get("twins") or [])
    kept = [(k, w) for k, w in zip(keys, twins, strict=False) if w != worker_id]
    if len(kept) != min(len(keys), len(twins)):
        fields["twin_keys"] = [k for k, _ in kept]
        fields["twins"] = [w for _, w in kept]
    return fields or None
