"""Fees per step: ``Step.fee`` -> ``Action.fees``, charged once per invoice and step.

Peers' cases: Tryton ``account_dunning_fee`` (a fixed fee, the product's list price, at
a level; one fee per dunning and level, never again when the dunning is processed
again), OCA ``account_credit_control_dunning_fees`` (a fixed amount in the fee's
currency per policy level), ERPNext ``test_dunning.py`` (a dunning fee added to the
amount asked), Invoice Ninja (a late fee per reminder, a fixed amount or a percentage
of the balance).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import (
    Action,
    Fee,
    Grouping,
    Plan,
    Policy,
    default_policy,
    explain,
    next_actions,
    sample_portfolio,
)
from dunningkit._sample import sample_policy
from dunningkit.model._history import InvoiceHistory
from dunningkit.planning._grouping import charged
from dunningkit.planning._rows import ACTION_CSV, action_row
from dunningkit.policy._fees import Charge, charge
from dunningkit.testing import check_plan
from tests.builders import SAMPLE_DAY, TODAY, Book, d

GOOD = {"segment": "good_payer"}  # reminder_1 D+3 email, reminder_2 D+15 email

FIXED = Fee(fixed={"EUR": Decimal(5)})  # Tryton: the fee product's list price, 5
SHARE = Fee(fixed={"EUR": Decimal(15)}, percent=Decimal(10))  # Invoice Ninja's late fee


def policy_with(**fees: Fee) -> Policy:
    policy = default_policy()
    good = policy.scenarios["good_payer"]
    steps = tuple(
        s.model_copy(update={"fee": fees[s.id]}) if s.id in fees else s for s in good.steps
    )
    scenarios = {**policy.scenarios, "good_payer": good.model_copy(update={"steps": steps})}
    return policy.model_copy(update={"scenarios": scenarios})


def plan_of(book: Book, today: date = TODAY, **fees: Fee) -> Plan:
    policy = policy_with(**fees)
    plan = next_actions(book.build(), today, policy)
    assert check_plan(plan, book.build(), today, policy) == []
    return plan


def fee_reasons(action: Action) -> list[str]:
    return [r.text for r in action.why if r.code == "fee"]


def test_a_fixed_fee_is_charged_on_each_invoice_of_the_message() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-5), amount="100.00").invoice("F2", due=d(-4), amount="250.00")
    (action,) = plan_of(book, reminder_1=FIXED).actions
    assert action.invoice_ids == ("F1", "F2")
    assert action.fees == Decimal("10.00")
    assert str(action.fees) == "10.00"  # with the currency's places
    assert fee_reasons(action) == [
        "invoice F1: fee of 5.00 EUR for 'courteous reminder' (5.00 EUR fixed)",
        "invoice F2: fee of 5.00 EUR for 'courteous reminder' (5.00 EUR fixed)",
    ]


def test_a_percentage_of_the_open_amount_when_the_step_is_reached() -> None:
    # Invoice Ninja: 15 fixed + 10 % of a 1,000.00 balance partly paid down to 600.00.
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), amount="1000.00")
    book.pay("F1", d(-10), "400.00").event("C1", ["F1"], "reminder_1", d(-17))
    (action,) = plan_of(book, reminder_2=SHARE).actions
    assert action.step_id == "reminder_2"
    assert action.fees == Decimal("75.00")
    assert fee_reasons(action) == [
        "invoice F1: fee of 75.00 EUR for 'second reminder' (15.00 EUR fixed + 10% of 600.00 EUR)"
    ]


def test_rounding_is_half_up_to_the_currency() -> None:
    assert charge(Fee(percent=Decimal(1)), "EUR", Decimal("12.50")).amount == Decimal("0.13")
    assert charge(Fee(percent=Decimal("1.5")), "EUR", Decimal("1234.50")).amount == Decimal("18.52")
    assert charge(Fee(percent=Decimal(1)), "JPY", Decimal(1250)).amount == Decimal(13)
    assert charge(None, "JPY", Decimal(1250)) == Charge(Decimal(0))


def test_an_invoice_in_a_currency_the_fee_does_not_list_gets_no_fixed_fee() -> None:
    # OCA: the level's fee has its own currency; a USD invoice gets no EUR amount.
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="80.00", currency="USD")
    (action,) = plan_of(book, reminder_1=FIXED).actions
    assert (action.currency, action.fees) == ("USD", Decimal("0.00"))
    (reason,) = fee_reasons(action)
    assert "no fixed fee in USD: the step lists one in EUR only" in reason
    # A percentage still applies in any currency.
    mixed = Fee(fixed={"EUR": Decimal(5)}, percent=Decimal(2))
    (action,) = plan_of(book, reminder_1=mixed).actions
    assert action.fees == Decimal("1.60")


def test_a_step_is_charged_once_per_invoice_never_again() -> None:
    # Tryton: one fee per dunning and level, whatever how often it is processed.
    done = InvoiceHistory()
    done.done["reminder_1"] = d(-3)
    step = policy_with(reminder_1=FIXED).scenarios["good_payer"].steps[0]
    assert charged(step, "EUR", Decimal(100), None).amount == Decimal("5.00")
    assert charged(step, "EUR", Decimal(100), done) == Charge(Decimal("0.00"), again=True)
    # Planned again the same day (re-planned): the same fee, not a second one.
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="100.00")
    first, again = plan_of(book, reminder_1=FIXED), plan_of(book, reminder_1=FIXED)
    assert first.actions[0].fees == again.actions[0].fees == Decimal("5.00")
    # Sent: the next step carries its own fee only.
    book.event("C1", ["F1"], "reminder_1", d(1))
    (later,) = plan_of(book, d(15), reminder_1=FIXED).actions
    assert (later.step_id, later.fees) == ("reminder_2", Decimal("0.00"))


def test_a_failed_attempt_charges_when_the_step_is_finally_sent() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="100.00")
    book.event("C1", ["F1"], "reminder_1", d(-1), outcome="failed")
    (retry,) = plan_of(book, reminder_1=FIXED).actions
    assert (retry.step_id, retry.fees) == ("reminder_1", Decimal("5.00"))


def test_no_fee_by_default_and_the_constructor_still_works() -> None:
    plan = next_actions(sample_portfolio(SAMPLE_DAY), SAMPLE_DAY, sample_policy())
    assert plan.actions
    assert {a.fees for a in plan.actions} == {Decimal(0)}
    action = plan.actions[0]
    fields = {f: getattr(action, f) for f in Action.__dataclass_fields__ if f != "fees"}
    assert Action(**fields).fees == 0


def test_fees_are_the_last_column_of_every_plan_output() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="100.00")
    (action,) = plan_of(book, reminder_1=FIXED).actions
    assert ACTION_CSV[-1] == "fees"
    assert action_row(action)["fees"] == Decimal("5.00")
    assert action.to_dict()["fees"] == "5.00"


def test_explain_says_each_invoices_fee_and_how() -> None:
    book = Book().customer(**GOOD)
    book.invoice("F1", due=d(-5), amount="100.00").invoice("F2", due=d(-4), amount="250.00")
    policy = policy_with(reminder_1=Fee(fixed={"EUR": Decimal(5)}, percent=Decimal(1)))
    (action,) = next_actions(book.build(), TODAY, policy).actions
    found = explain(book.build(), TODAY, "C1", policy)
    fees = {i.invoice_id: i.fee for i in found.invoices}
    assert fees == {"F1": Decimal("6.00"), "F2": Decimal("7.50")}
    assert sum(fees.values()) == action.fees == Decimal("13.50")
    (f1, _) = found.invoices
    assert "invoice F1: fee of 6.00 EUR for 'courteous reminder'" in f1.reasons[1]
    assert "by email, fee 6.00 EUR [" in str(found)
    # Without a fee, nothing is said.
    plain = explain(book.build(), TODAY, "C1", default_policy())
    assert {i.fee for i in plain.invoices} == {None}
    assert "fee" not in str(plain)


def test_tryton_account_dunning_fee_scenario() -> None:
    # Tryton: 100 due; level 1 at 5 days charges the fee product's list price (10),
    # level 2 at 10 days 15 %: the receivable goes 100 -> 110 -> 125.
    policy = default_policy().model_copy(update={"min_days_between_contacts": 0})
    good = policy.scenarios["good_payer"]
    steps = (
        good.steps[0].model_copy(update={"offset_days": 5, "fee": Fee(fixed={"EUR": 10})}),
        good.steps[1].model_copy(update={"offset_days": 10, "fee": Fee(percent=Decimal(15))}),
    )
    scenarios = {**policy.scenarios, "good_payer": good.model_copy(update={"steps": steps})}
    policy = policy.model_copy(update={"scenarios": scenarios})
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="100.00")
    (level_1,) = next_actions(book.build(), TODAY, policy).actions
    book.event("C1", ["F1"], level_1.step_id, TODAY)
    (level_2,) = next_actions(book.build(), d(5), policy).actions
    assert (level_1.fees, level_2.fees) == (Decimal("10.00"), Decimal("15.00"))
    assert level_1.amount_due + level_1.fees + level_2.fees == Decimal("125.00")


def test_erpnext_dunning_fee_on_the_outstanding_amount() -> None:
    # ERPNext test_dunning: 100 outstanding, a dunning fee of 20: 120 in all without
    # interest (the interest, 0.44 at 8 % over 20 days, is late_charges' part).
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), amount="100.00")
    book.event("C1", ["F1"], "reminder_1", d(-17))
    (action,) = plan_of(book, reminder_2=Fee(fixed={"EUR": Decimal(20)})).actions
    assert (action.fees, action.amount_due + action.fees) == (Decimal("20.00"), Decimal(120))


def test_invoice_ninja_late_fee_amount_and_percent() -> None:
    # Invoice Ninja: a reminder's late fee is its amount plus its percent of the balance.
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="100.00")
    fee = Fee(fixed={"EUR": Decimal(10)}, percent=Decimal(10))
    (action,) = plan_of(book, reminder_1=fee).actions
    assert action.fees == Decimal("20.00")


def per_customer(**fees: Fee) -> Policy:
    return policy_with(**fees).model_copy(update={"grouping": Grouping.PER_CUSTOMER})


def mixed_steps() -> Book:
    """F1 is due for reminder_2, F2 for reminder_1, F3 waits: one per_customer message."""
    book = Book().customer(**GOOD).invoice("F1", due=d(-20), amount="100.00")
    book.event("C1", ["F1"], "reminder_1", d(-17))
    book.invoice("F2", due=d(-5), amount="200.00").invoice("F3", due=d(-1), amount="300.00")
    return book


def test_a_per_customer_message_charges_its_own_steps_fee_on_each_invoice_due() -> None:
    # The message is reminder_2 for F1 and F2 (the events record it so): reminder_2's
    # fee on both, reminder_1's on neither; F3, merely listed, is charged nothing.
    for fees, expected in (({"reminder_1": FIXED}, "0.00"), ({"reminder_2": FIXED}, "10.00")):
        policy = per_customer(**fees)
        book = mixed_steps().build()
        (action,) = next_actions(book, TODAY, policy).actions
        assert (action.step_id, action.invoice_ids) == ("reminder_2", ("F1", "F2", "F3"))
        assert str(action.fees) == expected
        assert check_plan(next_actions(book, TODAY, policy), book, TODAY, policy) == []
    assert fee_reasons(action) == [
        "invoice F1: fee of 5.00 EUR for 'second reminder' (5.00 EUR fixed)",
        "invoice F2: fee of 5.00 EUR for 'second reminder' (5.00 EUR fixed)",
    ]
    found = {i.invoice_id: i.fee for i in explain(book, TODAY, "C1", policy).invoices}
    assert found == {"F1": Decimal("5.00"), "F2": Decimal("5.00"), "F3": None}


def test_a_lower_invoice_in_a_currency_the_messages_fee_does_not_list() -> None:
    # The hypothesis case: GBP invoices, a per_customer message at a step whose fee lists
    # EUR only; F2 was due for a step without a fee (a KeyError before): no fee, said so.
    book = mixed_steps()
    for invoice in book.invoices:
        invoice["currency"] = "GBP"
    (action,) = next_actions(book.build(), TODAY, per_customer(reminder_2=FIXED)).actions
    assert action.fees == Decimal("0.00")
    assert [r.split(": ", 1)[0] for r in fee_reasons(action)] == ["invoice F1", "invoice F2"]
    assert all("no fixed fee in GBP" in r for r in fee_reasons(action))


def test_the_fees_guarantee_checks_the_fee_of_the_actions_step() -> None:
    book = mixed_steps().build()
    policy = per_customer(reminder_2=FIXED)
    plan = next_actions(book, TODAY, policy)
    (action,) = plan.actions
    wrong = plan.model_copy(
        update={"actions": (action.model_copy(update={"fees": Decimal("5.00")}),)}
    )
    (violation,) = check_plan(wrong, book, TODAY, policy)
    assert violation.rule == "fees"
    assert "'reminder_2' charges 10.00" in violation.message
