"""Hostile-until-proven-otherwise XML: bounded reads, defusedxml, and a reader that
names the element of every problem it meets.

Every e-invoicing file goes through :func:`read_source` (a path, bytes or a binary file,
at most :data:`MAX_XML_BYTES`) and :func:`parse_xml` (``defusedxml`` with DTDs,
entities and external references forbidden). A refused file raises
:class:`~dunningkit.errors.HostileXmlError`; nothing in it is resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO, Protocol
from xml.etree.ElementTree import Element

from dunningkit._support._optional import require
from dunningkit.errors import EInvoiceError, EInvoiceProblem, HostileXmlError

_XS_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
"""An xs:decimal as XML Schema writes it (what EN 16931 amounts are)."""

__all__ = [
    "MAX_PDF_BYTES",
    "MAX_XML_BYTES",
    "ElementReader",
    "Source",
    "gathered",
    "parse_xml",
    "read_source",
    "source_name",
]

MAX_XML_BYTES = 10 * 1024 * 1024
"""The largest XML file read (10 MiB): an EN 16931 invoice or a CDAR message weighs a few
kilobytes; anything larger is refused before it is parsed."""

MAX_PDF_BYTES = 50 * 1024 * 1024
"""The largest Factur-X PDF read (50 MiB); the XML inside it is then held to
:data:`MAX_XML_BYTES`."""


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


Source = str | Path | bytes | BinaryIO
"""Where a document comes from: a path, its bytes, or a binary file object."""


def source_name(source: Source | _Readable) -> str:
    """How problems name a source: its path, a file object's name, or ``<bytes>``."""
    if isinstance(source, str | Path):
        return str(source)
    if isinstance(source, bytes | bytearray):
        return "<bytes>"
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str | Path) else "<stream>"


def read_source(source: Source, *, limit: int) -> tuple[str, bytes]:
    """The source's name and bytes; :class:`HostileXmlError` past ``limit`` bytes."""
    name = source_name(source)
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > limit:
                raise _too_large(name, limit)
            data = path.read_bytes()
        except OSError as error:
            problem = EInvoiceProblem(name, "document", f"cannot read: {error.strerror or error}")
            raise EInvoiceError([problem]) from None
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, limit)
    return name, data


def _too_large(name: str, limit: int) -> HostileXmlError:
    return HostileXmlError(
        [EInvoiceProblem(name, "document", f"refused: larger than {limit} bytes")]
    )


def gathered(errors: Sequence[EInvoiceError]) -> EInvoiceError:
    """One error holding every problem of ``errors``: a :class:`HostileXmlError` when
    any file was refused (a security refusal keeps its class), else an
    :class:`EInvoiceError`."""
    problems = [problem for error in errors for problem in error.problems]
    if any(isinstance(error, HostileXmlError) for error in errors):
        return HostileXmlError(problems)
    return EInvoiceError(problems)


def parse_xml(data: bytes, name: str) -> Element:
    """The document's root, parsed with DTDs, entities and external references forbidden."""
    if len(data) > MAX_XML_BYTES:
        raise _too_large(name, MAX_XML_BYTES)
    defused = require("defusedxml", "reading e-invoices")
    tree = require("defusedxml.ElementTree", "reading e-invoices")
    try:
        root: Element = tree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defused.DefusedXmlException as error:
        what = {
            "DTDForbidden": "a DTD (document type declaration)",
            "EntitiesForbidden": "an entity declaration",
            "ExternalReferenceForbidden": "an external reference",
        }.get(type(error).__name__, "a construct defusedxml forbids")
        problem = EInvoiceProblem(name, "document", f"refused: the XML holds {what}")
        raise HostileXmlError([problem]) from None
    except tree.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else "?"
        problem = EInvoiceProblem(name, f"line {line}", f"not well-formed XML: {error}")
        raise EInvoiceError([problem]) from None
    return root


