"""Invariants: check a plan against every guarantee the planner documents.

``check_plan`` recomputes what it needs from the portfolio itself (open amounts,
statuses, holds, history) rather than trusting the planner's internals, so it can
catch the planner, or a company policy, doing something it should not. The
guarantees live in ``_guarantees``; company rules are stated with the small builders
of ``_rules`` (:func:`never`, :func:`not_before`, :func:`at_most_contacts`,
:func:`requires_before`) and passed as ``rules=``.
"""

from collections.abc import Iterable
from datetime import date

from dunningkit.book._portfolio import Portfolio
from dunningkit.planning._plan import Plan
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.testing._guarantees import GUARANTEES
from dunningkit.testing._rules import (
    PlanContext,
    PlanRule,
    PlanViolationError,
    Violation,
)

__all__ = ["assert_plan_ok", "check_plan"]


def check_plan(
    plan: Plan,
    portfolio: Portfolio,
    today: date,
    policy: Policy | None = None,
    *,
    rules: Iterable[PlanRule] = (),
) -> list[Violation]:
    """Every guarantee the planner documents, plus ``rules``; an empty list means all hold.

    Checked: conservation (every open invoice exactly once), nothing dunned that is
    paid, cancelled, disputed, suspended, refused, rejected, held, under a running
    promise, a recent payment-sent status or a pending direct debit; no currencies
    mixed; grace days; gradual escalation (no step twice, no undone step jumped);
    contact limits; grouping; business days; fees (never below zero, in the currency).
    """
    context = PlanContext(plan, portfolio, today, policy or default_policy())
    found: list[Violation] = []
    for rule in (*GUARANTEES, *rules):
        found.extend(rule(context))
    return found


def assert_plan_ok(
    plan: Plan,
    portfolio: Portfolio,
    today: date,
    policy: Policy | None = None,
    *,
    rules: Iterable[PlanRule] = (),
) -> None:
    """Raise :class:`PlanViolationError` (an ``AssertionError``) listing every violation."""
    violations = check_plan(plan, portfolio, today, policy, rules=rules)
    if violations:
        raise PlanViolationError(violations)
