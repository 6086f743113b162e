"""The one money formatter (``_support/_money.py``): text for people, cells for machines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dunningkit._support._money import money_cell, money_text


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr_FR", "6\u202f995,00\xa0€"), ("en_GB", "€6,995.00"), ("de_DE", "6.995,00\xa0€")],
)
def test_text_follows_the_locale(locale: str, expected: str) -> None:
    assert money_text(Decimal(6995), "EUR", locale) == expected


def test_each_locale_has_its_own_symbol_for_a_foreign_currency() -> None:
    assert money_text(Decimal(4704), "GBP", "en_GB") == "£4,704.00"
    assert "£GB" in money_text(Decimal(4704), "GBP", "fr_FR")


@pytest.mark.parametrize(
    ("amount", "cell"),
    [
        (Decimal("384783.90"), "384783.90"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-12.5"), "-12.5"),
        (Decimal("0.00"), "0.00"),
    ],
)
def test_cells_are_plain_decimals(amount: Decimal, cell: str) -> None:
    assert money_cell(amount) == cell
    assert Decimal(cell) == amount
