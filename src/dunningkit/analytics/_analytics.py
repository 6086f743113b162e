"""Collections analytics: is the dunning working?

Pure functions over a :class:`~dunningkit.Portfolio` as of a date: records dated
after that date (payments, events, promises, status changes, invoices issued
later) are ignored, as the planner ignores them. Money is :class:`~decimal.Decimal`
and every figure is per currency; nothing is ever added across currencies.

One definition of "open" serves every figure (:func:`open_parts`): the amount the
planner would ask for on that day (the accepted part of a partially accepted
invoice, minus payments dated on or before the day, nothing once the invoice is
marked paid), split per instalment for a payment plan. Cancelled invoices are not
receivables; open credit notes count negatively (netted, as in balances) and are
never overdue. *Receivables on day D* are the sum of these open amounts; an amount
is *overdue on D* when its due date is before D.

The formulas, with a worked example, are in the docs (``docs/analytics.md``).
"""

from __future__ import annotations

import bisect
import json
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from dunningkit.book._figures import InvoiceFacts, invoice_facts
from dunningkit.book._figures import open_parts as installment_parts
from dunningkit.book._portfolio import Portfolio
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS, promise_outcome
from dunningkit.errors import AnalyticsError
from dunningkit.model._channel import Channel
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment
from dunningkit.model._types import MODEL_CONFIG, trusted
from dunningkit.planning._plan import Plan
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.segmentation._classifier import classify_portfolio

__all__ = [
    "Aging",
    "AgingRow",
    "DaysToPay",
    "Kpis",
    "StepEffect",
    "TrendPoint",
    "WorkloadDay",
    "aging",
    "average_days_delinquent",
    "best_possible_dso",
    "cei",
    "collection_rate",
    "days_to_pay",
    "dispute_rate",
    "dso",
    "kpis",
    "open_parts",
    "promise_kept_rate",
    "regroup",
    "step_effectiveness",
    "trend",
    "workload",
]

_ZERO = Decimal(0)
_TENTH = Decimal("0.1")
_THOUSANDTH = Decimal("0.001")
_HUNDRED = Decimal(100)
_NO_PAYMENTS: tuple[Payment, ...] = ()
_CANCELLED = InvoiceStatus.CANCELLED
_CREDIT_NOTE = InvoiceKind.CREDIT_NOTE
_PARTIAL = InvoiceStatus.PARTIALLY_ACCEPTED
_PAID = InvoiceStatus.PAID
_YEAR = 365
_DISPUTED = InvoiceStatus.DISPUTED

Part = tuple[date, Decimal]
"""An open amount and the date it is (or was) due."""


def _round(value: Decimal, unit: Decimal) -> Decimal:
    return value.quantize(unit, rounding=ROUND_HALF_UP)


class _Result(BaseModel):
    """A frozen result with a JSON form (Decimals as strings, dates in ISO format)."""

    model_config = MODEL_CONFIG

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: Decimals as strings, dates as ``YYYY-MM-DD``."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """The result as a JSON document."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# -- the one definition of "open on a day" ------------------------------------------


def _parts(f: InvoiceFacts) -> tuple[Part, ...]:
    """The receivable open on the facts' day, per due date (see :func:`open_parts`)."""
    open_ = f.open
    if open_ <= 0:
        return ()
    inv = f.invoice
    if f.credit:
        return ((inv.due_date, -open_),)
    if not inv.installments:
        return ((inv.due_date, open_),)
    # A payment plan: each instalment's open part, as the planner counts it.
    return tuple((i.due_date, part) for i, part in installment_parts(f) if part > 0)


def open_parts(invoice: Invoice, payments: Sequence[Payment], on: date) -> tuple[Part, ...]:
    """The receivable an invoice leaves open on ``on``, as ``(due_date, amount)`` parts.

    This is the single definition every analytics figure uses:

    * nothing for an invoice issued after ``on`` or cancelled as of ``on``;
    * the amount asked for (the accepted part of a partially accepted invoice) minus
      the payments dated on or before ``on``; nothing once it is marked paid;
    * one part per instalment still open for a payment plan (payments settle the
      oldest instalment first), each due on its own date;
    * an open credit note is one negative part.

    Args:
        invoice: the invoice or credit note.
        payments: its payments, any dates, sorted by date
            (``portfolio.payments_of(invoice.id)``).
        on: the day.

    Returns:
        The open parts, in order of due date; empty when nothing is open.
    """
    if invoice.issue_date > on:
        return ()
    return _parts(invoice_facts(invoice, payments, on))


def _payments(portfolio: Portfolio) -> dict[str, list[Payment]]:
    """Payments per invoice, by date then id, as ``Portfolio.payments_of`` orders them.

    Grouped here rather than through the portfolio's lookups: those also sort every
    customer's invoices, promises and events, which a one-off figure on a fresh
    book of a million invoices would pay for in seconds without using.
    """
    found: dict[str, list[Payment]] = {}
    for payment in portfolio.payments:
        mine = found.get(payment.invoice_id)
        if mine is None:
            found[payment.invoice_id] = [payment]
        else:
            mine.append(payment)
    for mine in found.values():
        if len(mine) > 1:
            mine.sort(key=_payment_order)
    return found


