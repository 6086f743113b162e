"""The law's words in a reminder, in the customer's language and locale.

The mentions a jurisdiction requires on a reminder (the rate and the fixed
compensation filled in; a contract's rate named as such), the sentence that names the
late charges owed to date (interest and fixed compensation apart, each by its legal
name), and the mentions a formal notice carries. The jurisdiction files hold the
words; a language a jurisdiction does not write falls back to the generic words of
every jurisdiction in that language, then to the jurisdiction's English.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_percent

from dunningkit._support._money import money_text
from dunningkit.legal.jurisdictions import resolve
from dunningkit.legal.jurisdictions._base import Jurisdiction

__all__ = ["charges_sentence", "legal_mentions", "notice_mentions", "percent"]


def percent(rate: Decimal, locale: str) -> str:
    """A yearly rate in percent (``12.15`` -> ``12,15 %`` in fr_FR)."""
    return str(format_percent(rate / 100, "#,##0.00 %", locale=locale))


def _words(own: dict[str, str], generic: dict[str, str], lang: str) -> str:
    return own.get(lang) or generic.get(lang) or own.get("en") or generic.get("en", "")


def legal_mentions(
    jurisdiction: str, lang: str, rate: Decimal, locale: str, *, contract: bool = False
) -> str:
    """The mentions a jurisdiction requires, in ``lang``.

    ``jurisdiction`` is a code or a :attr:`~dunningkit.jurisdictions.Jurisdiction.rules_id`
    (``FR/public_body``: a French public buyer's rules). ``contract``: the rate is a
    contract's (``LateCharges.interest_basis`` ``contract`` or ``floor``): the mention
    names it as such, then the statutory fixed compensation if any.
    """
    rules = resolve(jurisdiction)
    text = _words(rules.mentions, Jurisdiction.mentions, lang)
    if contract:
        text = _words(rules.contract_mentions, Jurisdiction.contract_mentions, lang)
        if rules.fixed_amount:
            text += " " + _words(rules.fixed_words, Jurisdiction.fixed_words, lang)
    rate_text = percent(rate, locale)
    fixed_text = money_text(rules.fixed_amount, rules.fixed_currency, locale)
    return text.replace("[rate]", rate_text).replace("[fixed]", fixed_text)


def charges_sentence(jurisdiction: str, lang: str, interest: str, fixed: str) -> str:
    """The late charges owed to date, interest and fixed compensation each by its name.

    ``fixed`` empty: the jurisdiction grants none (Switzerland), only interest is named.
    """
    rules = resolve(jurisdiction)
    if fixed:
        text = _words(rules.charge_words, Jurisdiction.charge_words, lang)
    else:
        text = _words(rules.interest_words, Jurisdiction.interest_words, lang)
    return text.replace("[interest]", interest).replace("[fixed]", fixed)


def notice_mentions(jurisdiction: str, lang: str) -> str:
    """What a formal notice must say under the jurisdiction's law, in ``lang``."""
    rules = resolve(jurisdiction)
    return _words(rules.notice_words, Jurisdiction.notice_words, lang)
