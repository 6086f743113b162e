"""Step effectiveness: what the reminders of each step and channel achieved.

Read from the book's ``sent`` events whose window has closed: how many invoices each
``(scenario, step, channel)`` reminded, and how many of them were settled within the
window after their first reminder there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.analytics._common import THOUSANDTH, Result, median, rounded
from dunningkit.book._figures import invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import AnalyticsError
from dunningkit.model._channel import Channel
from dunningkit.model._history import EventOutcome
from dunningkit.model._types import trusted
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["StepEffect", "step_effectiveness"]

_Key = tuple[str | None, str, Channel]
"""(scenario id, step id, channel) of a reminder."""


class StepEffect(Result):
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
    contacts, first = _first_reminders(portfolio, on - timedelta(days=window_days))
    settled_on = _settled_lookup(portfolio, on)
    results = [
        _effect(key, count, first[key], settled_on, window_days) for key, count in contacts.items()
    ]
    return sorted(results, key=_step_order(policy or default_policy()))


def _first_reminders(
    portfolio: Portfolio, closed: date
) -> tuple[dict[_Key, int], dict[_Key, dict[str, date]]]:
    """Per key, the ``sent`` events up to ``closed``, and each invoice's first one."""
    contacts: dict[_Key, int] = {}
    first: dict[_Key, dict[str, date]] = {}
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
    return contacts, first


def _settled_lookup(portfolio: Portfolio, on: date) -> Callable[[str], date | None]:
    """Invoice id -> the day it was settled as known on ``on``, each worked out once."""
    settled: dict[str, date | None] = {}

    def settled_on(invoice_id: str) -> date | None:
        if invoice_id not in settled:
            invoice = portfolio.invoice(invoice_id)
            facts = invoice_facts(invoice, portfolio.payments_of(invoice_id), on)
            settled[invoice_id] = facts.settled_on
        return settled[invoice_id]

    return settled_on


def _effect(
    key: _Key,
    contacts: int,
    first: dict[str, date],
    settled_on: Callable[[str], date | None],
    window_days: int,
) -> StepEffect:
    delays = []
    for invoice_id, sent_on in first.items():
        paid_on = settled_on(invoice_id)
        if paid_on is not None and 0 <= (paid_on - sent_on).days <= window_days:
            delays.append((paid_on - sent_on).days)
    return trusted(
        StepEffect,
        scenario_id=key[0],
        step_id=key[1],
        channel=key[2],
        contacts=contacts,
        invoices=len(first),
        paid_within=len(delays),
        rate=rounded(Decimal(len(delays)) / len(first), THOUSANDTH),
        median_days_to_pay=median(delays) if delays else None,
    )


def _step_order(policy: Policy) -> Callable[[StepEffect], tuple[str, int, str, str]]:
    """Sort key: scenario, the step's position in it (unknown steps last), step, channel."""
    positions: dict[str, dict[str, int]] = {}
    for name in sorted(policy.scenarios):
        scenario = policy.scenarios[name]
        found = positions.setdefault(scenario.id, {})
        for index, step in enumerate(scenario.steps):
            found.setdefault(step.id, index)
    unknown = len(max(positions.values(), key=len, default={})) + 1

    def order(effect: StepEffect) -> tuple[str, int, str, str]:
        scenario = effect.scenario_id or ""
        position = positions.get(scenario, {}).get(effect.step_id, unknown)
        return scenario, position, effect.step_id, str(effect.channel)

    return order