def _payment_order(payment: Payment) -> tuple[date, str]:
    return payment.date, payment.id


def _facts(portfolio: Portfolio, on: date) -> Iterable[InvoiceFacts]:
    """Facts of every invoice issued on or before ``on`` (one pass, record order)."""
    get = _payments(portfolio).get
    for invoice in portfolio.invoices:
        if invoice.issue_date <= on:
            yield invoice_facts(invoice, get(invoice.id, _NO_PAYMENTS), on)


def _open_on(portfolio: Portfolio, on: date) -> Iterator[tuple[Invoice, tuple[Part, ...]]]:
    """Every invoice with something open on ``on``, with its :func:`open_parts`.

    The usual invoice (no payment plan, one status since before ``on``) is worked
    out here directly: its amount (the accepted part, if partially accepted) minus
    its payments up to ``on``. The others go through :func:`open_parts`.
    """
    get = _payments(portfolio).get
    for invoice in portfolio.invoices:
        if invoice.issue_date > on:
            continue
        paid = get(invoice.id, _NO_PAYMENTS)
        changed_on = invoice.status_date
        if invoice.installments or (changed_on is not None and changed_on > on):
            parts = _parts(invoice_facts(invoice, paid, on))
            if parts:
                yield invoice, parts
            continue
        status = invoice.status
        if status is _CANCELLED or status is _PAID:
            continue
        amount = invoice.amount
        if status is _PARTIAL and invoice.accepted_amount is not None:
            amount = invoice.accepted_amount
        for payment in paid:
            if payment.date > on:
                break
            amount -= payment.amount
        if amount > 0:
            if invoice.kind is _CREDIT_NOTE:
                yield invoice, ((invoice.due_date, -amount),)
            else:
                yield invoice, ((invoice.due_date, amount),)


# -- aging ---------------------------------------------------------------------------


class AgingRow(_Result):
    """Open receivables of one key (all, a segment or a customer) in one currency.

    Attributes:
        key: ``"all"``, the segment, or the customer id.
        currency: the currency of every amount of the row.
        not_due: open amounts not yet overdue (credit notes netted here).
        overdue: open amounts per bucket of days overdue (1-30, 31-60, 61-90, over 90
            with the default buckets).
        total: ``not_due + sum(overdue)``.
    """

    key: str
    currency: str
    not_due: Decimal
    overdue: tuple[Decimal, ...]
    total: Decimal


class Aging(_Result):
    """Open receivables as of ``on`` by days overdue, per key and currency.

    Attributes:
        on: the day.
        buckets: the upper bounds of the overdue buckets, in days.
        by: ``None``, ``"segment"`` or ``"customer"``.
        rows: sorted by key then currency.
    """

    on: date
    buckets: tuple[int, ...]
    by: str | None
    rows: list[AgingRow]

    @property
    def labels(self) -> tuple[str, ...]:
        """Column names: ``not due``, then one per overdue bucket (``1-30``... ``over 90``)."""
        return ("not due", *bucket_labels(self.buckets))

    def totals(self) -> dict[str, Decimal]:
        """The total per currency over every row."""
        found: dict[str, Decimal] = {}
        for row in self.rows:
            found[row.currency] = found.get(row.currency, _ZERO) + row.total
        return dict(sorted(found.items()))


def bucket_labels(buckets: Sequence[int]) -> tuple[str, ...]:
    """Labels of overdue buckets: ``(30, 60, 90)`` gives 1-30, 31-60, 61-90, over 90."""
    labels = []
    low = 1
    for high in buckets:
        labels.append(f"{low}-{high}")
        low = high + 1
    labels.append(f"over {buckets[-1]}")
    return tuple(labels)


def _check_buckets(buckets: Sequence[int]) -> tuple[int, ...]:
    found = tuple(buckets)
    if not found or any(b < 1 for b in found) or list(found) != sorted(set(found)):
        raise AnalyticsError(
            f"buckets {found!r} must be increasing whole numbers of days, at least 1"
        )
    return found


def _segments(portfolio: Portfolio, on: date, policy: Policy | None) -> dict[str, str]:

    classes = classify_portfolio(portfolio, on, policy)
    return {cid: c.segment for cid, c in classes.items()}


