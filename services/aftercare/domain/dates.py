"""Calendar helpers: the programme's local date, and adding months to a date."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")
"""Vietnam's time (UTC+7, no daylight saving): "today" for officers and workers' families."""


def local_date(moment: datetime) -> date:
    """Returns the date in Vietnam at an aware moment."""
    return moment.astimezone(VIETNAM).date()


def add_months(day: date, months: int) -> date:
    """Returns the same day ``months`` later, clamped to the month's end (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
