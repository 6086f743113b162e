"""The planner keeps its guarantees; the guarantees catch what they should."""

from __future__ import annotations

from datetime import date

import pytest

from dunningkit import next_actions
from dunningkit.testing import (
    PlanViolationError,
    assert_plan_ok,
    check_plan,
)
from tests.builders import TODAY, Book, d

DAY = date(2026, 2, 2)


def planned(book: Book, today: date = TODAY) -> tuple:  # type: ignore[type-arg]
    portfolio = book.build()
    return next_actions(portfolio, today), portfolio


def test_check_plan_catches_a_tampered_plan() -> None:
    book = Book().customer(segment="good_payer").invoice("F1", due=d(-10))
    book.invoice("F2", due=d(-5), status="disputed")
    plan, portfolio = planned(book)
    assert check_plan(plan, portfolio, TODAY) == []
    dropped = plan.model_copy(update={"skipped": ()})
    assert [v.rule for v in check_plan(dropped, portfolio, TODAY)] == ["conservation"]
    action = plan.actions[0]
    tampered = plan.model_copy(
        update={
            "actions": (action.model_copy(update={"invoice_ids": ("F1", "F2")}),),
            "skipped": (),
        }
    )
    rules = {v.rule for v in check_plan(tampered, portfolio, TODAY)}
    assert "never_dunned" in rules
    saturday = plan.model_copy(
        update={"actions": (action.model_copy(update={"scheduled_for": date(2026, 3, 21)}),)}
    )
    assert "business_days" in {v.rule for v in check_plan(saturday, portfolio, TODAY)}
    with pytest.raises(PlanViolationError, match="conservation"):
        assert_plan_ok(dropped, portfolio, TODAY)
    with pytest.raises(AssertionError):
        assert_plan_ok(dropped, portfolio, TODAY)


def test_check_plan_catches_a_jump_and_a_repeat() -> None:
    book = Book().customer(segment="good_payer").invoice("F1", due=d(-40))
    book.event("C1", ["F1"], "reminder_1", d(-30))
    plan, portfolio = planned(book)
    action = plan.actions[0]
    assert action.step_id == "reminder_2"
    jump = plan.model_copy(update={"actions": (action.model_copy(update={"step_id": "call"}),)})
    messages = [v.message for v in check_plan(jump, portfolio, TODAY)]
    assert "jumps over undone step reminder_2 to call" in messages
    repeat = plan.model_copy(
        update={"actions": (action.model_copy(update={"step_id": "reminder_1"}),)}
    )
    assert "step reminder_1 proposed again" in [
        v.message for v in check_plan(repeat, portfolio, TODAY)
    ]
