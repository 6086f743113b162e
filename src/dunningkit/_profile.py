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
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, Field

from dunningkit._customer import Customer
from dunningkit._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit._payment import Payment, PaymentPromise
from dunningkit._portfolio import Portfolio
from dunningkit._types import MODEL_CONFIG, trusted

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


class InvoiceFacts:
    """What is known of one invoice on a given day; computed once, used by every rule.

    Attributes:
        status: the status known that day.
        amount: the amount asked for: the accepted part of a partially accepted invoice.
        paid: payments dated up to that day.
        settled_on: the day the amount was covered, if it was.
        payments: how many payments count.
        open: what remains to be asked for (zero once settled or marked paid).
        credit: whether the document is a credit note.
    """

    __slots__ = ("amount", "credit", "invoice", "open", "paid", "payments", "settled_on", "status")

    def __init__(
        self,
        invoice: Invoice,
        status: InvoiceStatus,
        amount: Decimal,
        paid: Decimal,
        settled_on: date | None,
        payments: int,
    ) -> None:
        self.invoice = invoice
        self.status = status
        self.amount = amount
        self.paid = paid
        self.settled_on = settled_on
        self.payments = payments
        self.credit = invoice.kind is InvoiceKind.CREDIT_NOTE
        if settled_on is not None or status is InvoiceStatus.PAID:
            self.open = _ZERO
        else:
            self.open = max(amount - paid, _ZERO)

    @property
    def counted(self) -> bool:
        """Whether the invoice counts in payment behaviour (see the module's definitions)."""
        return not self.credit and self.status not in _NOT_COUNTED

    def days_late(self, as_of: date) -> int:
        """Days between the due date and settlement (or ``as_of`` while open), at least 0."""
        end = self.settled_on or as_of
        return max((end - self.invoice.due_date).days, 0)


_NO_PAYMENTS: tuple[Payment, ...] = ()


def invoice_facts(invoice: Invoice, payments: Sequence[Payment], as_of: date) -> InvoiceFacts:
    """The facts of one invoice on ``as_of``; ``payments`` sorted by date, any dates."""
    status_date = invoice.status_date
    if status_date is None or status_date <= as_of:
        status, accepted = invoice.status, invoice.accepted_amount
    else:
        status, accepted = invoice.status_on(as_of)
    amount = accepted if accepted is not None and status is _PARTIAL else invoice.amount
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
            status_date
            if status_date is not None and status_date <= as_of
            else min(invoice.due_date, as_of)
        )
    return InvoiceFacts(invoice, status, amount, paid, settled_on, count)


_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED


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
        not f.credit
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
    # One pass over the customer's invoices: this runs for every customer of the book.
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    recent_start = as_of - timedelta(days=RECENT_DAYS - 1)
    invoices_12m = disputes = due_count = on_time = max_late = partial = 0
    recent_sum = recent_count = earlier_sum = earlier_count = 0
    revenue: dict[str, Decimal] = {}
    open_amount: dict[str, Decimal] = {}
    overdue: dict[str, Decimal] = {}
    weighted: dict[str, list[Decimal]] = {}  # currency -> [sum amount x days, sum amount]
    counts: dict[str, int] = {}
    first_issue: date | None = None
    for f in facts:
        inv = f.invoice
        issued = inv.issue_date
        if issued > as_of:
            continue
        if first_issue is None or issued < first_issue:
            first_issue = issued
        status = f.status
        currency = inv.currency
        if issued >= start:
            if not f.credit:
                invoices_12m += 1
            if status is not _CANCELLED and status is not _REJECTED:
                signed = -f.amount if f.credit else f.amount
                revenue[currency] = revenue.get(currency, _ZERO) + signed
            if status is _DISPUTED or (
                inv.status_history
                and any(c.status is _DISPUTED and c.date <= as_of for c in inv.status_history)
            ):
                disputes += 1
        if f.credit:
            continue
        if f.open and status is not _CANCELLED:
            open_amount[currency] = open_amount.get(currency, _ZERO) + f.open
            if inv.due_date < as_of:
                overdue[currency] = overdue.get(currency, _ZERO) + f.open
        due = inv.due_date
        if due < start or due > as_of or status in _NOT_COUNTED:
            continue
        due_count += 1
        settled = f.settled_on
        late = ((settled or as_of) - due).days
        if late <= 0:
            late = 0
            if settled is not None:
                on_time += 1
        elif late > max_late:
            max_late = late
        if due >= recent_start:
            recent_sum += late
            recent_count += 1
        else:
            earlier_sum += late
            earlier_count += 1
        sums = weighted.get(currency)
        if sums is None:
            sums = weighted[currency] = [_ZERO, _ZERO]
        sums[0] += f.amount * late
        sums[1] += f.amount
        counts[currency] = counts.get(currency, 0) + 1
        if f.payments > 1 or (f.payments and f.open):
            partial += 1

    # Amount-weighted within a currency; currencies weigh by their number of invoices,
    # so that yen and euros are never added together.
    average = (
        sum(
            float(sums[0] / sums[1]) * counts[cur]
            for cur, sums in sorted(weighted.items())
            if sums[1]
        )
        / due_count
        if due_count
        else 0.0
    )
    broken = 0
    if promises:
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
    since = customer.since if customer.since is not None else first_issue
    mine = revenue.get(reference_currency, _ZERO) if reference_currency else _ZERO
    share = float(mine / book_revenue) if book_revenue > 0 and mine > 0 else 0.0
    return trusted(
        PayerProfile,
        customer_id=customer.id,
        as_of=as_of,
        invoices_12m=invoices_12m,
        invoices_due_12m=due_count,
        on_time_ratio=on_time / due_count if due_count else None,
        average_days_late=round(average, 2),
        max_days_late=max_late,
        late_invoices=due_count - on_time,
        recent_average_days_late=recent_sum / recent_count if recent_count else None,
        earlier_average_days_late=earlier_sum / earlier_count if earlier_count else None,
        open_amount=dict(sorted(open_amount.items())),
        overdue_amount=dict(sorted(overdue.items())),
        revenue_12m=dict(sorted(revenue.items())),
        revenue_share=round(share, 6),
        seniority_days=(as_of - since).days if since is not None else None,
        disputes_12m=disputes,
        broken_promises_12m=broken,
        partial_payments_12m=partial,
    )


_CANCELLED = InvoiceStatus.CANCELLED
_REJECTED = InvoiceStatus.REJECTED
_DISPUTED = InvoiceStatus.DISPUTED


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
    payments = portfolio.payments_by_invoice()
    for invoice in portfolio.invoices:
        facts = invoice_facts(invoice, payments.get(invoice.id, _NO_PAYMENTS), as_of)
        by_customer[invoice.customer_id].append(facts)
        if (
            start <= invoice.issue_date <= as_of
            and facts.status is not _CANCELLED
            and facts.status is not _REJECTED
        ):
            signed = -facts.amount if facts.credit else facts.amount
            revenue[invoice.currency] = revenue.get(invoice.currency, _ZERO) + signed
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
