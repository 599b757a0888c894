"""A worker's case at intake: registration, versioned corrections, withdrawal and reopening."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.intake import examples as ex
from services.intake.domain.eligibility import assess_eligibility
from services.intake.domain.likeness import Likeness, match_keys
from services.intake.domain.names import fold_name, name_prefixes
from services.intake.domain.problems import Problem, raise_problems
from services.intake.domain.registration import (
    Consent,
    Education,
    RegisterWorker,
    WorkerDetails,
    details_problems,
    local_date,
    registration_problems,
)
from shared.actor import Actor
from shared.approvals import ApprovalAction
from shared.consent import CURRENT_NOTICE_VERSION
from shared.contracts.common import (
    ConsentPurpose,
    Gender,
    HouseholdStatus,
    Locality,
    Market,
    Sector,
)
from shared.contracts.intake import (
    ConsentGiven,
    FamilyContact,
    WorkerCorrected,
    WorkerRegistered,
    WorkerReopened,
    WorkerWithdrawn,
)
from shared.errors import ConflictError

REQUIRED_DETAILS = frozenset(
    {"full_name", "date_of_birth", "gender", "national_id", "household_status", "locality"}
)


class WorkerStatus(StrEnum):
    """Where a worker's case stands at intake."""

    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"


class Transition(StrEnum):
    """What can happen to a case's status."""

    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    MERGE = "merge"


WORKER_TRANSITIONS: Mapping[tuple[WorkerStatus, Transition], WorkerStatus] = {
    (WorkerStatus.REGISTERED, Transition.WITHDRAW): WorkerStatus.WITHDRAWN,
    (WorkerStatus.WITHDRAWN, Transition.REOPEN): WorkerStatus.REGISTERED,
    (WorkerStatus.REGISTERED, Transition.MERGE): WorkerStatus.MERGED,
    (WorkerStatus.WITHDRAWN, Transition.MERGE): WorkerStatus.MERGED,
}


class IllegalTransitionError(ConflictError):
    """A state machine refuses a transition from the current state: HTTP 409."""

    def __init__(self, what: str, status: str, transition: str) -> None:
        super().__init__(
            "cannot {transition} a {what} that is {state}",
            state=status,
            transition=transition,
            what=what,
        )


def next_status(status: WorkerStatus, transition: Transition) -> WorkerStatus:
    """Returns the status after a transition, or raises IllegalTransitionError."""
    try:
        return WORKER_TRANSITIONS[(status, transition)]
    except KeyError:
        raise IllegalTransitionError("worker's case", status, transition) from None


class FieldChange(BaseModel):
    """One field a correction changed, with its value before and after."""

    model_config = ConfigDict(frozen=True)

    field: str
    old: Any = None
    new: Any = None


class Revision(BaseModel):
    """One correction of a worker's record: who, when, why, and which fields changed."""

    model_config = ConfigDict(frozen=True)

    number: int
    by: str
    at: datetime
    reason: str | None = None
    changes: list[FieldChange]


class StatusChange(BaseModel):
    """One change of a case's status."""

    model_config = ConfigDict(frozen=True)

    transition: Transition
    status: WorkerStatus
    by: str
    at: datetime
    reason: str | None = None


class JourneyStart(BaseModel):
    """One journey after the first: its number, who started it and when."""

    model_config = ConfigDict(frozen=True)

    number: int
    by: str
    at: datetime


class ConsentChange(BaseModel):
    """One change of the worker's consent after registration: given again, or withdrawn."""

    model_config = ConfigDict(frozen=True)

    kind: str
    purposes: list[str]
    notice_version: str | None = None
    reason: str | None = None
    by: str
    at: datetime


class Worker(WorkerDetails):
    """A worker's record at intake: details, consent, status, journeys and their history."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    worker_id: str
    consent: Consent
    status: WorkerStatus = WorkerStatus.REGISTERED
    revision: int = 1
    registered_at: datetime
    registered_by: str
    name_folded: str
    name_prefixes: list[str]
    duplicate_key: str
    match_keys: list[str] = []
    revisions: list[Revision] = []
    status_history: list[StatusChange] = []
    merged_into: str | None = None
    merged_from: list[str] = []
    journey: int = 1
    journey_starts: list[JourneyStart] = []
    migrated_facts: str | None = None
    """The digest of the stage facts a migrated case came in with (``case_key``)."""
    migrated_return: str | None = None
    """The placement of a journey that had ended (the worker came home) when the case was
    migrated: intake's only word of that end, aftercare having recorded none."""
    consent_history: list[ConsentChange] = []

    def details(self) -> WorkerDetails:
        """Returns the worker's details alone."""
        return WorkerDetails(**{name: getattr(self, name) for name in WorkerDetails.model_fields})

    def likeness(self) -> Likeness:
        """Returns what the duplicate finder compares of the record."""
        return Likeness(
            worker_id=self.worker_id,
            name_folded=self.name_folded,
            date_of_birth=self.date_of_birth,
            gender=self.gender,
            locality=self.locality,
            registered_at=self.registered_at,
        )

    def refuse_if_merged(self) -> None:
        """Raises ConflictError naming the survivor if this record was merged away."""
        if self.status is WorkerStatus.MERGED:
            raise ConflictError(
                "worker's record was merged into another", survivor_id=self.merged_into
            )


