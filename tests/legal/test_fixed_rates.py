"""A rate fixed for the life of the debt: the United Kingdom, and French public buyers.

Both read one half-year's reference rate and keep it while the debt is unpaid, where
the commercial rules of France, Germany and the Directive change it each half-year.
Rates from the shipped tables: Bank Rate 5.25 % on 30 June 2024, 4.75 % on
31 December 2024; ECB main refinancing rate 3.15 % on 1 January 2025, 2.15 % on
1 July 2025.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    SAMPLE_DAY,
    Portfolio,
    builtin_rate_table,
    late_charges,
    next_actions,
    render,
    sample_policy,
    sample_portfolio,
)
from dunningkit.jurisdictions import (
    EuropeanUnion,
    France,
    FrenchPublicBuyer,
    LegalRule,
    UnitedKingdom,
    resolve,
    rules_for,
)
from dunningkit.legal._pricing import Pricing
from dunningkit.legal._rates import half_year_start
from dunningkit.messages._mentions import charges_sentence, legal_mentions, notice_mentions
from tests.builders import Book


def gb_book(amount: str, due: date) -> Portfolio:
    return (
        Book()
        .customer("C1", country="GB")
        .invoice("F1", due=due, amount=amount, currency="GBP")
        .build()
    )


@pytest.mark.parametrize(
    ("amount", "due", "expected"),
    [
        # Due in the second half of 2024: Bank Rate on 30 June 2024 (5.25 %) + 8 = 13.25 %
        # for the whole debt, 1 January 2025 too (the half-year's own 12.75 % was the
        # defect: 16.32 and 163.29).
        ("1000.00", date(2024, 11, 17), Decimal("16.34")),  # 45 days: 1000 x 13.25 % x 45/365
        ("5000.00", date(2024, 10, 3), Decimal("163.36")),  # 90 days: 5000 x 13.25 % x 90/365
    ],
)
def test_uk_statutory_interest_is_fixed_for_the_debt(
    amount: str, due: date, expected: Decimal
) -> None:
    c = late_charges("F1", gb_book(amount, due), date(2025, 1, 1))
    assert c.interest == expected
    assert {p.rate for p in c.periods} == {Decimal("13.25")}
    assert (c.reference_rate, c.rate) == (Decimal("5.25"), Decimal("13.25"))
    assert "Order 2002" in c.interest_basis_text


def test_a_fixed_rate_never_goes_stale_once_its_half_year_is_known() -> None:
    # Due 31 March 2026: Bank Rate on 31 December 2025 (3.75 %, in the table) holds
    # after the table's as-of date (5 February 2026): no RateTableOutdated.
    c = late_charges("F1", gb_book("1000.00", date(2026, 3, 31)), date(2026, 11, 23))
    assert c.warnings == ()
    assert c.rate == Decimal("11.75")


def test_fixed_for_the_debt_is_one_rule_of_the_base_class() -> None:
    # Any jurisdiction that sets the attribute gets it: nothing tests a country's code.
    class FixedDirective(EuropeanUnion):
        rate_fixed_for_debt = LegalRule(text="test", basis="test")

    table = EuropeanUnion().rate_table()
    moving = Pricing(EuropeanUnion(), table, Decimal(8))
    fixed = Pricing(FixedDirective(), table, Decimal(8))
    due, july = date(2025, 5, 31), date(2025, 7, 1)
    assert moving.rate(july, due).rate == Decimal("10.15")  # 2.15 on 1 July 2025
    assert fixed.rate(july, due).rate == Decimal("11.15")  # 3.15 on 1 January 2025
    assert UnitedKingdom.rate_fixed_for_debt is not None
    assert France.rate_fixed_for_debt is None


def public_book(due: date = date(2025, 5, 31), kind: str = "public_body") -> Portfolio:
    return (
        Book()
        .customer("C1", country="FR", kind=kind, name="Mairie de Lyon")
        .invoice("F1", due=due, amount="10000.00")
        .build()
    )


def test_a_french_public_buyer_owes_moratorium_interest_ecb_plus_8_fixed() -> None:
    # Interest started on 1 June 2025: ECB rate on 1 January 2025 (3.15 %) + 8 = 11.15 %
    # for the debt, July and August too: 10 000 x 11.15 % x 92/365 = 281.04 (the
    # commercial rules gave 13.15 % then 12.15 %: 314.47).
    c = late_charges("F1", public_book(), date(2025, 8, 31))
    assert c.interest == Decimal("281.04")
    assert {p.rate for p in c.periods} == {Decimal("11.15")}
    assert c.fixed_compensation == Decimal(40)
    assert c.jurisdiction == "FR"
    assert c.rules_id == "FR/public_body"
    assert "R2192-31" in c.legal_basis
    assert "L441-10" not in c.legal_basis
    company = late_charges("F1", public_book(kind="company"), date(2025, 8, 31))
    assert company.interest == Decimal("314.47")


def test_the_half_year_in_which_interest_started_fixes_the_public_rate() -> None:
    # Due 30 June 2025, interest runs from 1 July: ECB rate on 1 July 2025 (2.15 %) + 8.
    c = late_charges("F1", public_book(due=date(2025, 6, 30)), date(2025, 7, 31))
    assert c.rate == Decimal("10.15")
    assert c.interest == Decimal("86.21")  # 10 000 x 10.15 % x 31/365


def test_a_public_buyers_letters_cite_the_public_procurement_code() -> None:
    assert rules_for("FR/public_body") is resolve("FR").for_debtor("public_body")
    assert isinstance(resolve("FR/public_body"), FrenchPublicBuyer)
    assert resolve("DE/public_body") is resolve("DE")  # no rules of its own there
    mention = legal_mentions("FR/public_body", "fr", Decimal("11.15"), "fr_FR")
    assert "intérêts moratoires" in mention
    assert "Code de la commande publique" in mention
    assert "L441-10" not in mention
    assert "11,15" in mention
    sentence = charges_sentence("FR/public_body", "fr", "281,04 €", "40,00 €")
    assert "intérêts moratoires" in sentence
    assert "L441-10" not in sentence
    assert "L2192-13" in notice_mentions("FR/public_body", "fr")
    # A company keeps the commercial code's words.
    assert "L441-10" in legal_mentions("FR", "fr", Decimal("12.15"), "fr_FR")


@given(
    due_in=st.integers(min_value=0, max_value=1000), late=st.integers(min_value=1, max_value=400)
)
def test_one_uk_debt_bears_one_rate(due_in: int, late: int) -> None:
    due = date(2023, 1, 1) + timedelta(days=due_in)
    c = late_charges("F1", gb_book("1000.00", due), due + timedelta(days=late), allow_stale=True)
    eve = half_year_start(due) - timedelta(days=1)  # 31 December or 30 June before it
    expected = builtin_rate_table("boe_bank_rate").in_force(eve) + 8
    assert {p.rate for p in c.periods} == {expected}


def test_the_sample_public_buyers_letter_cites_the_public_procurement_code() -> None:
    portfolio, policy = sample_portfolio(), sample_policy()
    plan = next_actions(portfolio, SAMPLE_DAY, policy)
    letter = next(a for a in plan.actions if a.customer_id == "CLI-010" and a.channel == "letter")
    body = render(letter, portfolio, policy, today=SAMPLE_DAY).body
    assert "intérêts moratoires" in body
    assert "Code de la commande publique, art. L2192-13, R2192-31 et D2192-35" in body
    assert "L441-10" not in body  # the commercial code's penalties were the defect
