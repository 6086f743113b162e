"""The day a plan is made for, as callers give it: a ``date`` or its ISO text."""

from __future__ import annotations

from datetime import date, datetime

from dunningkit.errors import DayError

__all__ = ["as_day"]


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
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise DayError(f"{name} is {value!r}; expected a date as YYYY-MM-DD") from None
    raise DayError(f"{name} is a {type(value).__name__}; expected a date or YYYY-MM-DD text")
