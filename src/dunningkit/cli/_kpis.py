"""``dunningkit kpis BOOK --today D``: the headline collection figures as of a day.

JSON is :meth:`Kpis.to_dict`, CSV the figures as plain numbers (``figure``,
``currency``, ``value``); the table says the unit of each figure, with the amounts
in the locale rule's locale.
"""

from __future__ import annotations

import argparse
from typing import Any

from dunningkit._support._money import money_text
from dunningkit.analytics import kpis
from dunningkit.cli._context import LocaleRule, load_book, output, policy_of
from dunningkit.cli._options import (
    add_book,
    add_book_options,
    add_command,
    add_today,
    positive_arg,
)
from dunningkit.cli._table import RIGHT, Row, emit

__all__ = ["UNITS", "cmd_kpis", "register"]

UNITS = {
    "receivables": "amount",
    "overdue": "amount",
    "overdue_share": "% of receivables",
    "dso": "days",
    "best_possible_dso": "days",
    "average_days_delinquent": "days",
    "cei": "% (100 = all collected)",
    "collection_rate": "% of what was due",
    "promise_kept_rate": "fraction (1 = all kept)",
    "dispute_rate": "fraction of invoices",
    "open_invoices": "invoices",
    "overdue_invoices": "invoices",
    "customers_overdue": "customers",
}
"""The unit of each figure, as the table shows it (percent and fraction both occur)."""


def table_rows(rows: list[Row], locale: str) -> list[Row]:
    """The figures for a person: amounts as money text, and each figure's unit."""
    shown = []
    for row in rows:
        unit = UNITS[row["figure"]]
        value = row["value"]
        if unit == "amount":
            value = money_text(value, row["currency"], locale)
        shown.append({**row, "value": value, "unit": unit})
    return shown


def cmd_kpis(args: argparse.Namespace) -> int:
    """Print the headline figures of a book as of a day."""
    portfolio = load_book(args)
    figures = kpis(portfolio, args.today, days=args.days)
    with output(args) as out:
        if args.format == "json":
            out.write(figures.to_json() + "\n")
        elif args.format == "csv":
            emit(figures.rows(), ("figure", "currency", "value"), "csv", out=out)
        else:
            locale = LocaleRule.of(portfolio, policy_of(args), args.locale).for_book()
            rows = table_rows(figures.rows(), locale)
            columns = ("figure", "currency", "value", "unit")
            emit(rows, columns, "table", title=f"KPIs on {args.today}", out=out, right=RIGHT)
    return 0


def register(sub: Any) -> None:
    """Add ``kpis`` to the command line."""
    text = "headline collection figures (DSO, CEI, overdue...) as of a day"
    p = add_command(sub, "kpis", cmd_kpis, text)
    add_book(p)
    add_today(p, aliases=("--on",))
    p.add_argument("--days", type=positive_arg, default=90, help="DSO/CEI window (default 90)")
    add_book_options(p, ("table", "json", "csv"))
