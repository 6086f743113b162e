"""Company rules stated with the builders."""

from __future__ import annotations

from datetime import date

from dunningkit import Channel, Tone, next_actions
from dunningkit.testing import (
    at_most_contacts,
    check_plan,
    never,
    not_before,
    requires_before,
)
from tests.builders import TODAY, Book, d

DAY = date(2026, 2, 2)


def planned(book: Book, today: date = TODAY) -> tuple:  # type: ignore[type-arg]
    portfolio = book.build()
    return next_actions(portfolio, today), portfolio


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
