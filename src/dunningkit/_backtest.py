"""Back-testing a policy on history: workload, cost and friction, side by side.

:func:`backtest` replays each planning day from ``start`` to ``end`` as of that day
(see :mod:`dunningkit._replay`): the book's payments, promises, disputes and statuses
are its own, applied on their dates; the reminders are the policy's own, each
recorded as sent on its scheduled day. The figures therefore say what the policy
would have done on that history, not how customers would have reacted to it; a
:class:`~dunningkit.ResponseModel` adds a projection of that, labelled as such.

:func:`compare` runs several policies on the same history and puts the figures side
by side with their differences to the first.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dunningkit._channel import Channel, Tone, channel_spec
from dunningkit._costs import ChannelCosts
from dunningkit._invoice import InvoiceStatus
from dunningkit._ledger import CustomerLedger, Ledger
from dunningkit._plan import Action
from dunningkit._policy import Policy, default_policy
from dunningkit._portfolio import Portfolio
from dunningkit._replay import Approve, planning_days, replay
from dunningkit._response import ResponseModel

__all__ = [
    "Backtest",
    "Comparison",
    "DayFigures",
    "InvoiceJourney",
    "Projection",
    "SegmentLoad",
    "backtest",
    "compare",
]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
FRICTION_DAYS = 3
"""A contact followed by a payment within this many days was probably not needed."""

Progress = Callable[[int, int], None]
"""Called after each planning day with (days done, planning days in all)."""


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One day of a back-test: what went out that day and what it cost.

    Attributes:
        day: the day the contacts were made (their scheduled day).
        contacts: contacts per channel (one action is one contact).
        cost: cost per channel, in the costs' currency (approvals under ``approval``).
        total_cost: the day's cost.
        approvals_requested: actions that asked for a person's approval.
        formal_notices: formal notices sent (steps with the formal-notice tone).
        hand_overs: files handed over (terminal steps: agency, lawyer).
        calls: contacts on a capacity-limited channel (phone).
    """

    day: date
    contacts: Mapping[str, int]
    cost: Mapping[str, Decimal]
    total_cost: Decimal
    approvals_requested: int
    formal_notices: int
    hand_overs: int
    calls: int

    @property
    def total_contacts(self) -> int:
        """Contacts of the day, all channels."""
        return sum(self.contacts.values())


@dataclass(frozen=True, slots=True)
class SegmentLoad:
    """Contacts per customer and calendar month in one segment.

    Attributes:
        max: the most contacts one customer had in one month.
        mean: the mean over the (customer, month) pairs with at least one contact.
        customer_months: how many such pairs.
    """

    max: int
    mean: float
    customer_months: int


@dataclass(frozen=True, slots=True)
class InvoiceJourney:
    """The steps one invoice went through, and when it was paid.

    Attributes:
        invoice_id: the invoice.
        customer_id: its customer.
        steps: (day, step id, channel) of each contact listing it, in order.
        paid_on: the day it was settled, when within the back-test.
    """

    invoice_id: str
    customer_id: str
    steps: tuple[tuple[date, str, str], ...]
    paid_on: date | None

    @property
    def steps_before_payment(self) -> int:
        """Contacts made before it was paid (all of them while unpaid)."""
        if self.paid_on is None:
            return len(self.steps)
        return sum(1 for day, _, _ in self.steps if day <= self.paid_on)


@dataclass(frozen=True, slots=True)
class Projection:
    """The cash effect a :class:`~dunningkit.ResponseModel` projects. A projection,
    not a measurement: customers paid as the book says; this says what the model
    expects the reminders to have brought in.

    Attributes:
        days: the model's horizon after each reminder.
        seed: the seed of the draws (same seed, same projection).
        collected: projected cash collected within the horizon, per currency.
        invoices_paid: invoices projected paid after a reminder.
        contacts_avoided: contacts after an invoice's projected payment.
    """

    days: int
    seed: int
    collected: Mapping[str, Decimal]
    invoices_paid: int
    contacts_avoided: int
    label: str = "projection"


