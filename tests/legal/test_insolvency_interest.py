"""Interest on a claim born before insolvency proceedings stops at their opening where
the law says so: France (L622-28) and Germany (§ 39 InsO) count it up to the day before,
the United Kingdom (r. 14.23 Insolvency Rules 2016) up to the day of the opening."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Portfolio, late_charges
from dunningkit.jurisdictions import BUILTIN
from tests.builders import Book

OPENED = date(2025, 7, 15)


def book(
    country: str = "FR",
    kind: str = "receivership",
    issued: date = date(2025, 5, 1),
    currency: str = "EUR",
    amount: str = "10000.00",
    due: date = date(2025, 5, 31),
) -> Portfolio:
    proceedings = {"kind": kind, "opened_on": OPENED}
    return (
        Book()
        .customer("C1", country=country, proceedings=proceedings)
        .invoice("F1", due=due, issued=issued, amount=amount, currency=currency)
        .build()
    )


def test_france_stops_interest_the_day_before_the_opening_judgment() -> None:
    # June at 13.15 % (30 days), 1-14 July at 12.15 % (14 days): 108.08 + 46.60.
    c = late_charges("F1", book(), date(2025, 8, 31))
    assert c.interest == Decimal("154.68")
    assert c.interest_until == date(2025, 7, 14)
    assert c.periods[-1].end == date(2025, 7, 14)
    assert c.days == 92  # still late: the claim is declared, not forgotten
    assert any("L622-28" in note for note in c.notes)


def test_an_invoice_issued_after_the_opening_bears_interest_as_usual() -> None:
    later = book(issued=date(2025, 7, 20), due=date(2025, 7, 31))
    c = late_charges("F1", later, date(2025, 8, 31))
    assert c.interest_until is None
    assert c.periods[-1].end == date(2025, 8, 31)


def test_before_the_opening_nothing_changes() -> None:
    before = late_charges("F1", book(), date(2025, 7, 10))
    assert before.interest_until is None
    assert before.interest == late_charges("F1", book(kind="other"), date(2025, 7, 10)).interest


def test_germany_stops_the_day_before_and_the_uk_on_the_day() -> None:
    germany = late_charges("F1", book("DE", "liquidation"), date(2025, 8, 31))
    assert germany.interest_until == date(2025, 7, 14)
    assert any("§ 39" in note for note in germany.notes)
    uk = late_charges("F1", book("GB", "receivership", currency="GBP"), date(2025, 8, 31))
    assert uk.interest_until == OPENED
    assert any("14.23" in note for note in uk.notes)


@pytest.mark.parametrize(("country", "kind"), [("FR", "other"), ("ES", "liquidation")])
def test_where_the_rules_do_not_stop_it_a_note_says_so(country: str, kind: str) -> None:
    c = late_charges("F1", book(country, kind), date(2025, 8, 31))
    assert c.interest_until is None
    assert any("do not stop interest" in note for note in c.notes)


def test_every_stop_names_its_source() -> None:
    for code, rules in BUILTIN.items():
        stop = rules.interest_stop
        if code == "EU":
            assert stop is None  # the Directive leaves it to the law of the proceedings
            continue
        assert stop is not None
        assert stop.basis
        assert stop.kinds <= {"safeguard", "receivership", "liquidation"}


@given(opened_in=st.integers(min_value=-20, max_value=200), on_in=st.integers(0, 300))
def test_interest_with_proceedings_is_the_interest_up_to_the_stop(
    opened_in: int, on_in: int
) -> None:
    due = date(2025, 5, 31)
    opened = due + timedelta(days=opened_in)
    on = due + timedelta(days=on_in)
    # issued 1 May: the claim is born before every opening drawn (from 11 May)
    with_proceedings = (
        Book()
        .customer("C1", country="FR", proceedings={"kind": "liquidation", "opened_on": opened})
        .invoice("F1", due=due, issued=date(2025, 5, 1), amount="10000.00")
        .build()
    )
    plain = (
        Book()
        .customer("C1", country="FR")
        .invoice("F1", due=due, issued=date(2025, 5, 1), amount="10000.00")
        .build()
    )
    stopped = late_charges("F1", with_proceedings, on, allow_stale=True)
    last = min(on, opened - timedelta(days=1))
    assert stopped.interest == late_charges("F1", plain, last, allow_stale=True).interest
    assert stopped.interest <= late_charges("F1", plain, on, allow_stale=True).interest


def test_days_stay_days_late_and_interest_days_count_to_the_last_day_of_interest() -> None:
    # Due 31 May, interest stops on 14 July: 44 days bear interest, 92 days late.
    c = late_charges("F1", book(), date(2025, 8, 31))
    assert (c.days, c.interest_days) == (92, 44)
    assert c.interest_days == sum(p.days for p in c.periods)
    assert "L622-28" in c.interest_stop
    uk = late_charges("F1", book("GB", "receivership", currency="GBP"), date(2025, 8, 31))
    assert (uk.days, uk.interest_days) == (92, 45)  # the opening day bears interest
    assert "14.23" in uk.interest_stop


def test_without_proceedings_interest_days_are_the_days_late() -> None:
    c = late_charges("F1", book(kind="other"), date(2025, 8, 31))
    assert c.interest_days == c.days == 92
    assert c.interest_stop == ""
