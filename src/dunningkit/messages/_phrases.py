"""The sentences the library writes around a template, from the language's catalog.

An invoice line, the payment means and links, a greeting and a closing, a letter's
opening and head: each is a ``phrase`` message of the catalogs
(:mod:`dunningkit.policy._catalogs`), so a new language needs no code.
"""

from __future__ import annotations

from dunningkit.model._channel import Channel, Tone
from dunningkit.policy._catalogs import (
    REFERENCE,
    Register,
    catalog,
    checked_catalogs,
    fill_phrase,
    language_of,
)

__all__ = ["LETTERS", "is_department", "language", "message_register", "nphrase", "phrase"]

LETTERS = frozenset({Channel.LETTER, Channel.REGISTERED_LETTER})
"""The channels that carry a letter: its formal opening, closing and head."""
# Legal acts keep the formal register whatever the policy's preference.
_ALWAYS_FORMAL = frozenset({Tone.FORMAL_NOTICE, Tone.FINAL})


def message_register(formality: Register, tone: Tone | None, channel: Channel) -> Register:
    """The form of address of a message: the policy's, except that a letter (which opens
    *Madame, Monsieur*, *Sehr geehrte Damen und Herren*), a formal notice and a hand-over
    (legal acts) always say *vous*, *Sie*, *usted*, *Lei*, *u*."""
    return "formal" if tone in _ALWAYS_FORMAL or channel in LETTERS else formality


def language(locale: str) -> str:
    """The language the words are written in for ``locale`` (else English)."""
    lang = language_of(locale)
    return lang if lang in checked_catalogs() else REFERENCE


def phrase(lang: str, key: str, *, register: Register = "formal", **values: str) -> str:
    """The phrase ``key`` in ``lang`` and ``register``, its ``{names}`` filled with ``values``."""
    return fill_phrase(catalog(lang).text("phrase", key, register=register), values)


def nphrase(lang: str, key: str, count: int, **values: str) -> str:
    """The phrase ``key`` in ``lang`` in the plural form ``count`` takes."""
    return fill_phrase(catalog(lang).text("phrase", key, count), values)


def _markers() -> frozenset[str]:
    words: set[str] = set()
    for lang in checked_catalogs():
        words.update(w.strip().casefold() for w in phrase(lang, "department_markers").split(","))
    return frozenset(w for w in words if w)


def is_department(name: str) -> bool:
    """Whether a contact's name is a department's (``Service comptabilité``), not a person's.

    A name with a word of any catalog's ``department_markers`` ("service",
    "Buchhaltung", "accounts"...) is a department's: a greeting does not name it.
    """
    words = {w.strip(".,;:()").casefold() for w in name.split()}
    return bool(words & _markers())
