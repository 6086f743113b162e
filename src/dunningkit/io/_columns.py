"""The one column spec of a book's sections, read by every format.

For each section (customers, invoices, payments, promises, events) it says which
columns there are, in which order, and what kind of value each holds. Each format
writes and reads a kind the same way:

=========  =================================  ==========================  ==============
kind       CSV cell                           Parquet column              JSON (Lines)
=========  =================================  ==========================  ==============
text       as is                              ``string``                  string
money      ``1234.56`` (or ``1234,56``)       ``decimal128(24, 6)``       number
date       ``YYYY-MM-DD`` (reads day first)   ``date32``                  ``YYYY-MM-DD``
list       ``a|b|c``                          ``list<string>``            array
flag       ``true`` / ``false``               ``bool``                    boolean
count      digits                             ``int64``                   number
nested     own columns or side files          ``string`` holding JSON     object / array
=========  =================================  ==========================  ==============

Nested values in CSV (:mod:`dunningkit.io._flat`): a hold is spread over
``hold_reason``, ``hold_until`` and ``hold_since``; a customer's first contact over
``contact_*`` columns and the others in ``contacts.csv``; its ``late_interest`` over
``late_interest_rate`` and ``late_interest_margin``; its ``proceedings`` over
``proceedings_*`` columns, the administrator as ``proceedings_administrator_*`` (the
contact's fields); payment terms are their words (``30 days end of month``);
instalments and status changes have their own files. Parquet's ``payments`` also has
the invoice's ``customer_id`` (:data:`PARQUET_KEYS`): read customer by customer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Any

from dunningkit._support._csv import unquote_cell
from dunningkit.book._sections import SECTIONS

__all__ = [
    "ADMINISTRATOR",
    "CONTACT_COLUMNS",
    "CSV_COLUMNS",
    "DATE_FORMATS",
    "FIELDS",
    "FLAT_KINDS",
    "HOLD_COLUMNS",
    "INTEREST_COLUMNS",
    "LIST_SEPARATOR",
    "NESTED_FIELDS",
    "PARQUET_KEYS",
    "PROCEEDINGS_COLUMNS",
    "REQUIRED_FILES",
    "Kind",
    "csv_kinds",
    "is_iso_date",
    "missing_columns",
    "parse_date",
    "parse_money",
    "read_cell",
    "section_kinds",
    "write_cell",
]


class Kind(Enum):
    """What a column holds, which says how every format writes and reads it."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    LIST = "list"
    FLAG = "flag"
    COUNT = "count"
    NESTED = "nested"


TEXT, MONEY, DATE, LIST, FLAG, COUNT, NESTED = Kind

FIELDS: dict[str, tuple[tuple[str, Kind], ...]] = {
    "customers": (
        ("id", TEXT),
        ("name", TEXT),
        ("kind", TEXT),
        ("size", TEXT),
        ("country", TEXT),
        ("locale", TEXT),
        ("contacts", NESTED),
        ("preferred_channels", LIST),
        ("payment_terms", NESTED),
        ("grace_days", COUNT),
        ("segment", TEXT),
        ("hold", NESTED),
        ("tags", LIST),
        ("since", DATE),
        ("siren", TEXT),
        ("siret", TEXT),
        ("vat_number", TEXT),
        ("company_register", TEXT),
        ("address", TEXT),
        ("late_interest", NESTED),
        ("proceedings", NESTED),
    ),
    "invoices": (
        ("id", TEXT),
        ("customer_id", TEXT),
        ("kind", TEXT),
        ("issue_date", DATE),
        ("due_date", DATE),
        ("currency", TEXT),
        ("amount", MONEY),
        ("status", TEXT),
        ("status_date", DATE),
        ("status_history", NESTED),
        ("accepted_amount", MONEY),
        ("order_reference", TEXT),
        ("payment_link", TEXT),
        ("hold", NESTED),
        ("installments", NESTED),
        ("direct_debit", FLAG),
        ("collection_date", DATE),
    ),
    "payments": (
        ("id", TEXT),
        ("invoice_id", TEXT),
        ("date", DATE),
        ("amount", MONEY),
        ("currency", TEXT),
        ("method", TEXT),
        ("reference", TEXT),
    ),
    "promises": (
        ("id", TEXT),
        ("customer_id", TEXT),
        ("invoice_ids", LIST),
        ("made_on", DATE),
        ("pay_by", DATE),
        ("amount", MONEY),
        ("currency", TEXT),
    ),
    "events": (
        ("id", TEXT),
        ("customer_id", TEXT),
        ("invoice_ids", LIST),
        ("date", DATE),
        ("step_id", TEXT),
        ("channel", TEXT),
        ("outcome", TEXT),
        ("scenario_id", TEXT),
        ("action_key", TEXT),
        ("reference", TEXT),
        ("fees", MONEY),
    ),
}
"""Every section's fields, in the records' order (Parquet's and JSON's), with kinds."""

