"""What the two EN 16931 syntaxes say, in one shape: the fields dunningkit reads.

The UBL and CII readers (:mod:`._ubl`, :mod:`._cii`) fill these; :mod:`._invoice`
turns them into dunningkit records. Each field names its EN 16931 business term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

__all__ = ["SIREN_SCHEME", "SIRET_SCHEME", "InvoiceFields", "PartyFields", "due_from_terms"]

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
