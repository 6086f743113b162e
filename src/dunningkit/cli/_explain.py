"""``dunningkit explain BOOK CUSTOMER --today D``: why each invoice gets a reminder, or not."""

from __future__ import annotations

import argparse
from typing import Any

from dunningkit.cli._context import load_book, output, policy_of
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.cli._table import printable
from dunningkit.planning._explain import explain

__all__ = ["cmd_explain", "register"]


def cmd_explain(args: argparse.Namespace) -> int:
    """Print the explanation of one customer's plan as text or JSON."""
    portfolio = load_book(args)
    result = explain(portfolio, args.today, args.customer_id, policy_of(args))
    with output(args) as out:
        if args.format == "json":
            out.write(result.model_dump_json(indent=2) + "\n")
        else:
            out.writelines(printable(line) + "\n" for line in str(result).split("\n"))
    return 0


def register(sub: Any) -> None:
    """Add ``explain`` to the command line."""
    text = "why each invoice of a customer gets a reminder today, or not"
    p = add_command(sub, "explain", cmd_explain, text)
    add_book(p)
    p.add_argument("customer_id", help="the customer's id")
    add_today(p, "planning date, YYYY-MM-DD")
    add_book_options(p, ("text", "json"), locale=False)
