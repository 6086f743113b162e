"""What every analytics figure shares: the result base, rounding, windows and segments.

Ratios are rounded half-up (to 0.1 for days and percentages, 0.001 for shares); a
window of ``days`` days ending on ``on`` is ``on - days < day <= on``; a period is
``start < day <= end``. Both are checked here, with one message each.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import AnalyticsError
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.policy._policy import Policy
from dunningkit.segmentation._classifier import classify_portfolio

__all__ = [
    "HUNDRED",
    "TENTH",
    "THOUSANDTH",
    "ZERO",
    "Result",
    "check_days",
    "check_period",
    "fraction",
    "median",
    "rounded",
    "segments_on",
]

ZERO = Decimal(0)
TENTH = Decimal("0.1")
THOUSANDTH = Decimal("0.001")
HUNDRED = Decimal(100)


class Result(BaseModel):
    """A frozen result with a JSON form (Decimals as strings, dates in ISO format)."""

    model_config = MODEL_CONFIG

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: Decimals as strings, dates as ``YYYY-MM-DD``."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """The result as a JSON document."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def rounded(value: Decimal, unit: Decimal) -> Decimal:
    """``value`` rounded half-up to ``unit`` (``TENTH``, ``THOUSANDTH``)."""
    return value.quantize(unit, rounding=ROUND_HALF_UP)


def fraction(part: int, whole: int) -> Decimal | None:
    """``part / whole`` rounded half-up to 0.001; ``None`` when ``whole`` is 0."""
    return rounded(Decimal(part) / whole, THOUSANDTH) if whole else None


def median(values: Sequence[int]) -> Decimal:
    """The median of whole days, rounded half-up to 0.1."""
    return rounded(Decimal(str(statistics.median(values))), TENTH)


def check_days(days: int) -> None:
    """Refuse a window shorter than one day."""
    if days < 1:
        raise AnalyticsError(f"days={days}: the window must be at least one day")


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends on or before it starts."""
    if end <= start:
        raise AnalyticsError(f"the period ends ({end}) on or before it starts ({start})")


def segments_on(portfolio: Portfolio, on: date, policy: Policy | None) -> dict[str, str]:
    """Customer id -> segment, as the planner classifies the book on ``on``."""
    classes = classify_portfolio(portfolio, on, policy)
    return {cid: c.segment for cid, c in classes.items()}
