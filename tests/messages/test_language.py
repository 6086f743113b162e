"""A customer in a language dunningkit does not write reads the policy's default language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import Grouping, next_actions, render
from dunningkit.policy._catalogs import language_of, shipped_languages, writing_locale
from tests.builders import TODAY, d
from tests.messages.test_render import POLICY, action_for, french_book

FRENCH_POLICY = POLICY.model_copy(update={"locale": "fr_FR"})


def test_an_unsupported_language_reads_english_words_dates_and_amounts() -> None:
    book = french_book(locale="pl_PL", country="PL")
    message = render(action_for(book), book.build(), POLICY)
    assert message.locale == "en"
    assert "Dear Marie Dupont" in message.body
    # Before: English words around Polish dates and amounts ("1234,56 €", "marca").
    assert "€1,234.56" in message.body
    assert "marca" not in message.body


def test_an_unsupported_language_reads_the_policys_language() -> None:
    book = french_book(locale="pl_PL", country="PL")
    message = render(action_for(book), book.build(), FRENCH_POLICY)
    assert message.locale == "fr_FR"
    assert "Bonjour Marie Dupont" in message.body
    assert "1 234,56" in message.body.replace("\u202f", " ").replace("\xa0", " ")


def test_a_supported_language_ignores_the_policys_language() -> None:
    book = french_book(locale="de_AT", country="AT")
    message = render(action_for(book), book.build(), FRENCH_POLICY)
    assert message.locale == "de_AT"
    assert "Guten Tag" in message.body


def test_the_plan_says_which_language_the_customer_reads() -> None:
    book = french_book(locale="pl_PL", country="PL")
    plan = next_actions(book.build(), TODAY, FRENCH_POLICY)
    alerts = [a for a in plan.alerts if a.code == "language"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.customer_id, alert.invoice_id) == ("C1", None)
    assert "Polish (pl_PL)" in alert.message
    assert "French (fr_FR, the policy's locale)" in alert.message


def test_one_language_alert_per_customer_and_none_for_a_supported_language() -> None:
    book = french_book(locale="pl_PL", country="PL")
    book.invoice("FA-2026-002", due=d(-30), amount="80", issued=d(-60))
    plan = next_actions(
        book.build(), TODAY, POLICY.model_copy(update={"grouping": Grouping.PER_INVOICE})
    )
    assert len(plan.actions) == 2
    assert [a.code for a in plan.alerts] == ["language"]
    assert "English (en, English by default)" in plan.alerts[0].message
    supported = french_book(locale="es_ES", country="ES")
    assert next_actions(supported.build(), TODAY, POLICY).alerts == ()


@given(st.sampled_from(["pl_PL", "ja_JP", "sv_SE", "fr_BE", "de_CH", "nl_BE", "pt_BR", "en_IE"]))
def test_the_writing_locale_is_always_a_shipped_language(locale: str) -> None:
    used = writing_locale(locale, "it_IT")
    assert language_of(used) in shipped_languages()
    assert used == (locale if language_of(locale) in shipped_languages() else "it_IT")
