"""``dunningkit report BOOK --today D --out FILE``: the collections report, one HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dunningkit._support._optional import require
from dunningkit.analytics import collections_report
from dunningkit.cli._context import LocaleRule, load_book, policy_of, refuse_existing, write_text
from dunningkit.cli._options import (
    add_allow_empty,
    add_book,
    add_command,
    add_force,
    add_locale,
    add_out,
    add_policy,
    add_today,
    positive_arg,
)
from dunningkit.cli._progress import progress
from dunningkit.errors import MissingExtraError

__all__ = ["cmd_report", "register"]


def cmd_report(args: argparse.Namespace) -> int:
    """Write the collections report of a book as of a day to one HTML file."""
    try:  # checked before the long work starts, in the words of the one optional door
        require("jinja2", "the report")
    except MissingExtraError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    target = Path(args.out)
    refuse_existing(target, force=args.force)
    portfolio = load_book(args)
    policy = policy_of(args)
    with progress("computing the report"):
        page = collections_report(
            portfolio,
            args.today,
            policy=policy,
            months=args.months,
            workload_days=args.workload_days,
            locale=LocaleRule.of(portfolio, policy, args.locale).for_book(),
        )
    write_text(target, page, force=True)
    sys.stdout.write(f"report written to {target}\n")
    return 0


def register(sub: Any) -> None:
    """Add ``report`` to the command line."""
    text = "write the collections report (one offline HTML page) as of a day"
    p = add_command(sub, "report", cmd_report, text)
    add_book(p)
    add_today(p, aliases=("--on",))
    add_out(p, "the HTML file to write", required=True)
    add_force(p)
    add_policy(p)
    add_allow_empty(p)
    add_locale(p)
    p.add_argument("--months", type=positive_arg, default=12, help="trend length (default 12)")
    p.add_argument(
        "--workload-days",
        type=positive_arg,
        default=14,
        help="days of workload to plan ahead (default 14; one planner run per day)",
    )
