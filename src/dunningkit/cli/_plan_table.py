"""The plan as a person reads it: the day's actions, then what gets none and why, then
what a person should look at (the plan's alerts).

Shared by ``plan`` and ``demo``: amounts in the locale rule's locale and right-aligned,
a total per currency (never across currencies), rows by day then priority; the fees
the actions charge when any does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from dunningkit._support._money import money_text
from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._context import LocaleRule
from dunningkit.cli._table import RIGHT, Row, currency_totals, emit
from dunningkit.messages._labels import label
from dunningkit.planning._plan import Plan

__all__ = ["ACTION_COLUMNS", "action_rows", "action_table", "alert_table", "skip_table"]

ACTION_COLUMNS = (
    "scheduled_for",
    "priority",
    "customer",
    "segment",
    "step",
    "channel",
    "tone",
    "invoices",
    "amount_due",
    "fees",
    "approval",
    "key",
)
"""Columns of the plan table; ``fees`` is left out when no action charges any,
``approval`` when no action needs one."""


def action_rows(plan: Plan, portfolio: Portfolio, locale: LocaleRule) -> list[Row]:
    """The plan's actions as table rows a person reads."""
    return [
        {
            "scheduled_for": a.scheduled_for.isoformat(),
            "priority": format(a.priority.quantize(Decimal(1)), "f"),
            "customer": f"{portfolio.customer(a.customer_id).name} ({a.customer_id})",
            "segment": a.segment,
            "step": a.step_id,
            "channel": str(a.channel),
            "tone": str(a.tone),
            "invoices": " ".join(a.invoice_ids),
            "amount_due": money_text(a.amount_due, a.currency, locale.for_customer(a.customer_id)),
            "fees": money_text(a.fees, a.currency, locale.for_customer(a.customer_id)),
            "approval": "required" if a.requires_approval else "no",
            "key": a.key,
        }
        for a in plan.actions
    ]


def action_table(
    plan: Plan,
    portfolio: Portfolio,
    locale: LocaleRule,
    *,
    title: str,
    with_key: bool,
    out: TextIO | None = None,
) -> None:
    """The actions, amounts right-aligned, a total per currency, fees and approvals
    when any."""
    columns = [c for c in ACTION_COLUMNS if with_key or c != "key"]
    rows = action_rows(plan, portfolio, locale)
    for row in rows:  # words for people here; the ids stay in JSON and CSV
        row.update({g: label(g, str(row[g])) for g in ("segment", "step", "channel", "tone")})
    if not any(a.requires_approval for a in plan.actions):
        columns.remove("approval")
    if not any(a.fees for a in plan.actions):
        columns.remove("fees")
    emit(
        rows,
        columns,
        "table",
        title=f"{title} (by date, then priority: open amount x segment risk)",
        out=out,
        right=RIGHT | {"fees"},
        footer=currency_totals(plan.actions, lambda a: locale.for_customer(a.customer_id)),
    )


def skip_table(plan: Plan, title: str, out: TextIO | None = None) -> None:
    """How many open invoices get no reminder, per reason, most frequent first."""
    counts: dict[str, int] = {}
    for skip in plan.skipped:
        reason = label("skip", str(skip.reason))
        counts[reason] = counts.get(reason, 0) + 1
    rows = [{"reason": r, "invoices": n} for r, n in sorted(counts.items(), key=lambda x: -x[1])]
    emit(rows, ("reason", "invoices"), "table", title=title, out=out, right={"invoices"})


def alert_table(plan: Plan, out: TextIO) -> None:
    """The plan's alerts (a claim to declare, one about to expire...), when there are any:
    the code, the customer, the day each is about (a deadline, an expiry), the words."""
    if not plan.alerts:
        return
    rows: list[Row] = [
        {"on": a.on.isoformat(), "customer": a.customer_id, "alert": a.code, "message": a.message}
        for a in sorted(plan.alerts, key=lambda a: (a.on, a.customer_id, a.code, a.message))
    ]
    out.write("\n")
    title = f"{len(rows)} alert{'s' if len(rows) > 1 else ''} to look at"
    emit(rows, ("alert", "customer", "on", "message"), "table", title=title, out=out)
