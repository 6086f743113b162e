"""The three steps of a plan over a book cut by customer, for any engine.

``plan_stream`` (one process), :mod:`dunningkit.dask` and the Spark recipe of the
"Scale" page all plan the same way, with these steps:

1. :func:`revenue_of` each customer book, summed with :meth:`RevenuePart.add`: the
   book's revenue (the one figure a customer's segment reads from the whole book);
2. a :class:`CustomerPlanner` per worker plans each customer: its actions and skips
   are final, except its calls;
3. :func:`day_calls` over every call of the day (one small row each): the phone
   capacity, which ranks calls across customers.

The results equal ``next_actions`` on the same book in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from dunningkit.book._customer_book import CustomerBook, customer_ledger
from dunningkit.book._revenue import BookRevenue, RevenuePart, revenue_part
from dunningkit.errors import BadCustomerError
from dunningkit.model._channel import channel_spec
from dunningkit.planning._capacity import Call, apply_capacity
from dunningkit.planning._engine import Engine
from dunningkit.planning._insolvency import check_opened
from dunningkit.planning._results import Action, Alert, Skip
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["CustomerPlanner", "Planned", "day_calls", "revenue_of"]


def revenue_of(book: CustomerBook, today: date) -> RevenuePart:
    """One customer's part of the book's revenue on ``today`` (sum them with ``add``):
    :func:`~dunningkit.book._revenue.revenue_part` of a customer book."""
    return revenue_part(customer_ledger(book), today)


@dataclass(slots=True)
class Planned:
    """One customer's results: final actions and skips, and calls for :func:`day_calls`.

    ``busy``: the customer gets another message today (a call moved by the capacity
    then waits rather than moving to a later day). ``alerts``: what a person should
    look at (claims about to expire), as ``Plan.alerts`` holds them.
    """

    actions: list[Action] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    busy: bool = False
    alerts: list[Alert] = field(default_factory=list)


class CustomerPlanner:
    """Plans customers one at a time with the book's revenue; keeps nothing between them."""

    def __init__(
        self, today: date, policy: Policy | None, revenue: RevenuePart | BookRevenue
    ) -> None:
        policy = policy or default_policy()
        if isinstance(revenue, RevenuePart):
            revenue = revenue.book_revenue(policy.segmentation.reference_currency)
        self._today = today
        self._engine = Engine(today, policy, revenue)

    def plan(self, book: CustomerBook, *, checked: bool = False) -> Planned:
        """The customer's results; :class:`~dunningkit.BadCustomerError` if its records
        have problems (unless ``checked`` says they were checked already), and
        :class:`~dunningkit.ProceedingsError` if its insolvency proceedings open after
        the day (as ``next_actions`` raises; always checked)."""
        if not checked:
            problems = book.problems()
            if problems:
                raise BadCustomerError(book.id, problems)
        check_opened([book.customer], self._today)
        engine = self._engine
        engine.customer(customer_ledger(book))
        actions, calls, skips, _, alerts = engine.drain()
        planned = Planned(skips=list(skips), calls=calls, alerts=alerts)
        for action in actions:
            if not channel_spec(action.channel).capacity_limited:
                planned.actions.append(action)
        planned.busy = bool(planned.actions)
        return planned


def day_calls(calls: Iterable[tuple[Call, bool]], policy: Policy | None) -> list[Action | Skip]:
    """The day's calls after the capacity: ``calls`` pairs each call with whether its
    customer is busy today (:attr:`Planned.busy`). Returns the calls kept (moved or
    not) and the skips of those that wait."""
    policy = policy or default_policy()
    rows = list(calls)
    busy = frozenset(call.action.customer_id for call, is_busy in rows if is_busy)
    result = apply_capacity([call for call, _ in rows], policy, policy.calendar, busy)
    dropped = {action.key for action, _, _ in result.dropped}
    out: list[Action | Skip] = [
        result.replaced.get(call.action.key, call.action)
        for call, _ in rows
        if call.action.key not in dropped
    ]
    out.extend(
        Skip(invoice_id, action.customer_id, reason, detail)
        for action, reason, detail in result.dropped
        for invoice_id in action.invoice_ids
    )
    return out
