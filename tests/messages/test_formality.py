"""The form of address: formal by default, informal where a policy asks for it."""

from __future__ import annotations

import re

import pytest

from dunningkit import Channel, Template, load_policy, render, thank_you
from dunningkit.policy._catalogs import (
    INFORMAL,
    REFERENCE,
    catalog,
    catalog_problems,
    checked_catalogs,
    placeholders,
    read_catalog,
)
from tests.builders import d
from tests.messages.test_render import POLICY, action_for, french_book

# Words that say "you" formally, by language: a message using one reads differently in
# the informal register, so the catalog must carry that form too.
FORMAL_WORDS = {
    "de": r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b",
    "fr": r"\b(vous|votre|vos|Vous|Votre|Vos)\b|\b\w+ez-(nous|moi|le|les)\b",
    "nl": r"\b(u|uw|U|Uw)\b",
    "it": r"(?i)\b(voi|vi|vostr[oaie]|potete|potreste|pagate entro|chiamateci|richiamateci|"
    r"contattateci|segnalatecelo|rispondeteci|rispondete|indicateci|proporvi|contattarvi)\b",
    "es": r"(?i)\b(usted|puede pagar|podría|pague antes|abone|llámenos|díganoslo|indíquenos|"
    r"responda|prevea|póngase|ofrecerle|proponerle|llamarle|le rogamos|le pedimos|le proponemos|"
    r"le recordamos|le enviaremos|su factura|sus facturas|recibido sus? pagos?|si su pago|"
    r"su planificación|su situación|gracias por sus? pagos?)\b",
}
# Legal acts keep the formal register whatever the policy says.
ALWAYS_FORMAL = ("template|formal_notice|", "template|handover|")
# A call script speaks to the person calling, a colleague, not to the customer.
TO_THE_CALLER = "|script"

INFORMAL_POLICY = POLICY.model_copy(update={"formality": "informal"})


def test_formal_is_the_default() -> None:
    assert POLICY.formality == "formal"
    book = french_book(locale="de_DE", country="DE")
    message = render(action_for(book), book.build(), POLICY)
    assert "Guten Tag Marie Dupont," in message.body
    assert "Ihrer Aufmerksamkeit" in message.body


def test_an_informal_policy_says_du() -> None:
    book = french_book(locale="de_DE", country="DE")
    message = render(action_for(book), book.build(), INFORMAL_POLICY)
    assert message.body.startswith("Hallo Marie Dupont,")
    assert "Bitte überweise den Betrag" in message.body
    assert not re.search(FORMAL_WORDS["de"], message.body)


def test_a_language_without_a_familiar_form_reads_the_same() -> None:
    book = french_book(locale="en_GB", country="GB")
    action = action_for(book)
    formal = render(action, book.build(), POLICY)
    assert render(action, book.build(), INFORMAL_POLICY).body == formal.body


def test_a_formal_notice_stays_formal() -> None:
    book = french_book(locale="de_DE", country="DE")
    for n, step in enumerate(["reminder_1", "reminder_2", "call"]):
        book.event("C1", ["FA-2026-001"], step, d(-40 + 10 * n))
    book.invoices[0].update(due_date=d(-50), issue_date=d(-80))
    action = action_for(book)
    assert action.template == "formal_notice"
    body = render(action, book.build(), INFORMAL_POLICY).body
    assert "Hiermit fordern wir Sie förmlich auf" in body


def test_a_thank_you_says_du_too() -> None:
    book = french_book(locale="de_DE", country="DE")
    book.pay("FA-2026-001", d(-1), "1234.56")
    message = thank_you("C1", ["FA-2026-001"], book.build(), d(0), INFORMAL_POLICY)
    assert "deine Zahlung" in message.body
    assert message.subject == "Vielen Dank für deine Zahlung"
    assert thank_you("C1", ["FA-2026-001"], book.build(), d(0), POLICY).channel is Channel.EMAIL


