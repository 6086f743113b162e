"""``dunningkit backtest BOOK --from D --to D``: replay policies on the book's history.

The policy under test is ``--policy``, else the one kept with the book, else the
defaults (as every command reads it); ``--against`` adds policies to compare with.
The table and the page write amounts in the locale rule's locale for the whole book
(``--locale``, else the policy under test's, else the one most customers have).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from dunningkit._support._csv import csv_writer
from dunningkit.backtest._backtest import compare
from dunningkit.backtest._comparison import Comparison, format_table, ordered_names
from dunningkit.backtest._html import render_html
from dunningkit.cli._context import (
    LocaleRule,
    load_book,
    output,
    policy_beside,
    policy_of,
    write_text,
)
from dunningkit.cli._options import add_book, add_book_options, add_command, add_range
from dunningkit.cli._progress import progress
from dunningkit.policy._costs import load_costs
from dunningkit.policy._policy import Policy, load_policy

__all__ = ["cmd_backtest", "register"]


def _every(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: plan at least every day (a whole number >= 1)")
    return value


def _policies(args: argparse.Namespace) -> dict[str, Policy]:
    """The policy under test (named after its file, ``default`` without one), then
    each ``--against`` policy."""
    first = args.policy or policy_beside(args.portfolio)
    names = ordered_names(
        ["default" if first is None else Path(first).stem, *(Path(f).stem for f in args.against)]
    )
    policies = [policy_of(args), *(load_policy(path) for path in args.against)]
    return dict(zip(names, policies, strict=True))


@contextmanager
def _days_progress() -> Iterator[Any]:
    with progress("back-testing", "planning days") as update:
        yield None if update is None else (lambda done, total: update("back-testing", done, total))


def _csv(comparison: Comparison, out: TextIO) -> None:
    names = list(comparison.results)
    writer = csv_writer(out)
    writer.writerow(["figure", *names, *(f"{n} vs {names[0]}" for n in names[1:])])
    for label, values, diffs in comparison.rows():
        writer.writerow([label, *map(_raw, values), *map(_raw, diffs)])


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


def _print(comparison: Comparison, fmt: str, out: TextIO, locale: str) -> None:
    if fmt == "json":
        data = (
            next(iter(comparison.results.values())).to_dict()
            if len(comparison.results) == 1
            else comparison.to_dict()
        )
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        _csv(comparison, out)
    else:
        out.write(format_table(comparison, locale) + "\n")


def cmd_backtest(args: argparse.Namespace) -> int:
    """Run the back-test and print the figures; 2 for a bad period, 1 for bad data."""
    if args.end < args.start:
        sys.stderr.write(f"error: --to {args.end} is before --from {args.start}\n")
        return 2
    policies = _policies(args)
    costs = load_costs(args.costs) if args.costs else None
    portfolio = load_book(args)
    with _days_progress() as advance:
        comparison = compare(
            portfolio,
            policies,
            start=args.start,
            end=args.end,
            every=args.every,
            costs=costs,
            progress=advance,
        )
    locale = LocaleRule.of(portfolio, next(iter(policies.values())), args.locale).for_book()
    if args.html:
        write_text(Path(args.html), render_html(comparison, locale), force=args.force)
    with output(args) as out:
        _print(comparison, args.format, out, locale)
    return 0


def register(sub: Any) -> None:
    """Add ``backtest`` to the command line."""
    text = "replay policies on the book's history: contacts, cost and friction side by side"
    p = add_command(sub, "backtest", cmd_backtest, text)
    add_book(p)
    add_range(p)
    p.add_argument(
        "--against",
        metavar="FILE",
        action="append",
        default=[],
        help="another policy to compare with (repeat for several)",
    )
    p.add_argument("--costs", metavar="FILE", help="prices per contact (TOML; [costs] table)")
    p.add_argument("--every", type=_every, default=1, help="days between planning runs")
    p.add_argument("--html", metavar="PATH", help="also write an HTML page with charts")
    add_book_options(p, ("table", "json", "csv"))
