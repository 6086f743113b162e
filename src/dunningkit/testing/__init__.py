"""Property-testing kit: hypothesis strategies and plan invariants for company policies.

Needs the ``testing`` extra (``pip install -e '.[testing]'`` from a clone). Every strategy
takes keyword-only options, checks them up front (raising ``InvalidArgument``
naming the bad one) and shrinks towards small, early, round data: fewer
customers, fewer invoices, smaller amounts, dates close to ``2026-01-01``.

Generated portfolios are consistent: every reference resolves, payments use their
invoice's currency and never exceed it, payments and events come after the issue
date.

The invariants (:func:`check_plan`, :func:`assert_plan_ok` and the rule builders
:func:`never`, :func:`not_before`, :func:`at_most_contacts`, :func:`requires_before`)
are re-exported here, so a company's policy test needs one import.
"""

from dunningkit.testing._customers import customers
from dunningkit.testing._invariants import assert_plan_ok, check_plan
from dunningkit.testing._invoices import invoices
from dunningkit.testing._payments import payments
from dunningkit.testing._policies import policies
from dunningkit.testing._portfolios import portfolios
from dunningkit.testing._rules import (
    PlanContext,
    PlanRule,
    PlanViolationError,
    Violation,
    at_most_contacts,
    never,
    not_before,
    requires_before,
)
from dunningkit.testing._simulate import simulate
from dunningkit.testing._values import amounts

__all__ = [
    "PlanContext",
    "PlanRule",
    "PlanViolationError",
    "Violation",
    "amounts",
    "assert_plan_ok",
    "at_most_contacts",
    "check_plan",
    "customers",
    "invoices",
    "never",
    "not_before",
    "payments",
    "policies",
    "portfolios",
    "requires_before",
    "simulate",
]
