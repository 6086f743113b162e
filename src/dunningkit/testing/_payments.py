"""Payments on an invoice: dated after its issue, in its currency, never above it."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment
from dunningkit.model._types import currency_places
from dunningkit.testing._values import amounts, check_range

__all__ = ["payments"]


def payments(
    invoice: Invoice, *, ids: st.SearchStrategy[str] | None = None, max_count: int = 3
) -> st.SearchStrategy[list[Payment]]:
    """Payments on ``invoice``: dated after issue, in its currency, never above its amount."""
    check_range("min_count", 0, "max_count", max_count)

    return _payments(invoice, ids, max_count)


@st.composite
def _payments(
    draw: st.DrawFn, invoice: Invoice, ids: st.SearchStrategy[str] | None, max_count: int
) -> list[Payment]:
    count = draw(st.integers(0, max_count))
    remaining = invoice.amount
    result = []
    for n in range(count):
        if remaining <= 0:
            break
        amount = draw(amounts(max_value=remaining, places=currency_places(invoice.currency)))
        remaining -= amount
        suffix = draw(ids) if ids is not None else str(n)
        result.append(
            Payment(
                id=f"P-{invoice.id}-{suffix}",
                invoice_id=invoice.id,
                date=invoice.issue_date + timedelta(days=draw(st.integers(0, 120))),
                amount=amount,
                currency=invoice.currency,
            )
        )
    return result
