"""Business days: when a reminder may go out and a payment deadline may fall."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property
from typing import Annotated

from pydantic import Field

from dunningkit._support._optional import require
from dunningkit._support._plugins import load_plugin
from dunningkit.errors import MissingExtraError, PolicyError
from dunningkit.model._types import MODEL_CONFIG, CachedModel

__all__ = ["BusinessCalendar"]


class BusinessCalendar(CachedModel):
    """Weekends and public holidays.

    Attributes:
        weekend: ISO weekday numbers that are not business days (6 Saturday, 7 Sunday).
        holidays: extra non-business days, listed explicitly.
        country: a country (``FR``, ``DE``...) whose public holidays come from the
            ``holidays`` package (the ``holidays`` extra: from a clone,
            ``pip install -e '.[holidays]'``).
        subdivision: a region of that country (``"BY"`` for Bavaria), if needed.
        plugin: the name of a ``dunningkit.calendars`` plugin: a callable taking a
            year and returning that year's holidays.
    """

    model_config = MODEL_CONFIG

    weekend: tuple[Annotated[int, Field(ge=1, le=7)], ...] = Field(default=(6, 7), max_length=6)
    """ISO weekday numbers (1 Monday ... 7 Sunday); at most six: a week keeps a
    business day."""
    holidays: tuple[date, ...] = ()
    country: str | None = None
    subdivision: str | None = None
    plugin: str | None = None

    @cached_property
    def _sources(self) -> list[Callable[[int], set[date]]]:
        sources: list[Callable[[int], set[date]]] = []
        if self.country is not None:
            try:
                holidays = require("holidays", "a calendar of public holidays by country")
            except MissingExtraError as missing:  # a policy's setting: said as one
                raise PolicyError(str(missing), key="calendar.country") from None
            country, subdivision = self.country, self.subdivision

            def by_country(year: int) -> set[date]:
                return set(holidays.country_holidays(country, subdiv=subdivision, years=year))

            sources.append(by_country)
        if self.plugin is not None:
            loaded = load_plugin("dunningkit.calendars", self.plugin)
            if not callable(loaded):
                raise PolicyError(
                    f"calendar plugin {self.plugin!r} is not callable", key="calendar.plugin"
                )
            sources.append(loaded)
        return sources

    @cached_property
    def _years(self) -> dict[int, frozenset[date]]:
        return {}

    def _holidays_of(self, year: int) -> frozenset[date]:
        found = self._years.get(year)
        if found is None:
            days = {d for d in self.holidays if d.year == year}
            for source in self._sources:
                days |= {d for d in source(year) if d.year == year}
            found = self._years[year] = frozenset(days)
        return found

    def is_business_day(self, day: date) -> bool:
        """Neither a weekend day nor a holiday."""
        return day.isoweekday() not in self.weekend and day not in self._holidays_of(day.year)

    def next_business_day(self, day: date) -> date:
        """``day`` itself if it is a business day, else the next one."""
        for _ in range(370):
            if self.is_business_day(day):
                return day
            day += timedelta(days=1)
        raise PolicyError("the calendar has no business day in a whole year", key="calendar")

    def add_business_days(self, day: date, count: int) -> date:
        """The business day ``count`` business days after ``day`` (``count`` >= 0)."""
        day = self.next_business_day(day)
        for _ in range(count):
            day = self.next_business_day(day + timedelta(days=1))
        return day
