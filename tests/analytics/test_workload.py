"""The workload ahead, planned day by day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import (
    Channel,
    next_actions,
    workload,
)
from tests.analytics.books import main_book
from tests.builders import TODAY

D = Decimal


def test_workload_first_day_is_the_plan_and_nothing_is_sent_twice() -> None:
    book = main_book()
    plan = next_actions(book, TODAY)
    first = workload(book, TODAY, days=1)
    expected: dict[tuple[date, Channel], int] = {}
    for action in plan.actions:
        key = (action.scheduled_for, action.channel)
        expected[key] = expected.get(key, 0) + 1
    assert {(w.on, w.channel): w.actions for w in first} == expected
    assert expected  # the example book has overdue invoices to remind
    two = workload(book, TODAY, days=2)
    day_one = sum(w.actions for w in two if w.on == plan.actions[0].scheduled_for)
    assert day_one == len(plan.actions)