NESTED_FIELDS: dict[str, dict[str, Kind]] = {
    "hold": {"reason": TEXT, "until": DATE, "since": DATE},
    "contacts": dict.fromkeys(("name", "role", "email", "phone", "postal_address", "locale"), TEXT),
    "installments": {"due_date": DATE, "amount": MONEY},
    "status_changes": {
        "date": DATE,
        "status": TEXT,
        "accepted_amount": MONEY,
        "note": TEXT,
        "reference": TEXT,
    },
    "late_interest": {"rate": MONEY, "margin": MONEY},
    "proceedings": {
        "kind": TEXT,
        "opened_on": DATE,
        "claims_deadline": DATE,
        "court": TEXT,
        "reference": TEXT,
    },
}
"""The fields of the records nested in a customer or an invoice."""

PARQUET_KEYS: dict[str, tuple[int, str]] = {"payments": (2, "customer_id")}
"""Columns a Parquet file adds to its section's fields: ``(position, name)``."""

ADMINISTRATOR = "proceedings_administrator_"
"""The prefix of the administrator's contact fields among a customer's CSV columns."""
FLAT_KINDS: dict[str, Kind] = {
    f"{prefix}{name}": kind
    for prefix, fields in (
        ("hold_", NESTED_FIELDS["hold"]),
        ("contact_", NESTED_FIELDS["contacts"]),
        ("late_interest_", NESTED_FIELDS["late_interest"]),
        ("proceedings_", NESTED_FIELDS["proceedings"]),
        (ADMINISTRATOR, NESTED_FIELDS["contacts"]),
    )
    for name, kind in fields.items()
}
"""The kind of every CSV column a nested value is spread over (``hold_until``...)."""
HOLD_COLUMNS, CONTACT_COLUMNS, INTEREST_COLUMNS, PROCEEDINGS_COLUMNS = (
    tuple(c for c in FLAT_KINDS if c.startswith(prefix) and not c.startswith(ADMINISTRATOR))
    for prefix in ("hold_", "contact_", "late_interest_", "proceedings_")
)
PROCEEDINGS_COLUMNS += tuple(c for c in FLAT_KINDS if c.startswith(ADMINISTRATOR))

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id",
        "name",
        "kind",
        "size",
        "country",
        "locale",
        "payment_terms",
        "grace_days",
        "segment",
        *HOLD_COLUMNS,
        "tags",
        "since",
        "preferred_channels",
        *CONTACT_COLUMNS,
        "siren",
        "siret",
        "vat_number",
        "company_register",
        "address",
        *INTEREST_COLUMNS,
        *PROCEEDINGS_COLUMNS,
    ),
    "contacts": ("customer_id", *NESTED_FIELDS["contacts"]),
    "invoices": (
        "id",
        "customer_id",
        "kind",
        "issue_date",
        "due_date",
        "currency",
        "amount",
        "status",
        "status_date",
        "accepted_amount",
        "order_reference",
        "payment_link",
        *HOLD_COLUMNS,
        "direct_debit",
        "collection_date",
        "payment_terms",
    ),
    "installments": ("invoice_id", *NESTED_FIELDS["installments"]),
    "status_changes": ("invoice_id", *NESTED_FIELDS["status_changes"]),
    "payments": tuple(name for name, _ in FIELDS["payments"]),
    "promises": tuple(name for name, _ in FIELDS["promises"]),
    "events": tuple(name for name, _ in FIELDS["events"]),
}
"""Columns of each CSV file; ``contacts``, ``installments`` and ``status_changes``
are optional files for the records that do not fit on one row. The invoices'
``payment_terms`` column is read only to compute an empty ``due_date``."""

REQUIRED_FILES = ("customers", "invoices")
LIST_SEPARATOR = "|"


def _required_columns(file: str) -> tuple[str, ...]:
    """The columns without which no row of ``file`` is a record: its model's required
    fields (an invoice's ``due_date`` may come from ``payment_terms``)."""
    if file not in SECTIONS:
        return ()
    model = SECTIONS[file][1]
    return tuple(
        name
        for name, info in model.model_fields.items()
        if info.is_required()
        and name in CSV_COLUMNS[file]
        and not (file == "invoices" and name == "due_date")
    )


