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

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from dunningkit.book._cross_check import cross_check
from dunningkit.book._ledger import CustomerLedger, build_ledger
from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import Problem
from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._types import MODEL_CONFIG

__all__ = ["CustomerBook", "books_of", "customer_ledger"]

_ZERO = Decimal(0)


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
        portfolio._invoices,  # noqa: SLF001 - same package
        index.rows_by_customer,
        index.payments_by_invoice,
        index.promises_by_customer,
        index.events_by_customer,
    )
    return ledger.customers[0]
