"""What every strategy draws from: amounts at a currency's places, dates, ids.

Each shrinks towards small, early, round data: the smallest unit, dates close to
``2026-01-01``, short ids.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

__all__ = ["EPOCH", "IDS", "amounts", "check_range", "dates", "mostly"]

T = TypeVar("T")
EPOCH = date(2026, 1, 1)
IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=8)


def check_range(name_min: str, low: int, name_max: str, high: int) -> None:
    if low < 0:
        raise InvalidArgument(f"{name_min}={low} must be at least 0")
    if high < low:
        raise InvalidArgument(f"{name_max}={high} must be at least {name_min}={low}")


def amounts(
    *,
    min_value: Decimal | None = None,
    max_value: Decimal = Decimal(100000),
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Positive amounts with ``places`` decimals (2 for EUR, 0 for JPY).

    Shrinks towards ``min_value`` (default: the smallest unit, 0.01 for two places).
    """
    if places < 0:
        raise InvalidArgument(f"places={places} must be at least 0")
    unit = Decimal(1).scaleb(-places)
    low = unit if min_value is None else min_value
    if low <= 0:
        raise InvalidArgument(f"min_value={low} must be positive")
    if max_value < low:
        raise InvalidArgument(f"max_value={max_value} must be at least min_value={low}")
    units = st.integers(
        int((low / unit).to_integral_value(rounding="ROUND_CEILING")),
        int((max_value / unit).to_integral_value(rounding="ROUND_FLOOR")),
    )
    return units.map(lambda n: (Decimal(n) * unit).quantize(unit))


def mostly(usual: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` about four times in five, else ``rare``; shrinks towards ``usual``."""
    return st.integers(0, 4).flatmap(lambda n: rare if n == 4 else usual)


def dates(around: date, *, before: int, after: int) -> st.SearchStrategy[date]:
    return st.integers(-before, after).map(lambda d: around + timedelta(days=d))
