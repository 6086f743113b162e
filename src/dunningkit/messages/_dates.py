"""Dates as people write them in letters, in their language."""

from __future__ import annotations

import re
from datetime import date

from babel import Locale
from babel.dates import format_date

__all__ = ["long_date"]

# French writes the first day of a month as an ordinal ("1er décembre"); CLDR's
# pattern gives the bare number, so the ordinal is added here.
_FIRST_DAY = re.compile(r"^1(?=\s)")


def long_date(value: date, locale: str) -> str:
    """``1er décembre 2026`` in French, ``1 December 2026`` in British English."""
    text = str(format_date(value, format="long", locale=locale))
    if value.day == 1 and Locale.parse(locale).language == "fr":
        text = _FIRST_DAY.sub("1er", text, count=1)
    return text
