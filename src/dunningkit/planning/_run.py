"""The planner: ``next_actions(portfolio, today)`` decides the day's reminders.

Pure and deterministic: no clock, no randomness, no I/O, no process-wide switch.
Everything dated after ``today`` is ignored, so a plan can be recomputed for any past
day. Every outstanding invoice ends up in exactly one action or one skip, with its
reasons.

One run of the engine (:mod:`dunningkit.planning._engine`, whose docstring walks the
pass) over the portfolio's compact ledger (built once per portfolio, see
:mod:`dunningkit.book._ledger`), customer by customer in id order, with the book's
revenue worked out from the ledger.
"""

from __future__ import annotations

from datetime import date

from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._revenue import book_revenue
from dunningkit.model._day import as_day
from dunningkit.planning._engine import Engine
from dunningkit.planning._insolvency import check_opened
from dunningkit.planning._plan import Plan
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["next_actions", "replayed_day"]


def next_actions(portfolio: Portfolio, today: date | str, policy: Policy | None = None) -> Plan:
    """The reminders to send for ``today``, and every open invoice that gets none, with why.

    Pure: the same portfolio (in any record order), day and policy give an equal
    plan. Payments, events, promises and statuses dated after ``today`` are ignored.
    ``today`` is a date or its ``YYYY-MM-DD`` text (a datetime is refused: its day
    depends on its time zone). Insolvency proceedings opened after ``today`` raise
    :class:`~dunningkit.errors.ProceedingsError`, naming every such customer.
    """
    today = as_day(today)
    check_opened(portfolio.customers, today)
    return replayed_day(portfolio, today, policy)


def replayed_day(portfolio: Portfolio, today: date, policy: Policy | None = None) -> Plan:
    """The plan of ``today`` as a replay of the past sees it: :func:`next_actions`
    without its check of insolvency proceedings opened after ``today`` (there, they do
    not apply yet). For the back-test and its tests, never for a plan to act on."""
    policy = policy or default_policy()
    ledger = ledger_of(portfolio)
    engine = Engine(
        today, policy, book_revenue(ledger, today, policy.segmentation.reference_currency)
    )
    for entry in ledger.customers:
        engine.customer(entry)
    return engine.finish()
