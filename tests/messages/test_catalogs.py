"""The catalogs: every language has every message, every plural form, the same names."""

from __future__ import annotations

import pytest

from dunningkit import TemplateError, default_templates
from dunningkit.policy._catalogs import (
    REFERENCE,
    catalog,
    catalog_problems,
    checked_catalogs,
    placeholders,
    plural_index,
    read_catalog,
    shipped_languages,
)
from dunningkit.policy._templates import PLACEHOLDERS

SIX = ("de", "en", "es", "fr", "it", "nl")
TEMPLATES = (
    "reminder_courteous",
    "reminder_neutral",
    "reminder_overdue",
    "reminder_firm",
    "formal_notice",
    "pre_due_informative",
    "pre_due_reminder",
    "payment_plan_offer",
    "handover",
    "thank_you",
)

PO = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

{body}
"""


def po(lang: str, body: str) -> bytes:
    return PO.format(lang=lang, body=body).encode()


def test_six_languages_ship_and_every_catalog_matches_the_english_one() -> None:
    assert shipped_languages() == SIX
    assert checked_catalogs() == SIX
    reference = catalog(REFERENCE)
    for language in SIX:
        assert catalog_problems(reference, catalog(language)) == [], language


def test_every_language_has_every_template_in_email_and_sms_form() -> None:
    templates = default_templates()
    for language in SIX:
        for template_id in TEMPLATES:
            for kind in ("written", "sms"):
                found = templates.get(template_id, kind, language)
                assert found is not None, (template_id, kind)
                assert found.locale == language, (template_id, kind)
        for script in ("call_script", "circuit_call_script", "payment_plan_call_script"):
            assert templates.get(script, "script", language) is not None


def test_templates_use_only_known_placeholders_in_every_form() -> None:
    for template in default_templates():
        for text in (template.subject, template.body, *sum(template.plural_forms, ())):
            assert placeholders(text) <= PLACEHOLDERS, (template.id, template.locale)


def test_a_letter_form_exists_in_every_language() -> None:
    for language in SIX:
        found = catalog(language)
        for key in ("letter_opening", "letter_closing", "letter_attention", "letter_subject"):
            assert found.text("phrase", key).strip(), (language, key)


def test_a_missing_message_a_missing_plural_and_a_stray_placeholder_are_each_named() -> None:
    reference = read_catalog(
        po(
            "en",
            'msgctxt "phrase"\nmsgid "a"\nmsgstr "Hello {name}"\n\n'
            'msgctxt "phrase"\nmsgid "b"\nmsgid_plural "b.plural"\n'
            'msgstr[0] "{n} day"\nmsgstr[1] "{n} days"\n\n'
            'msgctxt "phrase"\nmsgid "c"\nmsgstr "Bye"\n',
        ),
        "en",
        "en.po",
    )
    broken = read_catalog(
        po(
            "xx",
            'msgctxt "phrase"\nmsgid "a"\nmsgstr "Hallo {nom}"\n\n'
            'msgctxt "phrase"\nmsgid "b"\nmsgid_plural "b.plural"\n'
            'msgstr[0] "{n} Tag"\nmsgstr[1] ""\n',
        ),
        "xx",
        "xx.po",
    )
    problems = catalog_problems(reference, broken)
    assert "xx: missing message phrase/c" in problems
    assert "xx: phrase/b has an empty form [1]" in problems
    assert any("phrase/a" in p and "{nom}" in p for p in problems)
    assert any("phrase/a lacks {name}" in p for p in problems)
    assert len(problems) == 4  # every problem at once


def test_a_file_that_is_not_a_catalog_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="not a valid PO catalog"):
        read_catalog(b"garbage here\n", "xx", "xx.po")


def test_plural_forms_follow_each_languages_rule() -> None:
    assert [plural_index("en", n) for n in (0, 1, 2)] == [1, 0, 1]
    assert [plural_index("fr", n) for n in (0, 1, 2)] == [0, 0, 2]  # French: 0 is singular
    assert catalog("fr").text("phrase", "days_overdue", 1) == "{days} jour"
    assert catalog("fr").text("phrase", "days_overdue", 0) == "{days} jour"
    assert catalog("de").text("phrase", "days_overdue", 3) == "{days} Tagen"
