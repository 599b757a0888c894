"""Departure targets a provincial manager sets for a year or a period, province and communes.

Every change is a new version; a report uses the newest version set by its "as of" moment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from shared.actor import Actor
from shared.errors import FieldError

PERIOD = re.compile(r"^(?P<first>\d{4})(?:-(?P<last>\d{4}))?$")
MAX_YEARS = 10
MAX_TARGET = 10_000_000


SET_TARGETS_EXAMPLE: JsonDict = {
    "province_target": 1200, "communes": {"21307": 45, "21028": 30},
    "note": "Chỉ tiêu năm 2026 theo kế hoạch của UBND tỉnh",
}  # fmt: skip


class SetTargets(BaseModel):
    """A manager's targets for one period: the province's and each commune's departures."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"examples": [SET_TARGETS_EXAMPLE]}
    )

    province_target: int = Field(ge=0, le=MAX_TARGET, description="Departures for the province")
    communes: dict[str, Annotated[int, Field(ge=0, le=MAX_TARGET)]] = Field(
        default_factory=dict, description="Departures per current commune code"
    )
    set_by: Actor
    note: str | None = Field(default=None, max_length=500)


class Targets(BaseModel):
    """One version of a period's targets."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    **SET_TARGETS_EXAMPLE,
                    "province_code": "51",
                    "period": "2026",
                    "starts_on": "2026-01-01",
                    "ends_on": "2026-12-31",
                    "version": 2,
                    "set_by": "ql-so-ldtbxh-51",
                    "set_at": "2026-01-08T02:00:00Z",
                }
            ]
        },
    )

    province_code: str
    period: str
    starts_on: date
    ends_on: date
    version: int
    province_target: int
    communes: dict[str, int]
    set_by: str
    set_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class TargetPeriod:
    """A target's period: one year (``2025``) or several (``2025-2030``)."""

    name: str
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.starts_on <= day <= self.ends_on


def target_period(name: str) -> TargetPeriod:
    """Returns the period a name stands for, or raises FieldError naming ``period``."""
    match = PERIOD.match(name)
    if match is None:
        raise FieldError("period", "must be a year (2025) or years (2025-2030)")
    first = int(match["first"])
    last = int(match["last"] or first)
    if not 2000 <= first <= last < first + MAX_YEARS:
        raise FieldError(
            "period",
            "must run forwards, at most {max_years} years from 2000 on",
            max_years=MAX_YEARS,
        )
    return TargetPeriod(name, date(first, 1, 1), date(last, 12, 31))


def new_version(
    province_code: str,
    period: TargetPeriod,
    command: SetTargets,
    communes_of_province: set[str],
    latest: Targets | None,
    now: datetime,
) -> Targets:
    """Returns the next version of a period's targets; communes must be the province's own."""
    foreign = sorted(code for code in command.communes if code not in communes_of_province)
    if communes_of_province and foreign:
        raise FieldError(
            "communes",
            "not communes of province {province_code}: {communes}",
            province_code=province_code,
            communes=", ".join(foreign[:5]),
        )
    negative = sorted(code for code, value in command.communes.items() if value < 0)
    if negative:
        raise FieldError("communes", "targets cannot be negative")
    return Targets(
        province_code=province_code,
        period=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        version=(latest.version if latest else 0) + 1,
        province_target=command.province_target,
        communes=dict(sorted(command.communes.items())),
        set_by=command.set_by,
        set_at=now,
        note=command.note,
    )


def target_for(targets: list[Targets], day: date, as_of: datetime) -> Targets | None:
    """Returns the targets judging ``day``: the newest version set by ``as_of`` of the shortest
    period that covers the day (a year's target before a five-year plan's)."""
    known: dict[str, Targets] = {}
    for target in targets:
        if target.set_at > as_of or not target.starts_on <= day <= target.ends_on:
            continue
        if target.period not in known or target.version > known[target.period].version:
            known[target.period] = target
    if not known:
        return None
    return min(known.values(), key=lambda t: (t.ends_on - t.starts_on, t.period))
