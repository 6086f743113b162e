"""next_actions: the per-customer engine and each step of its pass, results, explain,
review dates, incremental re-planning (replan).
"""

from dunningkit.planning._explain import Explanation, InvoiceExplanation, explain
from dunningkit.planning._plan import Plan
from dunningkit.planning._replan import replan
from dunningkit.planning._results import Action, Alert, Reason, Skip, SkipReason, action_key
from dunningkit.planning._run import next_actions
from dunningkit.planning._skip_rows import SkipRows

__all__ = [
    "Action",
    "Alert",
    "Explanation",
    "InvoiceExplanation",
    "Plan",
    "Reason",
    "Skip",
    "SkipReason",
    "SkipRows",
    "action_key",
    "explain",
    "next_actions",
    "replan",
]