REQUIRED_COLUMNS = {file: _required_columns(file) for file in CSV_COLUMNS}
"""The columns each CSV file must have in its header."""


def missing_columns(file: str, header: list[str]) -> list[str]:
    """The required columns ``header`` lacks: one problem each, not one per row."""
    present = set(header)
    missing = [name for name in REQUIRED_COLUMNS[file] if name not in present]
    if file == "invoices" and "due_date" not in present and "payment_terms" not in present:
        missing.append("due_date")
    return missing


def section_kinds(section: str) -> dict[str, Kind]:
    """A section's fields and their kinds."""
    return dict(FIELDS[section])


def _csv_kinds(file: str) -> dict[str, Kind]:
    own = NESTED_FIELDS.get(file) or section_kinds(file)
    kinds = {}
    for column in CSV_COLUMNS[file]:
        if column in own and own[column] is not NESTED:
            kinds[column] = own[column]
        else:  # keys, cells of nested values, payment terms in words
            kinds[column] = FLAT_KINDS.get(column, TEXT)
    return kinds


_CSV_KINDS = {file: _csv_kinds(file) for file in CSV_COLUMNS}


def csv_kinds(file: str) -> dict[str, Kind]:
    """The kind of every column of a CSV file (``contacts``, ``invoices``...)."""
    return _CSV_KINDS[file]


# -- cells ------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a date as ``YYYY-MM-DD``."""
    return _ISO_DATE.match(text) is not None


def parse_money(text: str, decimal: str) -> str:
    """Read ``1 234,56`` (decimal comma) or ``1,234.56`` (decimal point) exactly.

    Group separators are only accepted in groups of three, so ``1,5`` in a file
    that uses a decimal point is an error, never fifteen.
    """
    compact = _SPACES.sub("", text)
    group = "." if decimal == "," else ","
    pattern = (
        rf"^[+-]?(\d+|\d{{1,3}}(\{group}\d{{3}})+)(\{decimal}\d+)?$"
        if group in compact
        else rf"^[+-]?\d+(\{decimal}\d+)?$"
    )
    if not re.match(pattern, compact):
        raise ValueError(f"cannot read {text!r} as an amount with decimal separator {decimal!r}")
    return compact.replace(group, "").replace(decimal, ".")


DATE_FORMATS = ("DD/MM/YYYY", "MM/DD/YYYY")
"""The date formats a book may declare for its ``dd/mm`` or ``mm/dd`` dates (``/`` or
``.`` between the parts); ``YYYY-MM-DD`` is always read."""


def parse_date(text: str, declared: str | None = None) -> str:
    """``YYYY-MM-DD`` for an ISO date, or a ``dd/mm/yyyy``-like one read as ``declared``.

    Undeclared, a date whose order shows (``31/01/2026``) is read day first; an
    ambiguous one (``10/01/2026``) or a month-first one raises ``ValueError``, quoted as
    written. Other text is left as it is, for the model to report with the field."""
    stripped = text.strip()
    if _ISO_DATE.match(stripped):
        return stripped
    match = _DAY_FIRST.match(stripped)
    if not match:
        return stripped
    first, second, year = (int(part) for part in match.groups())
    if declared == "MM/DD/YYYY":
        month, day = first, second
    elif declared == "DD/MM/YYYY" or first == second or (first > 12 >= second):
        day, month = first, second
    else:
        reading = (
            f"day {first} of month {second} or month {first}, day {second}"
            if second <= 12
            else f"month {first}, day {second} (month first)"
        )
        raise ValueError(
            f"{stripped!r} could be {reading}: declare the book's date format "
            f"(date_format='DD/MM/YYYY' or 'MM/DD/YYYY'), or export dates as YYYY-MM-DD"
        )
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_cell(kind: Kind, text: str, decimal: str, dates: str | None = None) -> Any:
    """One non-empty CSV cell as the model reads it (raises ``ValueError`` for an
    amount that cannot be read, or a date of an undeclared order: see
    :func:`parse_date`)."""
    if kind is TEXT:  # most cells: first
        return unquote_cell(text)
    if kind is MONEY:
        return parse_money(text, decimal)
    if kind is DATE:
        return parse_date(text, dates)
    if kind is LIST:
        return [part.strip() for part in text.split(LIST_SEPARATOR)]
    return text


def write_cell(kind: Kind, value: Any, decimal: str) -> str:
    """One value as a CSV cell that :func:`read_cell` reads back."""
    if value is None:
        return ""
    if kind is FLAG or isinstance(value, bool):
        return "true" if value else "false"
    if kind is MONEY or isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal)
    if kind is LIST or isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)
