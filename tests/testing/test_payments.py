"""Generated payments: in the invoice's currency, after its issue, never above it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Invoice
from dunningkit.testing import invoices, payments


@given(st.data(), invoices(currencies=("EUR", "JPY")))
def test_payments_fit_their_invoice(data: st.DataObject, invoice: Invoice) -> None:
    found = data.draw(payments(invoice))
    assert sum(p.amount for p in found) <= invoice.amount
    for payment in found:
        assert payment.currency == invoice.currency
        assert payment.date >= invoice.issue_date
        assert payment.invoice_id == invoice.id
