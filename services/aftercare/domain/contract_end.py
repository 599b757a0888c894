"""Contracts ending soon, so nobody learns of a contract's end only when the worker is home;
and extensions, which move the expected return."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from services.aftercare import examples as ex
from services.aftercare.domain.case import CaseSummary, JourneyStage, WorkerCase, require_open
from services.aftercare.domain.dates import add_months
from shared.actor import Actor
from shared.contracts.aftercare import ContractExtended
from shared.errors import ConflictError, FieldError

DEFAULT_WINDOW_DAYS = 90
MAX_CONTRACT_MONTHS = 72
"""The longest contract term the programmes allow (typically 3-5 years, up to 6)."""


class ExtendContract(BaseModel):
    """A worker abroad stays longer under an extended contract."""

    model_config = ConfigDict(
        json_schema_extra=ex.shown(ex.EXTEND_CONTRACT),
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    new_end: date
    reason: str | None = Field(default=None, max_length=500)
    extended_by: Actor


def extend_contract(
    case: WorkerCase, command: ExtendContract, *, now: datetime
) -> ContractExtended:
    """Returns the extension event; the new end must come after the current one."""
    journey = case.require_case()
    require_open(journey)
    if journey.stage != JourneyStage.ABROAD:
        raise ConflictError("only a worker abroad can extend a contract", stage=journey.stage)
    departure = journey.departure
    assert departure is not None
    assert journey.expected_return is not None
    if command.new_end <= journey.expected_return:
        raise FieldError(
            "new_end",
            "must be after the current contract end ({current_end})",
            current_end=str(journey.expected_return),
        )
    longest = add_months(departure.contract_start, MAX_CONTRACT_MONTHS)
    if command.new_end > longest:
        raise FieldError(
            "new_end",
            "makes the contract longer than {months} months ({longest})",
            months=MAX_CONTRACT_MONTHS,
            longest=str(longest),
        )
    return ContractExtended(
        worker_id=case.worker_id,
        placement_id=departure.placement_id,
        previous_end=journey.expected_return,
        new_end=command.new_end,
        reason=command.reason or None,
        extended_by=command.extended_by,
        extended_at=now,
    )


class ContractEnding(BaseModel):
    """A worker abroad whose contract ends within the window (or already ended)."""

    model_config = ConfigDict(json_schema_extra=ex.shown(ex.CONTRACT_ENDING))

    worker_id: str
    full_name: str | None
    province_code: str | None
    commune_code: str | None
    placement_id: str | None
    country: str | None
    employer: str | None
    expected_return: date
    days_left: int


def contracts_ending(
    cases: Iterable[CaseSummary], *, today: date, within_days: int = DEFAULT_WINDOW_DAYS
) -> list[ContractEnding]:
    """Returns workers still abroad whose contract ends within ``within_days``, soonest first.

    A contract that already ended while the worker is still recorded abroad is listed too,
    with negative ``days_left``: that worker's return is overdue.
    """
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    last_day = today + timedelta(days=within_days)
    ending = [
        ContractEnding(
            worker_id=case.worker_id,
            full_name=case.full_name,
            province_code=case.province_code,
            commune_code=case.commune_code,
            placement_id=case.placement_id,
            country=case.country,
            employer=case.employer,
            expected_return=case.expected_return,
            days_left=(case.expected_return - today).days,
        )
        for case in cases
        if case.stage == JourneyStage.ABROAD
        and case.merged_into is None
        and case.expected_return is not None
        and case.expected_return <= last_day
    ]
    return sorted(ending, key=lambda c: (c.expected_return, c.worker_id))
