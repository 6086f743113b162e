"""A step's fees in the message: a line after the invoice lines, in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency

from dunningkit import render
from tests.builders import d
from tests.messages.test_render import POLICY, action_for, french_book

LINES = {
    "fr_FR": "Frais : {amount}",
    "en_GB": "Fees: {amount}",
    "de_DE": "Mahngebühren: {amount}",
    "es_ES": "Gastos de reclamación: {amount}",
    "it_IT": "Spese di sollecito: {amount}",
    "nl_NL": "Aanmaningskosten: {amount}",
}


@pytest.mark.parametrize("locale", sorted(LINES))
def test_the_fees_line_closes_the_invoice_lines(locale: str) -> None:
    book = french_book(locale=locale)
    action = action_for(book).model_copy(update={"fees": Decimal("15.00")})
    body = render(action, book.build(), POLICY, today=d(0)).body
    line = LINES[locale].format(amount=format_currency(Decimal(15), "EUR", locale=locale))
    assert line in body.splitlines()
    invoice = next(n for n, text in enumerate(body.splitlines()) if "FA-2026-001" in text)
    assert body.splitlines()[invoice + 1] == line


def test_no_fees_no_line() -> None:
    book = french_book()
    body = render(action_for(book), book.build(), POLICY).body
    assert "Frais" not in body
