"""A customer that gives no country: the creditor's, decided in one place, read everywhere.

Before, such a customer was silently French (``country="FR"``, ``locale="fr_FR"``)
whatever the creditor's country: French law, holidays and letters for a German firm's
German customers.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from dunningkit import (
    Creditor,
    Customer,
    Policy,
    Portfolio,
    SkipReason,
    default_policy,
    handover_dossier,
    late_charges,
    limitation,
    next_actions,
    render,
)
from dunningkit.model import customer_country, customer_locale
from dunningkit.model._customer import HOME_COUNTRY, usual_locale
from tests.builders import CREDITOR, Book

ON = date(2026, 3, 16)


def _unplaced(**extra: str) -> Customer:
    return Customer.model_validate({"id": "C1", "name": "Acme", **extra})


def _german_policy() -> Policy:
    return default_policy().model_copy(
        update={"creditor": CREDITOR.model_copy(update={"country": "DE"})}
    )


def test_a_customer_without_a_country_gives_none() -> None:
    customer = _unplaced()
    assert (customer.country, customer.locale) == (None, None)
    # Written out and read back, it still gives none (not the default as if given).
    again = Customer.model_validate(customer.model_dump())
    assert (again.country, again.locale) == (None, None)


def test_its_country_and_locale_are_the_creditors() -> None:
    assert customer_country(_unplaced(), "DE") == "DE"
    assert customer_locale(_unplaced(), "DE") == "de_DE"


def test_without_a_creditor_country_it_is_the_home_country_as_before() -> None:
    assert HOME_COUNTRY == "FR"
    assert customer_country(_unplaced()) == "FR"
    assert customer_locale(_unplaced()) == "fr_FR"


def test_a_country_or_locale_the_customer_gives_wins() -> None:
    assert customer_country(_unplaced(country="GB"), "DE") == "GB"
    assert customer_locale(_unplaced(country="GB"), "DE") == "en_GB"
    assert customer_locale(_unplaced(country="GB", locale="fr_FR"), "DE") == "fr_FR"
    assert customer_locale(_unplaced(locale="it_IT"), "DE") == "it_IT"


@pytest.mark.parametrize(
    ("country", "locale"),
    [("FR", "fr_FR"), ("DE", "de_DE"), ("CH", "de_CH"), ("GB", "en_GB"), ("AQ", "en")],
)
def test_the_usual_locale_of_a_country(country: str, locale: str) -> None:
    assert usual_locale(country) == locale


def test_the_creditor_names_its_country() -> None:
    assert Creditor().country is None
    assert Creditor(country="DE").country == "DE"
    with pytest.raises(ValidationError, match="ISO 3166-1"):
        Creditor(country="Germany")


def _book(due: date = date(2026, 1, 15)) -> Portfolio:
    return Book().customer("C1").invoice("F1", due=due).build()


def test_late_charges_follow_the_creditors_country() -> None:
    portfolio = _book()
    assert late_charges("F1", portfolio, ON, allow_stale=True).jurisdiction == "FR"
    german = late_charges("F1", portfolio, ON, allow_stale=True, creditor_country="DE")
    assert german.jurisdiction == "DE"


def test_limitation_follows_the_policys_creditor() -> None:
    portfolio = _book()
    assert limitation(portfolio, "F1", on=ON).jurisdiction == "FR"
    assert limitation(portfolio, "F1", on=ON, policy=_german_policy()).jurisdiction == "DE"


def test_the_planner_bars_claims_by_the_creditors_country() -> None:
    # Due June 2021: time-barred in Germany at the end of 2024 (3 years from the end
    # of the year), still alive in France until June 2026 (5 years).
    portfolio = _book(due=date(2021, 6, 1))
    day = date(2025, 6, 2)
    french = next_actions(portfolio, day, default_policy())
    german = next_actions(portfolio, day, _german_policy())
    assert SkipReason.TIME_BARRED not in {s.reason for s in french.skipped}
    assert [s.reason for s in german.skipped] == [SkipReason.TIME_BARRED]


def test_messages_speak_the_creditors_language() -> None:
    portfolio = _book()
    policy = _german_policy()
    action = next_actions(portfolio, ON, policy).actions[0]
    assert render(action, portfolio, policy).locale == "de_DE"
    assert (
        render(action, portfolio, default_policy().model_copy(update={"creditor": CREDITOR})).locale
        == "fr_FR"
    )


def test_the_dossier_places_the_debtor_in_the_creditors_country() -> None:
    portfolio = _book()
    assert handover_dossier(portfolio, "C1", ON, policy=_german_policy()).debtor.country == "DE"
