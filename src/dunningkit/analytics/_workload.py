"""The workload ahead: the reminders the planner would send day by day if nobody paid."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dunningkit.analytics._common import ZERO, Result, check_days
from dunningkit.book._portfolio import Portfolio
from dunningkit.model._channel import Channel
from dunningkit.model._history import DunningEvent
from dunningkit.model._types import trusted
from dunningkit.planning._plan import Plan
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["WorkloadDay", "workload"]


class WorkloadDay(Result):
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


class _Load:
    """Actions and amounts per (day, channel), while the days are planned."""

    def __init__(self) -> None:
        self.actions: dict[tuple[date, Channel], int] = {}
        self.amounts: dict[tuple[date, Channel], dict[str, Decimal]] = {}

    def add(self, plan: Plan) -> None:
        for action in plan.actions:
            key = (action.scheduled_for, action.channel)
            self.actions[key] = self.actions.get(key, 0) + 1
            amounts = self.amounts.setdefault(key, {})
            amounts[action.currency] = amounts.get(action.currency, ZERO) + action.amount_due

    def days(self) -> list[WorkloadDay]:
        return [
            trusted(
                WorkloadDay,
                on=day,
                channel=channel,
                actions=count,
                amounts=dict(sorted(self.amounts[(day, channel)].items())),
            )
            for (day, channel), count in sorted(
                self.actions.items(), key=lambda x: (x[0][0], str(x[0][1]))
            )
        ]


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
    check_days(days)
    policy = policy or default_policy()
    events = list(portfolio.events)
    book = portfolio
    load = _Load()
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
        load.add(plan)
        events.extend(
            DunningEvent.for_action(action, id=f"~workload-{day}-{n}", on=day)
            for n, action in enumerate(plan.actions)
        )
    return load.days()
