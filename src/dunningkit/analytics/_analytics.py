"""The figures under the module path the command line imports (``cli/_analytics.py``).

The room now keeps one module per concept (see :mod:`dunningkit.analytics`); this
module only re-exports them until that import reads ``dunningkit.analytics``. New
code imports from :mod:`dunningkit.analytics`.
"""

from dunningkit.analytics import (
    Aging,
    AgingRow,
    DaysToPay,
    Kpis,
    StepEffect,
    TrendPoint,
    WorkloadDay,
    aging,
    average_days_delinquent,
    best_possible_dso,
    cei,
    collection_rate,
    days_to_pay,
    dispute_rate,
    dso,
    kpis,
    open_parts,
    promise_kept_rate,
    regroup,
    step_effectiveness,
    trend,
    workload,
)

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
