"""``dunningkit plan BOOK --today D``: the day's reminders, and what gets none.

A table for people; ``--format json`` the whole plan; ``--format csv`` one row per
action in the layout of :mod:`dunningkit.planning._rows` (the file ``--stream
--out-format csv`` writes for the same plan). ``--stream`` plans a book larger than
memory (:mod:`dunningkit.cli._stream`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dunningkit.cli._context import LocaleRule, load_book, output, policy_of
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.cli._plan_table import action_table, alert_table, skip_table
from dunningkit.cli._progress import progress
from dunningkit.cli._stream import add_stream_options, cmd_plan_stream
from dunningkit.cli._table import emit
from dunningkit.messages._requirements import creditor_warning
from dunningkit.planning._rows import ACTION_CSV, action_row
from dunningkit.planning._run import next_actions

__all__ = ["cmd_plan", "register"]


def cmd_plan(args: argparse.Namespace) -> int:
    """Plan the book on ``--today`` and print the plan in ``--format``."""
    if args.stream:
        return cmd_plan_stream(args)
    portfolio = load_book(args)
    policy = policy_of(args)
    if warning := creditor_warning(policy.creditor):
        print(warning, file=sys.stderr)
    with progress("planning"):
        plan = next_actions(portfolio, args.today, policy)
    with output(args) as out:
        if args.format == "json":
            out.write(plan.model_dump_json(indent=2) + "\n")
        elif args.format == "csv":
            emit([action_row(a) for a in plan.actions], ACTION_CSV, "csv", out=out)
        else:
            title = f"{len(plan.actions)} reminders for {args.today}"
            locale = LocaleRule.of(portfolio, policy, args.locale)
            action_table(plan, portfolio, locale, title=title, with_key=True, out=out)
            out.write("\n")
            skip_table(plan, f"{len(plan.skipped)} open invoices without a reminder", out)
            alert_table(plan, out)
    return 0


def register(sub: Any) -> None:
    """Add ``plan`` to the command line."""
    p = add_command(sub, "plan", cmd_plan, "the day's reminders, and what gets none")
    add_book(p)
    add_today(p, "planning date, YYYY-MM-DD")
    add_book_options(p, ("table", "json", "csv"))
    add_stream_options(p)
