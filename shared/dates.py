"""Dates and instants Homeward can store: a day within a sane calendar, an instant in UTC.

A ``datetime`` becomes a BSON date in UTC: year 9999 with a negative offset, or year 1 with a
positive one, has no UTC datetime at all. A day is turned into instants and moved by days or
months: one at the edge of the calendar overflows. Both are refused where they enter (422 at
the API, the dead-letter topic for an event).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2200, 12, 31)


def representable_in_utc(value: datetime) -> datetime:
    """Returns the instant unchanged; raises ValueError when it has no datetime in UTC."""
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("cannot be represented in UTC (the year leaves 1-9999)") from None
    return value


def within_calendar(value: date) -> date:
    """Returns the day unchanged; raises ValueError when it is outside 1900-01-01..2200-12-31."""
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"must be from {EARLIEST_DAY} to {LATEST_DAY}")
    return value


StorableInstant = Annotated[datetime, AfterValidator(representable_in_utc)]
"""An instant with a UTC datetime, so the store can keep it."""
CalendarDay = Annotated[date, AfterValidator(within_calendar)]
"""A day from 1900-01-01 to 2200-12-31."""
StorableAwareInstant = Annotated[AwareDatetime, AfterValidator(representable_in_utc)]
"""An instant with an offset and a UTC datetime."""
