"""The day a plan is made for: a date or its ISO text; a datetime refused, saying why."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dunningkit import explain, next_actions
from dunningkit.errors import DayError, DunningkitError
from dunningkit.model._day import as_day
from tests.builders import TODAY, Book, d


def test_a_date_or_its_iso_text() -> None:
    assert as_day(TODAY) == TODAY
    assert as_day(TODAY.isoformat()) == TODAY
    assert as_day(" 2026-03-16 ") == date(2026, 3, 16)


@pytest.mark.parametrize("value", ["16/03/2026", "2026-02-30", "", "tomorrow"])
def test_other_text_is_refused(value: str) -> None:
    with pytest.raises(DayError, match="YYYY-MM-DD"):
        as_day(value)


@pytest.mark.parametrize("value", [date(9999, 12, 31), date(1, 1, 1), "3000-01-01", "1899-12-31"])
def test_days_at_the_calendar_edges_are_refused(value: object) -> None:
    with pytest.raises(DayError, match="outside the years"):
        as_day(value)


def test_a_datetime_is_refused_with_the_reason() -> None:
    with pytest.raises(DayError, match="time zone") as refused:
        as_day(datetime(2026, 3, 16, 23, 30, tzinfo=UTC))
    assert isinstance(refused.value, DunningkitError)
    assert isinstance(refused.value, TypeError)
    with pytest.raises(DayError, match="int"):
        as_day(20260316)


def test_next_actions_and_explain_take_the_iso_text() -> None:
    portfolio = Book().customer("C1").invoice("F1", "C1", due=d(-20)).build()
    text = TODAY.isoformat()
    assert next_actions(portfolio, text) == next_actions(portfolio, TODAY)  # type: ignore[arg-type]
    assert explain(portfolio, text, "C1") == explain(portfolio, TODAY, "C1")  # type: ignore[arg-type]
    with pytest.raises(DayError, match="datetime"):
        next_actions(portfolio, datetime(2026, 3, 16, 9, 0))  # type: ignore[arg-type]
    with pytest.raises(DayError, match="datetime"):
        explain(portfolio, datetime(2026, 3, 16, 9, 0), "C1")  # type: ignore[arg-type]
