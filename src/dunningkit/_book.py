"""One customer's part of a book: the unit a streaming or distributed planner reads.

Every planning decision reads one customer's records only, except two figures of the
whole book: its revenue over the segmentation window (for the key-account revenue
share) and the day's phone capacity (ranked across customers). A
:class:`CustomerBook` holds one customer's records; :func:`customer_ledger` turns it
into the planner's per-customer view, and :func:`revenue_part` gives its share of the
book's revenue, so that the revenue is a sum over customers (a first pass, or a
reduction on a cluster).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from dunningkit._customer import Customer
from dunningkit._history import DunningEvent
from dunningkit._invoice import Invoice, InvoiceStatus
from dunningkit._ledger import CustomerLedger, build_ledger
from dunningkit._payment import Payment, PaymentPromise
from dunningkit._portfolio import Portfolio, cross_check
from dunningkit._profile import WINDOW_DAYS, BookRevenue
from dunningkit._types import MODEL_CONFIG
from dunningkit.errors import Problem

__all__ = ["CustomerBook", "RevenuePart", "customer_ledger", "revenue_part"]

_ZERO = Decimal(0)
_NOT_REVENUE = frozenset({InvoiceStatus.CANCELLED, InvoiceStatus.REJECTED})


class CustomerBook(BaseModel):
    """One customer with its invoices, payments, promises and dunning events.

    The records are those a :class:`~dunningkit.Portfolio` holds for this customer
    (payments are those on its invoices); :meth:`problems` checks them against each
    other as a portfolio would. Build it from plain data like any model:
    ``CustomerBook.model_validate({"customer": {...}, "invoices": [...]})``.
    """

    model_config = MODEL_CONFIG

    customer: Customer
    invoices: tuple[Invoice, ...] = ()
    payments: tuple[Payment, ...] = ()
    promises: tuple[PaymentPromise, ...] = ()
    events: tuple[DunningEvent, ...] = ()

    @property
    def id(self) -> str:
        """The customer's id."""
        return self.customer.id

    @property
    def records(self) -> int:
        """How many records the book holds (the customer counts as one)."""
        return 1 + len(self.invoices) + len(self.payments) + len(self.promises) + len(self.events)

    def problems(self) -> list[Problem]:
        """Every problem between the records, as :class:`~dunningkit.Portfolio` finds them.

        Ids are checked for uniqueness within the customer only: a stream does not
        remember other customers' ids.
        """
        return cross_check(
            (self.customer,), self.invoices, self.payments, self.promises, self.events
        )

    @classmethod
    def split(cls, portfolio: Portfolio) -> Iterator[CustomerBook]:
        """A portfolio cut into customer books, in customer-id order."""
        return books_of(portfolio)

    def sections(self) -> dict[str, tuple[Any, ...]]:
        """The records as portfolio sections (``customers``, ``invoices``...)."""
        return {
            "customers": (self.customer,),
            "invoices": self.invoices,
            "payments": self.payments,
            "promises": self.promises,
            "events": self.events,
        }


def books_of(portfolio: Portfolio) -> Iterator[CustomerBook]:
    """A portfolio cut into customer books, in customer-id order (for tests and dumps)."""
    payments = portfolio.payments_by_invoice()
    for customer in sorted(portfolio.customers, key=lambda c: c.id):
        invoices = tuple(sorted(portfolio.invoices_of(customer.id), key=lambda i: i.id))
        yield CustomerBook.model_construct(
            customer=customer,
            invoices=invoices,
            payments=tuple(p for i in invoices for p in payments.get(i.id, ())),
            promises=tuple(portfolio.promises_of(customer.id)),
            events=tuple(portfolio.events_of(customer.id)),
        )


def customer_ledger(book: CustomerBook) -> CustomerLedger:
    """The planner's view of one customer, built as a portfolio's ledger builds it."""
    # The portfolio's own index sorts the records: one definition of their order.
    portfolio = Portfolio.model_construct(None, **book.sections())
    index = portfolio._index  # noqa: SLF001 - same package, the one definition of the order
    ledger = build_ledger(
        portfolio.customers,
        index.invoices_by_customer,
        index.payments_by_invoice,
        index.promises_by_customer,
        index.events_by_customer,
    )
    return ledger.customers[0]


@dataclass(slots=True)
class RevenuePart:
    """Revenue and invoice counts per currency over the segmentation window: summed
    over every customer, they give the book's revenue."""

    revenue: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, other: RevenuePart) -> RevenuePart:
        """Add ``other`` into this part (returned, for reductions)."""
        for currency, amount in other.revenue.items():
            self.revenue[currency] = self.revenue.get(currency, _ZERO) + amount
        for currency, count in other.counts.items():
            self.counts[currency] = self.counts.get(currency, 0) + count
        return self

    def book_revenue(self, reference_currency: str | None) -> BookRevenue:
        """The book's revenue as the planner reads it (see ``book_revenue``)."""
        counts = self.counts
        if reference_currency is None and counts:
            reference_currency = min(counts, key=lambda c: (-counts[c], c))
        total = self.revenue.get(reference_currency, _ZERO) if reference_currency else _ZERO
        return BookRevenue(total, reference_currency)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (amounts as text), to carry between processes or files."""
        return {
            "revenue": {c: str(a) for c, a in self.revenue.items()},
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RevenuePart:
        """The part :meth:`to_dict` wrote."""
        return cls(
            {c: Decimal(a) for c, a in data.get("revenue", {}).items()},
            {c: int(n) for c, n in data.get("counts", {}).items()},
        )


def revenue_part(entry: CustomerLedger, as_of: date) -> RevenuePart:
    """One customer's share of the book's revenue in the window ending on ``as_of``.

    The same definition as the in-memory planner's (``book_revenue``): documents
    issued in the window, credit notes negative, cancelled and rejected ones left out,
    each as known on ``as_of``.
    """
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    part = RevenuePart()
    revenue, counts = part.revenue, part.counts
    for row in entry.rows:
        if not start <= row.issue <= as_of:
            continue
        counts[row.currency] = counts.get(row.currency, 0) + 1
        f = row.facts_on(as_of)
        if f.status not in _NOT_REVENUE:
            revenue[row.currency] = revenue.get(row.currency, _ZERO) + (
                -f.amount if f.credit else f.amount
            )
    return part
