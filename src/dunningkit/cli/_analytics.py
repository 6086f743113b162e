"""The ``kpis`` and ``report`` commands: analytics from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from dunningkit.analytics._analytics import kpis
from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import LoaderError
from dunningkit.policy._policy import Policy

__all__ = ["CliTools", "add_commands"]


@dataclass(frozen=True)
class CliTools:
    """The command line's shared helpers, handed over by ``cli`` (which imports us)."""

    load: Callable[[str], Portfolio]
    policy_of: Callable[[argparse.Namespace], Policy]
    day: Callable[[str], date]
    emit: Callable[..., None]
    progress: Callable[[str], Any]


def cmd_kpis(tools: CliTools, args: argparse.Namespace) -> int:
    """Print the headline figures of a book as of a day."""
    emit = tools.emit
    portfolio = tools.load(args.portfolio)
    figures = kpis(portfolio, args.on, days=args.days)
    if args.format == "json":
        sys.stdout.write(figures.to_json() + "\n")
        return 0
    emit(figures.rows(), ("figure", "currency", "value"), args.format, title=f"KPIs on {args.on}")
    return 0


def cmd_report(tools: CliTools, args: argparse.Namespace) -> int:
    """Write the collections report of a book as of a day to one HTML file."""
    from dunningkit.analytics.report._page import collections_report  # noqa: PLC0415 - needs the extra

    try:
        import jinja2  # noqa: F401, PLC0415 - checked before the long work starts
    except ImportError:
        sys.stderr.write(
            "error: the report needs the 'report' extra: pip install 'pydunning[report]'\n"
        )
        return 1
    portfolio = tools.load(args.portfolio)
    policy = tools.policy_of(args)
    with tools.progress("computing the report"):
        page = collections_report(
            portfolio,
            args.on,
            policy=policy,
            months=args.months,
            workload_days=args.workload_days,
            locale=args.locale,
        )
    target = Path(args.out)
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as error:
        raise LoaderError(f"cannot write the report: {error.strerror}", path=str(target)) from None
    sys.stdout.write(f"report written to {target}\n")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def add_commands(sub: Any, tools: CliTools) -> None:
    """Register ``kpis`` and ``report`` on the ``dunningkit`` sub-command parser."""
    help_text = "headline collection figures (DSO, CEI, overdue...) as of a day"
    p = sub.add_parser("kpis", help=help_text, description=help_text)
    p.set_defaults(func=partial(cmd_kpis, tools))
    p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    p.add_argument("--on", type=tools.day, required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--days", type=_positive, default=90, help="DSO/CEI window (default 90)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")

    help_text = "write the collections report (one offline HTML page) as of a day"
    p = sub.add_parser("report", help=help_text, description=help_text)
    p.set_defaults(func=partial(cmd_report, tools))
    p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    p.add_argument("--on", type=tools.day, required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--policy", metavar="FILE", help="policy file (.toml or .json)")
    p.add_argument("--months", type=_positive, default=12, help="trend length (default 12)")
    p.add_argument(
        "--workload-days",
        type=_positive,
        default=14,
        help="days of workload to plan ahead (default 14; one planner run per day)",
    )
    p.add_argument("--locale", default="en_GB", help="locale for amounts (default en_GB)")
