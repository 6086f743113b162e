"""The replay behind a back-test: each planning day, as of that day, the policy's own
reminders recorded as sent on their scheduled day.

The book's payments, promises, disputes and statuses are taken as they happened; its
dunning events from ``start`` on are replaced by what the policy sends. Two ways to
walk the days, with the same result (a test holds them equal):

* *naive*: every customer is planned every planning day;
* *incremental* (the default): a customer is planned again only on its next review
  date (:mod:`dunningkit.planning._review`), when something about it may have changed.

Customers are always planned in id order and the day's calls are shared across the
book exactly as :func:`~dunningkit.next_actions` does.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts, invoice_facts
from dunningkit.book._ledger import CustomerLedger, InvoiceRow, Ledger
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._revenue import WINDOW_DAYS, BookRevenue
from dunningkit.errors import BacktestError
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.planning._plan import Action
from dunningkit.planning._review import Calendar, ReviewingRun, calendar_of, next_review
from dunningkit.policy._policy import Policy

__all__ = ["Approve", "ReplayDay", "daily_revenue", "planning_days", "replay"]

Approve = bool | Callable[[Action], bool]
"""Whether an action needing approval is granted: all, none, or decided per action."""


@dataclass(frozen=True, slots=True)
class ReplayDay:
    """One planning day of a replay.

    Attributes:
        day: the planning day.
        sent: the actions recorded as sent, each on its ``scheduled_for`` day (on or
            after ``day``, before the next planning day).
        requested: the actions that asked for a person's approval (granted or not).
        planned: how many customers were planned that day (all of them when naive).
    """

    day: date
    sent: tuple[Action, ...]
    requested: tuple[Action, ...]
    planned: int


def planning_days(start: date, end: date, every: int) -> list[date]:
    """``start``, ``start + every``, ... up to ``end`` included."""
    if every < 1:
        raise BacktestError(f"every={every}: plan at least every day (every >= 1)")
    if end < start:
        raise BacktestError(f"the back-test ends ({end}) before it starts ({start})")
    days = []
    day = start
    step = timedelta(days=every)
    while day <= end:
        days.append(day)
        day += step
    return days


_ZERO = Decimal(0)
_UNCOUNTED = (InvoiceStatus.CANCELLED, InvoiceStatus.REJECTED)


def daily_revenue(
    ledger: Ledger, days: Sequence[date], reference_currency: str | None
) -> list[BookRevenue]:
    """The book's revenue on each of ``days`` (in order), as :func:`book_revenue` gives it.

    One sweep over the book instead of one pass a day: each invoice enters the window
    on its issue date, leaves it 365 days later, and changes what it counts for only
    on its status dates. Decimal sums are exact, so the order of the additions does not
    change them.
    """
    window = timedelta(days=WINDOW_DAYS)
    changes: list[tuple[date, str, Decimal, int]] = []  # day, currency, amount, count
    first = days[0] - window if days else date.min
    for entry in ledger.customers:
        for row in entry.rows:
            leave = row.issue + window
            if leave <= first:
                continue
            inv = row.invoice
            moments = {row.issue}
            moments.update(c.date for c in inv.status_history if row.issue < c.date < leave)
            if inv.status_date is not None and row.issue < inv.status_date < leave:
                moments.add(inv.status_date)
            counted = _ZERO
            for on in sorted(moments):
                f = row.facts_on(on)
                value = _ZERO
                if f.status not in _UNCOUNTED:
                    value = -f.amount if f.credit else f.amount
                if value != counted or on == row.issue:
                    changes.append((on, row.currency, value - counted, int(on == row.issue)))
                    counted = value
            changes.append((leave, row.currency, -counted, -1))
    changes.sort(key=lambda c: c[0])
    totals: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    found = []
    at = 0
    for day in days:
        while at < len(changes) and changes[at][0] <= day:
            _, currency, amount, count = changes[at]
            totals[currency] = totals.get(currency, _ZERO) + amount
            counts[currency] = counts.get(currency, 0) + count
            at += 1
        reference = reference_currency
        if reference is None:
            present = [c for c, n in counts.items() if n > 0]
            if present:
                reference = min(present, key=lambda c: (-counts[c], c))
        total = totals.get(reference, _ZERO) if reference else _ZERO
        found.append(BookRevenue(total if counts.get(reference or "", 0) else _ZERO, reference))
    return found


class _MemoRow(InvoiceRow):
    """An invoice row that keeps its last facts until its next dated record.

    A back-test asks for the facts of the same invoice day after day, long before its
    last payment: between two of its own dates (payments, statuses) they are the same.
    """

    __slots__ = ("kept", "kept_from", "kept_until", "moments", "volatile")

    def __init__(self, row: InvoiceRow) -> None:
        for name in InvoiceRow.__slots__:
            setattr(self, name, getattr(row, name))
        inv = row.invoice
        moments = {p.date for p in row.payments}
        moments.update(c.date for c in inv.status_history)
        if inv.status_date is not None:
            moments.add(inv.status_date)
        self.moments: list[date] = sorted(moments)
        # "Paid" without a date settles on the due date at the latest: daily until then.
        self.volatile = inv.status is InvoiceStatus.PAID and inv.status_date is None
        self.kept: InvoiceFacts = row.final
        self.kept_from = date.max
        self.kept_until = date.min

    def facts_on(self, day: date) -> InvoiceFacts:
        if day >= self.stable_from:
            return self.final
        if self.kept_from <= day < self.kept_until:
            return self.kept
        facts = invoice_facts(self.invoice, self.payments, day)
        if not self.volatile:
            moments = self.moments
            at = bisect_right(moments, day)
            self.kept_from = moments[at - 1] if at else date.min
            self.kept_until = moments[at] if at < len(moments) else self.stable_from
            self.kept = facts
        return facts


def _granted(approve: Approve, action: Action) -> bool:
    if not action.requires_approval:
        return True
    if isinstance(approve, bool):
        return approve
    return bool(approve(action))


def replay(
    portfolio: Portfolio,
    policy: Policy,
    *,
    start: date,
    end: date,
    every: int = 1,
    approve: Approve = True,
    incremental: bool = True,
) -> Iterator[ReplayDay]:
    """Walk the planning days from ``start`` to ``end``; yields one :class:`ReplayDay` each."""
    every_day = planning_days(start, end, every)
    # A day whose first business day falls on or after the next planning day sends
    # nothing (its actions are planned again on their day): it is not planned at all.
    afters = [*every_day[1:], end + timedelta(days=1)]
    act_on = policy.calendar.next_business_day
    days = [day for day, after in zip(every_day, afters, strict=True) if act_on(day) < after]
    ledger = ledger_of(portfolio)
    reference = policy.segmentation.reference_currency
    revenues = daily_revenue(ledger, days, reference)
    entries: list[CustomerLedger] = [
        CustomerLedger(
            e.customer,
            [_MemoRow(row) for row in e.rows],
            e.promises,
            tuple(ev for ev in e.events if ev.date < start),
        )
        for e in ledger.customers
    ]
    calendars: list[Calendar | None] = [None] * len(entries)
    positions = {e.id: n for n, e in enumerate(entries)}
    # Customers to plan, by planning day (positions in id order); all on the first day.
    due: dict[date, set[int]] = {days[0]: set(range(len(entries)))} if days else {}
    at = -1
    for day, after in zip(every_day, afters, strict=True):
        if at + 1 >= len(days) or days[at + 1] != day:
            yield ReplayDay(day, (), (), 0)
            continue
        at += 1
        run = ReviewingRun(day, policy, revenues[at])
        todo = sorted(due.pop(day, ())) if incremental else range(len(entries))
        for position in todo:
            entry = entries[position]
            outcome = run.review(entry)
            if not incremental:
                continue
            calendar = calendars[position]
            if calendar is None:
                calendar = calendars[position] = calendar_of(entry, policy)
            found = next_review(entry, calendar, outcome, run, days, revenues)
            if found is not None:
                due.setdefault(found, set()).add(position)
        plan = run.finish()
        sent: list[Action] = []
        requested: list[Action] = []
        for action in plan.actions:
            if action.scheduled_for >= after:
                continue  # planned again on its day
            if action.requires_approval:
                requested.append(action)
            if _granted(approve, action):
                sent.append(action)
        _record(entries, positions, sent, day)
        yield ReplayDay(day, tuple(sent), tuple(requested), len(todo))


def _current(entry: CustomerLedger, day: date) -> list[DunningEvent]:
    """The customer's events that can still count from ``day`` on, before new ones.

    An event older than the 30-day contact window whose invoices are all settled (a
    settled invoice never owes again: payments only add up) is read by no rule any
    more: the planner reads histories of outstanding invoices only, and the last
    contact is one of the events being added. Dropping it keeps a year-long replay
    from reading ever longer histories.
    """
    window = day - timedelta(days=30)
    return [event for event in entry.events if event.date >= window or _owing(entry, event, day)]


def _owing(entry: CustomerLedger, event: DunningEvent, day: date) -> bool:
    for invoice_id in event.invoice_ids:
        try:
            row = entry.row(invoice_id)
        except KeyError:
            return True  # not one of its invoices: keep it, whatever it means
        if row.facts_on(day).outstanding > 0:
            return True
    return False


def _record(
    entries: list[CustomerLedger],
    positions: dict[str, int],
    sent: list[Action],
    day: date,
) -> None:
    """Add the sent actions to their customers' histories (a new ledger entry each)."""
    if not sent:
        return
    by_customer: dict[str, list[DunningEvent]] = {}
    for n, action in enumerate(sent):
        event = DunningEvent.for_action(
            action, id=f"backtest-{day.isoformat()}-{n:06d}", on=action.scheduled_for
        )
        by_customer.setdefault(action.customer_id, []).append(event)
    for customer_id, new in by_customer.items():
        position = positions[customer_id]
        entry = entries[position]
        events = sorted((*_current(entry, day), *new), key=lambda e: (e.date, e.id))
        # The calendar stays: events are dated on or before the day they are recorded.
        entries[position] = CustomerLedger(entry.customer, entry.rows, entry.promises, events)
