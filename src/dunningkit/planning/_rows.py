"""An action and a skip as flat rows: the one column layout every table format writes.

CSV (in memory and streamed) and Parquet read these columns, in this order, with these
types; lists are joined with ``|`` in text formats.
"""

from __future__ import annotations

from typing import Any

from dunningkit.planning._plan import Action

__all__ = ["ACTION_CSV", "SKIP_CSV", "action_row"]


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
    "pay_by",
    "terminal",
    "fallback_channels",
    "reasons",
)
"""Columns of ``actions.csv`` (lists joined with ``|``; the contact is its name)."""
SKIP_CSV = ("invoice_id", "customer_id", "reason", "detail")


def action_row(action: Action) -> dict[str, Any]:
    """An action as one flat row (CSV and Parquet sinks)."""
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
        "contact": action.contact.name if action.contact is not None else None,
        "pay_by": action.pay_by,
        "terminal": action.terminal,
        "fallback_channels": [str(c) for c in action.fallback_channels],
        "reasons": list(action.reasons),
    }
