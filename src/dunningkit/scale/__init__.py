"""Plans for books larger than memory: plan_stream, partitioned engine, Dask."""

from dunningkit.book._revenue import RevenuePart
from dunningkit.planning._capacity import Call
from dunningkit.scale._partitioned import CustomerPlanner, Planned, day_calls, revenue_of
from dunningkit.scale._stream import PlanSummary, plan_stream, read_books

__all__ = [
    "Call",
    "CustomerPlanner",
    "PlanSummary",
    "Planned",
    "RevenuePart",
    "day_calls",
    "plan_stream",
    "read_books",
    "revenue_of",
]
