"""A merged duplicate's time abroad, moved onto the survivor's candidate record.

Deployment's candidates view holds, per worker, what they did abroad: contracts, the last
departure and return, a missing report, a death. When the record was a duplicate merged into
another (``worker.merged``), those facts leave it in one ``deployment.records-moved`` naming the
survivor, and the survivor's record takes them in, each fact by the same rule that folds its
events (the later departure, the later report, the earlier death), so a move heard twice, late,
or after another changes nothing more. The duplicate keeps who it was (its profile, training,
merge); its placements are the survivor's by that record (``merged_from``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from services.deployment.domain.candidates import AbroadContract, Candidate
from shared.contracts.deployment import DeploymentRecordsMoved

T = TypeVar("T", date, datetime)


class AbroadRecord(BaseModel):
    """What a candidate record knows of the worker's time abroad."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    contracts: dict[str, AbroadContract] = {}
    last_departed_at: datetime | None = None
    last_returned_on: date | None = None
    missing_since: datetime | None = None
    missing_reported_at: datetime | None = None
    contact_resumed_at: datetime | None = None
    died_on: date | None = None


NOTHING_ABROAD = AbroadRecord()


def moved_away(
    candidate: Candidate, trail: Sequence[str] = ()
) -> tuple[Candidate, DeploymentRecordsMoved | None]:
    """Returns a merged duplicate's record without its time abroad, and the event carrying it
    (with the ``trail`` of records it came through) to the survivor; a record not merged, or
    with nothing abroad, is returned as it is."""
    if candidate.merged_into is None:
        return candidate, None
    abroad = AbroadRecord.model_validate(candidate.model_dump())
    if abroad == NOTHING_ABROAD:
        return candidate, None
    move = DeploymentRecordsMoved(
        worker_id=candidate.worker_id,
        survivor_id=candidate.merged_into,
        abroad=abroad.model_dump(mode="json"),
        trail=list(trail),
    )
    return candidate.model_copy(update=NOTHING_ABROAD.model_dump()), move


def moved_in(candidate: Candidate, move: DeploymentRecordsMoved) -> Candidate:
    """Returns the survivor's record with a duplicate's time abroad taken in, and the
    duplicate's id among the records merged into it."""
    abroad = AbroadRecord.model_validate(move.abroad)
    contracts = dict(candidate.contracts)
    for placement_id, contract in abroad.contracts.items():
        contracts[placement_id] = _joined(contracts.get(placement_id), contract)
    missing = max(
        (candidate.missing_reported_at, candidate.missing_since),
        (abroad.missing_reported_at, abroad.missing_since),
        key=lambda report: (report[0] is not None, report[0] or datetime.min),
    )
    return candidate.model_copy(
        update={
            "contracts": contracts,
            "last_departed_at": _later(candidate.last_departed_at, abroad.last_departed_at),
            "last_returned_on": _later(candidate.last_returned_on, abroad.last_returned_on),
            "missing_reported_at": missing[0],
            "missing_since": missing[1],
            "contact_resumed_at": _later(candidate.contact_resumed_at, abroad.contact_resumed_at),
            "died_on": _earlier(candidate.died_on, abroad.died_on),
            "merged_from": sorted({*candidate.merged_from, move.worker_id}),
        }
    )


def _joined(known: AbroadContract | None, moved: AbroadContract) -> AbroadContract:
    """One placement's contract from both records: each term known by either, the later
    departure's terms, and the end reported last."""
    if known is None:
        return moved
    first, second = sorted((known, moved), key=_departure_key)
    terms: dict[str, Any] = {k: v for k, v in first.model_dump().items() if v is not None} | {
        k: v for k, v in second.model_dump().items() if v is not None
    }
    reported = max(known, moved, key=_report_key)
    terms.update(reported_end=reported.reported_end, reported_at=reported.reported_at)
    return AbroadContract.model_validate(terms)


def _report_key(contract: AbroadContract) -> tuple[bool, datetime]:
    return contract.reported_at is not None, contract.reported_at or datetime.min


def _departure_key(contract: AbroadContract) -> tuple[bool, datetime]:
    return contract.departed_at is not None, contract.departed_at or datetime.min


def _later(a: T | None, b: T | None) -> T | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: T | None, b: T | None) -> T | None:
    return b if a is None else a if b is None else min(a, b)
