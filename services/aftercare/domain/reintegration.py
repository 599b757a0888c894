"""Coming home: the return, the reintegration plan, referrals, the outcome, and closing the case.

The order is fixed: return -> needs assessment -> referrals and outcome -> closure. A step out
of order, or any step on a closed case, raises ConflictError. The assessment and the outcome
may be recorded again (the latest counts) until the case closes.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.aftercare import examples as ex
from services.aftercare.domain.case import Journey, JourneyStage, WorkerCase, require_open
from services.aftercare.domain.dates import local_date
from shared.actor import Actor
from shared.contracts.aftercare import (
    CaseClosed,
    ClosureReason,
    ReferralKind,
    ReintegrationGoal,
    ReintegrationOutcome,
    ReintegrationOutcomeRecorded,
    ReintegrationPlanned,
    ReintegrationReferred,
    ReturnReason,
    WorkerReturned,
)
from shared.errors import ConflictError, FieldError
from shared.numbers import MAX_VND


class RecordReturn(BaseModel):
    """The worker came home."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_RETURN),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    returned_on: date
    reason: ReturnReason
    recorded_by: Actor


class PlanReintegration(BaseModel):
    """The needs assessment of a returned worker: skills gained, savings, plans."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.PLAN_REINTEGRATION),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    skills_gained: list[str] = Field(default_factory=list, max_length=30)
    language_level: str | None = Field(default=None, max_length=40)
    savings_vnd: int | None = Field(default=None, ge=0, le=MAX_VND)
    plans: list[ReintegrationGoal] = Field(min_length=1, max_length=3)
    notes: str | None = Field(default=None, max_length=2000)
    assessed_by: Actor

    @field_validator("skills_gained")
    @classmethod
    def _skills_are_named(cls, skills: list[str]) -> list[str]:
        cleaned = [skill.strip() for skill in skills]
        if any(not skill or len(skill) > 100 for skill in cleaned):
            raise ValueError("each skill is 1 to 100 characters")
        return list(dict.fromkeys(cleaned))

    @field_validator("plans")
    @classmethod
    def _plans_once_each(cls, plans: list[ReintegrationGoal]) -> list[ReintegrationGoal]:
        return list(dict.fromkeys(plans))


class ReferWorker(BaseModel):
    """A referral to a domestic job opening, business start-up support or credit."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.REFER_WORKER),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    kind: ReferralKind
    organisation: str = Field(min_length=1, max_length=200)
    notes: str | None = Field(default=None, max_length=2000)
    referred_by: Actor


class RecordOutcome(BaseModel):
    """What became of the returned worker."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.RECORD_OUTCOME),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    outcome: ReintegrationOutcome
    notes: str | None = Field(default=None, max_length=2000)
    recorded_by: Actor


class CloseCase(BaseModel):
    """Closes a returned worker's case."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.CLOSE_CASE),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    reason: ClosureReason
    notes: str | None = Field(default=None, max_length=2000)
    closed_by: Actor


def record_return(case: WorkerCase, command: RecordReturn, *, now: datetime) -> WorkerReturned:
    """Returns ``worker.returned`` for a worker abroad, home between departure and today."""
    journey = case.require_case()
    require_open(journey)
    if journey.stage != JourneyStage.ABROAD:
        raise ConflictError("only a worker abroad can return", stage=journey.stage)
    departure = journey.departure
    assert departure is not None
    if command.returned_on > local_date(now):
        raise FieldError("returned_on", "is in the future")
    if command.returned_on < local_date(departure.departed_at):
        raise FieldError("returned_on", "is before the worker departed")
    return WorkerReturned(
        worker_id=case.worker_id,
        placement_id=departure.placement_id,
        returned_on=command.returned_on,
        reason=command.reason,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )


