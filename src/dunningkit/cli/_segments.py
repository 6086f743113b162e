"""``dunningkit segments BOOK --today D``: each customer's segment and the reasons."""

from __future__ import annotations

import argparse
from typing import Any

from dunningkit.cli._context import load_book, output, policy_of
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.cli._progress import progress
from dunningkit.cli._table import RIGHT, emit
from dunningkit.segmentation._classifier import classify_portfolio

__all__ = ["cmd_segments", "register"]

_TABLE = ("customer_id", "name", "segment", "reasons")
_ALL = ("customer_id", "name", "segment", "rule", "on_time_ratio", "average_days_late",
        "invoices_due_12m", "reasons")  # fmt: skip


def _ratio(value: float | None) -> float | None:
    # Two decimals say all a person needs (0.83); the raw float says 0.8333333333333334.
    return None if value is None else round(value, 2)


def cmd_segments(args: argparse.Namespace) -> int:
    """Print each customer's segment; JSON and CSV add the figures behind it."""
    portfolio = load_book(args)
    with progress("classifying customers"):
        classes = classify_portfolio(portfolio, args.today, policy_of(args))
    rows = [
        {
            "customer_id": customer_id,
            "name": portfolio.customer(customer_id).name,
            "segment": c.segment,
            "rule": c.rule,
            "on_time_ratio": _ratio(c.profile.on_time_ratio),
            "average_days_late": _ratio(c.profile.average_days_late),
            "invoices_due_12m": c.profile.invoices_due_12m,
            "reasons": list(c.reasons) if args.format == "json" else " | ".join(c.reasons),
        }
        for customer_id, c in classes.items()
    ]
    with output(args) as out:
        emit(rows, _TABLE if args.format == "table" else _ALL, args.format, out=out, right=RIGHT)
    return 0


def register(sub: Any) -> None:
    """Add ``segments`` to the command line."""
    p = add_command(sub, "segments", cmd_segments, "each customer's segment and reasons")
    add_book(p)
    add_today(p, "planning date, YYYY-MM-DD")
    add_book_options(p, ("table", "json", "csv"), locale=False)
