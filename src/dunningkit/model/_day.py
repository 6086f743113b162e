"""The day a plan is made for, as callers give it: a ``date`` or its ISO text."""

from __future__ import annotations

from datetime import date, datetime

from dunningkit.errors import DayError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "as_day"]

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years a plan may be made for: far enough from the calendar's ends (year 1 and
9999) that every date a plan works out (deadlines, reviews, limitation periods of up
to 30 years) stays a date."""


def as_day(value: object, name: str = "today") -> date:
    """``value`` as a day: a :class:`~datetime.date`, or ``YYYY-MM-DD`` text.

    A :class:`~datetime.datetime` is refused rather than cut to its date: which day it
    means depends on its time zone (23:30 in Paris is already tomorrow in UTC), and
    that choice is the caller's (``moment.date()`` or ``moment.astimezone(tz).date()``).
    """
    if isinstance(value, datetime):
        raise DayError(
            f"{name} is a datetime ({value.isoformat()}); give a date: which day a moment "
            "falls on depends on its time zone, so say it: .date(), or "
            ".astimezone(zone).date()"
        )
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise DayError(f"{name} is {value!r}; expected a date as YYYY-MM-DD") from None
    if not isinstance(value, date):
        raise DayError(f"{name} is a {type(value).__name__}; expected a date or YYYY-MM-DD text")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise DayError(
            f"{name} is {value.isoformat()}, outside the years dunningkit plans "
            f"({FIRST_YEAR}-{LAST_YEAR})"
        )
    return value
