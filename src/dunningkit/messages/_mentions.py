"""The legal mentions of a reminder: the late-payment rules' own words, with the rate
and the fixed compensation filled in, in the customer's locale."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_percent

from dunningkit._support._money import money_text
from dunningkit.legal.jurisdictions import resolve

__all__ = ["legal_mentions", "percent"]


def percent(rate: Decimal, locale: str) -> str:
    """A yearly rate in percent (``12.15`` -> ``12,15 %`` in fr_FR)."""
    return str(format_percent(rate / 100, "#,##0.00 %", locale=locale))


def legal_mentions(jurisdiction: str, lang: str, rate: Decimal, locale: str) -> str:
    """The mentions a jurisdiction requires, in ``lang`` (else English)."""
    rules = resolve(jurisdiction)
    text = rules.mentions.get(lang) or rules.mentions.get("en", "")
    rate_text = percent(rate, locale)
    fixed_text = money_text(rules.fixed_amount, rules.fixed_currency, locale)
    return text.replace("[rate]", rate_text).replace("[fixed]", fixed_text)
