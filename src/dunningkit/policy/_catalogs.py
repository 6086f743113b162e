"""Catalogs: every word a customer reads, one gettext catalog per language.

The catalogs are PO files under ``dunningkit/data/locale/<language>/LC_MESSAGES/``,
read with Babel. Adding a language is adding a folder with its ``dunningkit.po``:
no code names the languages. Each catalog holds, by message context:

- ``template|<id>|<kind>``: a template's ``subject`` and ``body`` (kinds ``written``,
  ``sms``, ``script``), each with the plural forms of the language, chosen by the
  number of invoices the message is about;
- ``phrase``: the sentences the library builds around them (an invoice line, the
  payment means, greetings and closings, a letter's opening and head);
- ``label|<group>``: the words people read for ids (segments, steps, channels, tones,
  skip reasons);
- ``informal|<context>``: the same message in the familiar form of address (*tu*,
  *du*), for a policy whose ``formality`` is ``informal``. Only the messages whose
  words change have one; English has none.

Every catalog must have every message of the English one, every plural form filled,
and the same placeholders (an informal message, those of its formal one):
:func:`catalog_problems` lists what is not so, all at once.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from dunningkit.errors import TemplateError
from dunningkit.model._customer import Contact, Customer, customer_locale

__all__ = [
    "DOMAIN",
    "INFORMAL",
    "REFERENCE",
    "LabelGroup",
    "LanguageCatalog",
    "Register",
    "catalog",
    "catalog_problems",
    "checked_catalogs",
    "fill_phrase",
    "label",
    "language_name",
    "language_of",
    "placeholders",
    "plural_index",
    "read_catalog",
    "reader_locale",
    "shipped_languages",
    "template_entries",
    "wanted_locale",
    "writing_locale",
]

DOMAIN = "dunningkit"
REFERENCE = "en"
"""The language every other catalog is checked against."""

Register = Literal["formal", "informal"]
"""The form of address: ``formal`` (*vous*, *Sie*, *usted*, *Lei*, *u*) or ``informal``."""

INFORMAL = "informal|"
"""The context prefix of a message's informal form (``informal|phrase``)."""

_NAME = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _locale_folder() -> Traversable:
    return files("dunningkit").joinpath("data", "locale")


