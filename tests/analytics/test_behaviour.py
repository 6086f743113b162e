"""Promises kept, invoices disputed and days to pay, computed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dunningkit import (
    days_to_pay,
    dispute_rate,
    promise_kept_rate,
)
from tests.builders import TODAY, Book

D = Decimal


def test_promise_kept_rate_by_hand() -> None:
    book = (
        Book()
        .customer("C1")
        .customer("C2")
        .customer("C3")
        .invoice("A", "C1", due=date(2026, 1, 31))
        .pay("A", date(2026, 2, 10))
        .promise("C1", ["A"], date(2026, 2, 1), date(2026, 2, 10))  # kept, on the day
        .invoice("B", "C2", due=date(2026, 1, 31))
        .pay("B", date(2026, 2, 11))
        .promise("C2", ["B"], date(2026, 2, 1), date(2026, 2, 10))  # broken by a day
        .invoice("C", "C3", due=date(2026, 1, 31))
        .promise("C3", [], date(2026, 2, 1), date(2026, 3, 1))  # all of C3's: broken
        .promise("C3", [], date(2026, 3, 10), date(2026, 3, 20))  # deadline not reached
        .build()
    )
    # The policy's 2-day grace, as the payer profile counts: B, a day late, is kept.
    assert promise_kept_rate(book, TODAY) == D("0.667")
    assert promise_kept_rate(book, TODAY, grace_days=0) == D("0.333")  # B broken by a day
    assert promise_kept_rate(book, date(2026, 1, 1)) is None


def test_dispute_rate_by_hand() -> None:
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY, status="disputed")
        .invoice(
            "B",
            due=TODAY,
            status="accepted",
            status_date=TODAY - timedelta(days=3),
            status_history=[{"date": TODAY - timedelta(days=10), "status": "disputed"}],
        )
        .invoice("C", due=TODAY)
        .invoice("D", due=TODAY)
        .invoice("OLD", due=TODAY - timedelta(days=400), status="disputed")
        .build()
    )
    assert dispute_rate(book, TODAY) == D("0.500")  # A and B of the 4 issued in a year
    assert dispute_rate(book, TODAY - timedelta(days=100)) == D("1.000")  # only OLD, then


def test_days_to_pay_by_hand() -> None:
    book = Book().customer("G", segment="good_payer").customer("B", segment="bad_payer")
    for n, days in enumerate([10, 20, 30, 40]):
        issued = TODAY - timedelta(days=100)
        book.invoice(f"G{n}", "G", issued=issued, due=issued + timedelta(days=30))
        book.pay(f"G{n}", issued + timedelta(days=days))
    book.invoice("B0", "B", issued=TODAY - timedelta(days=90), due=TODAY - timedelta(days=60))
    book.pay("B0", TODAY - timedelta(days=5))
    book.invoice("B1", "B", issued=TODAY - timedelta(days=90), due=TODAY - timedelta(days=60))
    found = {d.segment: d for d in days_to_pay(book.build(), TODAY)}
    good = found["good_payer"]
    assert (good.invoices, good.mean, good.median, good.p25, good.p75, good.p90, good.max) == (
        4,
        D("25.0"),
        D("25.0"),
        10,
        30,
        40,
        40,
    )
    assert good.late == 1
    bad = found["bad_payer"]
    assert (bad.invoices, bad.median, bad.late) == (1, D("85.0"), 1)