def aging(
    portfolio: Portfolio,
    on: date,
    *,
    buckets: Sequence[int] = (30, 60, 90),
    by: Literal["segment", "customer"] | None = None,
    policy: Policy | None = None,
    segments: Mapping[str, str] | None = None,
) -> Aging:
    """Open receivables on ``on`` by days overdue, per currency.

    An amount is overdue ``(on - due_date).days`` days when its due date is before
    ``on``; each instalment of a payment plan ages from its own due date; open
    credit notes are netted in ``not_due``.

    Args:
        portfolio: the book.
        on: the day; later records are ignored.
        buckets: upper bounds in days of the overdue buckets; a last bucket holds
            everything older.
        by: ``None`` (one row per currency, key ``"all"``), ``"segment"`` (the
            planner's classification as of ``on`` under ``policy``) or ``"customer"``.
        policy: for the segments (default: the default policy).
        segments: customer id -> segment when already known (``plan.segments`` of
            the plan for ``on``), to spare classifying the book again.

    Returns:
        An :class:`Aging` whose rows are sorted by key then currency.

    Raises:
        AnalyticsError: unknown ``by`` or bad buckets.
    """
    bounds = _check_buckets(buckets)
    if by not in (None, "segment", "customer"):
        raise AnalyticsError(f"by={by!r}: expected None, 'segment' or 'customer'")
    if by == "segment" and segments is None:
        segments = _segments(portfolio, on, policy)
    segments = segments or {}
    width = len(bounds) + 2
    table: dict[tuple[str, str], list[Decimal]] = {}
    for inv, parts in _open_on(portfolio, on):
        cid = inv.customer_id
        key = "all" if by is None else cid if by == "customer" else segments.get(cid, "")
        slots = table.get((key, inv.currency))
        if slots is None:
            slots = table[(key, inv.currency)] = [_ZERO] * width
        for due, amount in parts:
            if amount < 0 or due >= on:
                slots[0] += amount
            else:
                slots[1 + bisect.bisect_left(bounds, (on - due).days)] += amount
    rows = [
        trusted(
            AgingRow,
            key=key,
            currency=currency,
            not_due=slots[0],
            overdue=tuple(slots[1:]),
            total=sum(slots, _ZERO),
        )
        for (key, currency), slots in sorted(table.items())
    ]
    return trusted(Aging, on=on, buckets=bounds, by=by, rows=rows)


def regroup(by_customer: Aging, segments: Mapping[str, str]) -> Aging:
    """A by-customer aging summed per segment (``segments``: customer id -> segment).

    Gives what ``aging(..., by="segment", segments=segments)`` gives, without a
    second pass over the invoices.
    """
    if by_customer.by != "customer":
        raise AnalyticsError(f"regroup needs an aging by customer, not by {by_customer.by!r}")
    table: dict[tuple[str, str], list[Decimal]] = {}
    for row in by_customer.rows:
        key = (segments.get(row.key, ""), row.currency)
        slots = table.get(key)
        if slots is None:
            table[key] = [row.not_due, *row.overdue]
        else:
            for index, amount in enumerate((row.not_due, *row.overdue)):
                slots[index] += amount
    rows = [
        trusted(
            AgingRow,
            key=key,
            currency=currency,
            not_due=slots[0],
            overdue=tuple(slots[1:]),
            total=sum(slots, _ZERO),
        )
        for (key, currency), slots in sorted(table.items())
    ]
    return trusted(Aging, on=by_customer.on, buckets=by_customer.buckets, by="segment", rows=rows)


# -- DSO and CEI ---------------------------------------------------------------------


class _Position:
    """Receivables on one day and credit sales of a window ending that day, per currency."""

    __slots__ = (
        "current",
        "customers_overdue",
        "disputes",
        "open_invoices",
        "overdue_invoices",
        "sales",
        "total",
    )

    def __init__(self) -> None:
        self.total: dict[str, Decimal] = {}
        self.current: dict[str, Decimal] = {}  # not yet overdue
        self.sales: dict[str, Decimal] = {}
        self.open_invoices = 0
        self.overdue_invoices = 0
        self.customers_overdue = 0
        self.disputes = (0, 0)  # invoices issued in the last year, those disputed

    def overdue(self) -> dict[str, Decimal]:
        return {c: t - self.current.get(c, _ZERO) for c, t in sorted(self.total.items())}


def _count(found: _Position, f: InvoiceFacts, on: date, window_start: date) -> bool:
    """Add one invoice's facts on ``on`` to ``found``; True when something of it is overdue."""
    inv = f.invoice
    currency = inv.currency
    if inv.issue_date > window_start and not f.credit and f.status is not _CANCELLED:
        found.sales[currency] = found.sales.get(currency, _ZERO) + f.amount
    parts = _parts(f)
    if not parts:
        return False
    total, current = found.total, found.current
    late = False
    for due, amount in parts:
        total[currency] = total.get(currency, _ZERO) + amount
        if amount < 0 or due >= on:
            current[currency] = current.get(currency, _ZERO) + amount
        else:
            late = True
    if not f.credit:
        found.open_invoices += 1
        found.overdue_invoices += late
    return late and not f.credit


def _position(portfolio: Portfolio, on: date, days: int) -> _Position:
    """One pass: receivables on ``on`` and the credit sales of ``on - days < issue <= on``."""
    found = _Position()
    window_start = on - timedelta(days=days)
    late_customers: set[str] = set()
    for f in _facts(portfolio, on):
        if _count(found, f, on, window_start):
            late_customers.add(f.invoice.customer_id)
    found.customers_overdue = len(late_customers)
    return found


def _check_days(days: int) -> None:
    if days < 1:
        raise AnalyticsError(f"days={days}: the window must be at least one day")


