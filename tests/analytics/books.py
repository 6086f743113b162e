"""The worked example of docs/analytics.md, shared by the analytics tests."""

from __future__ import annotations

from datetime import date

from dunningkit import Portfolio
from tests.builders import Book

START = date(2026, 2, 14)  # 30 days before TODAY (2026-03-16)


def main_book() -> Portfolio:
    """The worked example of docs/analytics.md."""
    book = Book().customer("C1").customer("C2")
    book.invoice("F1", due=date(2026, 1, 15), issued=date(2025, 12, 1), amount="1000.00")
    book.pay("F1", date(2026, 2, 1), "400.00")
    book.invoice("F2", due=date(2026, 3, 12), issued=date(2026, 2, 10), amount="500.00")
    book.pay("F2", date(2026, 3, 14), "100.00")
    book.invoice("F3", due=date(2026, 3, 31), issued=date(2026, 3, 1), amount="300.00")
    book.invoice("F4", due=date(2025, 11, 1), issued=date(2025, 10, 1), amount="200.00")
    book.invoice(
        "CN1", due=date(2026, 3, 5), issued=date(2026, 3, 5), amount="50.00", kind="credit_note"
    )
    book.invoice(
        "F5", due=date(2026, 3, 1), issued=date(2026, 2, 1), amount="999.00", status="cancelled"
    )
    book.invoice("F6", due=date(2026, 2, 9), issued=date(2026, 1, 10), amount="700.00")
    book.pay("F6", date(2026, 2, 20))
    book.invoice(
        "G1", "C2", due=date(2026, 2, 19), issued=date(2026, 1, 20), amount="800.00", currency="GBP"
    )
    return book.build()
