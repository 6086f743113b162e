"""Public path ``dunningkit.partitioned``, kept for callers.

The code lives in ``dunningkit.scale``.
"""

from dunningkit.scale._partitioned import (
    Call,
    CustomerPlanner,
    Planned,
    RevenuePart,
    day_calls,
    revenue_of,
)

__all__ = [
    "Call",
    "CustomerPlanner",
    "Planned",
    "RevenuePart",
    "day_calls",
    "revenue_of",
]