def _days_of_sales(
    receivables: Mapping[str, Decimal], sales: Mapping[str, Decimal], days: int
) -> dict[str, Decimal]:
    return {
        currency: _round(receivables.get(currency, _ZERO) * days / amount, _TENTH)
        for currency, amount in sorted(sales.items())
        if amount
    }


def dso(portfolio: Portfolio, on: date, *, days: int = 90) -> dict[str, Decimal]:
    """Days sales outstanding per currency, rounded half-up to 0.1 day.

    ``receivables open on on / credit sales of the window x days``, where the credit
    sales are the amounts of the invoices issued in ``on - days < issue_date <= on``
    (not cancelled; the accepted part when partially accepted). Currencies without
    sales in the window are left out.
    """
    _check_days(days)
    found = _position(portfolio, on, days)
    return _days_of_sales(found.total, found.sales, days)


def best_possible_dso(portfolio: Portfolio, on: date, *, days: int = 90) -> dict[str, Decimal]:
    """:func:`dso` counting only the receivables not yet overdue on ``on``."""
    _check_days(days)
    found = _position(portfolio, on, days)
    return _days_of_sales(found.current, found.sales, days)


def _delinquent(dso_: Mapping[str, Decimal], best: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {c: value - best[c] for c, value in dso_.items()}


def average_days_delinquent(
    portfolio: Portfolio, on: date, *, days: int = 90
) -> dict[str, Decimal]:
    """``dso - best_possible_dso`` per currency: the days that late payment adds."""
    _check_days(days)
    found = _position(portfolio, on, days)
    return _delinquent(
        _days_of_sales(found.total, found.sales, days),
        _days_of_sales(found.current, found.sales, days),
    )


def _check_period(start: date, end: date) -> None:
    if end <= start:
        raise AnalyticsError(f"the period ends ({end}) on or before it starts ({start})")


def _cei(before: _Position, after: _Position) -> dict[str, Decimal]:
    result = {}
    for currency in sorted({*before.total, *after.sales, *after.total}):
        opening = before.total.get(currency, _ZERO) + after.sales.get(currency, _ZERO)
        collectable = opening - after.current.get(currency, _ZERO)
        if collectable:
            collected = opening - after.total.get(currency, _ZERO)
            result[currency] = _round(collected / collectable * _HUNDRED, _TENTH)
    return result


def cei(portfolio: Portfolio, start: date, end: date) -> dict[str, Decimal]:
    """Collection effectiveness index of ``start < day <= end``, in percent (0.1).

    ``(R(start) + S - R(end)) / (R(start) + S - Rcur(end)) x 100`` where ``R(d)`` is
    the receivables open on ``d``, ``S`` the credit sales issued in
    ``start < issue_date <= end`` and ``Rcur(end)`` the receivables not yet overdue on
    ``end``. Currencies whose denominator is zero are left out.

    Raises:
        AnalyticsError: ``end`` is not after ``start``.
    """
    _check_period(start, end)
    return _cei(_position(portfolio, start, 1), _position(portfolio, end, (end - start).days))


def _summed(parts: Iterable[Part]) -> dict[date, Decimal]:
    found: dict[date, Decimal] = {}
    for due, amount in parts:
        found[due] = found.get(due, _ZERO) + amount
    return found


def _collect(
    invoice: Invoice,
    paid: Sequence[Payment],
    start: date,
    end: date,
    base: dict[str, Decimal],
    collected: dict[str, Decimal],
) -> None:
    """Add one invoice's part of :func:`collection_rate` (the exact, general path)."""
    if invoice.is_credit_note or invoice.issue_date > end:
        return
    closing = invoice_facts(invoice, paid, end)
    if closing.status is _CANCELLED:
        return
    closing_parts = _summed(_parts(closing))
    due_parts = [(d, a) for d, a in _summed(open_parts(invoice, paid, start)).items() if d < start]
    # What fell due in the period: each part as it stood on its own due date.
    dues = sorted({i.due_date for i in invoice.installments} or {invoice.due_date})
    due_parts.extend(
        (due, _summed(open_parts(invoice, paid, due)).get(due, _ZERO))
        for due in dues
        if start <= due <= end
    )
    currency = invoice.currency
    for due, amount in due_parts:
        if amount > 0:
            got = min(amount, max(amount - closing_parts.get(due, _ZERO), _ZERO))
            base[currency] = base.get(currency, _ZERO) + amount
            collected[currency] = collected.get(currency, _ZERO) + got


def _rates(base: Mapping[str, Decimal], collected: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {
        currency: _round(collected.get(currency, _ZERO) / amount * _HUNDRED, _TENTH)
        for currency, amount in sorted(base.items())
        if amount
    }


def _collection(portfolio: Portfolio, start: date, end: date) -> dict[str, Decimal]:
    base: dict[str, Decimal] = {}
    collected: dict[str, Decimal] = {}
    payments = _payments(portfolio)
    for invoice in portfolio.invoices:
        _collect(invoice, payments.get(invoice.id, _NO_PAYMENTS), start, end, base, collected)
    return _rates(base, collected)


def collection_rate(portfolio: Portfolio, start: date, end: date) -> dict[str, Decimal]:
    """Share of what was due that got collected, per currency, in percent (0.1).

    The base is, for every invoice that is a receivable on ``end``: what was
    overdue on ``start`` (open then, due before ``start``), plus what fell due in
    ``start <= due_date <= end`` as it stood on its due date. Collected is how much
    of that base is no longer open on ``end``. Instalments count one by one.
    Currencies with nothing due are left out.

    Raises:
        AnalyticsError: ``end`` is not after ``start``.
    """
    _check_period(start, end)
    return _collection(portfolio, start, end)


# -- per-step effectiveness --------------------------------------------------------------


class StepEffect(_Result):
    """What the reminders of one step on one channel achieved.

    Attributes:
        scenario_id: the scenario the events name (``None`` when they name none).
        step_id: the step.
        channel: the channel used.
        contacts: ``sent`` events whose window has closed.
        invoices: distinct invoices those events reminded.
        paid_within: those fully paid within ``window_days`` days after the first
            such reminder.
        rate: ``paid_within / invoices``, rounded half-up to 0.001.
        median_days_to_pay: median days from reminder to full payment of those paid
            within the window; ``None`` if none was.
    """

    scenario_id: str | None
    step_id: str
    channel: Channel
    contacts: int
    invoices: int
    paid_within: int
    rate: Decimal
    median_days_to_pay: Decimal | None


def _step_positions(policy: Policy) -> dict[str, dict[str, int]]:
    positions: dict[str, dict[str, int]] = {}
    for name in sorted(policy.scenarios):
        scenario = policy.scenarios[name]
        found = positions.setdefault(scenario.id, {})
        for index, step in enumerate(scenario.steps):
            found.setdefault(step.id, index)
    return positions


def _settled_on(portfolio: Portfolio, invoice_id: str, on: date) -> date | None:
    invoice = portfolio.invoice(invoice_id)
    return invoice_facts(invoice, portfolio.payments_of(invoice_id), on).settled_on


def step_effectiveness(
    portfolio: Portfolio,
    on: date,
    *,
    window_days: int = 14,
    policy: Policy | None = None,
) -> list[StepEffect]:
    """What each ``(scenario, step, channel)`` achieved, from the ``sent`` events.

    Only events whose window has closed count (``event.date + window_days <= on``).
    An invoice reminded twice at the same step counts once, from its first
    reminder; it is *paid within* when its payments (dated up to ``on``) cover it
    on a day from the reminder's date to ``window_days`` days after.

    Args:
        portfolio: the book.
        on: the day; later records are ignored.
        window_days: days after a reminder within which a payment counts.
        policy: whose scenarios give the order of the steps (default policy).

    Returns:
        Sorted by scenario id, then the step's position in its scenario (steps the
        policy does not know come last, by id), then channel.
    """
    if window_days < 0:
        raise AnalyticsError(f"window_days={window_days} must not be negative")
    closed = on - timedelta(days=window_days)
    contacts: dict[tuple[str | None, str, Channel], int] = {}
    first: dict[tuple[str | None, str, Channel], dict[str, date]] = {}
    for event in portfolio.events:
        if event.outcome is not EventOutcome.SENT or event.date > closed:
            continue
        key = (event.scenario_id, event.step_id, event.channel)
        contacts[key] = contacts.get(key, 0) + 1
        reminded = first.setdefault(key, {})
        for invoice_id in event.invoice_ids:
            seen = reminded.get(invoice_id)
            if seen is None or event.date < seen:
                reminded[invoice_id] = event.date
    settled: dict[str, date | None] = {}
    positions = _step_positions(policy or default_policy())
    results = []
    for key, count in contacts.items():
        delays = []
        for invoice_id, sent_on in first[key].items():
            if invoice_id not in settled:
                settled[invoice_id] = _settled_on(portfolio, invoice_id, on)
            paid_on = settled[invoice_id]
            if paid_on is not None and 0 <= (paid_on - sent_on).days <= window_days:
                delays.append((paid_on - sent_on).days)
        invoices = len(first[key])
        results.append(
            trusted(
                StepEffect,
                scenario_id=key[0],
                step_id=key[1],
                channel=key[2],
                contacts=count,
                invoices=invoices,
                paid_within=len(delays),
                rate=_round(Decimal(len(delays)) / invoices, _THOUSANDTH),
                median_days_to_pay=_median(delays) if delays else None,
            )
        )
    unknown = len(max(positions.values(), key=len, default={})) + 1

    def order(effect: StepEffect) -> tuple[str, int, str, str]:
        scenario = effect.scenario_id or ""
        position = positions.get(scenario, {}).get(effect.step_id, unknown)
        return scenario, position, effect.step_id, str(effect.channel)

    return sorted(results, key=order)


# -- promises, disputes, days to pay ------------------------------------------------------


def _median(values: Sequence[int]) -> Decimal:
    return _round(Decimal(str(statistics.median(values))), _TENTH)


def _fraction(part: int, whole: int) -> Decimal | None:
    return _round(Decimal(part) / whole, _THOUSANDTH) if whole else None


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
    _check_days(days)
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
    return _fraction(kept, counted)


def dispute_rate(portfolio: Portfolio, on: date, *, days: int = 365) -> Decimal | None:
    """Share of the invoices issued in ``on - days < issue_date <= on`` disputed by ``on``.

    Disputed: the status known on ``on`` is ``disputed``, or an earlier status
    change to ``disputed`` is dated on or before ``on``. Rounded half-up to 0.001;
    ``None`` without any invoice issued in the window.
    """
    _check_days(days)
    start = on - timedelta(days=days)
    issued = disputed = 0
    for invoice in portfolio.invoices:
        if invoice.kind is _CREDIT_NOTE or not start < invoice.issue_date <= on:
            continue
        issued += 1
        disputed += _disputed(invoice, on)
    return _fraction(disputed, issued)


def _disputed(invoice: Invoice, on: date) -> bool:
    """Whether the invoice was disputed at some point up to ``on``."""
    history = invoice.status_history
    if not history and invoice.status is not _DISPUTED:
        return False  # never disputed: the usual case, decided without a lookup
    return invoice.status_on(on)[0] is _DISPUTED or any(
        change.status is _DISPUTED and change.date <= on for change in history
    )


class DaysToPay(_Result):
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


def _paid_by_payments_on(invoice: Invoice, paid: Sequence[Payment], on: date) -> date | None:
    """The day the invoice counts as settled (as ``InvoiceFacts.settled_on``), when at
    least one payment dated up to ``on`` went towards it; ``None`` otherwise."""
    if not paid or paid[0].date > on:
        return None  # no payment yet (payments come sorted by date)
    changed_on = invoice.status_date
    if changed_on is not None and changed_on > on:
        return invoice_facts(invoice, paid, on).settled_on
    status = invoice.status
    amount = invoice.amount
    if status is _PARTIAL and invoice.accepted_amount is not None:
        amount = invoice.accepted_amount
    total = _ZERO
    for payment in paid:
        if payment.date > on:
            break
        total += payment.amount
        if total >= amount:
            return payment.date
    if status is _PAID:
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
    _check_days(days)
    if segments is None:
        segments = _segments(portfolio, on, policy)
    start = on - timedelta(days=days)
    found: dict[str, list[int]] = {}
    late: dict[str, int] = {}
    get = _payments(portfolio).get
    for inv in portfolio.invoices:
        paid = get(inv.id)
        if paid is None or inv.kind is _CREDIT_NOTE or inv.issue_date > on:
            continue
        settled = _paid_by_payments_on(inv, paid, on)
        if settled is None or not start < settled <= on:
            continue
        segment = segments.get(inv.customer_id, "")
        found.setdefault(segment, []).append((settled - inv.issue_date).days)
        late[segment] = late.get(segment, 0) + (settled > inv.due_date)
    results = []
    for segment, values in sorted(found.items()):
        values.sort()
        results.append(
            trusted(
                DaysToPay,
                segment=segment,
                invoices=len(values),
                mean=_round(Decimal(sum(values)) / len(values), _TENTH),
                p25=_rank(values, 25),
                median=_median(values),
                p75=_rank(values, 75),
                p90=_rank(values, 90),
                max=values[-1],
                late=late[segment],
            )
        )
    return results


# -- trend and workload -------------------------------------------------------------------


class TrendPoint(_Result):
    """Receivables, overdue amount and DSO on one day, in one currency.

    Attributes:
        on: the day.
        currency: the currency.
        receivables: open on that day.
        overdue: the part of it overdue.
        dso: :func:`dso` on that day; ``None`` without sales in its window.
    """

    on: date
    currency: str
    receivables: Decimal
    overdue: Decimal
    dso: Decimal | None


def trend_days(start: date, end: date, every: str = "month") -> list[date]:
    """The days of a trend: ``end``, then one ``every`` earlier, back to ``start``."""
    _check_period(start, end)
    if every not in ("month", "week"):
        raise AnalyticsError(f"every={every!r}: expected 'month' or 'week'")
    days = []
    k = 0
    while True:
        day = end - (relativedelta(months=k) if every == "month" else timedelta(weeks=k))
        if day < start:
            break
        days.append(day)
        k += 1
    return days[::-1]


def trend(
    portfolio: Portfolio, start: date, end: date, every: str = "month", *, days: int = 90
) -> list[TrendPoint]:
    """DSO and overdue amount on ``end`` and every month (or week) before, back to ``start``.

    Each point is computed as of its own day (later records ignored). Sorted by day
    then currency; a currency appears on the days it has receivables or sales.
    """
    _check_days(days)
    points: list[TrendPoint] = []
    on_days = trend_days(start, end, every)
    positions = _positions(portfolio, on_days, days)
    for day, found in zip(on_days, positions, strict=True):
        ratios = _days_of_sales(found.total, found.sales, days)
        overdue = found.overdue()
        points.extend(
            trusted(
                TrendPoint,
                on=day,
                currency=currency,
                receivables=found.total.get(currency, _ZERO),
                overdue=overdue.get(currency, _ZERO),
                dso=ratios.get(currency),
            )
            for currency in sorted({*found.total, *found.sales})
        )
    return points


def _positions(portfolio: Portfolio, on_days: Sequence[date], days: int) -> list[_Position]:
    """:func:`_position` on each of ``on_days`` (ascending), in one pass over the invoices.

    The usual invoice keeps one status from its issue date: its open amount on a day
    is its amount minus the payments up to then, and once nothing is open and its
    issue date has left the sales window it adds nothing to later days, so the loop
    over the days stops there. Other invoices take the general path, day by day.
    """
    found = [_Position() for _ in on_days]
    window = timedelta(days=days)
    first = on_days[0]
    count = len(on_days)
    get = _payments(portfolio).get
    for invoice in portfolio.invoices:
        issued = invoice.issue_date
        index = bisect.bisect_left(on_days, issued)
        if index == count:
            continue
        paid = get(invoice.id, _NO_PAYMENTS)
        changed_on = invoice.status_date
        if invoice.installments or (changed_on is not None and changed_on > max(first, issued)):
            for k in range(index, count):
                day = on_days[k]
                _count(found[k], invoice_facts(invoice, paid, day), day, day - window)
            continue
        status = invoice.status
        if status is _CANCELLED:
            continue
        amount = invoice.amount
        if status is _PARTIAL and invoice.accepted_amount is not None:
            amount = invoice.accepted_amount
        currency = invoice.currency
        credit = invoice.kind is _CREDIT_NOTE
        due = invoice.due_date
        settled = status is _PAID
        paid_so_far = _ZERO
        next_payment = 0
        for k in range(index, count):
            day = on_days[k]
            while next_payment < len(paid) and paid[next_payment].date <= day:
                paid_so_far += paid[next_payment].amount
                next_payment += 1
            open_ = _ZERO if settled else amount - paid_so_far
            selling = issued > day - window and not credit
            if open_ <= 0 and not selling:
                break
            position = found[k]
            if selling:
                position.sales[currency] = position.sales.get(currency, _ZERO) + amount
            if open_ > 0:
                signed = -open_ if credit else open_
                position.total[currency] = position.total.get(currency, _ZERO) + signed
                if credit or due >= day:
                    position.current[currency] = position.current.get(currency, _ZERO) + signed
    return found


class WorkloadDay(_Result):
    """The reminders planned on one day and channel, planning forward with no payment.

    Attributes:
        on: the business day the actions are scheduled for.
        channel: the channel.
        actions: how many actions.
        amounts: their amounts due, per currency.
    """

    on: date
    channel: Channel
    actions: int
    amounts: dict[str, Decimal]


def workload(
    portfolio: Portfolio,
    on: date,
    days: int = 14,
    *,
    policy: Policy | None = None,
    first: Plan | None = None,
) -> list[WorkloadDay]:
    """Actions per channel per day over the next ``days`` days, with no new payment.

    The planner runs for ``on``, each action is recorded as sent that day, then it
    runs for the next day, and so on: the load the team and the channels will
    carry if nobody pays. Each day costs one planner run over the whole book.

    Args:
        portfolio: the book.
        on: the first day.
        days: how many days to plan.
        policy: the policy to plan with (default policy).
        first: the plan for ``on`` under ``policy``, when the caller already has it.

    Returns:
        One entry per day and channel with actions, sorted by day then channel.
    """

    _check_days(days)
    policy = policy or default_policy()
    events = list(portfolio.events)
    book = portfolio
    counts: dict[tuple[date, Channel], list[Any]] = {}
    for offset in range(days):
        day = on + timedelta(days=offset)
        if offset:
            book = Portfolio.model_construct(
                customers=portfolio.customers,
                invoices=portfolio.invoices,
                payments=portfolio.payments,
                promises=portfolio.promises,
                events=tuple(events),
            )
        plan = first if offset == 0 and first is not None else next_actions(book, day, policy)
        for n, action in enumerate(plan.actions):
            slot = counts.setdefault((action.scheduled_for, action.channel), [0, {}])
            slot[0] += 1
            slot[1][action.currency] = slot[1].get(action.currency, _ZERO) + action.amount_due
            events.append(DunningEvent.for_action(action, id=f"~workload-{day}-{n}", on=day))
    return [
        trusted(
            WorkloadDay,
            on=day,
            channel=channel,
            actions=slot[0],
            amounts=dict(sorted(slot[1].items())),
        )
        for (day, channel), slot in sorted(counts.items(), key=lambda x: (x[0][0], str(x[0][1])))
    ]


# -- headline figures ---------------------------------------------------------------------


class Kpis(_Result):
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
        for name in (
            "receivables",
            "overdue",
            "overdue_share",
            "dso",
            "best_possible_dso",
            "average_days_delinquent",
            "cei",
            "collection_rate",
        ):
            values: dict[str, Decimal] = getattr(self, name)
            rows.extend(
                {"figure": name, "currency": c, "value": v} for c, v in sorted(values.items())
            )
        rows.extend(
            {"figure": name, "currency": "", "value": getattr(self, name)}
            for name in (
                "promise_kept_rate",
                "dispute_rate",
                "open_invoices",
                "overdue_invoices",
                "customers_overdue",
            )
        )
        return rows


def kpis(portfolio: Portfolio, on: date, *, days: int = 90) -> Kpis:
    """The headline figures as of ``on`` in one object.

    DSO, CEI and collection rate use the ``days`` days ending on ``on``; the promise
    and dispute rates the last 365 days.
    """
    _check_days(days)
    start = on - timedelta(days=days)
    now, before, base, collected = _scan(portfolio, start, on)
    ratios = _days_of_sales(now.total, now.sales, days)
    best = _days_of_sales(now.current, now.sales, days)
    overdue = now.overdue()
    return trusted(
        Kpis,
        on=on,
        days=days,
        receivables=dict(sorted(now.total.items())),
        overdue=overdue,
        overdue_share={
            c: _round(overdue[c] / total * _HUNDRED, _TENTH)
            for c, total in sorted(now.total.items())
            if total > 0
        },
        dso=ratios,
        best_possible_dso=best,
        average_days_delinquent=_delinquent(ratios, best),
        cei=_cei(before, now),
        collection_rate=_rates(base, collected),
        promise_kept_rate=promise_kept_rate(portfolio, on),
        dispute_rate=_fraction(now.disputes[1], now.disputes[0]),
        open_invoices=now.open_invoices,
        overdue_invoices=now.overdue_invoices,
        customers_overdue=now.customers_overdue,
    )


def _scan(
    portfolio: Portfolio, start: date, on: date
) -> tuple[_Position, _Position, dict[str, Decimal], dict[str, Decimal]]:
    """One pass over the invoices for :func:`kpis`: the position on ``on`` (sales of
    ``start < issue <= on``), the receivables on ``start``, and the collection base
    and collected amounts of ``start..on``.

    Gives the same figures as :func:`_position` and :func:`_collect`, which it calls
    for the invoices that need the general path (payment plans, a status that
    changed within the period). The usual invoice has one status all along, so its
    open amount on each day is its amount minus the payments up to that day, and
    one walk over its payments gives all three days.
    """
    now, before = _Position(), _Position()
    total, current, sales = now.total, now.current, now.sales
    opening = before.total
    base: dict[str, Decimal] = {}
    collected: dict[str, Decimal] = {}
    late_customers: set[str] = set()
    get = _payments(portfolio).get
    open_invoices = overdue_invoices = 0
    year_start = on - timedelta(days=_YEAR)
    issued_in_year = disputed = 0
    for invoice in portfolio.invoices:
        issued = invoice.issue_date
        if issued > on:
            continue
        if issued > year_start and invoice.kind is not _CREDIT_NOTE:
            issued_in_year += 1
            if invoice.status_history or invoice.status is _DISPUTED:
                disputed += _disputed(invoice, on)
        paid = get(invoice.id, _NO_PAYMENTS)
        changed_on = invoice.status_date
        if invoice.installments or (changed_on is not None and changed_on > max(start, issued)):
            if _count(now, invoice_facts(invoice, paid, on), on, start):
                late_customers.add(invoice.customer_id)
            if issued <= start:
                _count(before, invoice_facts(invoice, paid, start), start, start)
            _collect(invoice, paid, start, on, base, collected)
            continue
        status = invoice.status
        if status is _CANCELLED:
            continue
        amount = invoice.amount
        if status is _PARTIAL and invoice.accepted_amount is not None:
            amount = invoice.accepted_amount
        currency = invoice.currency
        credit = invoice.kind is _CREDIT_NOTE
        due = invoice.due_date
        if issued > start and not credit:
            sales[currency] = sales.get(currency, _ZERO) + amount
        if status is _PAID:
            continue  # nothing open on any day, nothing left to collect
        paid_on = paid_start = paid_due = _ZERO
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
            if credit:
                total[currency] = total.get(currency, _ZERO) - open_on
                current[currency] = current.get(currency, _ZERO) - open_on
            else:
                total[currency] = total.get(currency, _ZERO) + open_on
                open_invoices += 1
                if due >= on:
                    current[currency] = current.get(currency, _ZERO) + open_on
                else:
                    overdue_invoices += 1
                    late_customers.add(invoice.customer_id)
        else:
            open_on = _ZERO
        if issued <= start and amount > paid_start:
            signed = paid_start - amount if credit else amount - paid_start
            opening[currency] = opening.get(currency, _ZERO) + signed
        if credit or due > on:
            continue
        due_open = amount - (paid_start if due < start else paid_due)
        if due_open > 0:
            base[currency] = base.get(currency, _ZERO) + due_open
            got = due_open - open_on
            collected[currency] = collected.get(currency, _ZERO) + (got if got > 0 else _ZERO)
    now.open_invoices += open_invoices
    now.overdue_invoices += overdue_invoices
    now.customers_overdue = len(late_customers)
    now.disputes = (issued_in_year, disputed)
    return now, before, base, collected
