"""One definition of "open on a day" (see docs/analytics.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import (
    aging,
    open_parts,
)
from tests.analytics.books import main_book
from tests.builders import TODAY, Book

D = Decimal


def test_instalments_age_from_their_own_due_dates() -> None:
    book = (
        Book()
        .customer()
        .invoice(
            "I1",
            due=date(2026, 3, 31),
            issued=date(2026, 1, 1),
            amount="900.00",
            installments=[
                {"due_date": "2026-01-31", "amount": "300.00"},
                {"due_date": "2026-02-28", "amount": "300.00"},
                {"due_date": "2026-03-31", "amount": "300.00"},
            ],
        )
        .pay("I1", date(2026, 2, 5), "400.00")
        .build()
    )
    # 400 paid: the first instalment settled, 100 off the second (200 open, 16 days late).
    invoice = book.invoice("I1")
    assert open_parts(invoice, book.payments_of("I1"), TODAY) == (
        (date(2026, 2, 28), D("200.00")),
        (date(2026, 3, 31), D("300.00")),
    )
    (row,) = aging(book, TODAY).rows
    assert row.not_due == D("300.00")
    assert row.overdue == (D("200.00"), D(0), D(0), D(0))


def test_only_the_accepted_part_is_open() -> None:
    book = (
        Book()
        .customer()
        .invoice(
            "P1",
            due=date(2026, 3, 1),
            amount="1000.00",
            status="partially_accepted",
            accepted_amount="600.00",
        )
        .pay("P1", date(2026, 3, 5), "100.00")
        .build()
    )
    (row,) = aging(book, TODAY).rows
    assert row.total == D("500.00")
    assert book.open_amount("P1", TODAY) == D("500.00")  # one definition, everywhere


def test_open_parts_are_empty_before_issue_and_after_full_payment() -> None:
    book = main_book()
    f6 = book.invoice("F6")
    assert open_parts(f6, book.payments_of("F6"), date(2026, 1, 9)) == ()
    assert open_parts(f6, book.payments_of("F6"), date(2026, 2, 19)) == (
        (date(2026, 2, 9), D("700.00")),
    )
    assert open_parts(f6, book.payments_of("F6"), date(2026, 2, 20)) == ()
    cn1 = book.invoice("CN1")
    assert open_parts(cn1, (), TODAY) == ((date(2026, 3, 5), D("-50.00")),)
