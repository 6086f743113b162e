"""Consistent portfolios: every reference resolves, payments use their invoice's
currency and never exceed it, payments and events come after the issue date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.book._portfolio import Portfolio
from dunningkit.model._customer import Customer, CustomerKind
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Invoice, InvoiceStatus
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.testing._customers import customers
from dunningkit.testing._history import draw_event, draw_promise
from dunningkit.testing._invoices import OPEN_STATUSES, invoices, overdue
from dunningkit.testing._payments import payments
from dunningkit.testing._values import EPOCH, check_range

__all__ = ["portfolios"]


def portfolios(
    *,
    min_customers: int = 1,
    max_customers: int = 4,
    max_invoices: int = 4,
    currencies: Sequence[str] = ("EUR",),
    statuses: Sequence[InvoiceStatus] = tuple(InvoiceStatus),
    credit_notes: bool = True,
    with_payments: bool = True,
    with_promises: bool = True,
    with_events: bool = True,
    holds: bool = True,
    today: date | None = None,
    only_overdue: bool = False,
    segment: str | None = None,
    disputes: bool = False,
    min_invoices: int = 0,
    kinds: Sequence[CustomerKind] = tuple(CustomerKind),
    spread_days: int = 400,
) -> st.SearchStrategy[Portfolio]:
    """Consistent portfolios whose size is bounded by the arguments.

    ``min_invoices``/``max_invoices`` bound the invoices of each customer. Options
    force what a test needs:

    * ``only_overdue=True``: every invoice is issued and due before ``today`` (required
      then), unpaid and not credited (payments, credit notes and statuses other
      than issued/received/accepted are left out);
    * ``segment="bad_payer"``: every customer carries that manual segment;
    * ``disputes=True``: at least one invoice is disputed;
    * ``kinds=[CustomerKind.PUBLIC_BODY]``: only customers of those kinds;
    * ``spread_days=30``: invoices issued within 30 days of ``today`` (default
      2026-01-01), so that a simulation over a few months meets their due dates.

    Shrinks towards one customer with one unpaid invoice and no history.
    """
    check_range("min_customers", min_customers, "max_customers", max_customers)
    check_range("min_invoices", min_invoices, "max_invoices", max_invoices)
    if only_overdue and today is None:
        raise InvalidArgument("only_overdue=True needs today= (overdue as of which day?)")
    if disputes and max_invoices == 0:
        raise InvalidArgument("disputes=True needs max_invoices >= 1")
    if only_overdue:
        statuses = [s for s in statuses if s in OPEN_STATUSES] or list(OPEN_STATUSES)
        credit_notes = with_payments = False

    # Built once per id and reused by every draw (see the invoices' module for why).
    @cache
    def customer_strategy(n: int) -> st.SearchStrategy[Customer]:
        return customers(ids=st.just(f"C{n:03d}"), holds=holds, kinds=kinds)

    @cache
    def invoice_strategy(customer_id: str, m: int) -> st.SearchStrategy[Invoice]:
        return invoices(
            customer_id=customer_id,
            ids=st.just(f"{customer_id}-F{m:02d}"),
            currencies=currencies,
            statuses=statuses,
            credit_notes=credit_notes,
            around=today or EPOCH,
            spread_days=spread_days,
        )

    history = _History(with_payments, with_events, with_promises)

    @st.composite
    def build(draw: st.DrawFn) -> Portfolio:
        count = draw(st.integers(min_customers, max_customers))
        people = [draw(customer_strategy(n)) for n in range(count)]
        if segment is not None:
            people = [p.model_copy(update={"segment": segment}) for p in people]
        min_each = max(min_invoices, 1) if disputes else min_invoices
        records = _Records()
        for customer in people:
            for m in range(draw(st.integers(min_each, max_invoices))):
                invoice = draw(invoice_strategy(customer.id, m))
                if only_overdue and today is not None:
                    invoice = overdue(invoice, today, draw(st.integers(1, 120)))
                records.add(draw, invoice, history)
        if disputes:
            records.dispute_one(draw)
        return records.portfolio(people)

    return build()


@dataclass(frozen=True, slots=True)
class _History:
    """Which records a portfolio draws beside each invoice."""

    payments: bool
    events: bool
    promises: bool


@dataclass(slots=True)
class _Records:
    """A portfolio's records while they are drawn, customer after customer."""

    invoices: list[Invoice] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    promises: list[PaymentPromise] = field(default_factory=list)
    events: list[DunningEvent] = field(default_factory=list)

    def add(self, draw: st.DrawFn, invoice: Invoice, history: _History) -> None:
        """An invoice, and the payments, event and promise drawn for it."""
        self.invoices.append(invoice)
        if history.payments:
            self.payments.extend(draw(payments(invoice)))
        if history.events and draw(st.booleans()):
            self.events.append(draw_event(draw, invoice))
        if history.promises and draw(st.integers(0, 5)) == 0:
            self.promises.append(draw_promise(draw, invoice))

    def dispute_one(self, draw: st.DrawFn) -> None:
        """At least one invoice disputed."""
        if not self.invoices or any(i.status is InvoiceStatus.DISPUTED for i in self.invoices):
            return
        index = draw(st.integers(0, len(self.invoices) - 1))
        self.invoices[index] = self.invoices[index].model_copy(
            update={"status": InvoiceStatus.DISPUTED, "accepted_amount": None}
        )

    def portfolio(self, people: Sequence[Customer]) -> Portfolio:
        return Portfolio(
            customers=people,
            invoices=self.invoices,
            payments=self.payments,
            promises=self.promises,
            events=self.events,
        )
