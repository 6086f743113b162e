from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_currency
from pydantic import ValidationError

from dunningkit import (
    Action,
    Channel,
    Creditor,
    PolicyError,
    Template,
    TemplateError,
    default_policy,
    default_scenarios,
    default_templates,
    load_policy,
    load_templates,
    next_actions,
    render,
    thank_you,
)
from dunningkit.policy._templates import fill
from tests.builders import TODAY, Book, d

CREDITOR = Creditor(
    name="Atelier Lumière SARL",
    address="3 quai Saint-Vincent, 69001 Lyon",
    iban="FR76 3000 4000 0500 0012 3456 789",
)
POLICY = default_policy().model_copy(update={"creditor": CREDITOR})


def action_for(book: Book, today: date = TODAY) -> Action:
    plan = next_actions(book.build(), today, POLICY)
    assert len(plan.actions) == 1, plan
    return plan.actions[0]


def french_book(**customer: object) -> Book:
    contact = {
        "name": "Marie Dupont",
        "email": "marie@dupont.fr",
        "phone": "+33 6 00 00 00 01",
        "postal_address": "12 rue du Four, 69002 Lyon",
    }
    book = Book().customer(segment="good_payer", contacts=[contact], **customer)
    book.invoice(
        "FA-2026-001",
        due=d(-10),
        amount="1234.56",
        issued=d(-40),
        order_reference="BC-778",
        payment_link="https://pay.example/FA-2026-001",
    )
    return book


def test_a_reminder_is_personal_and_formatted_for_the_contacts_locale() -> None:
    book = french_book()
    action = action_for(book)
    message = render(action, book.build(), POLICY)
    amount = format_currency(Decimal("1234.56"), "EUR", locale="fr_FR")
    assert message.locale == "fr_FR"
    assert message.to == "marie@dupont.fr"
    assert "Marie Dupont" in message.body
    assert "FA-2026-001" in message.subject
    for piece in (
        amount,
        "BC-778",
        "https://pay.example/FA-2026-001",
        "10 jours de retard",
        "4 février 2026",
        "6 mars 2026",
        "IBAN FR76",
        "Atelier Lumière SARL",
    ):
        assert piece in message.body, piece


def test_english_contact_gets_english_and_babel_amounts() -> None:
    book = french_book(locale="en_GB", country="GB")
    message = render(action_for(book), book.build(), POLICY)
    assert message.locale == "en_GB"
    assert "€1,234.56" in message.body
    assert "Dear Marie Dupont" in message.body


def test_locale_falls_back_to_language_then_english() -> None:
    book = french_book(locale="fr_CA")
    assert "Bonjour" in render(action_for(book), book.build(), POLICY).body
    book = french_book(locale="de_DE", country="DE")
    assert "Guten Tag" in render(action_for(book), book.build(), POLICY).body
    book = french_book(locale="pl_PL", country="PL")
    assert "Dear" in render(action_for(book), book.build(), POLICY).body


def test_formal_notice_carries_what_the_law_expects() -> None:
    book = french_book()
    for n, step in enumerate(["reminder_1", "reminder_2", "call"]):
        book.event("C1", ["FA-2026-001"], step, d(-40 + 10 * n))
    book.invoices[0].update(due_date=d(-50), issue_date=d(-80))
    action = action_for(book)
    assert action.step_id == "formal_notice"
    message = render(action, book.build(), POLICY)
    body = message.body
    assert message.subject.startswith("MISE EN DEMEURE")
    for piece in (
        "Lettre recommandée avec accusé de réception",
        "vaut mise en demeure",
        "article 1344 du Code civil",
        "L441-10",
        "40,00",
        "procédure",
        "FA-2026-001",
        "Marie Dupont",
    ):
        assert piece in body, piece
    assert message.to == "12 rue du Four, 69002 Lyon"


