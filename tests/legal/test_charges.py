"""Late-payment charges, checked on worked examples computed from the statutes' formulas.

Rates are those published for each half-year (see the rate tables' sources):
ECB main refinancing rate in force on 1 January 2025: 3.15 %; on 1 July 2025: 2.15 %
(Banque de France, "taux de référence BCE"). Bundesbank Basiszinssatz from 1 July
2025: 1.27 %. Bank of England Bank Rate on 30 June 2025: 4.25 %.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dunningkit
from dunningkit import (
    DunningkitError,
    PluginError,
    Portfolio,
    RateTable,
    RateTableOutdated,
    builtin_rate_table,
    late_charges,
)

SRC = Path(dunningkit.__file__).parent


def book(
    amount: str = "10000.00",
    currency: str = "EUR",
    country: str = "FR",
    kind: str = "company",
    payments: tuple[tuple[str, str], ...] = (),
) -> Portfolio:
    return Portfolio.model_validate(
        {
            "customers": [{"id": "C", "name": "Client", "country": country, "kind": kind}],
            "invoices": [
                {
                    "id": "F",
                    "customer_id": "C",
                    "issue_date": "2025-05-01",
                    "due_date": "2025-05-31",
                    "amount": amount,
                    "currency": currency,
                }
            ],
            "payments": [
                {
                    "id": f"P{n}",
                    "invoice_id": "F",
                    "date": day,
                    "amount": paid,
                    "currency": currency,
                }
                for n, (day, paid) in enumerate(payments)
            ],
        }
    )


def test_france_30_days_in_one_half_year() -> None:
    # 10 000 x 13.15 % x 30 / 365 = 108.0821...
    c = late_charges("F", book(), date(2025, 6, 30))
    assert (c.days, c.interest, c.rate, c.reference_rate) == (
        30,
        Decimal("108.08"),
        Decimal("13.15"),
        Decimal("3.15"),
    )
    assert c.fixed_compensation == Decimal(40)
    assert c.currency == "EUR"
    assert "L441-10" in c.legal_basis
    assert c.total == Decimal("148.08")


def test_france_across_a_new_half_year_with_a_partial_payment() -> None:
    # June at 13.15 % on 10 000 (30 days), 1-15 July at 12.15 % on 10 000 (15 days),
    # 16 July - 31 August at 12.15 % on 6 000 (47 days): 108.08 + 49.93 + 93.87.
    c = late_charges("F", book(payments=(("2025-07-15", "4000.00"),)), date(2025, 8, 31))
    assert [(p.start, p.days, p.base, p.rate) for p in c.periods] == [
        (date(2025, 6, 1), 30, Decimal("10000.00"), Decimal("13.15")),
        (date(2025, 7, 1), 15, Decimal("10000.00"), Decimal("12.15")),
        (date(2025, 7, 16), 47, Decimal("6000.00"), Decimal("12.15")),
    ]
    assert c.interest == Decimal("251.88")
    assert c.days == 92


def test_nothing_before_the_due_date() -> None:
    c = late_charges("F", book(), date(2025, 5, 31))
    assert (c.days, c.interest, c.fixed_compensation) == (0, Decimal(0), Decimal(0))


def test_eu_default_for_a_country_without_its_own_rules() -> None:
    c = late_charges("F", book(country="ES"), date(2025, 7, 31))
    assert c.jurisdiction == "EU"
    assert c.rate == Decimal("10.15")
    assert "2011/7/EU" in c.legal_basis


def test_germany_business_and_consumer() -> None:
    business = late_charges("F", book(country="DE"), date(2025, 7, 31))
    assert business.rate == Decimal("10.27")
    assert business.fixed_compensation == Decimal(40)
    consumer = late_charges("F", book(country="DE", kind="individual"), date(2025, 7, 31))
    assert consumer.rate == Decimal("6.27")
    assert consumer.fixed_compensation == Decimal(0)


@pytest.mark.parametrize(
    ("amount", "fixed"),
    [
        ("999.99", Decimal(40)),
        ("1000.00", Decimal(70)),
        ("9999.99", Decimal(70)),
        ("10000.00", Decimal(100)),
    ],
)
def test_united_kingdom_fixed_sums(amount: str, fixed: Decimal) -> None:
    c = late_charges("F", book(amount=amount, currency="GBP", country="GB"), date(2025, 7, 31))
    assert c.fixed_compensation == fixed
    # Reference rate: fixed for the debt (No. 3 Order 2002): due 31 May 2025, so Bank
    # Rate on 31 December 2024 (4.75 %), in July too (the half-year's own rate, 4.25 % on
    # 30 June 2025, was the defect).
    assert (c.reference_rate, c.rate) == (Decimal("4.75"), Decimal("12.75"))


def test_uk_is_read_as_gb_and_unknown_jurisdictions_are_refused() -> None:
    assert late_charges("F", book(currency="GBP"), date(2025, 7, 31), "UK").jurisdiction == "GB"
    with pytest.raises(PluginError, match="no late-payment rules for jurisdiction 'XX'"):
        late_charges("F", book(), date(2025, 7, 31), "XX")


def test_a_host_table_replaces_the_shipped_one() -> None:
    # 8 % over a 0.5 % base rate on £1,000 for 30 days: 1000 x 8.5 % x 30 / 365 = 6.986...
    table = RateTable.model_validate(
        {
            "name": "test",
            "source": "test",
            "as_of": "2025-12-31",
            "rates": [{"from": "2020-01-01", "rate": "0.5"}],
        }
    )
    c = late_charges(
        "F",
        book(amount="1000.00", currency="GBP", country="GB"),
        date(2025, 6, 30),
        rate_table=table,
    )
    assert c.interest == Decimal("6.99")


def test_interest_is_rounded_half_up_to_the_cent() -> None:
    # 18.25 x 10 % x 1 / 365 = 0.005 exactly: half-up gives 0.01 (half-even would give 0.00).
    table = RateTable.model_validate(
        {
            "name": "zero",
            "source": "test",
            "as_of": "2025-12-31",
            "rates": [{"from": "2020-01-01", "rate": "0"}],
        }
    )
    c = late_charges("F", book(amount="18.25"), date(2025, 6, 1), rate_table=table)
    assert c.interest == Decimal("0.01")


def test_consumers_are_flagged() -> None:
    c = late_charges("F", book(kind="individual"), date(2025, 7, 31))
    assert c.interest == Decimal(0)
    assert any("consumer" in note for note in c.notes)
    assert c.days == 61


def test_a_period_after_the_table_raises_rate_table_outdated() -> None:
    # The shipped ECB table is as of 2026-02-05: it covers the first half of 2026
    # (rate in force on 1 January) but not the second (rate in force on 1 July).
    with pytest.raises(RateTableOutdated, match="2026-07-01 to 2026-11-23") as caught:
        late_charges("F", book(), date(2026, 11, 23))
    assert isinstance(caught.value, DunningkitError)
    assert "rates import" in str(caught.value)
    assert "allow_stale=True" in str(caught.value)
    assert caught.value.missing_from == date(2026, 7, 1)
    assert late_charges("F", book(), date(2026, 6, 30)).warnings == ()


def test_allow_stale_computes_with_the_last_rate_and_warns() -> None:
    c = late_charges("F", book(), date(2026, 11, 23), allow_stale=True)
    assert c.interest > 0
    assert c.reference_rate == Decimal("2.15")
    assert len(c.warnings) == 1
    assert "as of 2026-02-05" in c.warnings[0]
    assert "2026-07-01" in c.warnings[0]


def test_a_newer_host_table_silences_the_warning() -> None:
    shipped = builtin_rate_table("ecb_main_refinancing")
    newer = shipped.model_copy(update={"as_of": date(2026, 11, 1)})
    c = late_charges("F", book(), date(2026, 11, 23), rate_table=newer)
    assert c.warnings == ()


def installment_book(first_paid: str | None = "2025-01-30") -> Portfolio:
    return Portfolio.model_validate(
        {
            "customers": [{"id": "C", "name": "Client", "country": "FR"}],
            "invoices": [
                {
                    "id": "F",
                    "customer_id": "C",
                    "issue_date": "2025-01-01",
                    "due_date": "2025-01-31",
                    "amount": "10000.00",
                    "currency": "EUR",
                    "installments": [
                        {"due_date": "2025-01-31", "amount": "5000.00"},
                        {"due_date": "2025-03-31", "amount": "5000.00"},
                    ],
                }
            ],
            "payments": [
                {
                    "id": "P1",
                    "invoice_id": "F",
                    "date": first_paid,
                    "amount": "5000.00",
                    "currency": "EUR",
                }
            ]
            if first_paid
            else [],
        }
    )


def test_an_instalment_is_late_from_its_own_due_date_on_its_own_amount() -> None:
    # The first instalment was paid on time; the second, due 31 March, is 4 days late
    # on 4 April: 5 000 x 13.15 % x 4 / 365 = 7.2054..., not 63 days from the invoice's
    # due date (the defect this test was written for).
    c = late_charges("F", installment_book(), date(2025, 4, 4))
    assert c.days == 4
    assert [(p.start, p.days, p.base, p.due_date) for p in c.periods] == [
        (date(2025, 4, 1), 4, Decimal("5000.00"), date(2025, 3, 31))
    ]
    assert c.interest == Decimal("7.21")


def test_each_unpaid_instalment_bears_interest_from_its_own_due_date() -> None:
    # Nothing paid: 5 000 from 1 February (63 days to 4 April) and 5 000 from 1 April
    # (4 days): 5000 x 13.15 % x (63 + 4) / 365 = 120.69.
    c = late_charges("F", installment_book(first_paid=None), date(2025, 4, 4))
    assert c.days == 63
    assert sorted((p.due_date, p.days) for p in c.periods) == [
        (date(2025, 1, 31), 63),
        (date(2025, 3, 31), 4),
    ]
    assert c.interest == Decimal("120.69")


def test_switzerland_five_percent_without_fixed_compensation() -> None:
    # 10 000 CHF, 30 days late in June 2025: 10 000 x 5 % x 30 / 365 = 41.0958...
    c = late_charges("F", book(currency="CHF", country="CH"), date(2025, 6, 30))
    assert (c.jurisdiction, c.rate, c.interest) == ("CH", Decimal(5), Decimal("41.10"))
    assert c.fixed_compensation == Decimal(0)
    assert "OR" in c.legal_basis
    # A rate fixed by law never goes stale.
    later = late_charges("F", book(currency="CHF", country="CH"), date(2026, 11, 23))
    assert later.warnings == ()
    swiss_consumer = book(currency="CHF", country="CH", kind="individual")
    consumer = late_charges("F", swiss_consumer, date(2025, 6, 30))
    assert consumer.interest == Decimal("41.10")


def test_a_country_without_rules_gets_no_other_countrys() -> None:
    c = late_charges("F", book(currency="USD", country="US"), date(2025, 7, 31))
    assert not c.statutory
    assert (c.interest, c.fixed_compensation, c.legal_basis) == (Decimal(0), Decimal(0), "")
    assert c.jurisdiction == "US"
    assert "no statutory late-payment charges known for country US" in c.notes[0]
    # Naming a jurisdiction still applies it.
    assert late_charges("F", book(country="US"), date(2025, 7, 31), "FR").jurisdiction == "FR"


def test_jurisdictions_import_without_a_circle() -> None:
    # Each module imports cleanly first in a fresh interpreter (no import inside a
    # function dodges a circle between _charges and jurisdictions).
    for module in (
        "dunningkit.jurisdictions",
        "dunningkit.legal._charges",
        "dunningkit.legal._rates",
    ):
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)  # noqa: S603
    for path in (SRC / "legal" / "_charges.py", *(SRC / "legal" / "jurisdictions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert not inner, f"{path.name}: import inside {node.name}()"


@given(
    paid_late_by=st.integers(min_value=-30, max_value=200),
    on_offset=st.integers(min_value=0, max_value=300),
)
def test_interest_grows_with_time_and_stops_with_payment(paid_late_by: int, on_offset: int) -> None:
    due = date(2025, 5, 31)
    paid = due + timedelta(days=paid_late_by)
    portfolio = book(payments=((paid.isoformat(), "10000.00"),))
    on = due + timedelta(days=on_offset)
    earlier = late_charges("F", portfolio, on, "CH")
    later = late_charges("F", portfolio, on + timedelta(days=30), "CH")
    assert later.interest >= earlier.interest
    if paid_late_by <= 0:
        assert later.interest == 0
        assert later.fixed_compensation == 0
    if on >= paid:
        assert later.interest == earlier.interest


def test_shipped_tables_name_their_source_and_date() -> None:
    for name in ("ecb_main_refinancing", "bundesbank_base_rate", "boe_bank_rate"):
        table = builtin_rate_table(name)
        assert table.source.startswith(("European Central Bank", "Deutsche", "Bank of England"))
        assert table.as_of >= date(2025, 12, 24)
        starts = [entry.from_ for entry in table.rates]
        assert starts == sorted(starts)
