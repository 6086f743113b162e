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

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dunningkit.book._ledger import CustomerLedger, Ledger, MemoRow
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._revenue import BookRevenue, daily_revenue
from dunningkit.errors import BacktestError
from dunningkit.model._history import DunningEvent
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import Action
from dunningkit.planning._review import Calendar, ReviewingRun, calendar_of, next_review
from dunningkit.policy._policy import Policy

__all__ = ["Approve", "ReplayDay", "planning_days", "replay"]

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
    book = _Replayed(ledger_of(portfolio), policy, start, days)
    at = -1
    for day, after in zip(every_day, afters, strict=True):
        if at + 1 >= len(days) or days[at + 1] != day:
            yield ReplayDay(day, (), (), 0)
            continue
        at += 1
        plan, planned = book.plan(at, incremental=incremental)
        sent: list[Action] = []
        requested: list[Action] = []
        for action in plan.actions:
            if action.scheduled_for >= after:
                continue  # planned again on its day
            if action.requires_approval:
                requested.append(action)
            if _granted(approve, action):
                sent.append(action)
        _record(book.entries, book.positions, sent, day)
        yield ReplayDay(day, tuple(sent), tuple(requested), planned)


class _Replayed:
    """The book as the replay walks it: each customer's ledger (its events growing with
    what is sent), its review calendar, and who is due for planning on which day."""

    def __init__(self, ledger: Ledger, policy: Policy, start: date, days: list[date]) -> None:
        self.policy = policy
        self.days = days
        self.revenues: list[BookRevenue] = daily_revenue(
            ledger, days, policy.segmentation.reference_currency
        )
        self.entries: list[CustomerLedger] = [
            CustomerLedger(
                e.customer,
                [MemoRow(row) for row in e.rows],
                e.promises,
                tuple(ev for ev in e.events if ev.date < start),
            )
            for e in ledger.customers
        ]
        self.calendars: list[Calendar | None] = [None] * len(self.entries)
        self.positions = {e.id: n for n, e in enumerate(self.entries)}
        # Customers to plan, by planning day (positions in id order); all on the first day.
        self.due: dict[date, set[int]] = {days[0]: set(range(len(self.entries)))} if days else {}

    def plan(self, at: int, *, incremental: bool) -> tuple[Plan, int]:
        """The plan of planning day ``days[at]``, and how many customers were planned."""
        day = self.days[at]
        run = ReviewingRun(day, self.policy, self.revenues[at])
        todo = sorted(self.due.pop(day, ())) if incremental else range(len(self.entries))
        for position in todo:
            entry = self.entries[position]
            outcome = run.review(entry)
            if incremental:
                calendar = self.calendars[position]
                if calendar is None:
                    calendar = self.calendars[position] = calendar_of(entry, self.policy)
                found = next_review(entry, calendar, outcome, run.engine, self.days, self.revenues)
                if found is not None:
                    self.due.setdefault(found, set()).add(position)
        return run.finish(), len(todo)


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
