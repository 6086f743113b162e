"""What a back-test found: per day and in total, for one policy.

Plain frozen results (the replay computed them; nothing to validate), with
``to_dict()`` for JSON, ``table()`` for people and ``to_frame()`` for pandas (the
cells and tables themselves: :mod:`dunningkit.backtest._tables`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dunningkit.backtest._tables import DEFAULT_LOCALE, Row, pandas_module, plain, text_table

__all__ = [
    "Backtest",
    "DayFigures",
    "InvoiceJourney",
    "Projection",
    "SegmentLoad",
    "table_title",
]

_ZERO = Decimal(0)


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
            rows += [(_collected_label(c), v) for c, v in p.collected.items()]
            rows.append(("projected invoices paid [projection]", p.invoices_paid))
            rows.append(("projected contacts avoided [projection]", p.contacts_avoided))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings, money as strings)."""
        found: dict[str, Any] = plain(
            {
                "name": self.name,
                "start": self.start,
                "end": self.end,
                "every": self.every,
                "currency": self.currency,
                "is_projection": self.is_projection,
                "totals": _totals(self),
                "friction": _friction(self),
                "steps_before_payment": {str(k): v for k, v in self.steps_before_payment().items()},
                "days": [_day(d) for d in self.days],
                "invoices": [_journey(j) for j in self.invoices.values()],
                "projection": None if self.projection is None else _projection(self.projection),
            }
        )
        return found

    def money(self, channels: Sequence[str] = ()) -> dict[str, str]:
        """The figures of :meth:`summary` that are amounts: figure -> its currency."""
        found = {label: self.currency for label, v in self.summary(channels) if _amount(v)}
        if self.projection is not None:
            found.update({_collected_label(c): c for c in self.projection.collected})
        return found

    def table(self, locale: str = DEFAULT_LOCALE) -> str:
        """The headline figures as a plain-text table, amounts in ``locale``."""
        rows: list[Row] = [(label, [value], []) for label, value in self.summary()]
        title = table_title([self])
        return text_table(title, [self.name], rows, money=self.money(), locale=locale)

    def to_frame(self) -> Any:
        """The daily figures as a pandas ``DataFrame`` (one row a day; needs pandas)."""
        pd = pandas_module()
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


def _collected_label(currency: str) -> str:
    return f"projected collected ({currency}) [projection]"


def _amount(value: Any) -> bool:
    return isinstance(value, Decimal)


def table_title(runs: Sequence[Backtest]) -> str:
    """The line above a table of back-tests: the period, the rhythm, any projection."""
    first = runs[0]
    title = f"Back-test {first.start} to {first.end}, planning every {first.every} day(s)"
    if any(r.is_projection for r in runs):
        title += " (rows marked [projection] come from a response model, not the book)"
    return title


# -- the parts of to_dict() --------------------------------------------------------------


def _totals(result: Backtest) -> dict[str, Any]:
    return {
        "contacts": dict(result.contacts),
        "total_contacts": result.total_contacts,
        "cost": dict(result.cost),
        "total_cost": result.total_cost,
        "approvals_requested": result.approvals_requested,
        "formal_notices": result.formal_notices,
        "hand_overs": result.hand_overs,
        "peak_daily_calls": result.peak_daily_calls,
        "phone_capacity_per_day": result.phone_capacity_per_day,
        "days_over_capacity": result.days_over_capacity,
        "fees_not_converted": dict(result.fees_not_converted),
    }


def _friction(result: Backtest) -> dict[str, Any]:
    return {
        "paid_within_3_days_after": result.paid_within_3_days_after,
        "contacts_while_payment_sent_or_promised": (result.contacts_while_payment_sent_or_promised),
        "contacts_per_customer_month": {
            s: {"max": v.max, "mean": v.mean, "customer_months": v.customer_months}
            for s, v in result.contacts_per_customer_month.items()
        },
    }


def _day(d: DayFigures) -> dict[str, Any]:
    return {
        "day": d.day,
        "contacts": dict(d.contacts),
        "cost": dict(d.cost),
        "total_cost": d.total_cost,
        "approvals_requested": d.approvals_requested,
        "formal_notices": d.formal_notices,
        "hand_overs": d.hand_overs,
        "calls": d.calls,
    }


def _journey(j: InvoiceJourney) -> dict[str, Any]:
    return {
        "invoice_id": j.invoice_id,
        "customer_id": j.customer_id,
        "steps": [
            {"day": day, "step_id": step, "channel": channel} for day, step, channel in j.steps
        ],
        "paid_on": j.paid_on,
    }


def _projection(p: Projection) -> dict[str, Any]:
    return {
        "label": p.label,
        "days": p.days,
        "seed": p.seed,
        "collected": dict(p.collected),
        "invoices_paid": p.invoices_paid,
        "contacts_avoided": p.contacts_avoided,
    }
