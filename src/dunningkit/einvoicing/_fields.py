"""What the two EN 16931 syntaxes say, in one shape: the fields dunningkit reads.

The UBL and CII readers (:mod:`._ubl`, :mod:`._cii`) fill these; :mod:`._invoice`
turns them into dunningkit records. Each field names its EN 16931 business term.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from xml.etree.ElementTree import Element

from dunningkit.einvoicing._xml import ElementReader

__all__ = [
    "SIREN_SCHEME",
    "SIRET_SCHEME",
    "InvoiceFields",
    "PartyFields",
    "PartyPaths",
    "due_from_terms",
    "read_party",
]

SIREN_SCHEME = "0002"
"""ISO 6523 ICD of the French SIREN (the scheme of a legal registration, BT-30/BT-47)."""
SIRET_SCHEME = "0009"
"""ISO 6523 ICD of the French SIRET (an establishment)."""


@dataclass
class PartyFields:
    """A seller (BG-4) or buyer (BG-7) as the document gives it."""

    role: str  # "seller" or "buyer", for messages
    element: str  # where the party is, for messages
    identifiers: list[tuple[str, str | None]] = field(default_factory=list)  # BT-29/BT-46
    legal_id: tuple[str, str | None] | None = None  # BT-30/BT-47 with its scheme
    vat: str | None = None  # BT-31/BT-48
    endpoint: str | None = None  # BT-34/BT-49
    name: str | None = None  # BT-27/BT-44
    trading_name: str | None = None  # BT-28/BT-45
    country: str | None = None  # BT-40/BT-55
    address: list[str] = field(default_factory=list)  # BG-5/BG-8 lines, postcode, city
    contact_name: str | None = None  # BT-41/BT-56
    phone: str | None = None  # BT-42/BT-57
    email: str | None = None  # BT-43/BT-58


@dataclass
class InvoiceFields:
    """An invoice or credit note as the document gives it (``None``: absent or unreadable)."""

    syntax: str  # "UBL Invoice", "UBL CreditNote", "CII"
    number: str | None = None  # BT-1
    type_code: str | None = None  # BT-3
    issue_date: date | None = None  # BT-2
    due_date: date | None = None  # BT-9
    terms: str | None = None  # BT-20
    currency: str | None = None  # BT-5
    total: Decimal | None = None  # BT-112, with VAT
    prepaid: Decimal | None = None  # BT-113
    rounding: Decimal | None = None  # BT-114
    due_payable: Decimal | None = None  # BT-115
    order_reference: str | None = None  # BT-13
    credit_note_root: bool = False
    seller: PartyFields | None = None
    buyer: PartyFields | None = None


_TERMS_DAYS = re.compile(
    r"(?<![\d.,])(\d{1,3})\s*(?:calendar\s+)?(?:days?|jours?|tage[n]?|dagen|dage|dagar|giorni|d[ií]as)\b",
    re.IGNORECASE,
)


def due_from_terms(issue_date: date, terms: str | None) -> date | None:
    """The due date read from payment terms that name one number of days (BT-20:
    "Payment within 30 days", "30 jours net", "Zahlbar innerhalb 14 Tagen"), counted
    from the issue date; ``None`` when the terms say no such thing or several."""
    if terms is None:
        return None
    found = {int(match) for match in _TERMS_DAYS.findall(terms)}
    if len(found) != 1:
        return None
    return issue_date + timedelta(days=found.pop())


@dataclass(frozen=True)
class PartyPaths:
    """Where a syntax keeps each field of a party, relative to the party's element."""

    identifiers: tuple[str, ...]  # BT-29/BT-46, each with its schemeID
    legal_id: str  # BT-30/BT-47
    vat: Callable[[ElementReader, Element], str | None]  # BT-31/BT-48
    endpoint: str  # BT-34/BT-49
    name: str  # BT-27/BT-44
    trading_name: str  # BT-28/BT-45
    address: str  # BG-5/BG-8, and below it:
    country: str
    lines: tuple[str, ...]
    postcode: str
    city: str
    contact: str  # BG-6/BG-9, and below it:
    contact_names: tuple[str, ...]
    phone: str
    email: str


def read_party(
    r: ElementReader, root: Element, path: str, role: str, paths: PartyPaths
) -> PartyFields | None:
    """The seller (BG-4) or buyer (BG-7) at ``path``; a problem when there is none."""
    node = r.find(root, path)
    if node is None:
        r.problem(f"{path} ({'BG-4' if role == 'seller' else 'BG-7'})", f"no {role}")
        return None
    party = PartyFields(role=role, element=path)
    for id_path in paths.identifiers:
        for element in r.find_all(node, id_path):
            if element.text and element.text.strip():
                party.identifiers.append((element.text.strip(), element.get("schemeID")))
    legal = r.find(node, paths.legal_id)
    if legal is not None and legal.text and legal.text.strip():
        party.legal_id = (legal.text.strip(), legal.get("schemeID"))
    party.vat = paths.vat(r, node)
    party.endpoint = r.text(node, paths.endpoint)
    party.name = r.text(node, paths.name)
    party.trading_name = r.text(node, paths.trading_name)
    address = r.find(node, paths.address)
    party.country = r.text(address, paths.country)
    for line in paths.lines:
        party.address.extend(t for e in r.find_all(address, line) if (t := (e.text or "").strip()))
    place = [t for t in (r.text(address, paths.postcode), r.text(address, paths.city)) if t]
    if place:
        party.address.append(" ".join(place))
    contact = r.find(node, paths.contact)
    names = (r.text(contact, name_path) for name_path in paths.contact_names)
    party.contact_name = next((n for n in names if n), None)
    party.phone = r.text(contact, paths.phone)
    party.email = r.text(contact, paths.email)
    return party
