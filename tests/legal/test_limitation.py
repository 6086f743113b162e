"""Limitation periods: the issue's worked examples, one test per rule, and properties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    JurisdictionError,
    Limitation,
    PluginError,
    Policy,
    Portfolio,
    claim_expires_on,
    claim_expiry,
    limitation,
)
from dunningkit.legal._limitation import expiry_detail


def book(
    due: str,
    country: str = "FR",
    kind: str = "company",
    payments: tuple[tuple[str, str], ...] = (),
    promises: tuple[tuple[str, str], ...] = (),
    installments: list[dict[str, Any]] | None = None,
) -> Portfolio:
    invoice: dict[str, Any] = {
        "id": "F",
        "customer_id": "C",
        "issue_date": "2010-01-01",
        "due_date": due,
        "amount": "1000.00",
        "currency": "EUR",
    }
    if installments:
        invoice["installments"] = installments
    return Portfolio.model_validate(
        {
            "customers": [{"id": "C", "name": "Client", "country": country, "kind": kind}],
            "invoices": [invoice],
            "payments": [
                {"id": f"P{n}", "invoice_id": "F", "date": day, "amount": paid, "currency": "EUR"}
                for n, (day, paid) in enumerate(payments, start=1)
            ],
            "promises": [
                {
                    "id": f"PR{n}",
                    "customer_id": "C",
                    "invoice_ids": ["F"],
                    "made_on": made,
                    "pay_by": pay_by,
                }
                for n, (made, pay_by) in enumerate(promises, start=1)
            ],
        }
    )


# -- the worked examples -------------------------------------------------


def test_fr_nothing_paid_expires_five_years_after_the_due_date() -> None:
    result = limitation(book("2021-03-15"), "F")
    assert isinstance(result, Limitation)
    assert (result.started_on, result.expires_on) == (date(2021, 3, 15), date(2026, 3, 15))
    assert result.period == "5 years"
    assert "L110-4" in result.basis
    assert result.restarted_by is None


def test_fr_part_payment_starts_a_new_period_of_the_same_length() -> None:
    result = limitation(book("2021-03-15", payments=(("2023-06-01", "100.00"),)), "F")
    assert result.expires_on == date(2028, 6, 1)
    assert (result.restarted_by, result.restarted_by_kind) == ("P1", "payment")
    assert "2240" in result.basis


def test_de_three_years_from_the_end_of_the_year_it_fell_due() -> None:
    result = limitation(book("2022-05-10", country="DE"), "F")
    assert (result.started_on, result.expires_on) == (date(2022, 12, 31), date(2025, 12, 31))
    assert result.period == "3 years"
    assert "195" in result.basis


def test_de_part_payment_starts_a_new_period_from_its_date() -> None:
    result = limitation(book("2022-05-10", country="DE", payments=(("2024-02-01", "50.00"),)), "F")
    assert result.expires_on == date(2027, 2, 1)
    assert result.restarted_by == "P1"
    assert "212" in result.basis


# -- one test per rule -----------------------------------------------------------


def test_fr_consumer_two_years() -> None:
    result = limitation(book("2021-03-15", kind="individual"), "F")
    assert result.expires_on == date(2023, 3, 15)
    assert "L218-2" in result.basis


def test_fr_promise_is_an_acknowledgement() -> None:
    result = limitation(book("2021-03-15", promises=(("2024-01-10", "2024-02-10"),)), "F")
    assert (result.expires_on, result.restarted_by_kind) == (date(2029, 1, 10), "promise")


def test_gb_six_years_from_the_day_after_the_due_date_payment_restarts() -> None:
    result = limitation(book("2020-03-15", country="GB"), "F")
    assert (result.started_on, result.expires_on) == (date(2020, 3, 16), date(2026, 3, 16))
    restarted = limitation(
        book("2020-03-15", country="GB", payments=(("2022-01-05", "1.00"),)), "F"
    )
    assert restarted.expires_on == date(2028, 1, 5)


def test_gb_an_unwritten_promise_does_not_restart() -> None:
    result = limitation(
        book("2020-03-15", country="GB", promises=(("2022-01-05", "2022-02-01"),)), "F"
    )
    assert result.expires_on == date(2026, 3, 16)
    assert any("written and signed" in note for note in result.notes)


def test_ch_ten_years_or_five_when_the_policy_says() -> None:
    assert limitation(book("2020-03-15", country="CH"), "F").expires_on == date(2030, 3, 15)
    short = Policy(ch_limitation_years=5)
    result = limitation(book("2020-03-15", country="CH"), "F", policy=short)
    assert (result.expires_on, result.period) == (date(2025, 3, 15), "5 years")
    assert "128" in result.basis


def test_the_planner_helper_reads_the_swiss_setting_as_limitation_does() -> None:
    portfolio = book("2020-03-15", country="CH")
    invoice, customer = portfolio.invoice("F"), portfolio.customer("C")
    on = date(2024, 1, 1)
    for years in (5, 10):
        expected = limitation(portfolio, "F", on=on, policy=Policy(ch_limitation_years=years))
        found = claim_expiry(invoice, customer, (), (), on, ch_limitation_years=years)
        assert found == expected.expires_on == date(2020 + years, 3, 15)
    # Only the Swiss rules read it.
    french = book("2020-03-15")
    assert claim_expires_on(french, french.invoice("F"), on, ch_limitation_years=5) == date(
        2025, 3, 15
    )


def test_on_ignores_later_records() -> None:
    portfolio = book("2021-03-15", payments=(("2023-06-01", "100.00"),))
    assert limitation(portfolio, "F", on=date(2023, 5, 31)).expires_on == date(2026, 3, 15)
    assert limitation(portfolio, "F", on=date(2023, 6, 1)).expires_on == date(2028, 6, 1)


def test_an_acknowledgement_after_expiry_does_not_revive_the_claim() -> None:
    result = limitation(book("2021-03-15", payments=(("2026-04-01", "10.00"),)), "F")
    assert result.expires_on == date(2026, 3, 15)
    assert any("does not start a new period" in note for note in result.notes)


def test_an_instalment_plan_expires_with_its_oldest_unpaid_instalment() -> None:
    plan = [
        {"due_date": "2021-01-31", "amount": "500.00"},
        {"due_date": "2021-06-30", "amount": "500.00"},
    ]
    portfolio = book("2021-06-30", installments=plan)
    assert limitation(portfolio, "F").expires_on == date(2026, 1, 31)


def test_the_jurisdiction_can_be_named_and_unknown_ones_are_errors() -> None:
    assert limitation(book("2021-03-15"), "F", jurisdiction="DE").expires_on == date(2024, 12, 31)
    with pytest.raises(JurisdictionError, match="no limitation rules known for the country 'US'"):
        limitation(book("2021-03-15", country="US"), "F")
    with pytest.raises(JurisdictionError, match="EU rules hold no limitation period"):
        limitation(book("2021-03-15", country="ES"), "F")
    with pytest.raises(PluginError, match="'XX'"):
        limitation(book("2021-03-15"), "F", jurisdiction="XX")


def test_expired_and_days_left() -> None:
    result = limitation(book("2021-03-15"), "F")
    assert result.days_left(date(2026, 3, 15)) == 0
    assert not result.expired(date(2026, 3, 15))
    assert result.expired(date(2026, 3, 16))


@pytest.mark.parametrize("country", ["FR", "DE", "GB", "CH"])
def test_the_planner_helpers_agree_with_promises_and_instalments(country: str) -> None:
    plan = [
        {"due_date": "2021-01-31", "amount": "500.00"},
        {"due_date": "2021-06-30", "amount": "500.00"},
    ]
    portfolio = book(
        "2021-06-30",
        country=country,
        installments=plan,
        payments=(("2021-02-10", "500.00"),),
        promises=(("2023-03-01", "2023-04-01"),),
    )
    invoice = portfolio.invoice("F")
    for on in (date(2021, 2, 9), date(2021, 2, 10), date(2023, 3, 1), date(2030, 1, 1)):
        expected = limitation(portfolio, "F", on=on).expires_on
        assert claim_expires_on(portfolio, invoice, on) == expected
        customer = portfolio.customer("C")
        assert (
            claim_expiry(
                invoice, customer, portfolio.payments_of("F"), portfolio.promises_of("C"), on
            )
            == expected
        )


def test_the_planner_helper_gives_none_without_rules() -> None:
    portfolio = book("2021-03-15", country="US")
    assert claim_expires_on(portfolio, portfolio.invoice("F"), date(2026, 1, 1)) is None


# -- properties --------------------------------------------------------------------

_COUNTRIES = st.sampled_from(["FR", "DE", "GB", "CH"])
_DAYS = st.integers(min_value=0, max_value=3000)


@given(
    country=_COUNTRIES,
    due_offset=_DAYS,
    paid_offsets=st.lists(_DAYS, max_size=3),
    on_offset=_DAYS,
)
def test_the_helper_agrees_and_acknowledgements_never_shorten(
    country: str, due_offset: int, paid_offsets: list[int], on_offset: int
) -> None:
    start = date(2015, 1, 1)
    due = start + timedelta(days=due_offset)
    payments = tuple(((due + timedelta(days=d)).isoformat(), "1.00") for d in sorted(paid_offsets))
    portfolio = book(due.isoformat(), country=country, payments=payments)
    bare = book(due.isoformat(), country=country)
    on = due + timedelta(days=on_offset)
    result = limitation(portfolio, "F", on=on)
    assert claim_expires_on(portfolio, portfolio.invoice("F"), on) == result.expires_on
    assert result.expires_on >= limitation(bare, "F", on=on).expires_on
    assert result.started_on <= result.expires_on
    assert result.started_on >= due


def test_expiry_detail_words() -> None:
    assert expiry_detail(date(2026, 3, 15), date(2026, 3, 1)) == (
        "claim time-barred after 2026-03-15 (14 days left to start proceedings)"
    )
    assert expiry_detail(date(2026, 3, 15), date(2026, 4, 1)) == (
        "claim time-barred since 2026-03-16 (last day 2026-03-15)"
    )
