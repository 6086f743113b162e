"""Payer profiles: how a customer pays, computed from history as of a date.

Every figure only uses what was known on ``as_of``: invoices issued, payments
received, promises made and statuses set on or before that day. Amounts are per
currency, never added across currencies.

Definitions (the window is the 365 days ending on ``as_of``, both ends counted as
``as_of - 364 .. as_of``):

* *counted invoice*: an invoice (not a credit note) that is not cancelled, refused,
  rejected, disputed or suspended as of ``as_of``; its amount is the accepted
  amount when partially accepted.
* *settled on*: the day its payments (dated up to ``as_of``) first cover that
  amount, or the status date of a ``paid`` status without payments.
* *days late*: settled on (or ``as_of`` while open) minus the due date, never
  below zero.
* *due in the window*: counted invoices whose due date lies in the window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, Field

from dunningkit._customer import Customer
from dunningkit._invoice import Invoice, InvoiceStatus
from dunningkit._payment import Payment, PaymentPromise
from dunningkit._portfolio import Portfolio
from dunningkit._types import MODEL_CONFIG

__all__ = ["InvoiceFacts", "PayerProfile", "invoice_facts", "payer_profile", "payer_profiles"]

_ZERO = Decimal(0)
WINDOW_DAYS = 365
RECENT_DAYS = 90
_NOT_COUNTED = frozenset(
    {
        InvoiceStatus.CANCELLED,
        InvoiceStatus.REFUSED,
        InvoiceStatus.REJECTED,
        InvoiceStatus.DISPUTED,
        InvoiceStatus.SUSPENDED,
    }
)


class PayerProfile(BaseModel):
    """How a customer pays, as of a date. Every figure is documented in the module."""

    model_config = MODEL_CONFIG

    customer_id: str
    as_of: date
    invoices_12m: int = Field(description="invoices issued in the window")
    invoices_due_12m: int = Field(description="counted invoices due in the window")
    on_time_ratio: float | None = Field(
        description="share of invoices due in the window settled by their due date; "
        "None without any"
    )
    average_days_late: float = Field(
        description="days late of invoices due in the window, weighted by amount within "
        "each currency, currencies weighted by their number of invoices"
    )
    max_days_late: int = Field(description="largest days late among invoices due in the window")
    late_invoices: int = Field(description="invoices due in the window settled late or still open")
    recent_average_days_late: float | None = Field(
        description="average days late (unweighted) of invoices due in the last 90 days"
    )
    earlier_average_days_late: float | None = Field(
        description="average days late (unweighted) of invoices due earlier in the window"
    )
    open_amount: dict[str, Decimal] = Field(description="open amount per currency, all dates")
    overdue_amount: dict[str, Decimal] = Field(
        description="open amount per currency of invoices past their due date"
    )
    revenue_12m: dict[str, Decimal] = Field(
        description="invoiced minus credited per currency, documents issued in the window"
    )
    revenue_share: float = Field(
        description="share of the portfolio's revenue in the reference currency, 0 to 1"
    )
    seniority_days: int | None = Field(
        description="days since the customer's start date (or first invoice); None if neither"
    )
    disputes_12m: int = Field(
        description="invoices issued in the window that were disputed at some point"
    )
    broken_promises_12m: int = Field(
        description="promises due in the window whose invoices were not paid by pay-by date"
    )
    partial_payments_12m: int = Field(
        description="invoices due in the window paid in several payments or still partly paid"
    )


@dataclass(slots=True)
class InvoiceFacts:
    """What is known of one invoice on a given day; computed once, used by every rule."""

    invoice: Invoice
    status: InvoiceStatus
    amount: Decimal  # the amount asked for: accepted part of a partially accepted invoice
    paid: Decimal
    settled_on: date | None
    payments: int
    open: Decimal = field(init=False)

    def __post_init__(self) -> None:
        if self.settled_on is not None or self.status is InvoiceStatus.PAID:
            self.open = _ZERO
        else:
            self.open = max(self.amount - self.paid, _ZERO)

    @property
    def counted(self) -> bool:
        """Whether the invoice counts in payment behaviour (see the module's definitions)."""
        return not self.invoice.is_credit_note and self.status not in _NOT_COUNTED

    def days_late(self, as_of: date) -> int:
        """Days between the due date and settlement (or ``as_of`` while open), at least 0."""
        end = self.settled_on or as_of
        return max((end - self.invoice.due_date).days, 0)


def invoice_facts(invoice: Invoice, payments: Sequence[Payment], as_of: date) -> InvoiceFacts:
    """The facts of one invoice on ``as_of``; ``payments`` sorted by date, any dates."""
    status, accepted = (
        (invoice.status, invoice.accepted_amount)
        if invoice.status_date is None or invoice.status_date <= as_of
        else invoice.status_on(as_of)
    )
    amount = accepted if status is InvoiceStatus.PARTIALLY_ACCEPTED and accepted else invoice.amount
    paid = _ZERO
    settled_on = None
    count = 0
    for payment in payments:
        if payment.date > as_of:
            break
        paid += payment.amount
        count += 1
        if settled_on is None and paid >= amount:
            settled_on = payment.date
    if settled_on is None and status is InvoiceStatus.PAID:
        settled_on = (
            invoice.status_date
            if invoice.status_date is not None and invoice.status_date <= as_of
            else min(invoice.due_date, as_of)
        )
    return InvoiceFacts(invoice, status, amount, paid, settled_on, count)


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _broken(
    promise: PaymentPromise, facts: dict[str, InvoiceFacts], customer_facts: Iterable[InvoiceFacts]
) -> bool:
    # Broken: some promised invoice was still open after its pay-by date.
    targets = (
        [facts[i] for i in promise.invoice_ids if i in facts]
        if promise.invoice_ids
        else [f for f in customer_facts if f.invoice.issue_date <= promise.made_on]
    )
    return any(
        not f.invoice.is_credit_note
        and f.status is not InvoiceStatus.PAID
        and (f.settled_on is None or f.settled_on > promise.pay_by)
        and f.amount > _ZERO
        for f in targets
    )


def _profile(
    customer: Customer,
    facts: Sequence[InvoiceFacts],
    promises: Sequence[PaymentPromise],
    as_of: date,
    book_revenue: Decimal,
    reference_currency: str | None,
    promise_grace_days: int,
) -> PayerProfile:
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    recent_start = as_of - timedelta(days=RECENT_DAYS - 1)
    invoices_12m = 0
    revenue: dict[str, Decimal] = {}
    open_amount: dict[str, Decimal] = {}
    overdue: dict[str, Decimal] = {}
    disputes = 0
    due: list[InvoiceFacts] = []
    for f in facts:
        inv = f.invoice
        if inv.issue_date > as_of:
            continue
        sign = -1 if inv.is_credit_note else 1
        if inv.issue_date >= start:
            if not inv.is_credit_note:
                invoices_12m += 1
            if f.status not in (InvoiceStatus.CANCELLED, InvoiceStatus.REJECTED):
                revenue[inv.currency] = revenue.get(inv.currency, _ZERO) + sign * f.amount
            if f.status is InvoiceStatus.DISPUTED or any(
                c.status is InvoiceStatus.DISPUTED and c.date <= as_of for c in inv.status_history
            ):
                disputes += 1
        if not inv.is_credit_note and f.open and f.status is not InvoiceStatus.CANCELLED:
            open_amount[inv.currency] = open_amount.get(inv.currency, _ZERO) + f.open
            if inv.due_date < as_of:
                overdue[inv.currency] = overdue.get(inv.currency, _ZERO) + f.open
        if f.counted and start <= inv.due_date <= as_of:
            due.append(f)

    on_time = sum(1 for f in due if f.settled_on is not None and f.settled_on <= f.invoice.due_date)
    lateness = [f.days_late(as_of) for f in due]
    # Amount-weighted within a currency; currencies weigh by their number of invoices,
    # so that yen and euros are never added together.
    per_currency: dict[str, tuple[Decimal, Decimal, int]] = {}
    for f, late in zip(due, lateness, strict=True):
        weighted, weights, count = per_currency.get(f.invoice.currency, (_ZERO, _ZERO, 0))
        per_currency[f.invoice.currency] = (
            weighted + f.amount * late,
            weights + f.amount,
            count + 1,
        )
    average = (
        sum(float(w / a) * n for _, (w, a, n) in sorted(per_currency.items()) if a) / len(due)
        if due
        else 0.0
    )
    recent = [
        late for f, late in zip(due, lateness, strict=True) if f.invoice.due_date >= recent_start
    ]
    earlier = [
        late for f, late in zip(due, lateness, strict=True) if f.invoice.due_date < recent_start
    ]

    by_id = {f.invoice.id: f for f in facts}
    grace = timedelta(days=promise_grace_days)
    broken = sum(
        1
        for p in promises
        if p.made_on <= as_of
        and start <= p.pay_by
        and p.pay_by + grace < as_of
        and _broken(p, by_id, facts)
    )
    first_issue = min(
        (f.invoice.issue_date for f in facts if f.invoice.issue_date <= as_of), default=None
    )
    since = customer.since if customer.since is not None else first_issue
    mine = revenue.get(reference_currency, _ZERO) if reference_currency else _ZERO
    share = float(mine / book_revenue) if book_revenue > 0 and mine > 0 else 0.0
    return PayerProfile(
        customer_id=customer.id,
        as_of=as_of,
        invoices_12m=invoices_12m,
        invoices_due_12m=len(due),
        on_time_ratio=on_time / len(due) if due else None,
        average_days_late=round(average, 2),
        max_days_late=max(lateness, default=0),
        late_invoices=len(due) - on_time,
        recent_average_days_late=_mean(recent),
        earlier_average_days_late=_mean(earlier),
        open_amount=dict(sorted(open_amount.items())),
        overdue_amount=dict(sorted(overdue.items())),
        revenue_12m=dict(sorted(revenue.items())),
        revenue_share=round(share, 6),
        seniority_days=(as_of - since).days if since is not None else None,
        disputes_12m=disputes,
        broken_promises_12m=broken,
        partial_payments_12m=sum(1 for f in due if f.payments > 1 or (f.payments and f.open)),
    )


@dataclass
class BookFacts:
    """Facts of every invoice of a portfolio on one day, grouped by customer (one pass)."""

    as_of: date
    by_customer: dict[str, list[InvoiceFacts]]
    revenue: dict[str, Decimal]
    reference_currency: str | None


def book_facts(portfolio: Portfolio, as_of: date, reference_currency: str | None) -> BookFacts:
    """One pass over invoices and payments: linear in their number."""
    by_customer: defaultdict[str, list[InvoiceFacts]] = defaultdict(list)
    revenue: dict[str, Decimal] = {}
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    payments_of = portfolio.payments_of
    for invoice in portfolio.invoices:
        facts = invoice_facts(invoice, payments_of(invoice.id), as_of)
        by_customer[invoice.customer_id].append(facts)
        if start <= invoice.issue_date <= as_of and facts.status not in (
            InvoiceStatus.CANCELLED,
            InvoiceStatus.REJECTED,
        ):
            sign = -1 if invoice.is_credit_note else 1
            revenue[invoice.currency] = revenue.get(invoice.currency, _ZERO) + sign * facts.amount
    if reference_currency is None and revenue:
        # Shares compare amounts, which only makes sense within one currency: use the
        # currency most invoices of the window are issued in (ties: alphabetical).
        counts: dict[str, int] = defaultdict(int)
        for invoice in portfolio.invoices:
            if start <= invoice.issue_date <= as_of:
                counts[invoice.currency] += 1
        reference_currency = min(counts, key=lambda c: (-counts[c], c))
    return BookFacts(as_of, dict(by_customer), revenue, reference_currency)


def payer_profiles(
    portfolio: Portfolio,
    as_of: date,
    *,
    reference_currency: str | None = None,
    promise_grace_days: int = 0,
    facts: BookFacts | None = None,
    only: Sequence[str] | None = None,
) -> dict[str, PayerProfile]:
    """Profiles of every customer (or of the customers ``only`` names), in one pass."""
    facts = facts or book_facts(portfolio, as_of, reference_currency)
    book_revenue = (
        facts.revenue.get(facts.reference_currency, _ZERO) if facts.reference_currency else _ZERO
    )
    return {
        customer.id: _profile(
            customer,
            facts.by_customer.get(customer.id, []),
            portfolio.promises_of(customer.id),
            as_of,
            book_revenue,
            facts.reference_currency,
            promise_grace_days,
        )
        for customer in (
            portfolio.customers if only is None else [portfolio.customer(c) for c in only]
        )
    }


def payer_profile(
    customer_id: str,
    portfolio: Portfolio,
    as_of: date,
    *,
    reference_currency: str | None = None,
    promise_grace_days: int = 0,
) -> PayerProfile:
    """The profile of one customer (the whole book is read for its revenue share)."""
    return payer_profiles(
        portfolio,
        as_of,
        reference_currency=reference_currency,
        promise_grace_days=promise_grace_days,
        only=(customer_id,),
    )[customer_id]