class CorrectWorker(BaseModel):
    """A correction: only the fields given change (``null`` clears an optional field)."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.CORRECT_WORKER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    corrected_by: Actor
    reason: str | None = Field(default=None, max_length=500)
    full_name: str | None = Field(default=None, max_length=120)
    date_of_birth: date | None = None
    gender: Gender | None = None
    national_id: str | None = Field(
        default=None, max_length=40, repr=False, description="As at registration: any spelling"
    )
    phone: str | None = Field(default=None, max_length=30, repr=False)
    ethnicity: str | None = Field(default=None, max_length=40)
    ethnic_minority: bool | None = None
    household_status: HouseholdStatus | None = None
    locality: Locality | None = None
    education: Education | None = None
    desired_markets: list[Market] | None = Field(default=None, max_length=10)
    desired_sectors: list[Sector] | None = Field(default=None, max_length=12)
    family_contact: FamilyContact | None = Field(default=None, repr=False)

    def changed_details(self) -> dict[str, Any]:
        """Returns the detail fields the correction names, with their new values."""
        return {
            name: getattr(self, name)
            for name in self.model_fields_set
            if name in WorkerDetails.model_fields
        }


class WithdrawWorker(BaseModel):
    """The worker withdraws from the programme; the case is kept and can reopen."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.WITHDRAW_WORKER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    reason: str = Field(min_length=1, max_length=500)
    withdrawn_by: Actor