_DATE_FORMATS: dict[str, tuple[re.Pattern[str], Callable[[str], date]]] = {
    "102": (re.compile(r"\d{8}"), lambda t: date(int(t[:4]), int(t[4:6]), int(t[6:8]))),
    "204": (re.compile(r"\d{14}"), lambda t: date(int(t[:4]), int(t[4:6]), int(t[6:8]))),
    "iso": (re.compile(r"\d{4}-\d{2}-\d{2}"), date.fromisoformat),
}
"""Date formats met in the flux: UN/EDIFACT 2379 codes 102 (CCYYMMDD) and 204
(CCYYMMDDHHMMSS, the day is kept), and the ISO dates of UBL."""

_FORMAT_NAMES = {"102": "CCYYMMDD", "204": "CCYYMMDDHHMMSS", "iso": "YYYY-MM-DD"}


class ElementReader:
    """Reads values from one document and collects every problem with its element.

    A missing mandatory value or a value in the wrong format is recorded, never
    raised at once: :meth:`raise_problems` raises them together at the end.
    """

    def __init__(self, root: Element, source: str, namespaces: dict[str, str]) -> None:
        self.root = root
        self.source = source
        self.namespaces = namespaces
        self.problems: list[EInvoiceProblem] = []

    def problem(self, element: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(EInvoiceProblem(self.source, element, message))

    def raise_problems(self) -> None:
        """Raise every problem recorded so far, if any."""
        if self.problems:
            raise EInvoiceError(self.problems)

    def find(self, node: Element | None, path: str) -> Element | None:
        """The first element at ``path`` under ``node``, or ``None``."""
        return None if node is None else node.find(path, self.namespaces)

    def find_all(self, node: Element | None, path: str) -> list[Element]:
        """Every element at ``path`` under ``node``."""
        return [] if node is None else node.findall(path, self.namespaces)

    def text(self, node: Element | None, path: str) -> str | None:
        """The stripped text at ``path``, ``None`` when absent or blank."""
        found = self.find(node, path)
        text = None if found is None or found.text is None else found.text.strip()
        return text or None

    def required(self, node: Element | None, path: str, term: str) -> str | None:
        """The text at ``path``; a problem naming ``path (term)`` when it is missing."""
        text = self.text(node, path)
        if text is None:
            self.problem(f"{path} ({term})" if term else path, "missing")
        return text

    def amount(
        self, node: Element | None, path: str, term: str, *, required: bool
    ) -> Decimal | None:
        """The decimal at ``path``; a problem when it is missing (if required) or not a number."""
        text = self.required(node, path, term) if required else self.text(node, path)
        if text is None:
            return None
        # xs:decimal: ASCII digits, one optional point, an optional sign; no exponent, no
        # grouping, no other script's digits (Python's Decimal accepts all three).
        try:
            value = Decimal(text) if _XS_DECIMAL.fullmatch(text.strip()) else Decimal("NaN")
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.problem(f"{path} ({term})", f"{text!r} is not an amount")
            return None
        return value

    def date(
        self, node: Element | None, path: str, term: str, *, required: bool, fmt: str | None
    ) -> date | None:
        """The date at ``path`` in ``fmt`` (``102``, ``204``, or ``None`` for ISO; a
        CII ``format`` attribute on the element wins); a problem when it is wrong."""
        element = self.find(node, path)
        text = None if element is None or element.text is None else element.text.strip()
        if not text:
            if required:
                self.problem(f"{path} ({term})", "missing")
            return None
        code = (element.get("format") if element is not None else None) or fmt or "iso"
        if code not in _DATE_FORMATS:
            self.problem(f"{path} ({term})", f"date format {code!r} is not 102 or 204")
            return None
        pattern, parse = _DATE_FORMATS[code]
        try:
            if pattern.fullmatch(text):
                return parse(text)
        except ValueError:
            pass
        self.problem(
            f"{path} ({term})", f"{text!r} is not a date in the form {_FORMAT_NAMES[code]}"
        )
        return None
