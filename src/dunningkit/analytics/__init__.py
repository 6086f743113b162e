"""Collections analytics: is the dunning working?

Pure functions over a :class:`~dunningkit.Portfolio` as of a date: records dated
after that date (payments, events, promises, status changes, invoices issued
later) are ignored, as the planner ignores them. Money is :class:`~decimal.Decimal`
and every figure is per currency; nothing is ever added across currencies.

One definition of "open" serves every figure (:func:`open_parts`): the amount the
planner would ask for on that day (the accepted part of a partially accepted
invoice, minus payments dated on or before the day, nothing once the invoice is
marked paid), split per instalment for a payment plan. Cancelled invoices are not
receivables; open credit notes count negatively (netted, as in balances) and are
never overdue. *Receivables on day D* are the sum of these open amounts; an amount
is *overdue on D* when its due date is before D.

The room, one module per concept: ``_open`` (open on a day), ``_aging``,
``_position`` (receivables and sales on a day), ``_dso`` (DSO and CEI),
``_collection``, ``_behaviour`` (promises, disputes, days to pay), ``_steps`` (step
effectiveness), ``_trend``, ``_workload``, ``_kpis`` (the headline figures in one
pass), ``_common`` (results, rounding, windows) and ``report/`` (the HTML page and
its charts). The formulas, with a worked example, are in ``docs/analytics.md``.
"""

from dunningkit.analytics._aging import Aging, AgingRow, aging, regroup
from dunningkit.analytics._behaviour import (
    DaysToPay,
    days_to_pay,
    dispute_rate,
    promise_kept_rate,
)
from dunningkit.analytics._collection import collection_rate
from dunningkit.analytics._dso import average_days_delinquent, best_possible_dso, cei, dso
from dunningkit.analytics._kpis import Kpis, kpis
from dunningkit.analytics._open import open_parts
from dunningkit.analytics._steps import StepEffect, step_effectiveness
from dunningkit.analytics._trend import TrendPoint, trend
from dunningkit.analytics._workload import WorkloadDay, workload
from dunningkit.analytics.report._page import collections_report

__all__ = [
    "Aging",
    "AgingRow",
    "DaysToPay",
    "Kpis",
    "StepEffect",
    "TrendPoint",
    "WorkloadDay",
    "aging",
    "average_days_delinquent",
    "best_possible_dso",
    "cei",
    "collection_rate",
    "collections_report",
    "days_to_pay",
    "dispute_rate",
    "dso",
    "kpis",
    "open_parts",
    "promise_kept_rate",
    "regroup",
    "step_effectiveness",
    "trend",
    "workload",
]