def plural_index(language: str, count: int) -> int:
    """Which plural form of ``language`` a count takes (gettext's rule, from Babel)."""
    return gettext.c2py(get_plural(language).plural_expr)(count)


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a text uses (``{{`` and ``}}`` are literal braces)."""
    return frozenset(m.group(1) for m in _NAME.finditer(text) if m.group(1) is not None)


def fill_phrase(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` of a phrase with ``values[name]``: nothing else."""

    def replace(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if name is None:
            return token[0]
        if name not in values:
            raise TemplateError(f"phrase placeholder {token} has no value")
        return values[name]

    return _NAME.sub(replace, text)


@dataclass(frozen=True, slots=True)
class LanguageCatalog:
    """One language's catalog: its messages by (context, id), and gettext lookups."""

    language: str
    messages: Mapping[tuple[str, str], tuple[str, ...]]
    translations: Translations

    def text(
        self, context: str, key: str, count: int | None = None, register: Register = "formal"
    ) -> str:
        """A message in this language; with ``count``, the plural form for it.

        In the ``informal`` register, the message's informal form when it has one.
        """
        if register == "informal" and self.has(INFORMAL + context, key):
            context = INFORMAL + context
        if count is None:
            return str(self.translations.pgettext(context, key))
        return str(self.translations.npgettext(context, key, key + ".plural", count))

    def has(self, context: str, key: str) -> bool:
        """Whether the catalog has that message."""
        return (context, key) in self.messages


def read_catalog(text: bytes, language: str, source: str) -> LanguageCatalog:
    """A catalog from a PO file's bytes."""
    try:
        parsed = read_po(io.BytesIO(text), locale=language, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise TemplateError(f"{source}: not a valid PO catalog: {error}") from None
    messages: dict[tuple[str, str], tuple[str, ...]] = {}
    for message in parsed:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        messages[(message.context or "", str(key))] = tuple(str(f or "") for f in forms)
    compiled = io.BytesIO()
    write_mo(compiled, parsed)
    compiled.seek(0)
    return LanguageCatalog(language, messages, Translations(compiled, domain=DOMAIN))


def shipped_languages() -> tuple[str, ...]:
    """The languages dunningkit ships a catalog for (one folder each)."""
    folder = _locale_folder()
    return tuple(
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
        )
    )


@lru_cache(maxsize=16)
def _shipped(language: str) -> LanguageCatalog:
    path = _locale_folder().joinpath(language, "LC_MESSAGES", f"{DOMAIN}.po")
    return read_catalog(path.read_bytes(), language, f"{language}/LC_MESSAGES/{DOMAIN}.po")


@lru_cache(maxsize=256)
def language_of(locale: str) -> str:
    """The language of a locale (``de_AT`` -> ``de``), whether dunningkit writes it or not."""
    try:
        return str(Locale.parse(locale).language)
    except (ValueError, TypeError, UnknownLocaleError):
        return locale.split("_", maxsplit=1)[0]


def language_name(locale: str) -> str:
    """The English name of a locale's language (``pl_PL`` -> ``Polish``), for people."""
    try:
        return str(Locale.parse(language_of(locale)).get_display_name("en") or locale)
    except (ValueError, TypeError, UnknownLocaleError):
        return locale


def writing_locale(locale: str, default: str | None = None) -> str:
    """The locale a reader's messages are written in: dates and amounts as well as words.

    The reader's own when dunningkit ships its language (``fr_CA`` reads French);
    else ``default`` (the policy's locale) when its language is shipped; else English.
    The words, the dates and the amounts then agree: no English sentence around a
    Polish date.

    >>> writing_locale("de_AT"), writing_locale("pl_PL", "fr_FR"), writing_locale("pl_PL")
    ('de_AT', 'fr_FR', 'en')
    """
    shipped = checked_catalogs()
    if language_of(locale) in shipped:
        return locale
    if default and language_of(default) in shipped:
        return default
    return REFERENCE


def reader_locale(
    customer: Customer,
    contact: Contact | None,
    default: str | None = None,
    creditor_country: str | None = None,
) -> str:
    """The locale a message to ``contact`` (else the customer's first) is written in.

    The contact's locale, else the customer's, through :func:`writing_locale`.
    """
    return writing_locale(wanted_locale(customer, contact, creditor_country), default)


def wanted_locale(
    customer: Customer, contact: Contact | None, creditor_country: str | None = None
) -> str:
    """The locale a reader asks for: the contact's (else the first contact's), else the
    customer's (:func:`~dunningkit.model.customer_locale`: one it gave, else its
    country's usual one), whether dunningkit writes its language or not."""
    reader = contact or (customer.contacts[0] if customer.contacts else None)
    given = reader.locale if reader and reader.locale else None
    return given or customer_locale(customer, creditor_country)


def catalog(language: str) -> LanguageCatalog:
    """The shipped catalog of ``language``, else the English one."""
    return _shipped(language if language in checked_catalogs() else REFERENCE)


LabelGroup = Literal["segment", "step", "channel", "tone", "skip"]


def label(group: LabelGroup, identifier: str, locale: str = "en") -> str:
    """The words for people in place of an id of ``group``, in the language of ``locale``.

    From the catalogs' ``label|<group>`` messages; an id they do not know (a custom
    segment or step) reads as itself. The ids stay what they are in JSON and CSV.

    >>> label("segment", "occasional_late", "fr_FR")
    'retards occasionnels'
    >>> label("segment", "vip_from_plugin")
    'vip_from_plugin'
    """
    found = catalog(language_of(locale))
    context = f"label|{group}"
    if not found.has(context, str(identifier)):
        return str(identifier)
    return found.text(context, str(identifier))


def catalog_problems(reference: LanguageCatalog, other: LanguageCatalog) -> list[str]:
    """What ``other`` lacks or adds against ``reference``: every problem, one a line."""
    where = other.language
    formal = {(c, m) for c, m in other.messages if not c.startswith(INFORMAL)}
    problems = [
        f"{where}: missing message {_name(key)}" for key in sorted(set(reference.messages) - formal)
    ]
    problems.extend(
        f"{where}: unknown message {_name(key)} (not in {reference.language})"
        for key in sorted(other.messages)
        if _formal_key(key) not in reference.messages
    )
    for key in sorted(other.messages):
        if _formal_key(key) not in reference.messages:
            continue
        wanted = set().union(*(placeholders(f) for f in reference.messages[_formal_key(key)]))
        for index, form in enumerate(other.messages[key]):
            if not form.strip():
                problems.append(f"{where}: {_name(key)} has an empty form [{index}]")
                continue
            found = placeholders(form)
            if found - wanted:
                names = ", ".join("{" + n + "}" for n in sorted(found - wanted))
                problems.append(f"{where}: {_name(key)} [{index}] uses unknown {names}")
        # Each form may leave a name out (one invoice's number, many invoices' count),
        # but the forms together use the same names as the reference's.
        used = set().union(*(placeholders(f) for f in other.messages[key]))
        if wanted - used:
            names = ", ".join("{" + n + "}" for n in sorted(wanted - used))
            problems.append(f"{where}: {_name(key)} lacks {names}")
    return problems


def _formal_key(key: tuple[str, str]) -> tuple[str, str]:
    """The formal message an informal one stands in for (itself for a formal one)."""
    context, message = key
    return context.removeprefix(INFORMAL), message


def _name(key: tuple[str, str]) -> str:
    context, message = key
    return f"{context}/{message}" if context else message


@lru_cache(maxsize=1)
def checked_catalogs() -> tuple[str, ...]:
    """The shipped languages, once every catalog is checked against the English one.

    Raises:
        TemplateError: listing every problem of every catalog at once.
    """
    languages = shipped_languages()
    reference = _shipped(REFERENCE)
    problems: list[str] = []
    for language in languages:
        problems.extend(catalog_problems(reference, _shipped(language)))
    if problems:
        raise TemplateError("the shipped catalogs are incomplete:\n" + "\n".join(problems))
    return languages


def template_entries(
    found: LanguageCatalog,
) -> Iterable[tuple[str, str, Register, tuple[str, ...], tuple[str, ...]]]:
    """Each template of a catalog: id, kind, register, subject forms and body forms.

    An informal template whose subject reads the same in both registers takes the
    formal subject.
    """
    ids = sorted({c for c, _ in found.messages if c.startswith(("template|", INFORMAL))})
    for context in ids:
        formal = context.removeprefix(INFORMAL)
        if not formal.startswith("template|"):
            continue
        register: Register = "informal" if context != formal else "formal"
        _, template_id, kind = formal.split("|", maxsplit=2)
        subject = found.messages.get(
            (context, "subject"), found.messages.get((formal, "subject"), ("",))
        )
        body = found.messages.get((context, "body"), found.messages[(formal, "body")])
        yield template_id, kind, register, subject, body
