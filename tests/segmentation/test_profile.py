"""The profile reads the book's figures and its revenue rule, never its own copies."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import Portfolio, payer_profiles
from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._figures import NOT_COUNTED
from dunningkit.book._portfolio import ledger_of
from dunningkit.book._revenue import (
    WINDOW_DAYS,
    BookRevenue,
    RevenuePart,
    book_revenue,
    revenue_amount,
    revenue_part,
)
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.partitioned import revenue_of
from dunningkit.segmentation._profile import customer_facts
from dunningkit.testing import portfolios

TODAY = date(2026, 1, 1)
books = portfolios(max_customers=4, max_invoices=6, spread_days=300, currencies=("EUR", "USD"))
days = st.integers(-200, 400).map(lambda n: TODAY + timedelta(days=n))


@settings(max_examples=40)
@given(books, days, st.sampled_from([None, "EUR", "USD"]))
def test_one_revenue_rule_for_profiles_parts_and_the_book(
    book: Portfolio, on: date, reference: str | None
) -> None:
    ledger = ledger_of(book)
    profiles = payer_profiles(book, on, reference_currency=reference)
    total = RevenuePart()
    books_of = {b.id: b for b in CustomerBook.split(book)}
    for entry in ledger.customers:
        part = revenue_part(entry, on)
        assert profiles[entry.id].revenue_12m == dict(sorted(part.revenue.items()))
        assert revenue_of(books_of[entry.id], on) == part
        total.add(part)
    revenue = book_revenue(ledger, on, reference)
    assert total.book_revenue(reference) == revenue
    for profile in profiles.values():
        assert profile.revenue_share == revenue.share_of(profile.revenue_12m)


def test_what_a_document_counts_for_in_revenue() -> None:
    book = Portfolio.model_validate(
        {
            "customers": [{"id": "C1", "name": "C"}],
            "invoices": [
                {"id": "F1", "customer_id": "C1", "issue_date": "2026-01-02",
                 "due_date": "2026-02-01", "amount": "100", "currency": "EUR"},
                {"id": "A1", "customer_id": "C1", "issue_date": "2026-01-03", "kind": "credit_note",
                 "due_date": "2026-02-01", "amount": "30", "currency": "EUR"},
                {"id": "F2", "customer_id": "C1", "issue_date": "2026-01-04", "status": "cancelled",
                 "due_date": "2026-02-01", "amount": "70", "currency": "EUR"},
                {"id": "F3", "customer_id": "C1", "issue_date": "2025-01-01",
                 "due_date": "2025-02-01", "amount": "500", "currency": "EUR"},
            ],
        }
    )  # fmt: skip
    entry = ledger_of(book).by_id["C1"]
    on = date(2026, 1, 10)
    amounts = {row.id: revenue_amount(row.facts_on(on)) for row in entry.rows}
    assert amounts == {"F1": Decimal(100), "A1": Decimal(-30), "F2": None, "F3": Decimal(500)}
    part = revenue_part(entry, on)  # F3 was issued before the window
    assert part.revenue == {"EUR": Decimal(70)}
    assert part.counts == {"EUR": 3}
    # The window: the 365 days ending on the day, both ends counted.
    assert revenue_part(entry, date(2025, 12, 31)).revenue == {"EUR": Decimal(500)}
    assert revenue_part(entry, date(2026, 1, 1)).revenue == {}
    assert BookRevenue(Decimal(700), "EUR").share_of(part.revenue) == 0.1
    assert BookRevenue(Decimal(0), "EUR").share_of(part.revenue) == 0.0
    assert BookRevenue(Decimal(700), None).share_of(part.revenue) == 0.0


@settings(max_examples=40)
@given(books, days)
def test_the_profile_counts_what_the_book_counts(book: Portfolio, on: date) -> None:
    """Invoices due in the window are those ``InvoiceFacts.counted`` says; late ones are
    those not settled (``InvoiceFacts.settled_on``) by their due date."""
    ledger = ledger_of(book)
    profiles = payer_profiles(book, on)
    start = on - timedelta(days=WINDOW_DAYS - 1)
    for entry in ledger.customers:
        due = [
            f for f in customer_facts(entry, on) if f.counted and start <= f.invoice.due_date <= on
        ]
        late = [f for f in due if f.settled_on is None or f.settled_on > f.invoice.due_date]
        assert profiles[entry.id].invoices_due_12m == len(due)
        assert profiles[entry.id].late_invoices == len(late)


def test_the_statuses_not_counted() -> None:
    assert (
        frozenset(
            {
                InvoiceStatus.CANCELLED,
                InvoiceStatus.REFUSED,
                InvoiceStatus.REJECTED,
                InvoiceStatus.DISPUTED,
                InvoiceStatus.SUSPENDED,
            }
        )
        == NOT_COUNTED
    )
