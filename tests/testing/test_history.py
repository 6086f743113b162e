"""Generated history: events and promises come after the invoice they are about."""

from __future__ import annotations

from hypothesis import given

from dunningkit import Portfolio
from dunningkit.testing import portfolios


@given(portfolios(max_customers=3, max_invoices=3))
def test_events_and_promises_follow_their_invoice(book: Portfolio) -> None:
    for event in book.events:
        (invoice_id,) = event.invoice_ids
        invoice = book.invoice(invoice_id)
        assert event.customer_id == invoice.customer_id
        assert event.date >= invoice.issue_date
    for promise in book.promises:
        (invoice_id,) = promise.invoice_ids
        invoice = book.invoice(invoice_id)
        assert promise.made_on >= invoice.due_date
        assert promise.pay_by >= promise.made_on
