"""Consistent portfolios: every reference resolves, payments use their invoice's
currency and never exceed it, payments and events come after the issue date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

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
    sizes = _Sizes(min_customers, max_customers, min_invoices, max_invoices)
    if only_overdue and today is None:
        raise InvalidArgument("only_overdue=True needs today= (overdue as of which day?)")
    if disputes and max_invoices == 0:
        raise InvalidArgument("disputes=True needs max_invoices >= 1")
    if only_overdue:
        statuses = [s for s in statuses if s in OPEN_STATUSES] or list(OPEN_STATUSES)
        credit_notes = with_payments = False
    draws = _Draws(holds, kinds, currencies, statuses, credit_notes, today or EPOCH, spread_days)
    history = _History(with_payments, with_events, with_promises)
    overdue_on = today if only_overdue else None
    return _book(sizes, draws, history, segment, overdue_on, disputes=disputes)


@dataclass(frozen=True, slots=True)
class _Sizes:
    """How many customers, and invoices per customer, a portfolio has."""

    min_customers: int
    max_customers: int
    min_invoices: int
    max_invoices: int

    def __post_init__(self) -> None:
        check_range("min_customers", self.min_customers, "max_customers", self.max_customers)
        check_range("min_invoices", self.min_invoices, "max_invoices", self.max_invoices)


@dataclass(slots=True)
class _Draws:
    """The customer and invoice strategies of one :func:`portfolios` call, built once
    per id and reused by every draw (see the invoices' module for why)."""

    holds: bool
    kinds: Sequence[CustomerKind]
    currencies: Sequence[str]
    statuses: Sequence[InvoiceStatus]
    credit_notes: bool
    around: date
    spread_days: int
    _customers: dict[int, st.SearchStrategy[Customer]] = field(default_factory=dict)
    _invoices: dict[tuple[str, int], st.SearchStrategy[Invoice]] = field(default_factory=dict)

    def customer(self, n: int) -> st.SearchStrategy[Customer]:
        if n not in self._customers:
            self._customers[n] = customers(
                ids=st.just(f"C{n:03d}"), holds=self.holds, kinds=self.kinds
            )
        return self._customers[n]

    def invoice(self, customer_id: str, m: int) -> st.SearchStrategy[Invoice]:
        key = (customer_id, m)
        if key not in self._invoices:
            self._invoices[key] = invoices(
                customer_id=customer_id,
                ids=st.just(f"{customer_id}-F{m:02d}"),
                currencies=self.currencies,
                statuses=self.statuses,
                credit_notes=self.credit_notes,
                around=self.around,
                spread_days=self.spread_days,
            )
        return self._invoices[key]


@st.composite
def _book(
    draw: st.DrawFn,
    sizes: _Sizes,
    draws: _Draws,
    history: _History,
    segment: str | None,
    overdue_on: date | None,
    *,
    disputes: bool,
) -> Portfolio:
    count = draw(st.integers(sizes.min_customers, sizes.max_customers))
    people = [draw(draws.customer(n)) for n in range(count)]
    if segment is not None:
        people = [p.model_copy(update={"segment": segment}) for p in people]
    min_each = max(sizes.min_invoices, 1) if disputes else sizes.min_invoices
    records = _Records()
    for customer in people:
        for m in range(draw(st.integers(min_each, sizes.max_invoices))):
            invoice = draw(draws.invoice(customer.id, m))
            if overdue_on is not None:
                invoice = overdue(invoice, overdue_on, draw(st.integers(1, 120)))
            records.add(draw, invoice, history)
    if disputes:
        records.dispute_one(draw)
    return records.portfolio(people)


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
