"""The headline figures of a book on one day, in one object and one pass over the book.

:class:`_Scan` reads every invoice once and gives what :func:`~._position.position`
and :meth:`~._collection.Collection.collect` give one figure at a time; the property
tests hold the two ways to the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit.analytics._behaviour import disputed, promise_kept_rate
from dunningkit.analytics._collection import Collection
from dunningkit.analytics._common import (
    HUNDRED,
    TENTH,
    ZERO,
    Result,
    check_days,
    fraction,
    rounded,
)
from dunningkit.analytics._dso import cei_of, days_of_sales, delinquent
from dunningkit.analytics._open import NO_PAYMENTS, asked, payments_by_invoice, steady_since
from dunningkit.analytics._position import Position, count_facts
from dunningkit.book._figures import invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment
from dunningkit.model._types import trusted

__all__ = ["Kpis", "kpis"]

_YEAR = 365
_CANCELLED = InvoiceStatus.CANCELLED
_PAID = InvoiceStatus.PAID
_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED
_DISPUTED = InvoiceStatus.DISPUTED
_CREDIT_NOTE = InvoiceKind.CREDIT_NOTE
_PER_CURRENCY = (
    "receivables",
    "overdue",
    "overdue_share",
    "dso",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "collection_rate",
)
_BOOK_WIDE = (
    "promise_kept_rate",
    "dispute_rate",
    "open_invoices",
    "overdue_invoices",
    "customers_overdue",
)


class Kpis(Result):
    """The headline figures of a book on one day; money figures per currency.

    Attributes:
        on: the day.
        days: the window of DSO, CEI and collection rate (``on - days`` to ``on``).
        receivables: open on ``on`` (credit notes netted).
        overdue: the part of it overdue.
        overdue_share: overdue / receivables in percent (0.1).
        dso: days sales outstanding (:func:`dso`).
        best_possible_dso: the same counting only what is not overdue.
        average_days_delinquent: ``dso - best_possible_dso``.
        cei: collection effectiveness index over the window (:func:`cei`).
        collection_rate: :func:`collection_rate` over the window.
        promise_kept_rate: :func:`promise_kept_rate` over the last 365 days.
        dispute_rate: :func:`dispute_rate` over the last 365 days.
        open_invoices: invoices with something open.
        overdue_invoices: those with something overdue.
        customers_overdue: customers with something overdue.
    """

    on: date
    days: int
    receivables: dict[str, Decimal]
    overdue: dict[str, Decimal]
    overdue_share: dict[str, Decimal]
    dso: dict[str, Decimal]
    best_possible_dso: dict[str, Decimal]
    average_days_delinquent: dict[str, Decimal]
    cei: dict[str, Decimal]
    collection_rate: dict[str, Decimal]
    promise_kept_rate: Decimal | None
    dispute_rate: Decimal | None
    open_invoices: int
    overdue_invoices: int
    customers_overdue: int

    def rows(self) -> list[dict[str, Any]]:
        """One row per figure and currency (``figure``, ``currency``, ``value``), for tables."""
        rows: list[dict[str, Any]] = []
        for name in _PER_CURRENCY:
            values: dict[str, Decimal] = getattr(self, name)
            rows.extend(
                {"figure": name, "currency": c, "value": v} for c, v in sorted(values.items())
            )
        rows.extend(
            {"figure": name, "currency": "", "value": getattr(self, name)} for name in _BOOK_WIDE
        )
        return rows


def kpis(portfolio: Portfolio, on: date, *, days: int = 90) -> Kpis:
    """The headline figures as of ``on`` in one object.

    DSO, CEI and collection rate use the ``days`` days ending on ``on``; the promise
    and dispute rates the last 365 days.
    """
    check_days(days)
    scan = _Scan(on - timedelta(days=days), on)
    scan.run(portfolio)
    now = scan.now
    ratios = days_of_sales(now.total, now.sales, days)
    best = days_of_sales(now.current, now.sales, days)
    overdue = now.overdue()
    return trusted(
        Kpis,
        on=on,
        days=days,
        receivables=dict(sorted(now.total.items())),
        overdue=overdue,
        overdue_share={
            c: rounded(overdue[c] / total * HUNDRED, TENTH)
            for c, total in sorted(now.total.items())
            if total > 0
        },
        dso=ratios,
        best_possible_dso=best,
        average_days_delinquent=delinquent(ratios, best),
        cei=cei_of(scan.before, now),
        collection_rate=scan.collection.rates(),
        promise_kept_rate=promise_kept_rate(portfolio, on),
        dispute_rate=fraction(now.disputes[1], now.disputes[0]),
        open_invoices=now.open_invoices,
        overdue_invoices=now.overdue_invoices,
        customers_overdue=now.customers_overdue,
    )


class _Scan:
    """One pass over the invoices for :func:`kpis`: the position on ``on`` (sales of
    ``start < issue <= on``), the receivables on ``start``, and the collection of
    ``start..on``.

    Invoices that need the general path (payment plans, a status that changed within
    the period) go through :func:`count_facts` and :meth:`Collection.collect`. The usual
    invoice has one status all along, so its open amount on each day is its amount
    minus the payments up to that day, and one walk over its payments gives all three
    days (:meth:`steady`).
    """

    def __init__(self, start: date, on: date) -> None:
        self.start = start
        self.on = on
        self.now = Position()
        self.before = Position()
        self.collection = Collection()
        self.late_customers: set[str] = set()
        self.year_start = on - timedelta(days=_YEAR)
        self.issued_in_year = 0
        self.disputed = 0

    def run(self, portfolio: Portfolio) -> None:
        get = payments_by_invoice(portfolio).get
        start, on, year_start = self.start, self.on, self.year_start
        for invoice in portfolio.invoices:
            issued = invoice.issue_date
            if issued > on:
                continue
            if issued > year_start and invoice.kind is not _CREDIT_NOTE:
                self.issued_in_year += 1  # and was it disputed? (rarely worth a look)
                if invoice.status_history or invoice.status is _DISPUTED:
                    self.disputed += disputed(invoice, on)
            paid = get(invoice.id, NO_PAYMENTS)
            if steady_since(invoice, max(start, issued)):
                self.steady(invoice, paid)
            else:
                self.general(invoice, paid)
        self.now.customers_overdue = len(self.late_customers)
        self.now.disputes = (self.issued_in_year, self.disputed)

    def general(self, invoice: Invoice, paid: Sequence[Payment]) -> None:
        """An invoice with a payment plan or a status that changed: through its facts."""
        start, on = self.start, self.on
        if count_facts(self.now, invoice_facts(invoice, paid, on), on, start):
            self.late_customers.add(invoice.customer_id)
        if invoice.issue_date <= start:
            count_facts(self.before, invoice_facts(invoice, paid, start), start, start)
        self.collection.collect(invoice, paid, start, on)

    def steady(self, invoice: Invoice, paid: Sequence[Payment]) -> None:
        """An invoice with one status all along: one walk over its payments."""
        status = invoice.status
        if status is _CANCELLED:
            return
        start, on = self.start, self.on
        amount = asked(invoice) if status is _PARTIAL else invoice.amount  # a call spared
        currency = invoice.currency
        credit = invoice.kind is _CREDIT_NOTE
        due = invoice.due_date
        if invoice.issue_date > start and not credit:
            sales = self.now.sales
            sales[currency] = sales.get(currency, ZERO) + amount
        if status is _PAID:
            return  # nothing open on any day, nothing left to collect
        paid_on = paid_start = paid_due = ZERO  # by on, by start, by the due date
        for payment in paid:
            day = payment.date
            if day > on:
                break
            paid_on += payment.amount
            if day <= start:
                paid_start += payment.amount
            if day <= due:
                paid_due += payment.amount
        open_on = amount - paid_on
        if open_on > 0:
            self.hold(invoice, open_on)
        else:
            open_on = ZERO
        if invoice.issue_date <= start and amount > paid_start:
            opening = self.before.total
            signed = paid_start - amount if credit else amount - paid_start
            opening[currency] = opening.get(currency, ZERO) + signed
        if credit or due > on:
            return
        due_open = amount - (paid_start if due < start else paid_due)
        if due_open > 0:
            got = due_open - open_on
            self.collection.add(currency, due_open, got if got > 0 else ZERO)

    def hold(self, invoice: Invoice, open_on: Decimal) -> None:
        """Add a steady invoice's open amount on ``on`` to the position."""
        now = self.now
        currency = invoice.currency
        total, current = now.total, now.current
        if invoice.kind is _CREDIT_NOTE:
            total[currency] = total.get(currency, ZERO) - open_on
            current[currency] = current.get(currency, ZERO) - open_on
            return
        total[currency] = total.get(currency, ZERO) + open_on
        now.open_invoices += 1
        if invoice.due_date >= self.on:
            current[currency] = current.get(currency, ZERO) + open_on
        else:
            now.overdue_invoices += 1
            self.late_customers.add(invoice.customer_id)
