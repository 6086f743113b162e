"""Money as text: the one formatter every output uses.

Two forms, and only two:

- :func:`money_text` for people (tables, summaries, pages): babel's currency format
  for a locale, ``1 234,56 €`` in ``fr_FR``, ``£1,234.56`` in ``en_GB``. Which locale
  is the caller's rule (the command line's: ``--locale``, else the policy's, else the
  customer's).
- :func:`money_cell` for machines (CSV, JSON): a plain decimal string, ``1234.56``,
  with a point and no grouping, the currency in its own column.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

__all__ = ["money_cell", "money_text"]


def money_text(amount: Decimal, currency: str, locale: str) -> str:
    """An amount for a person: babel's format of ``currency`` in ``locale``."""
    return str(format_currency(amount, currency, locale=locale))


def money_cell(amount: Decimal) -> str:
    """An amount for a machine: a plain decimal string (``1234.5``, never ``1.2345E+3``)."""
    return format(amount, "f")
