"""Positions: the one-pass walk over many days gives each day's position."""

from __future__ import annotations

from datetime import date, timedelta

from dunningkit.analytics._position import position, positions
from tests.analytics.books import main_book
from tests.builders import TODAY


def test_positions_in_one_pass_equal_the_position_of_each_day() -> None:
    book = main_book()
    days = [date(2025, 10, 1) + timedelta(days=n * 17) for n in range(11)]
    assert days[-1] <= TODAY + timedelta(days=30)
    for window in (1, 30, 90):
        for day, walked in zip(days, positions(book, days, window), strict=True):
            alone = position(book, day, window)
            assert walked.total == alone.total, day
            assert walked.current == alone.current, day
            assert walked.sales == alone.sales, day
            assert walked.overdue() == alone.overdue()


def test_a_position_counts_open_and_overdue_invoices_and_late_customers() -> None:
    found = position(main_book(), TODAY, 90)
    # F1, F2, F4 and G1 overdue; F3 not yet due; CN1 a credit note, not counted.
    assert (found.open_invoices, found.overdue_invoices, found.customers_overdue) == (5, 4, 2)
