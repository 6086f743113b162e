"""The minimums before the contact limits: ``Scenario.min_balance`` (Lago, Kill Bill).

Reminders in a currency start only once the customer's overdue balance in it (the
sum of its overdue open amounts, :func:`dunningkit.book._figures.overdue_open`)
reaches the scenario's minimum balance; the skip says ``below_minimum`` with both
figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import Plan, Portfolio, SkipReason, default_policy, next_actions
from dunningkit.book._portfolio import ledger_of
from dunningkit.planning._contacts import overdue_balance
from tests.builders import TODAY, Book, d

GOOD = {"segment": "good_payer"}  # reminder_1 D+3 email, reminder_2 D+15 email


def plan_of(book: Book, today: date = TODAY, **balances: str) -> Plan:
    policy = default_policy()
    good = policy.scenarios["good_payer"].model_copy(
        update={"min_balance": {c: Decimal(v) for c, v in balances.items()}}
    )
    scenarios = {**policy.scenarios, "good_payer": good}
    return next_actions(book.build(), today, policy.model_copy(update={"scenarios": scenarios}))


def test_no_reminder_below_the_minimum_balance_with_both_figures() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="600.00")
    plan = plan_of(book, EUR="1000")
    assert plan.actions == ()
    (skip,) = plan.skipped
    assert skip.reason is SkipReason.BELOW_MINIMUM
    assert "overdue balance is 600.00 EUR" in skip.detail
    assert "minimum balance of 1,000.00 EUR" in skip.detail


def test_reminders_start_once_the_overdue_balance_reaches_it() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="600.00")
    # Not yet overdue: it does not count (due today is not overdue).
    book.invoice("F2", due=TODAY, amount="400.00")
    assert plan_of(book, EUR="1000").actions == ()
    plan = plan_of(book, d(1), EUR="1000")  # F2 overdue: 1,000.00 reaches it
    (action,) = plan.actions
    assert action.invoice_ids == ("F1",)
    assert {s.invoice_id: s.reason for s in plan.skipped} == {"F2": SkipReason.WAITING_NEXT_STEP}


def test_the_minimum_balance_holds_in_its_currency_only() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="600.00")
    book.invoice("F2", due=d(-5), amount="50.00", currency="USD")
    plan = plan_of(book, EUR="1000")
    (action,) = plan.actions  # the USD reminder is not held back by the EUR one
    assert (action.invoice_ids, action.currency) == (("F2",), "USD")
    assert {s.invoice_id: s.reason for s in plan.skipped} == {"F1": SkipReason.BELOW_MINIMUM}


def test_disputed_invoices_and_credit_notes_are_not_overdue_balance() -> None:
    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="600.00")
    book.invoice("F2", due=d(-20), amount="900.00", status="disputed")
    book.invoice("A1", due=d(-20), amount="100.00", kind="credit_note")
    (entry,) = ledger_of(book.build()).customers
    assert overdue_balance(entry, TODAY, "EUR") == Decimal("600.00")
    assert plan_of(book, EUR="1000").actions == ()


def test_a_payment_plan_counts_its_overdue_instalments_only() -> None:
    book = Book().customer(**GOOD)
    book.invoice(
        "F1",
        due=d(20),
        amount="900.00",
        installments=[
            {"due_date": d(-10), "amount": "300.00"},
            {"due_date": d(-1), "amount": "300.00"},
            {"due_date": d(20), "amount": "300.00"},
        ],
    )
    portfolio: Portfolio = book.build()
    (entry,) = ledger_of(portfolio).customers
    assert overdue_balance(entry, TODAY, "EUR") == Decimal("600.00")
    assert overdue_balance(entry, d(-1), "EUR") == Decimal("300.00")
    assert overdue_balance(entry, TODAY, "USD") == Decimal(0)


def test_a_nightly_chain_notices_the_day_the_balance_is_reached() -> None:
    # F2 falls overdue on a day no step of its own is due: the held-back reminder of F1
    # goes that day, and the chained replan sees it as next_actions does.
    from dunningkit import replan  # noqa: PLC0415 - the nightly chain of this test only

    book = Book().customer(**GOOD).invoice("F1", due=d(-5), amount="600.00")
    book.invoice("F2", due=d(2), amount="400.00")
    policy = default_policy()
    good = policy.scenarios["good_payer"].model_copy(update={"min_balance": {"EUR": Decimal(1000)}})
    policy = policy.model_copy(update={"scenarios": {**policy.scenarios, "good_payer": good}})
    portfolio = book.build()
    plan = None
    for day in range(6):
        plan = replan(plan, portfolio, d(day), policy)
        assert plan == next_actions(portfolio, d(day), policy)
        assert bool(plan.actions) == (day >= 3), day
