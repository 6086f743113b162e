"""How customers behave: promises kept, invoices disputed, days from issue to payment.

A promise is kept or broken as the book's one promise rule says
(:func:`~dunningkit.book._promises.promise_outcome`, the rule the payer profile reads
too); an invoice counts as paid on the day its facts say it was settled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.analytics._common import (
    TENTH,
    ZERO,
    Result,
    check_days,
    fraction,
    median,
    rounded,
    segments_on,
)
from dunningkit.analytics._open import asked, payments_by_invoice
from dunningkit.book._figures import invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS, promise_outcome
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment
from dunningkit.model._types import trusted
from dunningkit.policy._policy import Policy

__all__ = [
    "DaysToPay",
    "days_to_pay",
    "dispute_rate",
    "disputed",
    "paid_by_payments_on",
    "promise_kept_rate",
]

_CREDIT_NOTE = InvoiceKind.CREDIT_NOTE
_DISPUTED = InvoiceStatus.DISPUTED
_PAID = InvoiceStatus.PAID


def promise_kept_rate(
    portfolio: Portfolio,
    on: date,
    *,
    days: int = 365,
    grace_days: int = DEFAULT_PROMISE_GRACE_DAYS,
) -> Decimal | None:
    """Share of the payment promises kept, rounded half-up to 0.001.

    Counted: promises made on or before ``on`` whose deadline (``pay_by +
    grace_days``) fell in the ``days`` days ending on ``on`` and has passed (on the
    deadline itself a promise is still pending). Kept or broken as the payer profile
    counts them (:func:`~dunningkit.book._promises.promise_outcome`): kept when every
    document it covers was settled by the deadline. ``grace_days`` is the policy's
    ``promise_grace_days`` (2 by default, as the policy's). ``None`` without any
    promise counted.
    """
    check_days(days)
    start = on - timedelta(days=days)
    counted = kept = 0
    for promise in portfolio.promises:
        deadline = promise.deadline(grace_days)
        if promise.made_on > on or not start < deadline < on:
            continue
        facts = (
            portfolio.facts(invoice.id, on)
            for invoice in portfolio.invoices_of(promise.customer_id)
            if promise.covers(invoice.id, invoice.issue_date)
        )
        counted += 1
        kept += promise_outcome(promise, facts, on, grace_days) == "kept"
    return fraction(kept, counted)


def dispute_rate(portfolio: Portfolio, on: date, *, days: int = 365) -> Decimal | None:
    """Share of the invoices issued in ``on - days < issue_date <= on`` disputed by ``on``.

    Disputed: the status known on ``on`` is ``disputed``, or an earlier status
    change to ``disputed`` is dated on or before ``on``. Rounded half-up to 0.001;
    ``None`` without any invoice issued in the window.
    """
    check_days(days)
    start = on - timedelta(days=days)
    issued = disputed_ = 0
    for invoice in portfolio.invoices:
        if invoice.kind is _CREDIT_NOTE or not start < invoice.issue_date <= on:
            continue
        issued += 1
        disputed_ += disputed(invoice, on)
    return fraction(disputed_, issued)


def disputed(invoice: Invoice, on: date) -> bool:
    """Whether the invoice was disputed at some point up to ``on``."""
    history = invoice.status_history
    if not history and invoice.status is not _DISPUTED:
        return False  # never disputed: the usual case, decided without a lookup
    return invoice.status_on(on)[0] is _DISPUTED or any(
        change.status is _DISPUTED and change.date <= on for change in history
    )


class DaysToPay(Result):
    """How long the invoices of one segment took to be paid, from issue to payment.

    Attributes:
        segment: the customers' segment as of the day.
        invoices: invoices fully paid by payments in the window.
        mean: average days, rounded half-up to 0.1.
        p25: first quartile (nearest rank).
        median: median days.
        p75: third quartile (nearest rank).
        p90: 90th percentile (nearest rank).
        max: the longest.
        late: how many were paid after their due date.
    """

    segment: str
    invoices: int
    mean: Decimal
    p25: int
    median: Decimal
    p75: int
    p90: int
    max: int
    late: int


def _rank(ordered: Sequence[int], share: int) -> int:
    # Nearest-rank percentile: the smallest value with at least `share`% at or below it.
    index = max(0, -(-share * len(ordered) // 100) - 1)
    return ordered[index]


def paid_by_payments_on(invoice: Invoice, paid: Sequence[Payment], on: date) -> date | None:
    """The day the invoice counts as settled (as ``InvoiceFacts.settled_on``), when at
    least one payment dated up to ``on`` went towards it; ``None`` otherwise."""
    if not paid or paid[0].date > on:
        return None  # no payment yet (payments come sorted by date)
    changed_on = invoice.status_date
    if changed_on is not None and changed_on > on:
        return invoice_facts(invoice, paid, on).settled_on
    amount = asked(invoice)
    total = ZERO
    for payment in paid:
        if payment.date > on:
            break
        total += payment.amount
        if total >= amount:
            return payment.date
    if invoice.status is _PAID:
        return changed_on if changed_on is not None else min(invoice.due_date, on)
    return None


def days_to_pay(
    portfolio: Portfolio,
    on: date,
    *,
    days: int = 365,
    policy: Policy | None = None,
    segments: Mapping[str, str] | None = None,
) -> list[DaysToPay]:
    """Distribution of days from issue to full payment, per segment, sorted by segment.

    Counted: invoices (not credit notes) whose payments, dated up to ``on``, first
    covered them in ``on - days < day <= on``. Segments as the planner classifies
    the customers on ``on`` under ``policy`` (or as ``segments`` gives them, e.g.
    ``plan.segments``).
    """
    check_days(days)
    if segments is None:
        segments = segments_on(portfolio, on, policy)
    start = on - timedelta(days=days)
    found: dict[str, list[int]] = {}
    late: dict[str, int] = {}
    get = payments_by_invoice(portfolio).get
    for inv in portfolio.invoices:
        paid = get(inv.id)
        if paid is None or inv.kind is _CREDIT_NOTE or inv.issue_date > on:
            continue
        settled = paid_by_payments_on(inv, paid, on)
        if settled is None or not start < settled <= on:
            continue
        segment = segments.get(inv.customer_id, "")
        found.setdefault(segment, []).append((settled - inv.issue_date).days)
        late[segment] = late.get(segment, 0) + (settled > inv.due_date)
    return [
        _distribution(segment, values, late[segment]) for segment, values in sorted(found.items())
    ]


def _distribution(segment: str, values: list[int], late: int) -> DaysToPay:
    values.sort()
    return trusted(
        DaysToPay,
        segment=segment,
        invoices=len(values),
        mean=rounded(Decimal(sum(values)) / len(values), TENTH),
        p25=_rank(values, 25),
        median=median(values),
        p75=_rank(values, 75),
        p90=_rank(values, 90),
        max=values[-1],
        late=late,
    )
