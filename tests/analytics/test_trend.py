"""The trend of receivables, overdue and DSO, computed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunningkit import (
    AnalyticsError,
    trend,
)
from tests.analytics.books import main_book
from tests.builders import TODAY

D = Decimal


def test_trend_by_hand() -> None:
    points = trend(main_book(), date(2026, 1, 16), TODAY)
    eur = [(p.on, p.receivables, p.overdue, p.dso) for p in points if p.currency == "EUR"]
    # 2026-01-16: F1 1000 (1 day late), F4 200, F6 700 not due; sales F1 + F6 = 1700.
    # 2026-02-16: F1 600, F4 200, F6 700 (7 days late), F2 500 not due; sales F1 + F6 + F2.
    assert eur == [
        (date(2026, 1, 16), D("1900.00"), D("1200.00"), D("100.6")),
        (date(2026, 2, 16), D("2000.00"), D("1500.00"), D("81.8")),
        (date(2026, 3, 16), D("1450.00"), D("1200.00"), D("87.0")),
    ]
    # How many invoices make up each day's sales: F1 + F6, then F1 + F6 + F2.
    assert [p.invoices for p in points if p.currency == "EUR"][:2] == [2, 3]
    with pytest.raises(AnalyticsError, match="every"):
        trend(main_book(), date(2026, 1, 16), TODAY, every="year")


def test_trend_weekly_ends_on_the_last_day() -> None:
    points = trend(main_book(), TODAY - timedelta(days=20), TODAY, every="week")
    assert sorted({p.on for p in points}) == [
        TODAY - timedelta(days=14),
        TODAY - timedelta(days=7),
        TODAY,
    ]
