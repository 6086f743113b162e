"""A position: the receivables on one day and the credit sales of a window ending then.

DSO, CEI, the trend and the KPIs all read positions. :func:`position` builds one from
every invoice's facts; :func:`positions` builds one per day of a trend in one pass,
taking the usual invoice (one status all along, no payment plan) a quicker way.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.analytics._common import ZERO
from dunningkit.analytics._open import (
    NO_PAYMENTS,
    asked,
    facts_on,
    parts_of,
    payments_by_invoice,
    steady_since,
)
from dunningkit.book._figures import InvoiceFacts, invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment

__all__ = ["Position", "count_facts", "position", "positions"]

_CANCELLED = InvoiceStatus.CANCELLED
_PAID = InvoiceStatus.PAID
_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED
_CREDIT_NOTE = InvoiceKind.CREDIT_NOTE


class Position:
    """Receivables on one day and credit sales of a window ending that day, per currency."""

    __slots__ = (
        "current",
        "customers_overdue",
        "disputes",
        "open_invoices",
        "overdue_invoices",
        "sales",
        "sold",
        "total",
    )

    def __init__(self) -> None:
        self.total: dict[str, Decimal] = {}
        self.current: dict[str, Decimal] = {}  # not yet overdue
        self.sales: dict[str, Decimal] = {}
        self.sold: dict[str, int] = {}  # how many invoices make up ``sales``
        self.open_invoices = 0
        self.overdue_invoices = 0
        self.customers_overdue = 0
        self.disputes = (0, 0)  # invoices issued in the last year, those disputed

    def overdue(self) -> dict[str, Decimal]:
        """Receivables minus those not yet overdue, per currency."""
        return {c: t - self.current.get(c, ZERO) for c, t in sorted(self.total.items())}

    def sell(self, currency: str, amount: Decimal) -> None:
        """Add a credit sale of the window."""
        self.sales[currency] = self.sales.get(currency, ZERO) + amount
        self.sold[currency] = self.sold.get(currency, 0) + 1

    def hold(self, currency: str, amount: Decimal, *, current: bool) -> None:
        """Add an open amount (negative for a credit note); ``current``: not overdue."""
        self.total[currency] = self.total.get(currency, ZERO) + amount
        if current:
            self.current[currency] = self.current.get(currency, ZERO) + amount


def count_facts(found: Position, f: InvoiceFacts, on: date, window_start: date) -> bool:
    """Add one invoice's facts on ``on`` to ``found``; True when something of it is overdue."""
    inv = f.invoice
    currency = inv.currency
    if inv.issue_date > window_start and not f.credit and f.status is not _CANCELLED:
        found.sell(currency, f.amount)
    parts = parts_of(f)
    if not parts:
        return False
    late = False
    for due, amount in parts:
        current = amount < 0 or due >= on
        found.hold(currency, amount, current=current)
        late = late or not current
    if not f.credit:
        found.open_invoices += 1
        found.overdue_invoices += late
    return late and not f.credit


def position(portfolio: Portfolio, on: date, days: int) -> Position:
    """One pass: receivables on ``on`` and the credit sales of ``on - days < issue <= on``."""
    found = Position()
    window_start = on - timedelta(days=days)
    late_customers: set[str] = set()
    for f in facts_on(portfolio, on):
        if count_facts(found, f, on, window_start):
            late_customers.add(f.invoice.customer_id)
    found.customers_overdue = len(late_customers)
    return found


def positions(portfolio: Portfolio, on_days: Sequence[date], days: int) -> list[Position]:
    """:func:`position` on each of ``on_days`` (ascending), in one pass over the invoices.

    The usual invoice keeps one status from its issue date (see
    :func:`~dunningkit.analytics._open.steady_since`) and takes :func:`_walk_steady`;
    the others take the general path, day by day.
    """
    found = [Position() for _ in on_days]
    window = timedelta(days=days)
    first = on_days[0]
    get = payments_by_invoice(portfolio).get
    for invoice in portfolio.invoices:
        issued = invoice.issue_date
        index = bisect.bisect_left(on_days, issued)
        if index == len(on_days):
            continue
        paid = get(invoice.id, NO_PAYMENTS)
        if steady_since(invoice, max(first, issued)):
            _walk_steady(found, on_days, index, invoice, paid, window)
            continue
        for k in range(index, len(on_days)):
            day = on_days[k]
            count_facts(found[k], invoice_facts(invoice, paid, day), day, day - window)
    return found


def _walk_steady(
    found: list[Position],
    on_days: Sequence[date],
    index: int,
    invoice: Invoice,
    paid: Sequence[Payment],
    window: timedelta,
) -> None:
    """Add a steady invoice to the positions of ``on_days[index:]``.

    Its open amount on a day is its amount minus the payments up to then; once nothing
    is open and its issue date has left the sales window it adds nothing to later
    days, so the walk stops there.
    """
    status = invoice.status
    if status is _CANCELLED:
        return
    amount = asked(invoice) if status is _PARTIAL else invoice.amount  # a call spared
    currency = invoice.currency
    credit = invoice.kind is _CREDIT_NOTE
    due = invoice.due_date
    settled = status is _PAID
    issued = invoice.issue_date
    paid_so_far = ZERO
    next_payment = 0
    payments = len(paid)
    for k in range(index, len(on_days)):
        day = on_days[k]
        while next_payment < payments and paid[next_payment].date <= day:
            paid_so_far += paid[next_payment].amount
            next_payment += 1
        open_ = ZERO if settled else amount - paid_so_far
        selling = not credit and issued > day - window
        if open_ <= 0 and not selling:
            break
        position = found[k]
        if selling:
            position.sell(currency, amount)
        if open_ > 0:
            signed = -open_ if credit else open_
            total = position.total
            total[currency] = total.get(currency, ZERO) + signed
            if credit or due >= day:
                current = position.current
                current[currency] = current.get(currency, ZERO) + signed
