"""What every figure shares: rounding half-up, shares, windows and periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunningkit import AnalyticsError
from dunningkit.analytics._common import (
    TENTH,
    check_days,
    check_period,
    fraction,
    median,
    rounded,
)


def test_rounding_is_half_up() -> None:
    assert rounded(Decimal("0.25"), TENTH) == Decimal("0.3")
    assert rounded(Decimal("-0.25"), TENTH) == Decimal("-0.3")
    assert fraction(2, 3) == Decimal("0.667")
    assert fraction(1, 0) is None
    assert median([1, 2]) == Decimal("1.5")


def test_windows_and_periods_are_checked_with_one_message_each() -> None:
    check_days(1)
    with pytest.raises(AnalyticsError, match="at least one day"):
        check_days(0)
    check_period(date(2026, 1, 1), date(2026, 1, 2))
    with pytest.raises(AnalyticsError, match="on or before it starts"):
        check_period(date(2026, 1, 2), date(2026, 1, 2))
