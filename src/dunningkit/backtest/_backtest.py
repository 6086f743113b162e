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

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from dunningkit.backtest._comparison import Comparison
from dunningkit.backtest._figures import Backtest
from dunningkit.backtest._replay import Approve, ReplayDay, planning_days, replay
from dunningkit.backtest._response import ResponseModel, project
from dunningkit.backtest._tally import Tally
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.errors import BacktestError
from dunningkit.policy._costs import ChannelCosts
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["Progress", "backtest", "compare"]

Progress = Callable[[int, int], None]
"""Called after each planning day with (days done, planning days in all)."""


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
    tally = Tally(policy, costs or policy.costs or ChannelCosts(), ledger_of(portfolio))
    days = replay(
        portfolio,
        policy,
        start=start,
        end=end,
        every=every,
        approve=approve,
        incremental=incremental,
    )
    planned = _walk(tally, days, len(planning_days(start, end, every)), progress)
    projection = (
        None if response is None else project(tally.sent, tally.ledger, response, seed, end)
    )
    return tally.result(name, start, end, every, planned, projection)


def _walk(tally: Tally, days: Iterable[ReplayDay], total: int, progress: Progress | None) -> int:
    """Tally each replayed day's actions; the customer plans computed in all."""
    planned = 0
    for done, day in enumerate(days, start=1):
        planned += day.planned
        for action in day.requested:
            tally.request(action)
        for action in day.sent:
            tally.send(action)
        if progress is not None:
            progress(done, total)
    return planned


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
