"""Grouping: one message per customer, channel and day, decided after the minimums.

Defect 1 of issue 22: the message kept for a channel was chosen before the minimum
amount, so a message below it was dropped and still held back the ones it displaced
(``one_message_a_day``, "goes to the customer by email today", which was false), day
after day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import Plan, SkipReason, default_policy, next_actions
from tests.builders import TODAY, Book, d

GOOD = {"segment": "good_payer"}  # reminder_1 D+3 email, reminder_2 D+15 email


def plan_of(book: Book, today: date = TODAY, **policy: object) -> Plan:
    return next_actions(book.build(), today, default_policy().model_copy(update=policy))


def reasons(plan: Plan) -> dict[str, SkipReason]:
    return {s.invoice_id: s.reason for s in plan.skipped}


def test_a_message_below_its_minimum_does_not_hold_back_another_currency() -> None:
    # EUR 149 under a 150 minimum, USD 120 over a 100 minimum, both due by email.
    book = Book().customer(**GOOD)
    book.invoice("F-EUR", due=d(-5), amount="149.00")
    book.invoice("F-USD", due=d(-5), amount="120.00", currency="USD")
    minimums = {"min_open_amount_by_currency": {"EUR": Decimal(150), "USD": Decimal(100)}}
    for later in (0, 30, 60):  # blocked for two months before the fix
        plan = plan_of(book, d(later), **minimums)
        (action,) = plan.actions
        assert (action.invoice_ids, action.currency) == (("F-USD",), "USD")
        assert reasons(plan) == {"F-EUR": SkipReason.BELOW_MINIMUM}
        # The reminder went: the next day's plan moves on to its next step.
        book.event("C1", ["F-USD"], action.step_id, d(later))


def test_a_small_remainder_at_a_later_step_does_not_hold_back_a_first_reminder() -> None:
    # 10 EUR left at step 2 under a 50 minimum; a 500 EUR invoice due for its first.
    book = Book().customer(**GOOD)
    book.invoice("F-OLD", due=d(-40), amount="1000.00").pay("F-OLD", d(-30), "990.00")
    book.event("C1", ["F-OLD"], "reminder_1", d(-37))
    book.invoice("F-NEW", due=d(-5), amount="500.00")
    plan = plan_of(book, min_open_amount=Decimal(50))
    (action,) = plan.actions
    assert (action.step_id, action.invoice_ids) == ("reminder_1", ("F-NEW",))
    assert reasons(plan) == {"F-OLD": SkipReason.BELOW_MINIMUM}
    (detail,) = [s.detail for s in plan.skipped]
    assert "10.00 EUR open, below the minimum of 50.00 EUR" in detail


def test_the_highest_step_still_goes_first_when_both_pass_the_minimum() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F-OLD", due=d(-40), amount="1000.00")
    book.event("C1", ["F-OLD"], "reminder_1", d(-37))
    book.invoice("F-NEW", due=d(-5), amount="500.00")
    plan = plan_of(book, min_open_amount=Decimal(50))
    (action,) = plan.actions
    assert (action.step_id, action.invoice_ids) == ("reminder_2", ("F-OLD",))
    assert reasons(plan) == {"F-NEW": SkipReason.ONE_MESSAGE_A_DAY}


def test_no_message_goes_then_none_is_said_to_go() -> None:
    # Both below: each waits for its minimum, neither "goes by email today".
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-5), amount="20.00")
    book.invoice("F2", due=d(-5), amount="30.00", currency="USD")
    plan = plan_of(book, min_open_amount=Decimal(50))
    assert plan.actions == ()
    assert reasons(plan) == {"F1": SkipReason.BELOW_MINIMUM, "F2": SkipReason.BELOW_MINIMUM}
    assert all("goes to the customer" not in s.detail for s in plan.skipped)
