"""The planner passes its own invariants; the invariants catch what they should."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Channel, Policy, Portfolio, Tone, next_actions
from dunningkit.testing import (
    PlanViolationError,
    assert_plan_ok,
    at_most_contacts,
    check_plan,
    never,
    not_before,
    policies,
    portfolios,
    requires_before,
)
from tests.builders import GENERATED_DAY as DAY
from tests.builders import TODAY, Book, d


@given(
    portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "GBP")),
    policies(),
    st.integers(-30, 150).map(lambda n: DAY + timedelta(days=n)),
)
def test_the_planner_keeps_every_documented_guarantee(
    book: Portfolio, policy: Policy, today: date
) -> None:
    assert_plan_ok(next_actions(book, today, policy), book, today, policy)


@given(
    portfolios(today=DAY, only_overdue=True, segment="bad_payer", min_invoices=1, max_customers=3)
)
def test_forcing_options_do_what_they_say(book: Portfolio) -> None:
    assert book.invoices
    for invoice in book.invoices:
        assert invoice.due_date < DAY
        assert book.open_amount(invoice.id, DAY) == invoice.amount
        assert not invoice.is_credit_note
    assert {c.segment for c in book.customers} == {"bad_payer"}


@given(portfolios(disputes=True))
def test_disputes_option(book: Portfolio) -> None:
    assert any(i.status == "disputed" for i in book.invoices)


def test_strategies_check_their_arguments() -> None:
    from hypothesis.errors import InvalidArgument  # noqa: PLC0415

    with pytest.raises(InvalidArgument, match="max_customers"):
        portfolios(min_customers=3, max_customers=1)
    with pytest.raises(InvalidArgument, match="only_overdue"):
        portfolios(only_overdue=True)


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


def test_company_rule_builders() -> None:
    book = Book().customer("K", segment="key_account").customer("P", kind="public_body")
    book.customer("B", segment="bad_payer")
    book.history("P", [0] * 5)
    book.invoice("FK", "K", due=d(-20)).invoice("FP", "P", due=d(8)).invoice("FB", "B", due=d(-60))
    book.event("B", ["FB"], "reminder_1", d(-58))
    book.event("B", ["FB"], "sms_1", d(-55), channel="sms")
    book.event("B", ["FB"], "call", d(-45), channel="phone")
    book.event("B", ["FB"], "firm_letter", d(-20), channel="letter")
    plan, portfolio = planned(book)
    by_customer = {a.customer_id: a for a in plan.actions}
    assert by_customer["P"].channel is Channel.PHONE  # the early circuit call, D-10
    assert by_customer["B"].tone is Tone.FORMAL_NOTICE

    def broken(*rules: object) -> list[str]:
        return sorted({v.rule for v in check_plan(plan, portfolio, TODAY, rules=rules)})  # type: ignore[arg-type]

    assert broken(never(channel="sms", segment="key_account")) == []
    assert broken(never(channel="phone", segment="public_body")) == ["never"]
    assert broken(not_before(5, channel="phone", segment="public_body")) == ["not_before"]
    # B: one contact in the last 30 days and one planned.
    assert broken(at_most_contacts(1)) == ["at_most_contacts"]
    assert broken(at_most_contacts(2)) == []
    # Two written reminders (email, letter) came before the formal notice; three did not.
    assert broken(requires_before(2)) == []
    assert broken(requires_before(3)) == ["requires_before"]
