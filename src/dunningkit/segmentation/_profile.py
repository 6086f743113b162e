"""Payer profiles: how a customer pays, computed from history as of a date.

Every figure only uses what was known on ``as_of``: invoices issued, payments
received, promises made and statuses set on or before that day. Amounts are per
currency, never added across currencies.

Definitions (the window is the 365 days ending on ``as_of``, both ends counted as
``as_of - 364 .. as_of``). The figures of one invoice are the book's
(:mod:`dunningkit.book._figures`), read here and never worked out again:

* *counted invoice*: ``InvoiceFacts.counted`` (not a credit note, and not in a status
  the book does not count in payment behaviour); its amount is the amount asked for.
* *settled on*: ``InvoiceFacts.settled_on``.
* *days late*: settled on (or ``as_of`` while open) minus the due date, never
  below zero.
* *due in the window*: counted invoices whose due date lies in the window.
* *revenue* and *revenue share*: the book's revenue rule (:mod:`dunningkit.book._revenue`).
* *broken promise*: the book's promise rule (:mod:`dunningkit.book._promises`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, Field

from dunningkit.book._figures import NOT_COUNTED, InvoiceFacts
from dunningkit.book._ledger import CustomerLedger
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS, promise_outcome
from dunningkit.book._revenue import NOT_REVENUE, WINDOW_DAYS, BookRevenue, book_revenue
from dunningkit.model._customer import Customer
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.model._payment import PaymentPromise
from dunningkit.model._types import MODEL_CONFIG, trusted

__all__ = ["PayerProfile", "customer_facts", "payer_profile", "payer_profiles", "profile_of"]

_ZERO = Decimal(0)
RECENT_DAYS = 90
_CANCELLED = InvoiceStatus.CANCELLED
_DISPUTED = InvoiceStatus.DISPUTED


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


class _Amounts:
    """Money figures of a customer's documents as of a day (one pass)."""

    __slots__ = ("disputes", "first_issue", "invoices_12m", "open", "overdue", "revenue")

    def __init__(self, facts: Sequence[InvoiceFacts], as_of: date, start: date) -> None:
        invoices_12m = disputes = 0
        revenue: dict[str, Decimal] = {}
        open_amount: dict[str, Decimal] = {}
        overdue: dict[str, Decimal] = {}
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
                # revenue_amount (the book's rule), inline: this runs for every document.
                if status not in NOT_REVENUE:
                    signed = -f.amount if f.credit else f.amount
                    revenue[currency] = revenue.get(currency, _ZERO) + signed
                if status is _DISPUTED or (
                    inv.status_history
                    and any(c.status is _DISPUTED and c.date <= as_of for c in inv.status_history)
                ):
                    disputes += 1
            if f.credit or not f.open or status is _CANCELLED:
                continue
            open_amount[currency] = open_amount.get(currency, _ZERO) + f.open
            if inv.due_date < as_of:
                overdue[currency] = overdue.get(currency, _ZERO) + f.open
        self.invoices_12m, self.disputes, self.first_issue = invoices_12m, disputes, first_issue
        self.revenue, self.open, self.overdue = revenue, open_amount, overdue


class _Lateness:
    """How late a customer paid the invoices due in the window (one pass)."""

    __slots__ = ("average", "due", "earlier", "max_late", "on_time", "partial", "recent")

    def __init__(self, facts: Sequence[InvoiceFacts], as_of: date, start: date) -> None:
        recent_start = as_of - timedelta(days=RECENT_DAYS - 1)
        due_count = on_time = max_late = partial = 0
        recent_sum = recent_count = earlier_sum = earlier_count = 0
        weighted: dict[str, list[Decimal]] = {}  # currency -> [sum amount x days, sum amount]
        counts: dict[str, int] = {}
        for f in facts:
            due = f.invoice.due_date
            # InvoiceFacts.counted, inline: this loop runs for every invoice of the book.
            if due < start or due > as_of or f.credit or f.status in NOT_COUNTED:
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
            currency = f.invoice.currency
            sums = weighted.get(currency)
            if sums is None:
                sums = weighted[currency] = [_ZERO, _ZERO]
            sums[0] += f.amount * late
            sums[1] += f.amount
            counts[currency] = counts.get(currency, 0) + 1
            if f.payments > 1 or (f.payments and f.open):
                partial += 1
        # Amount-weighted within a currency; currencies weigh by their number of
        # invoices, so that yen and euros are never added together.
        self.average = (
            sum(float(w[0] / w[1]) * counts[c] for c, w in sorted(weighted.items()) if w[1])
            / due_count
            if due_count
            else 0.0
        )
        self.due, self.on_time, self.max_late, self.partial = due_count, on_time, max_late, partial
        self.recent = recent_sum / recent_count if recent_count else None
        self.earlier = earlier_sum / earlier_count if earlier_count else None


