"""A worker's consent as every service folds it, and the processing the law allows without it.

Pure: no I/O. Intake owns the consent record; the other services keep where consent stands
from intake's ``consent.given`` and ``consent.withdrawn`` events. Each of those events names
every purpose withdrawn after it, so the event with the highest per-worker sequence alone
says where consent stands, whatever order the events arrive in. A worker no consent event
was read for consented to every purpose (the registration's notice covered them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.contracts.common import ConsentPurpose
from shared.contracts.intake import ConsentGiven, ConsentWithdrawn
from shared.errors import ConflictError

ALL_PURPOSES: tuple[ConsentPurpose, ...] = tuple(ConsentPurpose)
CURRENT_NOTICE_VERSION = "2026-01"
"""The privacy notice officers read to a worker today; a registration names it by default."""
CONSENT_EVENTS = (ConsentGiven, ConsentWithdrawn)

PURPOSE_NAMES_VI: dict[ConsentPurpose, str] = {
    ConsentPurpose.CASE_MANAGEMENT: "Quản lý hồ sơ",
    ConsentPurpose.TRAINING: "Đào tạo",
    ConsentPurpose.PLACEMENT: "Giới thiệu việc làm, đưa đi làm việc ở nước ngoài",
    ConsentPurpose.AFTERCARE: "Hỗ trợ trong và sau thời gian làm việc ở nước ngoài",
    ConsentPurpose.STATISTICS: "Thống kê",
}


WITHDRAWAL_STOPS: dict[ConsentPurpose, str] = {
    ConsentPurpose.CASE_MANAGEMENT: "intake: new consultations and referrals (409)",
    ConsentPurpose.TRAINING: "training: new enrolments (409)",
    ConsentPurpose.PLACEMENT: "deployment: matching, new shortlists and selections (409)",
    ConsentPurpose.AFTERCARE: "aftercare: check-ins, reintegration plans and referrals (409), "
    "the list of workers nobody reached; notifications: no-contact, contract-ending and "
    "reintegration reminders",
    ConsentPurpose.STATISTICS: "nothing: reports count de-identified facts only",
}
"""What each service stops when a purpose's consent is withdrawn (docs/privacy.md)."""


@dataclass(frozen=True)
class LawfulProcessing:
    """Processing that goes on after a purpose's consent is withdrawn, and the law allowing it."""

    processing: str
    service: str
    purpose: ConsentPurpose | None
    legal_basis: str


LAW = "Law 91/2025/QH15 on Personal Data Protection"
DECREE = "Decree 356/2025/ND-CP"
GUEST_WORKERS = "Law 69/2020/QH14 on Vietnamese guest workers"

PROCESSING_WITHOUT_CONSENT: tuple[LawfulProcessing, ...] = (
    LawfulProcessing(
        "incidents, missing workers and deaths abroad: reporting, follow-up, repatriation",
        "aftercare",
        ConsentPurpose.AFTERCARE,
        f"{LAW}: processing needed to protect the life and health of the worker or others in "
        f"an emergency; {GUEST_WORKERS}: the state's duty to protect workers abroad",
    ),
    LawfulProcessing(
        "placements already under a signed contract: departure, contract end, return",
        "deployment",
        ConsentPurpose.PLACEMENT,
        f"{GUEST_WORKERS}: registering and reporting the contracts of workers sent abroad; "
        f"{LAW}: processing to perform a contract the worker is party to",
    ),
    LawfulProcessing(
        "preferential loans with the Social Policy Bank: status and repayment",
        "intake",
        ConsentPurpose.CASE_MANAGEMENT,
        "Decree 61/2015/ND-CP (amended by Decree 74/2019/ND-CP) on job-creation loans; "
        f"{LAW}: processing to perform a contract the worker is party to",
    ),
    LawfulProcessing(
        "the case record itself (identity, status, history) for its retention period",
        "intake",
        ConsentPurpose.CASE_MANAGEMENT,
        f"{GUEST_WORKERS} and the state programme's record keeping; {LAW}: processing the "
        "law requires of a state body",
    ),
    LawfulProcessing(
        "report figures counted from de-identified facts",
        "reporting",
        ConsentPurpose.STATISTICS,
        f"{LAW}: de-identified data is no longer personal data; Law 89/2015/QH13 on Statistics",
    ),
    LawfulProcessing(
        "audit entries of who read or changed a worker's record",
        "every service",
        None,
        f"{LAW} and {DECREE}: the controller keeps the processing log that proves compliance "
        "and feeds a breach notification",
    ),
)


class ConsentWithdrawnError(ConflictError):
    """A use case a withdrawn purpose covers: HTTP 409 naming the purpose."""

    def __init__(self, purpose: ConsentPurpose) -> None:
        super().__init__(
            "the worker withdrew consent to processing for {withdrawn_purpose}",
            withdrawn_purpose=purpose.value,
        )


class ConsentStanding(BaseModel):
    """Where a worker's consent stands in a service's view: the purposes withdrawn, and the
    sequence of the intake event that said so (0: none read, every purpose consented)."""

    model_config = ConfigDict(frozen=True)

    withdrawn: tuple[ConsentPurpose, ...] = ()
    sequence: int = 0

    def allows(self, purpose: ConsentPurpose) -> bool:
        """Returns whether the worker's consent still covers the purpose."""
        return purpose not in self.withdrawn

    def require(self, purpose: ConsentPurpose) -> None:
        """Raises ConsentWithdrawnError unless the consent covers the purpose."""
        if not self.allows(purpose):
            raise ConsentWithdrawnError(purpose)


def withdrawn_after(event: ConsentGiven | ConsentWithdrawn) -> tuple[ConsentPurpose, ...]:
    """Every purpose withdrawn once the event applies, in the purposes' order."""
    if isinstance(event, ConsentGiven):
        withdrawn = set(ALL_PURPOSES) - set(event.purposes)
    else:
        withdrawn = set(event.withdrawn_purposes) | set(event.purposes)
    return tuple(p for p in ALL_PURPOSES if p in withdrawn)


def fold_consent(
    standing: ConsentStanding, event: ConsentGiven | ConsentWithdrawn, *, sequence: int
) -> ConsentStanding:
    """Returns the standing with one consent event applied; the later sequence wins."""
    if sequence <= standing.sequence:
        return standing
    return ConsentStanding(withdrawn=withdrawn_after(event), sequence=sequence)


def standing_of(document: dict[str, Any] | None) -> ConsentStanding:
    """Reads the standing a view document keeps under ``consent`` (none: every purpose)."""
    kept = (document or {}).get("consent")
    return ConsentStanding.model_validate(kept) if kept else ConsentStanding()
