"""Business days: when a reminder may go out and a payment deadline may fall.

Public holidays come from the ``holidays`` package (a core dependency): it computes
each year's days from rules (Easter, "first Monday of May", substitute days), with no
table to keep up to date and no network, so the calendar stays pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import cached_property, lru_cache, partial
from typing import Annotated, Any, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from dunningkit._support._plugins import load_plugin
from dunningkit.errors import PolicyError
from dunningkit.model._types import MODEL_CONFIG, CachedModel

__all__ = ["BusinessCalendar", "CalendarByCreditor", "with_creditor_holidays"]


class BusinessCalendar(CachedModel):
    """Weekends and public holidays.

    Attributes:
        weekend: ISO weekday numbers that are not business days (6 Saturday, 7 Sunday).
        holidays: non-business days listed by hand.
        country: a country (``FR``, ``DE``...) whose public holidays are not business
            days (computed by the ``holidays`` package). A calendar that names no
            country, lists no holidays and names no plugin takes the public holidays
            of the policy's creditor's country (``Policy.creditor.country``).
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

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and not _has_holidays(value, None):
            raise ValueError(
                f"the holidays package knows no public holidays for {value!r}: give an "
                "ISO 3166 country code (FR, DE, GB...)"
            )
        return value

    @field_validator("subdivision")
    @classmethod
    def _known_region(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is not None and country is not None and not _has_holidays(country, value):
            raise ValueError(f"{value!r} is not a region of {country} the holidays package knows")
        return value

    @cached_property
    def _sources(self) -> list[Callable[[int], set[date]]]:
        sources: list[Callable[[int], set[date]]] = []
        if self.country is not None:  # a partial, not a closure: a policy is pickled
            sources.append(partial(_public_holidays, self.country, self.subdivision))
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
        # This calendar's holidays by year, computed once each (the country is fixed).
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


def _country_holidays() -> Callable[..., Any]:
    """``holidays.country_holidays``, imported when a calendar first needs a country's
    days: a book planned without public holidays does not pay its import at start."""
    import holidays  # noqa: PLC0415 - see above

    return holidays.country_holidays


def _public_holidays(country: str, subdivision: str | None, year: int) -> set[date]:
    """The public holidays of ``country`` (its ``subdivision``) in ``year``."""
    return set(_country_holidays()(country, subdiv=subdivision, years=year))


@lru_cache(maxsize=256)
def _has_holidays(country: str, subdivision: str | None) -> bool:
    """Whether the ``holidays`` package knows ``country`` (and that subdivision of it)."""
    try:
        _country_holidays()(country, subdiv=subdivision)
    except NotImplementedError:
        return False
    return True


def with_creditor_holidays(calendar: BusinessCalendar, country: str | None) -> BusinessCalendar:
    """The calendar a policy plans with: ``calendar``, with its creditor's public holidays
    when it names none of its own.

    One rule, read by every date the planner computes (the day reminders go out, the
    pay-by day of "pay within N days", the next call day): a calendar that names a
    ``country`` or a ``plugin`` is taken as written; else the public holidays of the
    creditor's ``country`` (in the calendar's ``subdivision``, if given) are not business
    days, and the days the calendar lists (the company's own closing days) are added to
    them; no creditor country (or one the ``holidays`` package does not know): the
    listed days and weekends only.
    """
    named = calendar.country is not None or calendar.plugin is not None
    if named or country is None or not _has_holidays(country, None):
        return calendar
    if not _has_holidays(country, calendar.subdivision):
        raise PolicyError(
            f"{calendar.subdivision!r} is not a region of the creditor's country {country} "
            "(name the calendar's country too)",
            key="calendar.subdivision",
        )
    return calendar.model_copy(update={"country": country})


class CalendarByCreditor(CachedModel):
    """The base of a model with a ``calendar`` and a ``creditor`` (the policy): its
    ``calendar`` is the one it plans with (:func:`with_creditor_holidays`), however the
    model is made: validated, or copied with ``model_copy(update=...)`` (a new creditor
    brings its country's holidays to a calendar left to it). The calendar as written is
    kept, for copies."""

    _calendar_given: BusinessCalendar | None = None

    @model_validator(mode="after")
    def _creditor_holidays(self) -> Self:
        return self._plans_with(self.__dict__["calendar"])

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with derived values recomputed on first use and the calendar of its
        creditor."""
        given = (update or {}).get("calendar", self._calendar_given or self.__dict__["calendar"])
        copied = super().model_copy(update=update, deep=deep)
        return copied._plans_with(given)  # noqa: SLF001 - a method of this class

    def _plans_with(self, given: BusinessCalendar) -> Self:
        # Fields are set once, here, on a model being made (frozen afterwards).
        self._calendar_given = given
        country = self.__dict__["creditor"].country
        self.__dict__["calendar"] = with_creditor_holidays(given, country)
        return self
