"""An action and a skip as flat rows: the one column layout every table format writes.

CSV (``plan --format csv``, the streamed ``actions.csv``) and Parquet read these
columns, in this order, with these types. In CSV every cell follows one convention
(:func:`csv_cell`): lists joined with ``|`` (the separator the loaders read back),
booleans ``true``/``false``, amounts plain decimals, dates ``YYYY-MM-DD``, nothing as
an empty cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from dunningkit.planning._results import Action, Skip

__all__ = [
    "ACTION_CSV",
    "LIST_SEPARATOR",
    "SKIP_CSV",
    "action_row",
    "csv_cell",
    "csv_cells",
    "skip_row",
]

LIST_SEPARATOR = "|"
"""Between the items of a list in a text cell (the loaders split on it too)."""

ACTION_CSV = (
    "key",
    "scheduled_for",
    "customer_id",
    "segment",
    "scenario_id",
    "step_id",
    "channel",
    "tone",
    "template",
    "invoice_ids",
    "amount_due",
    "currency",
    "priority",
    "requires_approval",
    "contact",
    "contact_email",
    "contact_phone",
    "contact_postal_address",
    "pay_by",
    "terminal",
    "fallback_channels",
    "reasons",
    "fees",
)
"""Columns of an action row: what to send, to whom (the contact's name, email, phone
and postal address, as an ERP needs them), by when, why, and the fees the step charges
(in ``currency``; zero when none)."""
SKIP_CSV = ("invoice_id", "customer_id", "reason", "detail")
"""Columns of a skip row."""


def action_row(action: Action) -> dict[str, Any]:
    """An action as one flat row, typed (dates, Decimals, booleans, lists)."""
    contact = action.contact
    return {
        "key": action.key,
        "scheduled_for": action.scheduled_for,
        "customer_id": action.customer_id,
        "segment": action.segment,
        "scenario_id": action.scenario_id,
        "step_id": action.step_id,
        "channel": str(action.channel),
        "tone": str(action.tone),
        "template": action.template,
        "invoice_ids": list(action.invoice_ids),
        "amount_due": action.amount_due,
        "currency": action.currency,
        "priority": action.priority,
        "requires_approval": action.requires_approval,
        "contact": contact.name if contact is not None else None,
        "contact_email": contact.email if contact is not None else None,
        "contact_phone": contact.phone if contact is not None else None,
        "contact_postal_address": contact.postal_address if contact is not None else None,
        "pay_by": action.pay_by,
        "terminal": action.terminal,
        "fallback_channels": [str(c) for c in action.fallback_channels],
        "reasons": list(action.reasons),
        "fees": action.fees,
    }


def skip_row(skip: Skip) -> dict[str, Any]:
    """A skip as one flat row."""
    return {
        "invoice_id": skip.invoice_id,
        "customer_id": skip.customer_id,
        "reason": str(skip.reason),
        "detail": skip.detail,
    }


def csv_cell(value: Any) -> str:
    """One value as CSV text, by the convention of this module's docstring."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    return str(value)


def csv_cells(row: Mapping[str, Any], columns: Iterable[str]) -> list[str]:
    """A row's cells in ``columns`` order."""
    return [csv_cell(row.get(column)) for column in columns]