@dataclass(frozen=True)
class Backtest:
    """What a policy would have done on the book's history, per day and in total.

    Attributes:
        name: the policy's name in a comparison.
        start: first planning day.
        end: last planning day.
        every: days between planning runs.
        currency: the currency of every cost.
        days: one entry per calendar day from ``start`` to ``end``.
        contacts: contacts per channel.
        cost: cost per channel (and ``approval``), in ``currency``.
        total_cost: every cost added.
        approvals_requested: actions that asked for approval.
        formal_notices: formal notices sent.
        hand_overs: files handed over to an agency or a lawyer.
        peak_daily_calls: the most calls on one day.
        phone_capacity_per_day: the policy's daily call capacity (None: unlimited).
        days_over_capacity: days with more calls than that capacity.
        paid_within_3_days_after: contacts whose invoices got a payment within 3 days
            after (the contact was probably not needed).
        contacts_while_payment_sent_or_promised: contacts about an invoice reported
            paid (within the policy's grace) or under a pending promise; should be 0.
        contacts_per_customer_month: by segment, contacts per customer per month.
        invoices: the journey of each invoice contacted or paid during the back-test.
        fees_not_converted: agency fees in a currency without an exchange rate to
            ``currency``, left out of ``total_cost``.
        customers_planned: customer plans computed (a measure of the replay's work).
        projection: the cash effect a response model projects, when one was given.
    """

    name: str
    start: date
    end: date
    every: int
    currency: str
    days: tuple[DayFigures, ...]
    contacts: Mapping[str, int]
    cost: Mapping[str, Decimal]
    total_cost: Decimal
    approvals_requested: int
    formal_notices: int
    hand_overs: int
    peak_daily_calls: int
    phone_capacity_per_day: int | None
    days_over_capacity: int
    paid_within_3_days_after: int
    contacts_while_payment_sent_or_promised: int
    contacts_per_customer_month: Mapping[str, SegmentLoad]
    invoices: Mapping[str, InvoiceJourney]
    fees_not_converted: Mapping[str, Decimal] = field(default_factory=dict)
    customers_planned: int = 0
    projection: Projection | None = None

    @property
    def total_contacts(self) -> int:
        """Contacts, all channels."""
        return sum(self.contacts.values())

    @property
    def is_projection(self) -> bool:
        """Whether the figures include a response model's projection."""
        return self.projection is not None

    def steps_before_payment(self) -> dict[int, int]:
        """Invoices paid during the back-test, by the number of contacts before payment."""
        found: dict[int, int] = {}
        for journey in self.invoices.values():
            if journey.paid_on is not None:
                n = journey.steps_before_payment
                found[n] = found.get(n, 0) + 1
        return dict(sorted(found.items()))

    def summary(self, channels: Sequence[str] = ()) -> list[tuple[str, Any]]:
        """The headline figures, labelled, in the order the table prints them.

        ``channels`` adds rows (of zero) for channels this policy did not use, so that
        policies compared line up.
        """
        used = sorted(c for c in {*self.contacts, *channels} if c != "approval")
        priced = sorted({*self.cost, *channels})
        rows: list[tuple[str, Any]] = [("contacts", self.total_contacts)]
        rows += [(f"contacts: {c}", self.contacts.get(c, 0)) for c in used]
        rows += [(f"cost: {c} ({self.currency})", self.cost.get(c, _ZERO)) for c in priced]
        rows += [
            (f"total cost ({self.currency})", self.total_cost),
            ("approvals requested", self.approvals_requested),
            ("formal notices", self.formal_notices),
            ("hand-overs", self.hand_overs),
            ("peak daily calls", self.peak_daily_calls),
            (
                "phone capacity per day",
                "none" if self.phone_capacity_per_day is None else self.phone_capacity_per_day,
            ),
            ("days over capacity", self.days_over_capacity),
            ("paid within 3 days after a contact", self.paid_within_3_days_after),
            (
                "contacts while payment sent or promised",
                self.contacts_while_payment_sent_or_promised,
            ),
        ]
        for segment, load in self.contacts_per_customer_month.items():
            rows.append((f"contacts/customer/month {segment}: max", load.max))
            rows.append((f"contacts/customer/month {segment}: mean", round(load.mean, 2)))
        paid = [j for j in self.invoices.values() if j.paid_on is not None]
        rows.append(("invoices paid", len(paid)))
        mean = sum(j.steps_before_payment for j in paid) / len(paid) if paid else 0.0
        rows.append(("contacts before payment: mean", round(mean, 2)))
        if self.projection is not None:
            p = self.projection
            rows += [(f"projected collected ({c}) [projection]", v) for c, v in p.collected.items()]
            rows.append(("projected invoices paid [projection]", p.invoices_paid))
            rows.append(("projected contacts avoided [projection]", p.contacts_avoided))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings, money as strings)."""
        plain: dict[str, Any] = _plain(
            {
                "name": self.name,
                "start": self.start,
                "end": self.end,
                "every": self.every,
                "currency": self.currency,
                "is_projection": self.is_projection,
                "totals": {
                    "contacts": dict(self.contacts),
                    "total_contacts": self.total_contacts,
                    "cost": dict(self.cost),
                    "total_cost": self.total_cost,
                    "approvals_requested": self.approvals_requested,
                    "formal_notices": self.formal_notices,
                    "hand_overs": self.hand_overs,
                    "peak_daily_calls": self.peak_daily_calls,
                    "phone_capacity_per_day": self.phone_capacity_per_day,
                    "days_over_capacity": self.days_over_capacity,
                    "fees_not_converted": dict(self.fees_not_converted),
                },
                "friction": {
                    "paid_within_3_days_after": self.paid_within_3_days_after,
                    "contacts_while_payment_sent_or_promised": (
                        self.contacts_while_payment_sent_or_promised
                    ),
                    "contacts_per_customer_month": {
                        s: {"max": v.max, "mean": v.mean, "customer_months": v.customer_months}
                        for s, v in self.contacts_per_customer_month.items()
                    },
                },
                "steps_before_payment": {str(k): v for k, v in self.steps_before_payment().items()},
                "days": [
                    {
                        "day": d.day,
                        "contacts": dict(d.contacts),
                        "cost": dict(d.cost),
                        "total_cost": d.total_cost,
                        "approvals_requested": d.approvals_requested,
                        "formal_notices": d.formal_notices,
                        "hand_overs": d.hand_overs,
                        "calls": d.calls,
                    }
                    for d in self.days
                ],
                "invoices": [
                    {
                        "invoice_id": j.invoice_id,
                        "customer_id": j.customer_id,
                        "steps": [
                            {"day": day, "step_id": step, "channel": channel}
                            for day, step, channel in j.steps
                        ],
                        "paid_on": j.paid_on,
                    }
                    for j in self.invoices.values()
                ],
                "projection": None
                if self.projection is None
                else {
                    "label": self.projection.label,
                    "days": self.projection.days,
                    "seed": self.projection.seed,
                    "collected": dict(self.projection.collected),
                    "invoices_paid": self.projection.invoices_paid,
                    "contacts_avoided": self.projection.contacts_avoided,
                },
            }
        )
        return plain

    def table(self) -> str:
        """The headline figures as a plain-text table."""
        return format_table(self)

    def to_frame(self) -> Any:
        """The daily figures as a pandas ``DataFrame`` (one row a day; needs pandas)."""
        pd = _pandas()
        channels = sorted({c for d in self.days for c in d.contacts})
        records = []
        for d in self.days:
            row: dict[str, Any] = {"day": d.day, "policy": self.name}
            for c in channels:
                row[f"contacts_{c}"] = d.contacts.get(c, 0)
                row[f"cost_{c}"] = float(d.cost.get(c, _ZERO))
            row.update(
                total_contacts=d.total_contacts,
                total_cost=float(d.total_cost),
                approvals_requested=d.approvals_requested,
                formal_notices=d.formal_notices,
                hand_overs=d.hand_overs,
                calls=d.calls,
            )
            records.append(row)
        return pd.DataFrame.from_records(records)


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")  # optional: only to_frame needs it
    except ImportError:
        raise ImportError(
            "to_frame() needs pandas: pip install pandas (or dunningkit[backtest])"
        ) from None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


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
        promise_grace = timedelta(days=policy.promise_grace_days)
        for invoice_id in action.invoice_ids:
            row = entry.row(invoice_id)
            facts = row.facts_on(day)
            sent_on = row.invoice.status_date
            if facts.status is InvoiceStatus.PAYMENT_SENT and (
                sent_on is None or day <= sent_on + sent_grace
            ):
                return True
            for promise in entry.promises:
                if not promise.made_on <= day <= promise.pay_by + promise_grace:
                    continue
                if invoice_id in promise.invoice_ids or (
                    not promise.invoice_ids and row.issue <= promise.made_on
                ):
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
    ledger = portfolio._ledger  # noqa: SLF001 - the portfolio's own cached view
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


# -- side by side -----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Several policies back-tested on the same history, side by side.

    Attributes:
        results: policy name -> its back-test, in the order given; the first is the
            baseline the differences are measured against.
    """

    results: Mapping[str, Backtest]

    @property
    def baseline(self) -> str:
        """The name of the first policy."""
        return next(iter(self.results))

    def rows(self) -> list[tuple[str, list[Any], list[Any]]]:
        """(figure, value per policy, difference to the baseline per other policy)."""
        channels = sorted(
            {c for result in self.results.values() for c in (*result.contacts, *result.cost)}
        )
        summaries = {name: dict(result.summary(channels)) for name, result in self.results.items()}
        labels: list[str] = []
        for summary in summaries.values():
            labels += [label for label in summary if label not in labels]
        rows = []
        names = list(self.results)
        for label in labels:
            values = [summaries[name].get(label, 0) for name in names]
            base = values[0]
            diffs = [_difference(value, base) for value in values[1:]]
            rows.append((label, values, diffs))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: each back-test, and the differences to the baseline."""
        names = list(self.results)
        return {
            "baseline": self.baseline,
            "policies": {name: result.to_dict() for name, result in self.results.items()},
            "differences": {
                name: {label: _plain(diffs[n]) for label, _, diffs in self.rows()}
                for n, name in enumerate(names[1:])
            },
        }

    def table(self) -> str:
        """The figures side by side, with differences, as a plain-text table."""
        return format_table(self)

    def to_frame(self) -> Any:
        """The daily figures of every policy, stacked (a ``policy`` column; needs pandas)."""
        pd = _pandas()
        return pd.concat([r.to_frame() for r in self.results.values()], ignore_index=True)


def _difference(value: Any, base: Any) -> Any:
    if isinstance(value, bool) or isinstance(base, bool):
        return ""
    if isinstance(value, Decimal) and isinstance(base, Decimal):
        return value - base
    if isinstance(value, (int, float)) and isinstance(base, (int, float)):
        return value - base
    return ""


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
        raise ValueError("compare needs at least one policy")
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


def format_table(results: Comparison | Backtest) -> str:
    """The figures as a plain-text table (what ``dunningkit backtest`` prints)."""
    comparison = results if isinstance(results, Comparison) else Comparison({results.name: results})
    names = list(comparison.results)
    header = ["figure", *names, *(f"{n} vs {names[0]}" for n in names[1:])]
    lines = [
        [label, *map(_cell, values), *(_signed(d) for d in diffs)]
        for label, values, diffs in comparison.rows()
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = []
    for n, row in enumerate([header, *lines]):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    first = next(iter(comparison.results.values()))
    title = f"Back-test {first.start} to {first.end}, planning every {first.every} day(s)"
    if any(r.is_projection for r in comparison.results.values()):
        title += " (rows marked [projection] come from a response model, not the book)"
    return "\n".join([title, "", *out])


def format_cell(value: Any, *, signed: bool = False) -> str:
    """A figure as the table prints it (money with two decimals, signed differences)."""
    if signed:
        return _signed(value)
    return _cell(value)


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _signed(value: Any) -> str:
    if value == "" or value is None:
        return ""
    if isinstance(value, (int, Decimal, float)) and value == 0:
        return "0"
    text = _cell(value)
    return text if text.startswith("-") else f"+{text}"


def ordered_names(names: Sequence[str]) -> list[str]:
    """Names made unique in order (``a``, ``a (2)``...), for policies from files."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
