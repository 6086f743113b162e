"""Strategies check their arguments up front."""

from __future__ import annotations

from datetime import date

import pytest

from dunningkit.testing import (
    portfolios,
)

DAY = date(2026, 2, 2)


def test_strategies_check_their_arguments() -> None:
    from hypothesis.errors import InvalidArgument  # noqa: PLC0415

    with pytest.raises(InvalidArgument, match="max_customers"):
        portfolios(min_customers=3, max_customers=1)
    with pytest.raises(InvalidArgument, match="only_overdue"):
        portfolios(only_overdue=True)