def _profile(
    customer: Customer,
    facts: Sequence[InvoiceFacts],
    promises: Sequence[PaymentPromise],
    as_of: date,
    revenue: BookRevenue,
    promise_grace_days: int,
) -> PayerProfile:
    # Two passes over the customer's invoices: this runs for every customer of the book.
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    money = _Amounts(facts, as_of, start)
    late = _Lateness(facts, as_of, start)
    broken = 0
    if promises:
        broken = sum(
            1
            for p in promises
            if p.made_on <= as_of
            and start <= p.pay_by
            and promise_outcome(p, facts, as_of, promise_grace_days) == "broken"
        )
    since = customer.since if customer.since is not None else money.first_issue
    return trusted(
        PayerProfile,
        customer_id=customer.id,
        as_of=as_of,
        invoices_12m=money.invoices_12m,
        invoices_due_12m=late.due,
        on_time_ratio=late.on_time / late.due if late.due else None,
        average_days_late=round(late.average, 2),
        max_days_late=late.max_late,
        late_invoices=late.due - late.on_time,
        recent_average_days_late=late.recent,
        earlier_average_days_late=late.earlier,
        open_amount=dict(sorted(money.open.items())),
        overdue_amount=dict(sorted(money.overdue.items())),
        revenue_12m=dict(sorted(money.revenue.items())),
        revenue_share=revenue.share_of(money.revenue),
        seniority_days=(as_of - since).days if since is not None else None,
        disputes_12m=money.disputes,
        broken_promises_12m=broken,
        partial_payments_12m=late.partial,
    )


def customer_facts(entry: CustomerLedger, as_of: date) -> list[InvoiceFacts]:
    """The facts on ``as_of`` of a customer's invoices issued by then."""
    return [row.facts_on(as_of) for row in entry.rows if row.issue <= as_of]


def profile_of(
    entry: CustomerLedger,
    facts: Sequence[InvoiceFacts],
    as_of: date,
    revenue: BookRevenue,
    promise_grace_days: int,
) -> PayerProfile:
    """The profile of one customer from its facts (the planner's per-customer pass)."""
    return _profile(
        entry.customer,
        facts,
        entry.promises,
        as_of,
        revenue,
        promise_grace_days,
    )


def payer_profiles(
    portfolio: Portfolio,
    as_of: date,
    *,
    reference_currency: str | None = None,
    promise_grace_days: int = DEFAULT_PROMISE_GRACE_DAYS,
    only: Sequence[str] | None = None,
) -> dict[str, PayerProfile]:
    """Profiles of every customer (or of the customers ``only`` names), in one pass."""
    ledger = ledger_of(portfolio)
    revenue = book_revenue(ledger, as_of, reference_currency)
    ids = [c.id for c in portfolio.customers] if only is None else list(only)
    found = {}
    for customer_id in ids:
        portfolio.customer(customer_id)  # an unknown id is a clear error
        entry = ledger.by_id[customer_id]
        found[customer_id] = profile_of(
            entry, customer_facts(entry, as_of), as_of, revenue, promise_grace_days
        )
    return found


def payer_profile(
    customer_id: str,
    portfolio: Portfolio,
    as_of: date,
    *,
    reference_currency: str | None = None,
    promise_grace_days: int = DEFAULT_PROMISE_GRACE_DAYS,
) -> PayerProfile:
    """The profile of one customer (the whole book is read for its revenue share)."""
    return payer_profiles(
        portfolio,
        as_of,
        reference_currency=reference_currency,
        promise_grace_days=promise_grace_days,
        only=(customer_id,),
    )[customer_id]