def test_the_policy_file_sets_the_formality(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "policy.toml"  # type: ignore[operator]
    path.write_text('formality = "informal"\n')
    assert load_policy(path).formality == "informal"
    path.write_text('formality = "casual"\n')
    with pytest.raises(Exception, match="formality"):
        load_policy(path)


def _addresses(language: str) -> list[tuple[str, str]]:
    """The messages of a language that say "you" formally (legal acts aside)."""
    found = catalog(language)
    words = FORMAL_WORDS[language]
    return sorted(
        key
        for key, forms in found.messages.items()
        if not key[0].startswith((INFORMAL, *ALWAYS_FORMAL))
        and not key[0].endswith(TO_THE_CALLER)
        and any(re.search(words, form) for form in forms)
    )


@pytest.mark.parametrize("language", sorted(FORMAL_WORDS))
def test_every_message_that_says_you_has_both_registers(language: str) -> None:
    found = catalog(language)
    missing = [
        key for key in _addresses(language) if (INFORMAL + key[0], key[1]) not in found.messages
    ]
    assert missing == []
    for (context, key), forms in found.messages.items():
        if not context.startswith(INFORMAL):
            continue
        formal = found.messages[(context.removeprefix(INFORMAL), key)]
        assert len(forms) == len(formal), (context, key)
        for informal_form, formal_form in zip(forms, formal, strict=True):
            assert placeholders(informal_form) == placeholders(formal_form), (context, key)
            assert not re.search(FORMAL_WORDS[language], informal_form), (context, key)


def test_the_catalogs_with_an_informal_register_are_those_the_suite_checks() -> None:
    carrying = {
        language
        for language in checked_catalogs()
        if any(c.startswith(INFORMAL) for c, _ in catalog(language).messages)
    }
    assert carrying == set(FORMAL_WORDS)
    assert REFERENCE not in carrying  # English has one form of address


def test_an_informal_message_with_another_placeholder_is_refused() -> None:
    bad = b"""msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "informal|phrase"
msgid "greeting_person"
msgstr "Hallo {nom},"
"""
    problems = catalog_problems(catalog(REFERENCE), read_catalog(bad, "de", "bad.po"))
    assert "de: informal|phrase/greeting_person [0] uses unknown {nom}" in problems
    assert "de: informal|phrase/greeting_person lacks {name}" in problems


def test_a_letter_stays_formal() -> None:
    book = french_book(locale="de_DE", country="DE")
    action = action_for(book).model_copy(update={"channel": Channel.LETTER})
    body = render(action, book.build(), INFORMAL_POLICY).body
    assert "Sehr geehrte Damen und Herren," in body
    assert "Ihrer Aufmerksamkeit" in body


@pytest.mark.parametrize(
    ("locale", "country", "informal", "formal"),
    [
        ("fr_FR", "FR", "pourrais-tu procéder", "pourriez-vous procéder"),
        ("nl_NL", "NL", "wil je het bedrag", "wilt u het bedrag"),
        ("it_IT", "IT", "potresti provvedere", "potreste provvedere"),
        ("es_ES", "ES", "¿podrías realizar el pago", "¿podría realizar el pago"),
    ],
)
def test_tu_and_je(locale: str, country: str, informal: str, formal: str) -> None:
    book = french_book(locale=locale, country=country)
    action = action_for(book)
    assert informal in render(action, book.build(), INFORMAL_POLICY).body
    assert formal in render(action, book.build(), POLICY).body


def test_a_companys_own_template_is_not_traded_for_the_shipped_informal_one() -> None:
    own = Template(id="reminder_courteous", locale="de", body="{greeting}\nUnsere Worte.")
    policy = INFORMAL_POLICY.model_copy(update={"templates": (own,)})
    policy = policy.model_validate(policy.model_dump())
    book = french_book(locale="de_DE", country="DE")
    body = render(action_for(book), book.build(), policy).body
    assert "Unsere Worte." in body
    assert body.startswith("Hallo Marie Dupont,")
