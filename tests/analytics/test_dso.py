"""DSO, best possible DSO, days delinquent and CEI, computed by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dunningkit import (
    AnalyticsError,
    average_days_delinquent,
    best_possible_dso,
    cei,
    dso,
)
from tests.analytics.books import START, main_book
from tests.builders import TODAY, Book

D = Decimal


def test_dso_over_90_days() -> None:
    # Sales issued 2025-12-17..2026-03-16: F2 500 + F3 300 + F6 700 = 1500 (F5 cancelled,
    # F1 issued before, CN1 a credit note); receivables 1450: 1450 / 1500 x 90 = 87.0.
    # GBP: 800 / 800 x 90.
    assert dso(main_book(), TODAY) == {"EUR": D("87.0"), "GBP": D("90.0")}
    assert best_possible_dso(main_book(), TODAY) == {"EUR": D("15.0"), "GBP": D("0.0")}
    assert average_days_delinquent(main_book(), TODAY) == {"EUR": D("72.0"), "GBP": D("90.0")}


def test_dso_rounds_half_up_to_a_tenth() -> None:
    # 60 days: sales F2 500 + F3 300 = 800 (F6 issued 2026-01-10 is out of the window).
    # 1450 x 60 / 800 = 108.75 -> 108.8; 250 x 60 / 800 = 18.75 -> 18.8.
    book = main_book()
    assert dso(book, TODAY, days=60)["EUR"] == D("108.8")
    assert best_possible_dso(book, TODAY, days=60)["EUR"] == D("18.8")
    assert average_days_delinquent(book, TODAY, days=60)["EUR"] == D("90.0")


def test_dso_leaves_out_currencies_without_sales() -> None:
    # Nothing issued in the last 7 days but the credit note: no DSO at all.
    assert dso(main_book(), TODAY, days=7) == {}
    with pytest.raises(AnalyticsError, match="at least one day"):
        dso(main_book(), TODAY, days=0)


def test_cei_by_hand() -> None:
    # R(start) = F1 600 + F4 200 + F2 500 + F6 700 = 2000; S = F3 300;
    # R(end) = 1450; Rcur(end) = 250. (2000 + 300 - 1450) / (2000 + 300 - 250) = 41.46%.
    # In GBP nothing was collected of 800 collectable: 0%.
    assert cei(main_book(), START, TODAY) == {"EUR": D("41.5"), "GBP": D("0.0")}
    with pytest.raises(AnalyticsError, match="ends"):
        cei(main_book(), TODAY, START)


def test_cei_is_100_when_everything_due_is_paid() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY - timedelta(days=5), issued=TODAY - timedelta(days=40))
        .pay("A", TODAY - timedelta(days=2))
        .build()
    )
    assert cei(book, START, TODAY) == {"EUR": D("100.0")}
