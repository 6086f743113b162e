"""Follow a policy day after day, to check company rules on what it would really do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hypothesis.errors import InvalidArgument

from dunningkit.book._portfolio import Portfolio
from dunningkit.model._history import DunningEvent
from dunningkit.planning._plan import Plan
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy

__all__ = ["simulate"]


def simulate(
    portfolio: Portfolio,
    policy: Policy | None = None,
    *,
    start: date,
    days: int,
    every: int = 1,
) -> Iterator[tuple[date, Plan, Portfolio]]:
    """Follow a policy day after day: plan, send everything, record it, move on.

    Yields ``(day, plan, book)`` for each planning day, ``book`` being the history
    as it stood when that plan was made. Every action is recorded as sent (approvals
    granted), so the company rules can be checked on what the policy would really do
    from a given start.
    """
    if days < 0 or every < 1:
        raise InvalidArgument(f"days={days} must be >= 0 and every={every} >= 1")
    book = portfolio
    for offset in range(0, days + 1, every):
        day = start + timedelta(days=offset)
        plan = next_actions(book, day, policy)
        yield day, plan, book
        sent = [
            DunningEvent.for_action(
                action, id=f"sim-{day.isoformat()}-{n}", on=action.scheduled_for
            )
            for n, action in enumerate(plan.actions)
            if action.scheduled_for <= day
        ]
        if sent:
            book = book.model_copy(update={"events": (*book.events, *sent)})
