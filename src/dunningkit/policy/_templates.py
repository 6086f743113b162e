"""Templates: the words a company writes for its reminders, as data, and who signs them.

Templates are data written by business users, so they never evaluate code: a template
may only name placeholders from a fixed list (:data:`PLACEHOLDERS`). No ``str.format``,
no attribute access, no expressions; ``{{`` and ``}}`` write literal braces. An unknown
placeholder is an error when the template is loaded, never when a message is sent.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from dunningkit.errors import TemplateError
from dunningkit.model._channel import channel_spec
from dunningkit.model._types import MODEL_CONFIG, CountryCode
from dunningkit.policy._catalogs import (
    Register,
    catalog,
    checked_catalogs,
    plural_index,
    template_entries,
)

if TYPE_CHECKING:
    from dunningkit.policy._scenario import Scenario

__all__ = [
    "PLACEHOLDERS",
    "Creditor",
    "Template",
    "TemplateSet",
    "default_templates",
    "fill",
    "load_templates",
    "step_template_problems",
    "unknown_template",
]

PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "caller_name",
        "closing",
        "contact_email",
        "contact_me_link",
        "contact_name",
        "contact_phone",
        "contact_role",
        "creditor_address",
        "creditor_contact",
        "creditor_email",
        "creditor_iban",
        "creditor_name",
        "creditor_phone",
        "creditor_registration",
        "currency",
        "customer_address",
        "customer_id",
        "customer_name",
        "customer_phone",
        "days_overdue",
        "days_overdue_text",
        "dispute_link",
        "fees",
        "fees_line",
        "fixed_compensation",
        "greeting",
        "invoice_count",
        "invoice_lines",
        "invoice_numbers",
        "late_charges_rate",
        "late_charges_sentence",
        "late_charges_total",
        "late_interest",
        "legal_basis",
        "legal_mentions",
        "notice_mentions",
        "oldest_due_date",
        "order_references",
        "pay_by",
        "pay_link",
        "payment_link",
        "payment_link_sentence",
        "payment_link_sms",
        "payment_means",
        "promise_link",
        "self_service_links",
        "step_label",
        "today",
        "total_due",
        "total_paid",
    }
)
"""Every name a template may use, and nothing else."""

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_OPEN, _CLOSE = "{{", "}}"

Kind = Literal["written", "sms", "script"]


def _placeholders(text: str, where: str) -> set[str]:
    names: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise ValueError(f"{where}: a lone '{token}' (write '{token * 2}' for a brace)")
        if name not in PLACEHOLDERS:
            raise ValueError(
                f"{where}: unknown placeholder {{{name}}}; templates may only use "
                f"{', '.join('{' + n + '}' for n in sorted(PLACEHOLDERS))}"
            )
        names.add(name)
    return names


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` with ``values[name]``: plain substitution, nothing else."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == _OPEN:
            return "{"
        if token == _CLOSE:
            return "}"
        name = match.group(1)
        if name is None or name not in PLACEHOLDERS:
            raise TemplateError(f"unknown placeholder {token}")
        return values.get(name, "")

    return _TOKEN.sub(replace, text)


class Template(BaseModel):
    """One message template: a subject and a body, for one language and kind.

    Attributes:
        id: the template id a scenario step names (``reminder_courteous``).
        locale: a language (``fr``) or a locale (``fr_CA``).
        kind: ``written`` (email, letter, registered letter, portal), ``sms`` or
            ``script`` (what the person calling says).
        subject, body: the words for one invoice (gettext's first plural form).
        plural_forms: ``(subject, body)`` for each further plural form of the
            language, in gettext's order (English, German, Dutch: one, for two
            invoices or more; French, Spanish, Italian: two). Without them, the
            first form is used whatever the number of invoices.
        formality: ``formal`` (*vous*, *Sie*: the default) or ``informal`` (*tu*,
            *du*), the form of address a policy's ``formality`` asks for.
    """

    model_config = MODEL_CONFIG

    id: str = Field(min_length=1)
    locale: str = Field(min_length=2)
    kind: Kind = "written"
    subject: str = ""
    body: str = Field(min_length=1)
    plural_forms: tuple[tuple[str, str], ...] = ()
    formality: Register = "formal"

    @model_validator(mode="after")
    def _known_placeholders(self) -> Template:
        where = f"template {self.id} ({self.locale}, {self.kind}, {self.formality})"
        _placeholders(self.subject, f"{where} subject")
        _placeholders(self.body, f"{where} body")
        for index, (subject, body) in enumerate(self.plural_forms, start=1):
            _placeholders(subject, f"{where} subject [{index}]")
            _placeholders(body, f"{where} body [{index}]")
        return self

    def for_count(self, count: int) -> Template:
        """This template as written for ``count`` invoices (its language's plural form)."""
        index = plural_index(self.locale.split("_", maxsplit=1)[0], count)
        if index == 0 or not self.plural_forms:
            return self
        subject, body = self.plural_forms[min(index, len(self.plural_forms)) - 1]
        return self.model_copy(update={"subject": subject, "body": body, "plural_forms": ()})


class TemplateSet:
    """Templates by id, kind and locale, with fallbacks from locale to language to English."""

    def __init__(self, templates: Iterable[Template] = ()) -> None:
        self._by_key: dict[tuple[str, str, str, str], Template] = {}
        for template in templates:
            key = (template.id, template.kind, template.locale, template.formality)
            self._by_key[key] = template

    def __iter__(self) -> Any:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def merged(self, overrides: Iterable[Template]) -> TemplateSet:
        """A new set where ``overrides`` replace templates with the same id, kind, locale.

        A formal override replaces the informal template too, unless the overrides
        have their own: a company's words are not traded for the shipped ones when
        its policy says *tu*.
        """
        given = list(overrides)
        replaced = {(t.id, t.kind, t.locale) for t in given}
        kept = [
            t for t in self if t.formality == "formal" or (t.id, t.kind, t.locale) not in replaced
        ]
        return TemplateSet([*kept, *given])

    def get(
        self, template_id: str, kind: str, locale: str, register: Register = "formal"
    ) -> Template | None:
        """The best template for a locale: ``fr_CA``, then ``fr``, then ``en``.

        In the ``informal`` register, a locale's informal template comes first, then its
        formal one (a language without a familiar form, such as English, has only that).
        """
        language = locale.split("_", maxsplit=1)[0]
        registers: tuple[Register, ...] = (
            ("informal", "formal") if register == "informal" else ("formal",)
        )
        for candidate in (locale, language, "en"):
            for wanted in registers:
                found = self._by_key.get((template_id, kind, candidate, wanted))
                if found is not None:
                    return found
        return None

    def languages(self) -> set[str]:
        """The locales the set has templates for."""
        return {locale for _, _, locale, _ in self._by_key}

    def ids(self) -> set[str]:
        """The template ids the set has, in any kind and locale."""
        return {template_id for template_id, _, _, _ in self._by_key}

    def kinds(self, template_id: str) -> set[str]:
        """The kinds (``written``, ``sms``, ``script``) a template id is written in."""
        return {kind for found_id, kind, _, _ in self._by_key if found_id == template_id}


def step_template_problems(templates: TemplateSet, scenarios: Mapping[str, Scenario]) -> list[str]:
    """Every step whose template does not exist, or has no form for one of its channels.

    A step goes out on its channel or on a fallback; each needs the step's own template
    written for that channel's kind, so a fallback never borrows another step's words.
    """
    known = templates.ids()
    problems: list[str] = []
    for segment, scenario in sorted(scenarios.items()):
        for step in scenario.steps:
            where = f"scenarios.{segment}: step {step.id}"
            if step.template not in known:
                problems.append(f"{where}: {unknown_template(step.template, known)}")
                continue
            kinds = templates.kinds(step.template)
            for channel in (step.channel, *step.fallback_channels):
                kind = channel_spec(channel).template_kind
                if kind not in kinds:
                    problems.append(
                        f"{where}: template {step.template!r} has no {kind} form for {channel}"
                    )
    return problems


def unknown_template(template_id: str, known: Iterable[str]) -> str:
    """``no template 'x'`` with a "did you mean" when a known id is close."""
    close = get_close_matches(template_id, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no template {template_id!r}{hint}"


def _templates_from_toml(text: str, source: str, locale: str | None) -> list[Template]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{source}: not valid TOML: {error}") from None
    default_locale = data.get("locale", locale)
    found = []
    for position, raw in enumerate(data.get("templates", []), start=1):
        entry = {"locale": default_locale, **raw}
        try:
            found.append(Template.model_validate(entry))
        except ValidationError as error:
            detail = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
            raise TemplateError(
                f"{source}: template #{position} ({raw.get('id', '?')}): {detail}"
            ) from None
    return found


def load_templates(path: str | Path) -> TemplateSet:
    """Templates from a TOML file (``[[templates]]`` entries) or a folder of them.

    A file named after a language (``fr.toml``) gives that locale to its entries
    unless they or the file (``locale = "..."``) say otherwise.
    """
    path = Path(path)
    paths = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    templates: list[Template] = []
    for file in paths:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise TemplateError(f"{file}: {error.strerror or error}") from None
        templates.extend(_templates_from_toml(text, str(file), file.stem))
    return TemplateSet(templates)


@lru_cache(maxsize=1)
def default_templates() -> TemplateSet:
    """The templates shipped with dunningkit: one per id, kind and shipped language.

    They come from the catalogs (``data/locale/<language>/LC_MESSAGES/dunningkit.po``),
    each with its plural forms; a language is shipped when its catalog is there.
    """
    templates: list[Template] = []
    for language in checked_catalogs():
        for template_id, kind, register, subjects, bodies in template_entries(catalog(language)):
            plural = tuple(zip(subjects[1:] or ("",) * (len(bodies) - 1), bodies[1:], strict=True))
            templates.append(
                Template.model_validate(
                    {
                        "id": template_id,
                        "locale": language,
                        "kind": kind,
                        "subject": subjects[0],
                        "body": bodies[0],
                        "plural_forms": plural,
                        "formality": register,
                    }
                )
            )
    return TemplateSet(templates)


class Creditor(BaseModel):
    """Who is owed: the company sending reminders, as the messages name it."""

    model_config = MODEL_CONFIG

    name: str = ""
    address: str = ""
    country: CountryCode | None = Field(
        default=None,
        description="ISO 3166 code; the country of every customer that gives none "
        "(its law, holidays and language); none given: FR",
    )
    registration: str = Field(default="", description="SIREN, company number, VAT id...")
    siren: str = Field(default="", description="French company number, for court filings")
    vat_number: str = Field(default="", description="intra-EU VAT number")
    email: str = ""
    phone: str = ""
    iban: str = ""
    bic: str = ""
    caller_name: str = Field(default="", description="who calls, in call scripts")
