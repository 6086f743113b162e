"""``dunningkit backtest``: replay policies on a book's history and compare them.

Kept apart from :mod:`dunningkit.cli`; registered there with one call. A progress
bar shows on long runs when ``rich`` is installed and stderr is a terminal.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from dunningkit.backtest._backtest import compare
from dunningkit.backtest._comparison import Comparison, format_table, ordered_names
from dunningkit.backtest._html import render_html
from dunningkit.errors import DunningkitError
from dunningkit.io._loaders import load_portfolio
from dunningkit.policy._costs import load_costs
from dunningkit.policy._policy import Policy, default_policy, load_policy

__all__ = ["add_backtest_command", "cmd_backtest"]

Command = Callable[[argparse.Namespace], int]
Progress = Callable[[int, int], None]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _every(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: plan at least every day (a whole number >= 1)")
    return value


def add_backtest_command(
    command: Callable[[str, Command, str], argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register ``backtest`` with the main parser's ``command`` helper."""
    p = command(
        "backtest",
        cmd_backtest,
        "replay policies on the book's history: contacts, cost and friction side by side",
    )
    p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    p.add_argument("--from", dest="start", type=_day, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_day, required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--policy", metavar="FILE", help="the policy to test (default: the defaults)")
    p.add_argument(
        "--against",
        metavar="FILE",
        action="append",
        default=[],
        help="another policy to compare with (repeat for several)",
    )
    p.add_argument("--costs", metavar="FILE", help="prices per contact (TOML; [costs] table)")
    p.add_argument("--every", type=_every, default=1, help="days between planning runs")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--html", metavar="PATH", help="also write an HTML page with charts")
    return p


def _policies(args: argparse.Namespace) -> dict[str, Policy]:
    files: list[str | None] = [args.policy, *args.against]
    names = ordered_names(["default" if f is None else Path(f).stem for f in files])
    return {
        name: default_policy() if path is None else load_policy(path)
        for name, path in zip(names, files, strict=True)
    }


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress | None]:
    """A rich progress bar on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    try:
        from rich.progress import Progress as RichProgress  # noqa: PLC0415 - optional extra
    except ImportError:
        yield _plain_progress(label)
        sys.stderr.write("\n")
        return
    with RichProgress(transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _plain_progress(label: str) -> Progress:
    def advance(done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            sys.stderr.write(f"\r{label}: {done}/{total} planning days")
            sys.stderr.flush()

    return advance


def _csv(comparison: Comparison) -> None:
    names = list(comparison.results)
    writer = csv.writer(sys.stdout)
    writer.writerow(["figure", *names, *(f"{n} vs {names[0]}" for n in names[1:])])
    for label, values, diffs in comparison.rows():
        writer.writerow([label, *map(_raw, values), *map(_raw, diffs)])


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


def cmd_backtest(args: argparse.Namespace) -> int:
    """Run the back-test and print the figures; 2 for a bad period, 1 for bad data."""
    if args.end < args.start:
        sys.stderr.write(f"error: --to {args.end} is before --from {args.start}\n")
        return 2
    policies = _policies(args)
    costs = load_costs(args.costs) if args.costs else None
    portfolio = load_portfolio(args.portfolio)
    with _progress_bar("back-testing") as progress:
        comparison = compare(
            portfolio,
            policies,
            start=args.start,
            end=args.end,
            every=args.every,
            costs=costs,
            progress=progress,
        )
    if args.html:
        try:
            Path(args.html).write_text(render_html(comparison), encoding="utf-8")
        except OSError as error:
            raise DunningkitError(f"{args.html}: cannot write: {error.strerror or error}") from None
    if args.format == "json":
        data = (
            next(iter(comparison.results.values())).to_dict()
            if len(comparison.results) == 1
            else comparison.to_dict()
        )
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        _csv(comparison)
    else:
        sys.stdout.write(format_table(comparison) + "\n")
    return 0
