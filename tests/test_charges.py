"""Late-payment charges, checked on worked examples computed from the statutes' formulas.

Rates are those published for each half-year (see the rate tables' sources):
ECB main refinancing rate in force on 1 January 2025: 3.15 %; on 1 July 2025: 2.15 %
(Banque de France, "taux de référence BCE"). Bundesbank Basiszinssatz from 1 July
2025: 1.27 %. Bank of England Bank Rate on 30 June 2025: 4.25 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunningkit import (
    PluginError,
    Portfolio,
    RateTable,
    builtin_rate_table,
    late_charges,
)


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
    # Reference rate: Bank Rate on 30 June 2025 for July-December.
    assert (c.reference_rate, c.rate) == (Decimal("4.25"), Decimal("12.25"))


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


def test_consumers_and_stale_tables_are_flagged() -> None:
    c = late_charges("F", book(kind="individual"), date(2025, 7, 31))
    assert c.interest == Decimal(0)
    assert any("consumer" in note for note in c.notes)
    later = late_charges("F", book(), date(2026, 11, 23))
    assert any("pass a newer one" in note for note in later.notes)


def test_shipped_tables_name_their_source_and_date() -> None:
    for name in ("ecb_main_refinancing", "bundesbank_base_rate", "boe_bank_rate"):
        table = builtin_rate_table(name)
        assert table.source.startswith(("European Central Bank", "Deutsche", "Bank of England"))
        assert table.as_of >= date(2025, 10, 1)
        starts = [entry.from_ for entry in table.rates]
        assert starts == sorted(starts)
