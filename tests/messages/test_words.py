"""What a customer reads: agreement with the number of invoices, greetings that fit,
the law's words, a fallback that keeps its step's intent, labels for people."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import (
    Channel,
    Grouping,
    PolicyError,
    TemplateError,
    Tone,
    default_policy,
    default_templates,
    next_actions,
    render,
    thank_you,
)
from dunningkit.messages._labels import label
from dunningkit.messages._phrases import is_department
from tests.builders import CREDITOR, TODAY, Book, d
from tests.messages.test_render import action_for, french_book

POLICY = default_policy().model_copy(
    update={"creditor": CREDITOR, "grouping": Grouping.PER_CUSTOMER}
)
LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES", "it": "it_IT", "nl": "nl_NL"}


def book_with(invoices: int, locale: str = "fr_FR", **contact: object) -> Book:
    person = {"name": "Marie Dupont", "email": "m@x.fr", "postal_address": "1 rue A, Lyon"}
    book = Book().customer(segment="good_payer", locale=locale, contacts=[{**person, **contact}])
    for n in range(invoices):
        book.invoice(f"F{n}", due=d(-10), amount="100.00")
    return book


def one_action(book: Book) -> object:
    (action,) = next_actions(book.build(), TODAY, POLICY).actions
    return action


@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_words_agree_with_the_number_of_invoices_in_french(count: int) -> None:
    book = book_with(count)
    message = render(one_action(book), book.build(), POLICY)  # type: ignore[arg-type]
    plural = count > 1
    assert ("des factures suivantes" in message.body) is plural
    assert ("de la facture suivante" in message.body) is not plural
    assert ("leur règlement" in message.body) is plural
    assert message.subject.startswith("Factures" if plural else "Facture ")


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_every_language_writes_one_invoice_and_several_differently(language: str) -> None:
    bodies = []
    for count in (1, 2):
        book = book_with(count, LOCALES[language])
        bodies.append(render(one_action(book), book.build(), POLICY).body)  # type: ignore[arg-type]
    one, two = (b.split("\n- ")[0] for b in bodies)  # the words above the invoice lines
    assert one != two


def test_a_german_customer_reads_german_only() -> None:
    book = book_with(1, "de_DE", name="Buchhaltung")
    message = render(one_action(book), book.build(), POLICY)  # type: ignore[arg-type]
    assert message.body.startswith("Sehr geehrte Damen und Herren,")  # a department
    for english in ("Invoice", "Dear", "Payment:", "overdue", "Kind regards"):
        assert english not in message.body, english
    assert "Rechnung F0 vom" in message.body


def test_a_person_is_greeted_by_name_a_department_is_not() -> None:
    assert is_department("Service comptabilité")
    assert is_department("Accounts payable team")
    assert not is_department("Marie Dupont")
    book = book_with(1, name="Service comptabilité")
    body = render(one_action(book), book.build(), POLICY).body  # type: ignore[arg-type]
    assert body.startswith("Madame, Monsieur,")
    assert "Bonjour Service" not in body
    book = book_with(1)
    assert render(one_action(book), book.build(), POLICY).body.startswith(  # type: ignore[arg-type]
        "Bonjour Marie Dupont,"
    )


def test_a_letter_opens_and_closes_as_a_letter_and_carries_both_addresses() -> None:
    book = book_with(1)
    action = one_action(book).model_copy(update={"channel": Channel.LETTER})  # type: ignore[attr-defined]
    body = render(action, book.build(), POLICY).body
    assert body.startswith("Atelier Lumière SARL\n3 quai Saint-Vincent\n69001 Lyon\n")
    assert "À l'attention de Marie Dupont\n1 rue A\nLyon" in body
    assert "\nObjet : Facture F0" in body
    assert "\nMadame, Monsieur,\n" in body
    assert "Bonjour" not in body
    assert "salutations distinguées" in body


def test_a_fallback_keeps_its_steps_template_and_tone() -> None:
    # The bad payer's D+4 SMS step, sent by email: the SMS step's own words, not a firm
    # reminder's "last reminder before formal notice".
    book = book_with(1)
    action = one_action(book).model_copy(  # type: ignore[attr-defined]
        update={"template": "sms_reminder", "channel": Channel.EMAIL, "tone": Tone.FIRM}
    )
    message = render(action, book.build(), POLICY)
    assert message.template_id == "sms_reminder"
    assert "mise en demeure" not in message.subject + message.body
    assert "Petit rappel" in message.body
    # A payment-plan call for a customer in receivership falls back to its own email.
    plan_call = action.model_copy(update={"template": "payment_plan_call_script"})
    message = render(plan_call, book.build(), POLICY)
    assert "échéancier" in message.body
    assert "un oubli" not in message.subject


def test_a_template_that_does_not_exist_is_an_error_with_a_suggestion() -> None:
    book = book_with(1)
    action = one_action(book).model_copy(update={"template": "reminder_courtoise"})  # type: ignore[attr-defined]
    with pytest.raises(TemplateError, match="did you mean 'reminder_courteous'"):
        render(action, book.build(), POLICY)
    script_only = action.model_copy(update={"template": "thank_you", "channel": Channel.PHONE})
    with pytest.raises(TemplateError, match="has no script form"):
        render(script_only, book.build(), POLICY)


def test_french_late_charges_name_interest_and_the_fixed_indemnity_apart() -> None:
    book = french_book()
    book.invoices[0].update(due_date=d(-50), issue_date=d(-80))
    action = action_for(book).model_copy(update={"template": "reminder_firm"})
    body = render(action, book.build(), POLICY).body
    (sentence,) = [line for line in body.splitlines() if line.startswith("À ce jour")]
    assert "les pénalités de retard s'élèvent à" in sentence
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00" in sentence
    interest = sentence.split("s'élèvent à ")[1].split(" ;")[0]
    assert "40" not in interest  # the 40 € are not counted as a penalty


def test_german_and_british_law_use_their_own_words() -> None:
    book = french_book(locale="de_DE", country="DE")
    book.invoices[0].update(due_date=d(-50), issue_date=d(-80))
    action = action_for(book).model_copy(update={"template": "reminder_firm"})
    body = render(action, book.build(), POLICY).body
    assert "Verzugszinsen" in body
    assert "Verzugspauschale" in body
    book = french_book(locale="en_GB", country="GB")
    book.invoices[0].update(due_date=d(-50), issue_date=d(-80), currency="GBP")
    action = action_for(book).model_copy(update={"template": "reminder_firm"})
    body = render(action, book.build(), POLICY).body
    assert "statutory interest" in body
    assert "fixed sum" in body


def test_a_thank_you_agrees_with_the_number_of_invoices_paid() -> None:
    book = book_with(2)
    for n in range(2):
        book.pay(f"F{n}", d(-1), "100.00")
    one = thank_you("C1", ["F0"], book.build(), TODAY, POLICY)
    two = thank_you("C1", ["F0", "F1"], book.build(), TODAY, POLICY)
    assert "pour la facture F0" in one.body
    assert "pour les factures F0, F1" in two.body


def test_labels_are_words_in_the_readers_language_and_ids_stay_ids() -> None:
    assert label("segment", "occasional_late", "fr_FR") == "retards occasionnels"
    assert label("segment", "occasional_late") == "occasionally late"
    assert label("step", "plan_call", "de_DE") == "Anruf mit Ratenzahlungsangebot"
    assert label("skip", "one_message_a_day", "nl_NL") == "één bericht per dag"
    assert label("channel", "registered_letter", "it_IT") == "raccomandata"
    assert label("segment", "vip_from_a_plugin", "fr_FR") == "vip_from_a_plugin"


def test_every_sms_on_the_sample_book_fits_160_characters_with_its_link() -> None:
    from tests.golden.write import messages  # noqa: PLC0415 - the golden files' writer

    sms = {path: text.split("\n\n", 1)[1].strip("\n") for path, text in messages()}
    sms = {path: body for path, body in sms.items() if path.endswith(".sms.txt")}
    assert len(sms) == 6 * 14  # six languages, fourteen templates written for SMS
    assert any("https://" in body for body in sms.values())
    too_long = {path: len(body) for path, body in sms.items() if len(body) > 160}
    assert too_long == {}


def test_a_policy_naming_a_missing_template_or_form_fails_at_load_with_every_problem() -> None:
    from dunningkit.policy._policy import policy_from_mapping  # noqa: PLC0415

    step = {"offset_days": 1, "tone": "courteous"}
    steps = [
        {**step, "id": "a", "channel": "email", "template": "reminder_courtoise"},
        {**step, "id": "b", "channel": "phone", "template": "thank_you"},
    ]
    with pytest.raises(PolicyError) as raised:
        policy_from_mapping({"scenarios": {"new": {"id": "new", "steps": steps}}})
    text = str(raised.value)
    assert "step a: no template 'reminder_courtoise' (did you mean 'reminder_courteous'?)" in text
    assert "step b: template 'thank_you' has no script form for phone" in text


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=5),
    language=st.sampled_from(sorted(LOCALES)),
    channel=st.sampled_from([Channel.EMAIL, Channel.LETTER, Channel.SMS]),
)
def test_any_message_in_any_language_is_whole_and_in_its_plural_form(
    count: int, language: str, channel: Channel
) -> None:
    book = book_with(count, LOCALES[language], phone="+33 6 00 00 00 01")
    action = one_action(book).model_copy(update={"channel": channel})  # type: ignore[attr-defined]
    message = render(action, book.build(), POLICY)
    kind = "sms" if channel is Channel.SMS else "written"
    template = default_templates().get(action.template, kind, language)
    assert template is not None
    expected = template.for_count(count)
    words = max(re.split(r"\{[a-z_]+\}", expected.body), key=len).strip()
    assert words in message.body  # the template's own plural form, not another's
    assert "{" not in message.body  # no placeholder left, in any language
    assert message.locale == LOCALES[language]
