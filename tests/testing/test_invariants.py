"""check_plan and assert_plan_ok."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Policy, Portfolio, next_actions
from dunningkit.testing import (
    assert_plan_ok,
    policies,
    portfolios,
)
from tests.builders import GENERATED_DAY as DAY


@given(
    portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "GBP")),
    policies(),
    st.integers(-30, 150).map(lambda n: DAY + timedelta(days=n)),
)
def test_the_planner_keeps_every_documented_guarantee(
    book: Portfolio, policy: Policy, today: date
) -> None:
    assert_plan_ok(next_actions(book, today, policy), book, today, policy)
