"""Aging against the worked example of docs/analytics.md."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from dunningkit import (
    AgingRow,
    AnalyticsError,
    aging,
)
from tests.analytics.books import main_book
from tests.builders import TODAY, Book

D = Decimal


def test_aging_puts_each_open_amount_in_its_bucket() -> None:
    result = aging(main_book(), TODAY)
    assert result.rows == [
        # F3 300 not due, CN1 -50 netted there; F2 400 (4 days), F1 600 (60 days),
        # F4 200 (135 days); F5 cancelled and F6 paid count nowhere.
        AgingRow(
            key="all",
            currency="EUR",
            not_due=D("250.00"),
            overdue=(D("400.00"), D("600.00"), D(0), D("200.00")),
            total=D("1450.00"),
        ),
        AgingRow(
            key="all",
            currency="GBP",
            not_due=D(0),
            overdue=(D("800.00"), D(0), D(0), D(0)),
            total=D("800.00"),
        ),
    ]
    assert result.labels == ("not due", "1-30", "31-60", "61-90", "over 90")
    assert result.totals() == {"EUR": D("1450.00"), "GBP": D("800.00")}


def test_aging_by_customer_and_custom_buckets() -> None:
    result = aging(main_book(), TODAY, buckets=(7, 90), by="customer")
    assert [(r.key, r.currency, r.not_due, r.overdue, r.total) for r in result.rows] == [
        ("C1", "EUR", D("250.00"), (D("400.00"), D("600.00"), D("200.00")), D("1450.00")),
        ("C2", "GBP", D(0), (D(0), D("800.00"), D(0)), D("800.00")),
    ]
    assert result.labels == ("not due", "1-7", "8-90", "over 90")


def test_an_amount_due_today_is_not_overdue_and_due_yesterday_is_one_day_late() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY, amount="10.00")
        .invoice("B", due=TODAY - timedelta(days=1), amount="20.00")
        .invoice("C", due=TODAY - timedelta(days=30), amount="30.00")
        .invoice("D", due=TODAY - timedelta(days=31), amount="40.00")
        .build()
    )
    (row,) = aging(book, TODAY).rows
    assert row.not_due == D("10.00")
    assert row.overdue == (D("50.00"), D("40.00"), D(0), D(0))


def test_aging_by_segment_uses_the_planners_classification() -> None:
    book = (
        Book()
        .customer("K", segment="key_account")
        .customer("B", segment="bad_payer")
        .invoice("K1", "K", due=TODAY - timedelta(days=45), amount="100.00")
        .invoice("B1", "B", due=TODAY + timedelta(days=5), amount="70.00")
        .build()
    )
    result = aging(book, TODAY, by="segment")
    assert [(r.key, r.not_due, r.overdue[1]) for r in result.rows] == [
        ("bad_payer", D("70.00"), D(0)),
        ("key_account", D(0), D("100.00")),
    ]


def test_aging_refuses_unknown_grouping_and_bad_buckets() -> None:
    with pytest.raises(AnalyticsError, match="by='country'"):
        aging(main_book(), TODAY, by="country")  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="increasing"):
        aging(main_book(), TODAY, buckets=(60, 30))
    with pytest.raises(ValueError, match="increasing"):  # also a ValueError
        aging(main_book(), TODAY, buckets=())


def test_aging_to_dict_is_json_ready() -> None:
    data = aging(main_book(), TODAY).to_dict()
    assert data["on"] == "2026-03-16"
    assert data["rows"][0]["overdue"] == ["400.00", "600.00", "0", "200.00"]