def test_every_default_template_renders_on_every_channel_it_may_use() -> None:
    templates = default_templates()
    for scenario in default_scenarios().values():
        for step in scenario.steps:
            for channel in (step.channel, *step.fallback_channels):
                kind = {"sms": "sms", "phone": "script"}.get(channel.value, "written")
                for language in ("fr", "en"):
                    found = templates.get(step.template, kind, language) or templates.get(
                        {"sms": "sms_reminder", "script": "call_script"}.get(
                            kind, "reminder_neutral"
                        ),
                        kind,
                        language,
                    )
                    assert found is not None, (step.template, kind, language)


def test_sms_and_call_script() -> None:
    book = Book().customer(segment="bad_payer").invoice("F1", due=d(-10))
    book.event("C1", ["F1"], "reminder_1", d(-9))
    action = action_for(book)
    assert action.channel is Channel.SMS
    sms = render(action, book.build(), POLICY)
    assert sms.subject == ""
    assert len(sms.body) < 200
    assert "F1" in sms.body
    book.event("C1", ["F1"], "sms_1", d(-1))
    call = action_for(book, today=d(4))
    script = render(call, book.build(), POLICY, today=d(4))
    assert call.channel is Channel.PHONE
    assert "Appeler Claire Martin" in script.body


@pytest.mark.parametrize(
    "hostile",
    [
        "{__class__}",
        "{contact_name.__class__}",
        "{contact_name.__init__.__globals__}",
        "{0}",
        "{contact_name!r}",
        "{ contact_name }",
        "{contact_name:>100000}",
        "Total: {total_due",
        "{__import__('os').system('echo pwned')}",
    ],
)
def test_hostile_templates_are_refused_when_loaded(hostile: str) -> None:
    with pytest.raises(ValidationError):
        Template(id="evil", locale="fr", body=hostile)


def test_unknown_placeholder_in_a_template_file_names_file_and_template(tmp_path: Path) -> None:
    path = tmp_path / "fr.toml"
    path.write_text('[[templates]]\nid = "mine"\nbody = "Bonjour {prenom}"\n')
    with pytest.raises(TemplateError, match=r"fr\.toml: template #1 \(mine\).*\{prenom\}"):
        load_templates(path)


def test_unknown_placeholder_in_a_policy_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[[templates]]\nid = "x"\nlocale = "fr"\nbody = "{secret}"\n')
    with pytest.raises(PolicyError, match=r"templates\.0.*\{secret\}"):
        load_policy(path)


def test_fill_is_plain_substitution() -> None:
    # A value that looks like a placeholder is inserted as it is, never expanded again.
    assert fill("{contact_name} {{total_due}}", {"contact_name": "{total_due}"}) == (
        "{total_due} {total_due}"
    )


def test_policy_templates_replace_the_shipped_ones(tmp_path: Path) -> None:
    mine = Template(
        id="reminder_courteous",
        locale="fr",
        subject="Petit rappel",
        body="Coucou {contact_name}, {total_due} s'il vous plaît.",
    )
    policy = POLICY.model_copy(update={"templates": (mine,)})
    book = french_book()
    message = render(action_for(book), book.build(), policy)
    assert message.subject == "Petit rappel"
    assert message.body.startswith("Coucou Marie Dupont, 1")


def test_thank_you_after_payment() -> None:
    book = french_book().pay("FA-2026-001", d(-1))
    message = thank_you("C1", ["FA-2026-001"], book.build(), TODAY, POLICY)
    assert "Merci" in message.body
    assert format_currency(Decimal("1234.56"), "EUR", locale="fr_FR") in message.body


def test_no_placeholder_reaches_a_customer_without_a_creditor() -> None:
    book = french_book()
    plan = next_actions(book.build(), TODAY)
    with pytest.raises(PolicyError, match="creditor's name") as raised:
        render(plan.actions[0], book.build())
    assert raised.value.key == "creditor"
    unpaid = default_policy().model_copy(update={"creditor": Creditor(name="Atelier")})
    book.invoices[0].update(payment_link=None)
    with pytest.raises(PolicyError, match="iban"):
        render(plan.actions[0], book.build(), unpaid)