def plan_reintegration(
    case: WorkerCase, command: PlanReintegration, *, now: datetime
) -> ReintegrationPlanned:
    """Returns the needs assessment of a returned worker."""
    journey = _returned_journey(case, "plan reintegration for")
    case.require_aftercare_consent()
    return ReintegrationPlanned(
        worker_id=case.worker_id,
        placement_id=_placement(journey),
        skills_gained=command.skills_gained,
        language_level=command.language_level or None,
        savings_vnd=command.savings_vnd,
        plans=command.plans,
        notes=command.notes or None,
        assessed_by=command.assessed_by,
        assessed_at=now,
    )


def refer_worker(
    case: WorkerCase, command: ReferWorker, *, referral_id: str, now: datetime
) -> ReintegrationReferred:
    """Returns a referral; the worker's needs must have been assessed first."""
    journey = _assessed_journey(case, "refer")
    case.require_aftercare_consent()
    return ReintegrationReferred(
        worker_id=case.worker_id,
        placement_id=_placement(journey),
        referral_id=referral_id,
        kind=command.kind,
        organisation=command.organisation,
        notes=command.notes or None,
        referred_by=command.referred_by,
        referred_at=now,
    )


def record_outcome(
    case: WorkerCase, command: RecordOutcome, *, now: datetime
) -> ReintegrationOutcomeRecorded:
    """Returns the reintegration outcome; the worker's needs must have been assessed first."""
    journey = _assessed_journey(case, "record an outcome for")
    return ReintegrationOutcomeRecorded(
        worker_id=case.worker_id,
        placement_id=_placement(journey),
        outcome=command.outcome,
        notes=command.notes or None,
        recorded_by=command.recorded_by,
        recorded_at=now,
    )


def close_case(case: WorkerCase, command: CloseCase, *, now: datetime) -> CaseClosed:
    """Returns the closure of a returned worker's case.

    Closing as ``reintegrated`` needs a recorded outcome; other reasons (declined support, lost
    contact, deceased, other) need only the return. A worker who died abroad has no return:
    their case closes as ``deceased`` once the death is recorded, and only so.
    """
    journey = _closable_journey(case, command.reason)
    if command.reason == ClosureReason.REINTEGRATED and journey.outcome is None:
        raise ConflictError(
            "a case closes as reintegrated only once an outcome is recorded", stage=journey.stage
        )
    return CaseClosed(
        worker_id=case.worker_id,
        placement_id=_placement(journey),
        reason=command.reason,
        notes=command.notes or None,
        closed_by=command.closed_by,
        closed_at=now,
    )


def closure_basis(case: WorkerCase, changes: int) -> dict[str, object]:
    """Returns the facts a closure is asked on: any later change the API made to the case (an
    outcome, a referral), or a new journey, makes a waiting closure stale."""
    journey = case.case_journey()
    return {
        "changes": changes,
        "journeys": len(case.journeys),
        "stage": journey.stage.value if journey else None,
    }


def _closable_journey(case: WorkerCase, reason: ClosureReason) -> Journey:
    journey = case.require_case()
    require_open(journey)
    if journey.stage == JourneyStage.DIED_ABROAD:
        if reason != ClosureReason.DECEASED:
            raise ConflictError(
                "the case of a worker who died abroad closes as deceased", stage=journey.stage
            )
        return journey
    if reason == ClosureReason.DECEASED and journey.stage == JourneyStage.ABROAD:
        raise ConflictError(
            "record the death abroad before closing the case as deceased", stage=journey.stage
        )
    return _returned_journey(case, "close the case of")


def _returned_journey(case: WorkerCase, action: str) -> Journey:
    journey = case.require_case()
    require_open(journey)
    if journey.stage != JourneyStage.RETURNED:
        raise ConflictError(
            "cannot {action} a worker who has not returned", action=action, stage=journey.stage
        )
    return journey


def _assessed_journey(case: WorkerCase, action: str) -> Journey:
    journey = _returned_journey(case, action)
    if journey.assessment is None:
        raise ConflictError(
            "cannot {action} a worker before their needs are assessed",
            action=action,
            stage=journey.stage,
        )
    return journey


def _placement(journey: Journey) -> str:
    assert journey.departure is not None
    return journey.departure.placement_id
