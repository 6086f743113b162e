"""Public path ``dunningkit.partitioned``, kept for callers.

The code lives in ``dunningkit.scale``.
"""

from dunningkit.book._revenue import RevenuePart
from dunningkit.planning._capacity import Call
from dunningkit.scale._partitioned import CustomerPlanner, Planned, day_calls, revenue_of

__all__ = [
    "Call",
    "CustomerPlanner",
    "Planned",
    "RevenuePart",
    "day_calls",
    "revenue_of",
]
