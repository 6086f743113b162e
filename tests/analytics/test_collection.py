"""The collection rate, computed by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dunningkit import (
    collection_rate,
)
from tests.analytics.books import START, main_book
from tests.builders import TODAY, Book

D = Decimal


def test_collection_rate_by_hand() -> None:
    # Overdue on start: F1 600, F4 200, F6 700; fell due in the period: F2 500 (G1 in GBP).
    # Collected by the end: F6 700 + F2 100 = 800 of 2000 -> 40%.
    assert collection_rate(main_book(), START, TODAY) == {"EUR": D("40.0"), "GBP": D("0.0")}


def test_collection_rate_counts_what_fell_due_as_it_stood_on_its_due_date() -> None:
    # Half paid before its due date: only the other half fell due, and it was paid.
    book = (
        Book()
        .customer()
        .invoice("A", due=TODAY - timedelta(days=10), issued=START - timedelta(days=5))
        .pay("A", TODAY - timedelta(days=12), "500.00")
        .pay("A", TODAY - timedelta(days=3), "500.00")
        .build()
    )
    assert collection_rate(book, START, TODAY) == {"EUR": D("100.0")}
