"""The hostile campaign's books, by family: each made in the test run, never stored.

A family is a way a file can be hostile (a NUL byte, no line ends, a key given twice,
nesting too deep, dates at the calendar's edges...). Each case is a JSON Lines book
grouped by customer, so that the in-memory loader and the streamed reader both read it,
and ``refused`` says what an operator running dunningkit unattended expects: a clear
refusal (``True``: a named error, exit code 1) or a plan (``False``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["CASES", "Case", "line", "sound_book"]


@dataclass(frozen=True)
class Case:
    """One hostile book: its family, its bytes and the expected verdict."""

    family: str
    name: str
    data: bytes
    refused: bool | None  # None: either, so long as every path agrees
    says: str = ""  # a fragment the refusal names (the key, the limit...)

    @property
    def id(self) -> str:
        return f"{self.family}-{self.name}"


REFUSED, PLANNED = True, False


def line(kind: str, **record: Any) -> bytes:
    """One typed JSON Lines record."""
    return json.dumps({"type": kind, **record}).encode() + b"\n"


def _invoice(iid: str = "F1", **extra: Any) -> dict[str, Any]:
    return {
        "id": iid,
        "customer_id": "C1",
        "issue_date": "2026-01-01",
        "due_date": "2026-01-31",
        "amount": "120.00",
        "currency": "EUR",
        **extra,
    }


def sound_book(**invoice: Any) -> bytes:
    """A small sound book: one customer, one overdue invoice (``invoice`` overrides)."""
    return line("customer", id="C1", name="Acme", country="FR") + line(
        "invoice", **_invoice(**invoice)
    )


def _nul() -> Iterator[Case]:
    book = sound_book()
    yield Case("nul", "after-sniff", book + b" " * 9000 + b"\x00\n", REFUSED, "NUL")
    yield Case("nul", "in-a-value", book.replace(b"Acme", b"Ac\x00me") + b" " * 9000, REFUSED)
    yield Case("nul", "only-nul", b"\x00" * 100_000, REFUSED)


def _line_ends() -> Iterator[Case]:
    book = sound_book()
    yield Case("line-ends", "cr-only", book.replace(b"\n", b"\r") * 40_000, REFUSED, "line")
    yield Case("line-ends", "no-newline", b"{" + b" " * (3 << 20), REFUSED, "1,048,576")
    yield Case("line-ends", "crlf", book.replace(b"\n", b"\r\n"), PLANNED)
    yield Case("line-ends", "no-final-newline", book.rstrip(b"\n"), PLANNED)


def _duplicates() -> Iterator[Case]:
    twice = b'"amount": "3335.00", "amount": "1.00"'
    book = sound_book().replace(b'"amount": "120.00"', twice)
    yield Case("duplicate-key", "amount", book, REFUSED, "amount")
    nested = line("customer", id="C1", name="Acme").replace(
        b'"name": "Acme"', b'"name": "Acme", "hold": {"reason": "a", "reason": "b"}'
    ) + line("invoice", **_invoice())
    yield Case("duplicate-key", "nested", nested, REFUSED, "reason")
    typed = sound_book().replace(b'{"type": "invoice",', b'{"type": "invoice", "type": "invoice",')
    yield Case("duplicate-key", "type", typed, REFUSED, "type")
    spaced = sound_book().replace(
        b'"amount": "120.00"', b'"amount" : "3335.00", "amount"\t: "1.00", "note" : "a\\": b"'
    )
    yield Case("duplicate-key", "spaced", spaced, REFUSED, "amount")
    text = sound_book().replace(b'"Acme"', b'"Acme \\"x\\": \\"y\\""')
    yield Case("duplicate-key", "colon-in-text", text, PLANNED)


def _nesting() -> Iterator[Case]:
    deep = b"[" * 100_000 + b"]" * 100_000
    yield Case("nesting", "deep-line", sound_book() + deep + b"\n", REFUSED)
    deep_value = sound_book().replace(b'"120.00"', b'{"a": ' * 5000 + b"1" + b"}" * 5000)
    yield Case("nesting", "deep-value", deep_value, REFUSED)


def _numbers() -> Iterator[Case]:
    bare = (("1E+3", None), ("1e3", None), ("120.5", None), ("NaN", REFUSED),
            ("Infinity", REFUSED), ("-0", REFUSED), ("1" * 400, REFUSED))  # fmt: skip
    for amount, refused in bare:
        text = sound_book().replace(b'"120.00"', amount.encode())
        yield Case("numbers", f"bare-{amount[:8]}", text, refused)
    for amount, refused in (("1E+3", None), ("NaN", REFUSED), ("1e400", REFUSED), ("1e-30", None)):
        yield Case("numbers", f"text-{amount[:8]}", sound_book(amount=amount), refused)


def _dates() -> Iterator[Case]:
    """Dates at the calendar's edges: read, and planned without an overflow; dates
    that do not exist: refused."""
    edges: dict[str, tuple[dict[str, str], bool | None]] = {
        "due-9999": ({"due_date": "9999-12-31"}, None),
        "issue-0001": ({"issue_date": "0001-01-01", "due_date": "0001-01-31"}, None),
        "due-0001": ({"due_date": "0001-01-01", "issue_date": "0001-01-01"}, None),
        "year-10000": ({"due_date": "10000-01-01"}, REFUSED),
        "feb-30": ({"due_date": "2026-02-30"}, REFUSED),
    }
    for name, (fields, refused) in edges.items():
        yield Case("dates", name, sound_book(**fields), refused)


def _ids() -> Iterator[Case]:
    for name, value in {
        "newline": "F1\nF2",
        "escape": "F1\x1b[31m",
        "tab": "F\t1",
        "bidi": "F1\u202e",
        "blank": "   ",
    }.items():
        yield Case("ids", name, sound_book(id=value), REFUSED)
    yield Case("ids", "unicode-letters", sound_book(id="Facture-été-№1"), PLANNED)


def _empty() -> Iterator[Case]:
    yield Case("empty", "zero-bytes", b"", REFUSED, "no invoices")
    yield Case("empty", "customers-only", line("customer", id="C1", name="Acme"), REFUSED)
    yield Case("empty", "blank-lines", b"\n\n\n", REFUSED)


FAMILIES: tuple[Callable[[], Iterator[Case]], ...] = (
    _nul,
    _line_ends,
    _duplicates,
    _nesting,
    _numbers,
    _dates,
    _ids,
    _empty,
)

CASES = [case for family in FAMILIES for case in family()]
