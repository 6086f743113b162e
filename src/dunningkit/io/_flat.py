"""A customer's or an invoice's nested values on one CSV row, and back.

A CSV row is flat: a hold is spread over ``hold_*`` cells, a customer's first contact
over ``contact_*`` cells, its contractual interest over ``late_interest_rate`` and
``late_interest_margin``, its insolvency proceedings over ``proceedings_*`` cells with
the administrator as ``proceedings_administrator_*`` (the column spec,
:mod:`dunningkit.io._columns`, lists them and their kinds). ``flat_*`` spreads a value
over its cells for the writer; ``nest_*`` gathers a read row's cells back into the
value the model reads, leaving nothing when every cell is empty.
"""

from __future__ import annotations

from typing import Any

from dunningkit.io._columns import (
    ADMINISTRATOR,
    CONTACT_COLUMNS,
    INTEREST_COLUMNS,
    PROCEEDINGS_COLUMNS,
)

__all__ = [
    "flat_contact",
    "flat_customer",
    "flat_hold",
    "nest_contact",
    "nest_customer",
    "nest_hold",
]


def _flat(prefix: str, value: Any) -> dict[str, Any]:
    """A model (or ``None``) as its ``prefix*`` cells."""
    if value is None:
        return {}
    return {f"{prefix}{k}": v for k, v in value.model_dump().items()}


def _take(row: dict[str, Any], columns: tuple[str, ...], prefix: str) -> dict[str, Any]:
    """The row's non-empty ``columns`` taken off it, named without ``prefix``."""
    taken = {c.removeprefix(prefix): row.pop(c) for c in columns if c in row}
    return {k: v for k, v in taken.items() if v is not None}


def flat_hold(hold: Any) -> dict[str, Any]:
    """A hold (a model or ``None``) as its ``hold_*`` cells."""
    return _flat("hold_", hold)


def nest_hold(row: dict[str, Any]) -> None:
    """Gather a row's ``hold_*`` cells into its ``hold``."""
    parts = {k.removeprefix("hold_"): row.pop(k) for k in list(row) if k.startswith("hold_")}
    present = {k: v for k, v in parts.items() if v is not None}
    if present:
        row["hold"] = present


def flat_contact(contact: Any) -> dict[str, Any]:
    """A customer's first contact as its ``contact_*`` cells."""
    return _flat("contact_", contact)


def nest_contact(row: dict[str, Any]) -> dict[str, Any]:
    """Take a row's ``contact_*`` cells off it, as a contact (empty when there are none)."""
    return {k.removeprefix("contact_"): row.pop(k) for k in list(row) if k in CONTACT_COLUMNS}


def flat_customer(customer: Any) -> dict[str, Any]:
    """A customer's contractual interest and proceedings as their cells."""
    cells = _flat("late_interest_", customer.late_interest)
    proceedings = customer.proceedings
    if proceedings is not None:
        cells.update(_flat("proceedings_", proceedings))
        del cells["proceedings_administrator"]
        cells.update(_flat(ADMINISTRATOR, proceedings.administrator))
    return cells


def nest_customer(row: dict[str, Any]) -> None:
    """Gather a row's ``late_interest_*`` and ``proceedings_*`` cells into its
    ``late_interest`` and ``proceedings`` (the administrator nested in them)."""
    interest = _take(row, INTEREST_COLUMNS, "late_interest_")
    if interest:
        row["late_interest"] = interest
    administrator = _take(
        row, tuple(c for c in PROCEEDINGS_COLUMNS if c.startswith(ADMINISTRATOR)), ADMINISTRATOR
    )
    proceedings = _take(row, PROCEEDINGS_COLUMNS, "proceedings_")
    if administrator:
        proceedings["administrator"] = administrator
    if proceedings:
        row["proceedings"] = proceedings
