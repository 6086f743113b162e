"""Generated portfolios: the forcing options do what they say."""

from __future__ import annotations

from datetime import date

from hypothesis import given

from dunningkit import Portfolio
from dunningkit.testing import (
    portfolios,
)

DAY = date(2026, 2, 2)


@given(
    portfolios(today=DAY, only_overdue=True, segment="bad_payer", min_invoices=1, max_customers=3)
)
def test_forcing_options_do_what_they_say(book: Portfolio) -> None:
    assert book.invoices
    for invoice in book.invoices:
        assert invoice.due_date < DAY
        assert book.open_amount(invoice.id, DAY) == invoice.amount
        assert not invoice.is_credit_note
    assert {c.segment for c in book.customers} == {"bad_payer"}


@given(portfolios(disputes=True))
def test_disputes_option(book: Portfolio) -> None:
    assert any(i.status == "disputed" for i in book.invoices)
