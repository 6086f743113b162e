"""The collection rate: the share of what was due in a period that got collected.

The base is what was overdue at the start plus what fell due in the period (as it
stood on its due date); collected is the part of it no longer open at the end.
Instalments count one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from dunningkit.analytics._common import HUNDRED, TENTH, ZERO, check_period, rounded
from dunningkit.analytics._open import (
    NO_PAYMENTS,
    Part,
    open_parts,
    parts_of,
    payments_by_invoice,
)
from dunningkit.book._figures import invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._invoice import Invoice, InvoiceStatus
from dunningkit.model._payment import Payment

__all__ = ["Collection", "collection_rate"]


class Collection:
    """The base and the collected amount of a period, per currency."""

    __slots__ = ("base", "collected")

    def __init__(self) -> None:
        self.base: dict[str, Decimal] = {}
        self.collected: dict[str, Decimal] = {}

    def add(self, currency: str, due: Decimal, got: Decimal) -> None:
        """Add an amount that was due, and how much of it got collected."""
        self.base[currency] = self.base.get(currency, ZERO) + due
        self.collected[currency] = self.collected.get(currency, ZERO) + got

    def rates(self) -> dict[str, Decimal]:
        """Collected / base per currency with a base, in percent rounded half-up to 0.1."""
        collected = self.collected
        return {
            currency: rounded(collected.get(currency, ZERO) / amount * HUNDRED, TENTH)
            for currency, amount in sorted(self.base.items())
            if amount
        }

    def collect(self, invoice: Invoice, paid: Sequence[Payment], start: date, end: date) -> None:
        """Add one invoice's part of :func:`collection_rate` (the exact, general path)."""
        if invoice.is_credit_note or invoice.issue_date > end:
            return
        closing = invoice_facts(invoice, paid, end)
        if closing.status is InvoiceStatus.CANCELLED:
            return
        closing_parts = _summed(parts_of(closing))
        for due, amount in _due_parts(invoice, paid, start, end):
            if amount > 0:
                got = min(amount, max(amount - closing_parts.get(due, ZERO), ZERO))
                self.add(invoice.currency, amount, got)


def _summed(parts: Iterable[Part]) -> dict[date, Decimal]:
    found: dict[date, Decimal] = {}
    for due, amount in parts:
        found[due] = found.get(due, ZERO) + amount
    return found


def _due_parts(invoice: Invoice, paid: Sequence[Payment], start: date, end: date) -> list[Part]:
    """What was overdue on ``start``, then each part falling due in the period as it
    stood on its own due date."""
    found = [(d, a) for d, a in _summed(open_parts(invoice, paid, start)).items() if d < start]
    dues = sorted({i.due_date for i in invoice.installments} or {invoice.due_date})
    found.extend(
        (due, _summed(open_parts(invoice, paid, due)).get(due, ZERO))
        for due in dues
        if start <= due <= end
    )
    return found


def collection_rate(portfolio: Portfolio, start: date, end: date) -> dict[str, Decimal]:
    """Share of what was due that got collected, per currency, in percent (0.1).

    The base is, for every invoice that is a receivable on ``end``: what was
    overdue on ``start`` (open then, due before ``start``), plus what fell due in
    ``start <= due_date <= end`` as it stood on its due date. Collected is how much
    of that base is no longer open on ``end``. Instalments count one by one.
    Currencies with nothing due are left out.

    Raises:
        AnalyticsError: ``end`` is not after ``start``.
    """
    check_period(start, end)
    found = Collection()
    payments = payments_by_invoice(portfolio)
    for invoice in portfolio.invoices:
        found.collect(invoice, payments.get(invoice.id, NO_PAYMENTS), start, end)
    return found.rates()
