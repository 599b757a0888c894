"""The hard cases abroad: a worker who goes missing or absconds (and may be found again), and a
worker who dies abroad, whose case then closes as deceased with no return.

A missing worker is still abroad: lists of contracts ending and of workers without contact
keep them. A death ends the journey abroad (stage ``died_abroad``): no return, extension or
second report follows, and the case closes only as ``deceased``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.aftercare import examples as ex
from services.aftercare.domain.case import Journey, JourneyStage, WorkerCase, require_open
from services.aftercare.domain.dates import local_date
from shared.actor import Actor
from shared.contracts.aftercare import (
    CostBearer,
    FamilySupport,
    MissingKind,
    RepatriationArrangement,
    RepatriationPlan,
    WorkerContactResumed,
    WorkerDiedAbroad,
    WorkerReportedMissing,
)
from shared.dates import CalendarDay, StorableAwareInstant
from shared.errors import ConflictError, FieldError, InvalidFieldsError


class ReportMissing(BaseModel):
    """A worker abroad is out of reach: since when, and what has been done to find them."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REPORT_MISSING),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    kind: MissingKind
    last_contact_at: StorableAwareInstant = Field(
        description="The last time anyone (the centre, the family, the employer) reached them"
    )
    steps_taken: list[str] = Field(
        min_length=1,
        max_length=20,
        description="What was done to find them, e.g. 'called the employer', 'told the embassy'",
    )
    reported_by: Actor

    @field_validator("steps_taken")
    @classmethod
    def _steps_are_said(cls, steps: list[str]) -> list[str]:
        cleaned = [step.strip() for step in steps]
        if any(not step or len(step) > 300 for step in cleaned):
            raise ValueError("each step is 1 to 300 characters")
        return list(dict.fromkeys(cleaned))


class ResumeContact(BaseModel):
    """A worker reported missing was found, or got in touch again."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RESUME_CONTACT),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    contacted_at: StorableAwareInstant
    notes: str | None = Field(default=None, max_length=2000)
    recorded_by: Actor


class Repatriation(BaseModel):
    """How the worker comes home: the arrangement, the expected day, who pays."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    arrangement: RepatriationArrangement
    expected_on: CalendarDay | None = None
    cost_bearers: list[CostBearer] = Field(default_factory=list, max_length=5)


class RecordDeathAbroad(BaseModel):
    """A worker died abroad: the day, the repatriation, and the family's support plan."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_DEATH), extra="forbid", frozen=True
    )

    died_on: CalendarDay
    repatriation: Repatriation
    family_support: list[FamilySupport] = Field(min_length=1, max_length=7)
    recorded_by: Actor


def report_missing(
    case: WorkerCase, command: ReportMissing, *, now: datetime
) -> WorkerReportedMissing:
    """Returns ``worker.reported-missing`` for a worker abroad who is not reported already."""
    journey = _abroad(case, "report missing")
    departure = journey.departure
    assert departure is not None
    if journey.missing is not None:
        raise ConflictError(
            "the worker is already reported {kind}",
            kind=journey.missing.kind.value,
            since=journey.missing.last_contact_at.isoformat(),
        )
    if command.last_contact_at > now:
        raise FieldError("last_contact_at", "is in the future")
    if command.last_contact_at < departure.departed_at:
        raise FieldError("last_contact_at", "is before the worker departed")
    return WorkerReportedMissing(
        worker_id=case.worker_id,
        placement_id=departure.placement_id,
        kind=command.kind,
        last_contact_at=command.last_contact_at,
        steps_taken=command.steps_taken,
        reported_by=command.reported_by,
        reported_at=now,
    )


def resume_contact(
    case: WorkerCase, command: ResumeContact, *, now: datetime
) -> WorkerContactResumed:
    """Returns ``worker.contact-resumed`` for a worker reported missing."""
    journey = _abroad(case, "resume contact with")
    missing = journey.missing
    if missing is None:
        raise ConflictError("the worker is not reported missing", stage=journey.stage)
    if command.contacted_at > now:
        raise FieldError("contacted_at", "is in the future")
    if command.contacted_at < missing.last_contact_at:
        raise FieldError(
            "contacted_at",
            "is before the last contact reported ({last_contact_at})",
            last_contact_at=missing.last_contact_at.isoformat(),
        )
    return WorkerContactResumed(
        worker_id=case.worker_id,
        placement_id=missing.placement_id,
        contacted_at=command.contacted_at,
        notes=command.notes or None,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )


def record_death(
    case: WorkerCase, command: RecordDeathAbroad, *, now: datetime
) -> WorkerDiedAbroad:
    """Returns ``worker.died-abroad`` for a worker abroad (missing or not)."""
    journey = _abroad(case, "record the death abroad of")
    departure = journey.departure
    assert departure is not None
    today = local_date(now)
    errors: list[FieldError] = []
    if command.died_on > today:
        errors.append(FieldError("died_on", "is in the future"))
    elif command.died_on < local_date(departure.departed_at):
        errors.append(FieldError("died_on", "is before the worker departed"))
    expected = command.repatriation.expected_on
    if expected is not None and expected < command.died_on:
        errors.append(FieldError("repatriation.expected_on", "is before died_on"))
    if expected is not None and command.repatriation.arrangement is (
        RepatriationArrangement.BURIED_ABROAD
    ):
        errors.append(FieldError("repatriation.expected_on", "is set for a burial abroad"))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidFieldsError(errors)
    repatriation = command.repatriation
    return WorkerDiedAbroad(
        worker_id=case.worker_id,
        placement_id=departure.placement_id,
        died_on=command.died_on,
        repatriation=RepatriationPlan(
            arrangement=repatriation.arrangement,
            expected_on=repatriation.expected_on,
            cost_bearers=list(dict.fromkeys(repatriation.cost_bearers)),
        ),
        family_support=list(dict.fromkeys(command.family_support)),
        recorded_by=command.recorded_by,
        recorded_at=now,
    )


def _abroad(case: WorkerCase, action: str) -> Journey:
    journey = case.require_case()
    require_open(journey)
    if journey.stage is JourneyStage.DIED_ABROAD:
        raise ConflictError(
            "cannot {action} a worker who died abroad", action=action, stage=journey.stage
        )
    if journey.stage is not JourneyStage.ABROAD:
        raise ConflictError(
            "cannot {action} a worker who is not abroad", action=action, stage=journey.stage
        )
    return journey