class ReopenWorker(BaseModel):
    """A withdrawn case is reopened."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REOPEN_WORKER),
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )

    reopened_by: Actor
    reason: str | None = Field(default=None, max_length=500)


def duplicate_key(full_name: str, date_of_birth: date, commune_code: str) -> str:
    """Returns the key that likely duplicates share: folded name, birth date, current commune."""
    return f"{fold_name(full_name)}|{date_of_birth.isoformat()}|{commune_code}"


def _derived(details: WorkerDetails) -> dict[str, Any]:
    return {
        "name_folded": fold_name(details.full_name),
        "name_prefixes": name_prefixes(details.full_name),
        "duplicate_key": duplicate_key(
            details.full_name, details.date_of_birth, details.locality.commune_code
        ),
        "match_keys": match_keys(details.locality, details.date_of_birth),
    }


def register_worker(
    command: RegisterWorker, *, worker_id: str, registered_by: str, now: datetime
) -> tuple[Worker, list[WorkerRegistered | ConsentGiven]]:
    """Returns the new record and its event, or raises InvalidFieldsError naming each field."""
    canonical, problems = registration_problems(command, now=now)
    raise_problems(problems)
    worker = Worker(
        **canonical.model_dump(),
        worker_id=worker_id,
        registered_at=now,
        registered_by=registered_by,
        **_derived(canonical),
    )
    support = assess_eligibility(worker, local_date(now)).support()
    event = WorkerRegistered(
        worker_id=worker_id,
        full_name=worker.full_name,
        date_of_birth=worker.date_of_birth,
        gender=worker.gender,
        ethnicity=worker.ethnicity,
        ethnic_minority=worker.ethnic_minority,
        household_status=worker.household_status,
        locality=worker.locality,
        education=worker.education,
        desired_markets=worker.desired_markets,
        desired_sectors=worker.desired_sectors,
        support=support,
        phone=worker.phone,
        family_contact=worker.family_contact,
        registered_at=now,
    )
    consent = worker.consent
    if not consent.withdrawn_purposes():
        return worker, [event]
    given = ConsentGiven(
        worker_id=worker_id,
        purposes=[ConsentPurpose(p) for p in consent.purposes],
        notice_version=consent.notice_version or CURRENT_NOTICE_VERSION,
        given_by=consent.recorded_by,
        given_at=now,
    )
    return worker, [event, given]


def _as_json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.value if isinstance(value, StrEnum) else value


def field_changes(before: WorkerDetails, after: WorkerDetails) -> list[FieldChange]:
    """Returns each field that differs, one level into locality and family contact."""
    changes = []
    for name in WorkerDetails.model_fields:
        old, new = _as_json(getattr(before, name)), _as_json(getattr(after, name))
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            for key in dict.fromkeys([*old, *new]):
                if old.get(key) != new.get(key):
                    changes.append(
                        FieldChange(field=f"{name}.{key}", old=old.get(key), new=new.get(key))
                    )
        else:
            changes.append(FieldChange(field=name, old=old, new=new))
    return changes


def correct_worker(
    worker: Worker, command: CorrectWorker, *, now: datetime
) -> tuple[Worker, list[WorkerCorrected]]:
    """Returns the corrected record and its event; a correction that changes nothing is a no-op.

    The whole record is validated again (against its registration date, for the age rule).
    """
    worker.refuse_if_merged()
    requested = command.changed_details()
    cleared = sorted(n for n in REQUIRED_DETAILS if n in requested and requested[n] is None)
    raise_problems(Problem(name, "is required and cannot be cleared") for name in cleared)
    before = worker.details()
    draft = WorkerDetails.model_validate({**before.model_dump(), **requested})
    after, problems = details_problems(draft, registered_on=local_date(worker.registered_at))
    raise_problems(problems)
    changes = field_changes(before, after)
    if not changes:
        return worker, []
    number = worker.revision + 1
    revision = Revision(
        number=number, by=command.corrected_by, at=now, reason=command.reason, changes=changes
    )
    corrected = Worker.model_validate(
        {
            **worker.model_dump(),
            **after.model_dump(),
            **_derived(after),
            "revision": number,
            "revisions": [*worker.revisions, revision],
        }
    )
    support = assess_eligibility(corrected, local_date(now)).support()
    event = WorkerCorrected(
        worker_id=worker.worker_id,
        revision=number,
        changed_fields=sorted({change.field.split(".")[0] for change in changes}),
        full_name=corrected.full_name,
        date_of_birth=corrected.date_of_birth,
        gender=corrected.gender,
        ethnicity=corrected.ethnicity,
        ethnic_minority=corrected.ethnic_minority,
        household_status=corrected.household_status,
        locality=corrected.locality,
        education=corrected.education,
        desired_markets=corrected.desired_markets,
        desired_sectors=corrected.desired_sectors,
        support=support,
        phone=corrected.phone,
        family_contact=corrected.family_contact,
        corrected_by=command.corrected_by,
        corrected_at=now,
    )
    return corrected, [event]


CHECKED_FIELDS: Mapping[str, ApprovalAction] = {
    "household_status": ApprovalAction.HOUSEHOLD_STATUS_CHANGE,
    "national_id": ApprovalAction.NATIONAL_ID_CORRECT,
}
"""The fields whose correction a province may make wait for a second person."""


def correction_actions(changed_fields: Iterable[str]) -> list[ApprovalAction]:
    """Returns the actions a correction of these fields is, for the approval table."""
    return [CHECKED_FIELDS[name] for name in sorted(set(changed_fields)) if name in CHECKED_FIELDS]


def correction_basis(worker: Worker) -> dict[str, Any]:
    """Returns the facts a correction is asked on: any later correction or change of status
    makes a waiting one stale."""
    return {"revision": worker.revision, "status": worker.status.value}


def _change_status(
    worker: Worker, transition: Transition, *, by: str, at: datetime, reason: str | None
) -> Worker:
    worker.refuse_if_merged()
    status = next_status(worker.status, transition)
    change = StatusChange(transition=transition, status=status, by=by, at=at, reason=reason)
    return worker.model_copy(
        update={"status": status, "status_history": [*worker.status_history, change]}
    )


def withdraw_worker(
    worker: Worker, command: WithdrawWorker, *, now: datetime
) -> tuple[Worker, list[WorkerWithdrawn]]:
    """Returns the withdrawn record and its event; only a registered case can withdraw."""
    withdrawn = _change_status(
        worker, Transition.WITHDRAW, by=command.withdrawn_by, at=now, reason=command.reason
    )
    event = WorkerWithdrawn(worker_id=worker.worker_id, reason=command.reason, withdrawn_at=now)
    return withdrawn, [event]


def reopen_worker(
    worker: Worker, command: ReopenWorker, *, now: datetime
) -> tuple[Worker, list[WorkerReopened]]:
    """Returns the reopened record and its event; only a withdrawn case can reopen."""
    reopened = _change_status(
        worker, Transition.REOPEN, by=command.reopened_by, at=now, reason=command.reason
    )
    event = WorkerReopened(worker_id=worker.worker_id, reopened_at=now, reason=command.reason)
    return reopened, [event]
