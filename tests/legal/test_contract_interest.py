"""Contractual interest: the customer's contract, else the creditor's terms, never below
the law's floor, else the statute.

France: the floor is three times the legal interest rate (3.71 % in the first half of
2025, 2.76 % in the second: 11.13 % and 8.28 %); Switzerland: 5 % (OR 104 (1)).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    InterestTerms,
    Portfolio,
    RateTableOutdated,
    builtin_rate_table,
    late_charges,
)
from dunningkit.legal._rates import half_year_start
from dunningkit.messages._mentions import legal_mentions
from tests.builders import Book

DUE = date(2025, 5, 31)


def book(country: str = "FR", currency: str = "EUR", **customer: Any) -> Portfolio:
    return (
        Book()
        .customer("C1", country=country, **customer)
        .invoice("F1", due=DUE, amount="10000.00", currency=currency)
        .build()
    )


def test_the_customers_contract_wins_over_the_policys() -> None:
    own = book(late_interest={"rate": "15"})
    c = late_charges("F1", own, date(2025, 6, 30), policy_interest=InterestTerms(rate=Decimal(12)))
    assert (c.interest, c.rate, c.interest_basis) == (Decimal("123.29"), Decimal(15), "contract")
    assert "the customer's contract" in c.interest_basis_text
    policy = late_charges(
        "F1", book(), date(2025, 6, 30), policy_interest=InterestTerms(rate=Decimal(12))
    )
    assert (policy.interest, policy.interest_basis) == (Decimal("98.63"), "contract")
    assert "the creditor's terms" in policy.interest_basis_text
    assert policy.fixed_compensation == Decimal(40)  # the contract sets the interest only


def test_without_a_contract_the_statute_applies() -> None:
    c = late_charges("F1", book(), date(2025, 6, 30))
    assert (c.interest, c.interest_basis) == (Decimal("108.08"), "statute")
    assert c.interest_basis_text.startswith("statutory interest at 13.15 % a year")


def test_points_over_the_reference_rate() -> None:
    # ECB 3.15 % on 1 January 2025 + 12 = 15.15 %: 10 000 x 15.15 % x 30/365.
    c = late_charges("F1", book(late_interest={"margin": "12"}), date(2025, 6, 30))
    assert (c.interest, c.rate, c.interest_basis) == (
        Decimal("124.52"),
        Decimal("15.15"),
        "contract",
    )


def test_a_contract_below_the_french_floor_gets_the_floor() -> None:
    # 5 % agreed, three times the legal rate of the second half of 2025 is 8.28 %:
    # due 30 June, 31 days of July: 10 000 x 8.28 % x 31/365 = 70.32.
    portfolio = (
        Book()
        .customer("C1", country="FR", late_interest={"rate": "5"})
        .invoice("F1", due=date(2025, 6, 30), amount="10000.00")
        .build()
    )
    c = late_charges("F1", portfolio, date(2025, 7, 31))
    assert (c.interest, c.rate, c.interest_basis) == (Decimal("70.32"), Decimal("8.28"), "floor")
    assert "L441-10" in c.interest_basis_text
    assert "three times the legal interest rate" in c.interest_basis_text


def test_the_floor_follows_the_legal_rate_of_each_half_year() -> None:
    # 10 % agreed: June under the floor (11.13 %), July above it (8.28 %):
    # 10 000 x (11.13 % x 30 + 10 % x 31) / 365 = 176.41.
    c = late_charges("F1", book(late_interest={"rate": "10"}), date(2025, 7, 31))
    assert [(p.rate, p.basis) for p in c.periods] == [
        (Decimal("11.13"), "floor"),
        (Decimal(10), "contract"),
    ]
    assert c.interest == Decimal("176.41")
    assert c.interest_basis == "contract"
    assert "not below the statutory floor" not in c.interest_basis_text
    assert "the statutory floor applies for part of the time" in c.interest_basis_text


def test_switzerland_five_percent_is_the_floor() -> None:
    # OR 104 (1): 5 % even where the contract set less: 10 000 x 5 % x 30/365.
    c = late_charges("F1", book("CH", "CHF", late_interest={"rate": "3"}), date(2025, 6, 30))
    assert (c.interest, c.interest_basis) == (Decimal("41.10"), "floor")
    higher = late_charges("F1", book("CH", "CHF", late_interest={"rate": "8"}), date(2025, 6, 30))
    assert (higher.rate, higher.interest_basis) == (Decimal(8), "contract")


def test_a_consumer_contract_has_no_commercial_floor() -> None:
    consumer = book(kind="individual", late_interest={"rate": "4"})
    c = late_charges("F1", consumer, date(2025, 6, 30))
    assert (c.interest, c.interest_basis) == (Decimal("32.88"), "contract")
    assert c.fixed_compensation == Decimal(0)


def test_a_country_without_rules_gets_the_contract_alone() -> None:
    c = late_charges("F1", book("US", "USD", late_interest={"rate": "10"}), date(2025, 6, 30))
    assert not c.statutory
    assert (c.interest, c.fixed_compensation, c.interest_basis) == (
        Decimal("82.19"),
        Decimal(0),
        "contract",
    )
    assert "the contract's interest alone" in c.notes[0]
    # Points over a reference rate need a table there.
    margin = late_charges(
        "F1", book("US", "USD", late_interest={"margin": "5"}), DUE.replace(month=6, day=30)
    )
    assert margin.interest == Decimal(0)
    assert any("reference rate" in note for note in margin.notes)
    assert late_charges("F1", book("US", "USD"), date(2025, 6, 30)).interest_basis == "none"


def test_the_floor_table_is_checked_like_the_others() -> None:
    # The legal-rate table stops at 30 June 2026: the second half is not known.
    with pytest.raises(RateTableOutdated, match="legal interest rate"):
        late_charges("F1", book(late_interest={"rate": "4"}), date(2026, 8, 31))
    c = late_charges("F1", book(late_interest={"rate": "4"}), date(2026, 8, 31), allow_stale=True)
    assert c.stale_table is not None
    assert any("legal interest rate" in w for w in c.warnings)


@given(
    agreed=st.decimals(min_value=0, max_value=30, places=2),
    due_in=st.integers(min_value=0, max_value=700),
    late=st.integers(min_value=1, max_value=200),
)
def test_a_contract_never_gets_less_than_the_floor(agreed: Decimal, due_in: int, late: int) -> None:
    due = date(2024, 1, 1) + timedelta(days=due_in)
    portfolio = (
        Book()
        .customer("C1", country="FR", late_interest={"rate": str(agreed)})
        .invoice("F1", due=due, amount="1000.00")
        .build()
    )
    c = late_charges("F1", portfolio, due + timedelta(days=late), allow_stale=True)
    legal = builtin_rate_table("fr_legal_interest_rate")
    assert c.periods
    for period in c.periods:
        floor = 3 * legal.in_force(half_year_start(period.start))
        assert period.rate == max(agreed, floor)
        assert period.basis == ("floor" if floor > agreed else "contract")


def test_a_contracts_rate_is_named_as_such_in_the_letter() -> None:
    text = legal_mentions("FR", "fr", Decimal(15), "fr_FR", contract=True)
    assert "taux contractuel de 15,00 %" in text
    assert "BCE" not in text  # the statute's wording would say ECB + 10
    assert "40,00\xa0€" in text  # the fixed indemnity stays the law's
    swiss = legal_mentions("CH", "de", Decimal(8), "de_CH", contract=True)
    assert "vertraglich" in swiss
    assert "Pauschale" not in swiss  # no fixed compensation in Switzerland


def test_a_newer_legal_rate_table_replaces_the_shipped_one_by_its_id() -> None:
    shipped = builtin_rate_table("fr_legal_interest_rate")
    newer = shipped.model_copy(update={"as_of": date(2026, 12, 31)})
    tables = {"fr_legal_interest_rate": newer}
    contract = book(late_interest={"rate": "4"})
    c = late_charges("F1", contract, date(2026, 8, 31), rate_tables=tables)
    assert c.warnings == ()
    assert c.periods[-1].rate == Decimal("7.86")  # 3 x 2.62, the last rate known


@pytest.mark.parametrize(("rate", "interest"), [("8", Decimal("0.44")), ("0", Decimal(0))])
def test_erpnext_dunning_interest(rate: str, interest: Decimal) -> None:
    # ERPNext's test_dunning: 100 outstanding at 8 % a year for 20 days overdue gives
    # 0.44 interest (100 x 8 % x 20/365), and a dunning type at 0 % none. Its company
    # is outside any statute here: the contract's rate alone.
    portfolio = (
        Book()
        .customer("C1", country="US", late_interest={"rate": rate})
        .invoice("F1", due=DUE, amount="100.00", currency="USD")
        .build()
    )
    c = late_charges("F1", portfolio, date(2025, 6, 20))
    assert (c.days, c.interest, c.interest_basis) == (20, interest, "contract")
