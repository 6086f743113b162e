"""The one table renderer: rows as a table for people, or as JSON or CSV for machines.

A table uses ``rich`` when it is installed (the ``cli`` extra) and the output is a
terminal; otherwise plain, aligned text that pipes well. JSON and CSV carry the rows
only (no title, no totals), with the cells of :mod:`dunningkit.planning._rows`: amounts
plain decimals, the currency in its own column.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO

from dunningkit._support._csv import csv_writer
from dunningkit._support._money import money_cell, money_text
from dunningkit._support._optional import available, require
from dunningkit.planning._results import Action
from dunningkit.planning._rows import csv_cells

__all__ = ["RIGHT", "Row", "currency_totals", "emit", "printable"]

Row = dict[str, Any]

RIGHT = frozenset({"priority", "amount_due", "invoices_count", "days", "interest_days",
                   "rate", "interest", "fixed_compensation", "total", "on_time_ratio",
                   "average_days_late", "invoices_due_12m", "value"})  # fmt: skip
"""Columns right-aligned in every table: amounts, counts, figures."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters (terminal escape codes, line breaks, bidirectional overrides):
never printed from a record into a text table."""


def printable(text: str) -> str:
    """``text`` without control characters, for a terminal."""
    return _CONTROL.sub("", text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money_cell(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return printable(str(value))


def _plain_table(
    rows: Sequence[Row],
    columns: Sequence[str],
    out: TextIO,
    right: Collection[str],
    footer: Sequence[Row],
) -> None:
    cells = [[_text(row.get(col)) for col in columns] for row in [*rows, *footer]]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if col in right else v.ljust(w)
            for v, w, col in zip(values, widths, columns, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out.write(line(columns) + "\n" + rule + "\n")
    out.writelines(line(r) + "\n" for r in cells[: len(rows)])
    if footer:
        out.write(rule + "\n")
        out.writelines(line(r) + "\n" for r in cells[len(rows) :])


def _rich_table(
    rows: Sequence[Row],
    columns: Sequence[str],
    title: str | None,
    right: Collection[str],
    footer: Sequence[Row],
) -> None:
    rich_console: Any = require("rich.console", "a rich table")
    rich_table: Any = require("rich.table", "a rich table")
    table = rich_table.Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold", justify="right" if col in right else "left")
    for row in rows:
        table.add_row(*(_text(row.get(col)) for col in columns))
    if footer:
        table.add_section()
        for row in footer:
            table.add_row(*(_text(row.get(col)) for col in columns), style="bold")
    rich_console.Console().print(table)


def _json_default(value: Any) -> str:
    return _text(value)


def emit(
    rows: Sequence[Row],
    columns: Sequence[str],
    fmt: str,
    *,
    title: str | None = None,
    out: TextIO | None = None,
    right: Collection[str] = (),
    footer: Sequence[Row] = (),
) -> None:
    """Print rows as a table (``table`` or ``text``), JSON or CSV.

    In a table, ``right`` columns (amounts, counts) are right-aligned and ``footer``
    rows (totals) follow a rule; JSON and CSV carry only ``rows``.
    """
    out = out or sys.stdout
    if fmt == "json":
        data = [{c: row.get(c) for c in columns} for row in rows]
        json.dump(data, out, indent=2, default=_json_default, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        writer = csv_writer(out)
        writer.writerow(columns)
        writer.writerows(csv_cells(row, columns) for row in rows)
    elif out is sys.stdout and out.isatty() and available("rich"):
        _rich_table(rows, columns, title, right, footer)
    else:
        if title:
            out.write(f"{printable(title)}\n")
        _plain_table(rows, columns, out, right, footer)


def currency_totals(
    actions: Iterable[Action], locale_of: Callable[[Action], str], label: str = "total"
) -> list[Row]:
    """One footer row per currency: how many actions and their amount, never mixed."""
    totals: dict[str, tuple[int, Decimal, str]] = {}
    for action in actions:
        count, amount, locale = totals.get(action.currency, (0, Decimal(0), ""))
        totals[action.currency] = (
            count + 1,
            amount + action.amount_due,
            locale or locale_of(action),
        )
    return [
        {
            "customer": f"{label} {currency} ({count} action{'s' if count != 1 else ''})",
            "amount_due": money_text(amount, currency, locale),
        }
        for currency, (count, amount, locale) in sorted(totals.items())
    ]
