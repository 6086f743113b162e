"""The running figures of a back-test: what each replayed day sent, cost and risked.

:class:`Tally` takes the actions the replay sends (and those it only requests,
awaiting approval), prices them, counts the friction (a contact soon followed by a
payment; a contact while a payment is reported or promised) and adds it all up into
a :class:`~dunningkit.backtest._figures.Backtest`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.backtest._figures import (
    Backtest,
    DayFigures,
    InvoiceJourney,
    Projection,
    SegmentLoad,
)
from dunningkit.book._ledger import CustomerLedger, Ledger
from dunningkit.model._channel import Channel, Tone, channel_spec
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.planning._guardrails import held_for_payment
from dunningkit.planning._results import Action
from dunningkit.policy._costs import ChannelCosts
from dunningkit.policy._policy import Policy

__all__ = ["FRICTION_DAYS", "Tally"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
FRICTION_DAYS = 3
"""A contact followed by a payment within this many days was probably not needed."""


class Tally:
    """The running figures of one back-test, as the replay sends and requests actions."""

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
        """Whether the planner's guardrails hold any of the action's invoices on its day
        for a payment reported sent (within its grace) or a running promise."""
        return held_for_payment(entry, action.invoice_ids, action.scheduled_for, self.policy)

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

    def result(
        self,
        name: str,
        start: date,
        end: date,
        every: int,
        planned: int,
        projection: Projection | None,
    ) -> Backtest:
        """The figures per day and in total, for :func:`~._backtest.backtest`."""
        days = [self.day(day) for day in _days(start, end)]
        contacts: dict[str, int] = {}
        cost: dict[str, Decimal] = {}
        for figures in days:
            for c, n in figures.contacts.items():
                contacts[c] = contacts.get(c, 0) + n
            for c, v in figures.cost.items():
                cost[c] = cost.get(c, _ZERO) + v
        capacity = self.policy.phone_capacity_per_day
        calls = list(self.calls.values())
        return Backtest(
            name=name,
            start=start,
            end=end,
            every=every,
            currency=self.costs.currency,
            days=tuple(days),
            contacts=dict(sorted(contacts.items())),
            cost=dict(sorted(cost.items())),
            total_cost=sum(cost.values(), _ZERO),
            approvals_requested=sum(self.approvals.values()),
            formal_notices=sum(self.notices.values()),
            hand_overs=sum(self.handovers.values()),
            peak_daily_calls=max(calls, default=0),
            phone_capacity_per_day=capacity,
            days_over_capacity=0 if capacity is None else sum(1 for n in calls if n > capacity),
            paid_within_3_days_after=self.paid_soon,
            contacts_while_payment_sent_or_promised=self.while_held,
            contacts_per_customer_month=self.loads(),
            invoices=self.journeys(start, end),
            fees_not_converted=dict(sorted(self.not_converted.items())),
            customers_planned=planned,
            projection=projection,
        )

    def day(self, day: date) -> DayFigures:
        """What went out on ``day`` and what it cost."""
        day_cost = dict(sorted(self.cost.get(day, {}).items()))
        return DayFigures(
            day=day,
            contacts=dict(sorted(self.contacts.get(day, {}).items())),
            cost=day_cost,
            total_cost=sum(day_cost.values(), _ZERO),
            approvals_requested=self.approvals.get(day, 0),
            formal_notices=self.notices.get(day, 0),
            hand_overs=self.handovers.get(day, 0),
            calls=self.calls.get(day, 0),
        )


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
