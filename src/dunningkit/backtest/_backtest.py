"""Back-testing a policy on history: workload, cost and friction, side by side.

:func:`backtest` replays each planning day from ``start`` to ``end`` as of that day
(see :mod:`dunningkit.backtest._replay`): the book's payments, promises, disputes and statuses
are its own, applied on their dates; the reminders are the policy's own, each
recorded as sent on its scheduled day. The figures therefore say what the policy
would have done on that history, not how customers would have reacted to it; a
:class:`~dunningkit.ResponseModel` adds a projection of that, labelled as such.

:func:`compare` runs several policies on the same history and puts the figures side
by side with their differences to the first.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.backtest._comparison import Comparison
from dunningkit.backtest._figures import (
    Backtest,
    DayFigures,
    InvoiceJourney,
    Projection,
    SegmentLoad,
)
from dunningkit.backtest._replay import Approve, planning_days, replay
from dunningkit.backtest._response import ResponseModel
from dunningkit.book._ledger import CustomerLedger, Ledger
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.errors import BacktestError
from dunningkit.model._channel import Channel, Tone, channel_spec
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.planning._plan import Action
from dunningkit.policy._costs import ChannelCosts
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["FRICTION_DAYS", "Progress", "backtest", "compare"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
FRICTION_DAYS = 3
"""A contact followed by a payment within this many days was probably not needed."""

Progress = Callable[[int, int], None]
"""Called after each planning day with (days done, planning days in all)."""


# -- the walk -------------------------------------------------------------------------


class _Tally:
    """Running figures while the replay goes."""

    def __init__(self, policy: Policy, costs: ChannelCosts, ledger: Ledger) -> None:
        self.policy = policy
        self.costs = costs
        self.ledger = ledger
        self.contacts: dict[date, dict[str, int]] = {}
        self.cost: dict[date, dict[str, Decimal]] = {}
        self.approvals: dict[date, int] = {}
        self.notices: dict[date, int] = {}
        self.handovers: dict[date, int] = {}
        self.calls: dict[date, int] = {}
        self.paid_soon = 0
        self.while_held = 0
        self.per_month: dict[tuple[str, str, str], int] = {}
        self.steps: dict[str, list[tuple[date, str, str]]] = {}
        self.sent: list[Action] = []
        self.not_converted: dict[str, Decimal] = {}

    def add_cost(self, day: date, key: str, amount: Decimal) -> None:
        costs = self.cost.setdefault(day, {})
        costs[key] = costs.get(key, _ZERO) + amount

    def request(self, action: Action) -> None:
        day = action.scheduled_for
        self.approvals[day] = self.approvals.get(day, 0) + 1
        self.add_cost(day, "approval", self.costs.approval)

    def send(self, action: Action) -> None:
        day = action.scheduled_for
        channel = str(action.channel)
        self.sent.append(action)
        by_channel = self.contacts.setdefault(day, {})
        by_channel[channel] = by_channel.get(channel, 0) + 1
        self.add_cost(day, channel, self._price(action))
        if action.tone is Tone.FORMAL_NOTICE:
            self.notices[day] = self.notices.get(day, 0) + 1
        if action.terminal:
            self.handovers[day] = self.handovers.get(day, 0) + 1
        if channel_spec(action.channel).capacity_limited:
            self.calls[day] = self.calls.get(day, 0) + 1
        month = (action.segment, action.customer_id, day.strftime("%Y-%m"))
        self.per_month[month] = self.per_month.get(month, 0) + 1
        entry = self.ledger.by_id[action.customer_id]
        if self._paid_soon(entry, action):
            self.paid_soon += 1
        if self._held(entry, action):
            self.while_held += 1
        for invoice_id in action.invoice_ids:
            self.steps.setdefault(invoice_id, []).append((day, action.step_id, channel))

    def _price(self, action: Action) -> Decimal:
        costs = self.costs
        if action.channel is not Channel.COLLECTION_AGENCY:
            return costs.per_contact(action.channel)
        fee = action.amount_due * costs.collection_agency_percent / 100
        if action.currency == costs.currency:
            return fee.quantize(_CENT)
        rates = self.policy.exchange_rates
        if action.currency in rates and costs.currency in rates:
            return (fee * rates[action.currency] / rates[costs.currency]).quantize(_CENT)
        self.not_converted[action.currency] = self.not_converted.get(
            action.currency, _ZERO
        ) + fee.quantize(_CENT)
        return _ZERO

    @staticmethod
    def _paid_soon(entry: CustomerLedger, action: Action) -> bool:
        day = action.scheduled_for
        last = day + timedelta(days=FRICTION_DAYS)
        for invoice_id in action.invoice_ids:
            row = entry.row(invoice_id)
            if any(day < p.date <= last for p in row.payments):
                return True
            settled = row.facts_on(last).settled_on
            if settled is not None and day < settled <= last:
                return True
        return False

    def _held(self, entry: CustomerLedger, action: Action) -> bool:
        """An independent check: was any invoice reported paid or under a promise?"""
        day = action.scheduled_for
        policy = self.policy
        sent_grace = timedelta(days=policy.payment_sent_grace_days)
        promise_grace = policy.promise_grace_days
        for invoice_id in action.invoice_ids:
            row = entry.row(invoice_id)
            facts = row.facts_on(day)
            sent_on = row.invoice.status_date
            if facts.status is InvoiceStatus.PAYMENT_SENT and (
                sent_on is None or day <= sent_on + sent_grace
            ):
                return True
            for promise in entry.promises:
                if promise.running_on(day, promise_grace) and promise.covers(invoice_id, row.issue):
                    return True
        return False

    def loads(self) -> dict[str, SegmentLoad]:
        by_segment: dict[str, list[int]] = {}
        for (segment, _, _), n in sorted(self.per_month.items()):
            by_segment.setdefault(segment, []).append(n)
        return {s: SegmentLoad(max(ns), sum(ns) / len(ns), len(ns)) for s, ns in by_segment.items()}

    def journeys(self, start: date, end: date) -> dict[str, InvoiceJourney]:
        found: dict[str, InvoiceJourney] = {}
        for entry in self.ledger.customers:
            for row in entry.rows:
                if row.credit:
                    continue
                steps = self.steps.get(row.id)
                facts = row.facts_on(end)
                settled = facts.settled_on
                if settled is not None and not start <= settled <= end:
                    settled = None
                if facts.status is InvoiceStatus.CANCELLED:
                    settled = None
                if steps is None and settled is None:
                    continue
                found[row.id] = InvoiceJourney(row.id, entry.id, tuple(steps or ()), settled)
        return found


def _project(
    tally: _Tally, model: ResponseModel, seed: int, end: date
) -> Projection:  # pragma: no cover - exercised through backtest(response=...)
    draws = random.Random(seed)  # noqa: S311 - a reproducible projection, not security
    horizon = timedelta(days=model.days)
    collected: dict[str, Decimal] = {}
    paid_on: dict[str, date] = {}
    avoided = 0
    for action in tally.sent:
        entry = tally.ledger.by_id[action.customer_id]
        share = model.paid_share(action.segment, action.step_id)
        for invoice_id in action.invoice_ids:
            if invoice_id in paid_on:
                if action.scheduled_for > paid_on[invoice_id]:
                    avoided += 1
                continue
            if draws.random() < share:
                paid_on[invoice_id] = min(action.scheduled_for + horizon, end)
                amount = entry.row(invoice_id).facts_on(action.scheduled_for).open
                currency = entry.row(invoice_id).currency
                collected[currency] = collected.get(currency, _ZERO) + amount
    return Projection(
        days=model.days,
        seed=seed,
        collected=dict(sorted(collected.items())),
        invoices_paid=len(paid_on),
        contacts_avoided=avoided,
    )


def backtest(
    portfolio: Portfolio,
    policy: Policy | None = None,
    *,
    start: date,
    end: date,
    every: int = 1,
    costs: ChannelCosts | None = None,
    approve: Approve = True,
    response: ResponseModel | None = None,
    seed: int = 0,
    name: str = "policy",
    progress: Progress | None = None,
    incremental: bool = True,
) -> Backtest:
    """Replay ``policy`` on the book's history from ``start`` to ``end``.

    Args:
        portfolio: the book, with its payments, promises, statuses and events.
        policy: the policy to test (default: the default policy).
        start: the first planning day; the book's dunning events from this day on are
            replaced by the policy's own.
        end: the last planning day.
        every: days between planning runs (1: every day, as a nightly job).
        costs: the prices of contacts (default: the policy's ``[costs]``, else the
            documented defaults of :class:`ChannelCosts`).
        approve: whether actions needing approval are granted: ``True`` (all, the
            default), ``False`` (none: they are requested, counted and not sent), or a
            function deciding per action.
        response: a response model, to add a projection of the cash effect.
        seed: the seed of the projection's draws.
        name: the policy's name in tables.
        progress: called after each planning day with (done, total).
        incremental: plan a customer again only on its next review date (the same
            result as planning everyone every day, much faster).

    Returns:
        The figures per day and in total.
    """
    policy = policy or default_policy()
    costs = costs or policy.costs or ChannelCosts()
    ledger = ledger_of(portfolio)
    tally = _Tally(policy, costs, ledger)
    total = len(planning_days(start, end, every))
    planned = 0
    for done, day in enumerate(
        replay(
            portfolio,
            policy,
            start=start,
            end=end,
            every=every,
            approve=approve,
            incremental=incremental,
        ),
        start=1,
    ):
        planned += day.planned
        for action in day.requested:
            tally.request(action)
        for action in day.sent:
            tally.send(action)
        if progress is not None:
            progress(done, total)
    return _result(tally, name, start, end, every, planned, response, seed)


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _result(
    tally: _Tally,
    name: str,
    start: date,
    end: date,
    every: int,
    planned: int,
    response: ResponseModel | None,
    seed: int,
) -> Backtest:
    days = []
    contacts: dict[str, int] = {}
    cost: dict[str, Decimal] = {}
    for day in _days(start, end):
        day_contacts = dict(sorted(tally.contacts.get(day, {}).items()))
        day_cost = dict(sorted(tally.cost.get(day, {}).items()))
        for c, n in day_contacts.items():
            contacts[c] = contacts.get(c, 0) + n
        for c, v in day_cost.items():
            cost[c] = cost.get(c, _ZERO) + v
        days.append(
            DayFigures(
                day=day,
                contacts=day_contacts,
                cost=day_cost,
                total_cost=sum(day_cost.values(), _ZERO),
                approvals_requested=tally.approvals.get(day, 0),
                formal_notices=tally.notices.get(day, 0),
                hand_overs=tally.handovers.get(day, 0),
                calls=tally.calls.get(day, 0),
            )
        )
    capacity = tally.policy.phone_capacity_per_day
    calls = list(tally.calls.values())
    return Backtest(
        name=name,
        start=start,
        end=end,
        every=every,
        currency=tally.costs.currency,
        days=tuple(days),
        contacts=dict(sorted(contacts.items())),
        cost=dict(sorted(cost.items())),
        total_cost=sum(cost.values(), _ZERO),
        approvals_requested=sum(tally.approvals.values()),
        formal_notices=sum(tally.notices.values()),
        hand_overs=sum(tally.handovers.values()),
        peak_daily_calls=max(calls, default=0),
        phone_capacity_per_day=capacity,
        days_over_capacity=0 if capacity is None else sum(1 for n in calls if n > capacity),
        paid_within_3_days_after=tally.paid_soon,
        contacts_while_payment_sent_or_promised=tally.while_held,
        contacts_per_customer_month=tally.loads(),
        invoices=tally.journeys(start, end),
        fees_not_converted=dict(sorted(tally.not_converted.items())),
        customers_planned=planned,
        projection=None if response is None else _project(tally, response, seed, end),
    )


def _offset(progress: Progress, offset: int, total: int) -> Progress:
    def step(done: int, _: int) -> None:
        progress(offset + done, total)

    return step


def compare(
    portfolio: Portfolio,
    policies: Mapping[str, Policy],
    *,
    start: date,
    end: date,
    every: int = 1,
    costs: ChannelCosts | None = None,
    approve: Approve = True,
    response: ResponseModel | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Comparison:
    """Back-test each policy on the same history; the first is the baseline.

    ``costs`` prices every policy alike (default: each policy's own ``[costs]``, else
    the defaults). ``progress`` is called with (done, total) over every policy's days.
    """
    if not policies:
        raise BacktestError("compare needs at least one policy")
    per_policy = len(planning_days(start, end, every))
    total = per_policy * len(policies)
    results = {}
    for n, (name, policy) in enumerate(policies.items()):
        step = None if progress is None else _offset(progress, n * per_policy, total)
        results[name] = backtest(
            portfolio,
            policy,
            start=start,
            end=end,
            every=every,
            costs=costs,
            approve=approve,
            response=response,
            seed=seed,
            name=name,
            progress=step,
        )
    return Comparison(results)
