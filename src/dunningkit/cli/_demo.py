"""``dunningkit demo``: plan the bundled sample book and print it, or export it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from dunningkit._sample import SAMPLE_DAY, sample_policy, sample_portfolio
from dunningkit.cli._context import LocaleRule, output
from dunningkit.cli._export import export_sample
from dunningkit.cli._options import add_command, add_force, add_locale, add_out, add_today
from dunningkit.cli._plan_table import action_table, alert_table, skip_table
from dunningkit.planning._explain import explain
from dunningkit.planning._run import next_actions

__all__ = ["cmd_demo", "register"]


def _export(args: argparse.Namespace, today: date) -> int:
    book, policy_file = export_sample(
        sample_portfolio(today), sample_policy().creditor, Path(args.export), force=args.force
    )
    print(f"sample book written to {book}")
    print(f"sample policy written to {policy_file} (used with this book unless --policy)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Plan the sample book on ``--today`` (default: the sample's day) and print it."""
    today: date = args.today or SAMPLE_DAY
    if args.export:
        return _export(args, today)
    portfolio = sample_portfolio(today)
    policy = sample_policy()
    locale = LocaleRule.of(portfolio, policy, args.locale)
    if args.explain:
        portfolio.customer(args.explain)  # an unknown id fails before anything is printed
    plan = next_actions(portfolio, today, policy)
    segments: dict[str, int] = {}
    for segment in plan.segments.values():
        segments[segment] = segments.get(segment, 0) + 1
    with output(args) as out:
        out.write(
            f"Atelier Lumière (sample book), plan for {today.isoformat()}\n"
            f"{len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
            f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
            f"{len(portfolio.events)} reminders in the history\n"
            "segments: " + ", ".join(f"{k} {v}" for k, v in sorted(segments.items())) + "\n\n"
        )
        title = f"{len(plan.actions)} reminders to send"
        action_table(plan, portfolio, locale, title=title, with_key=False, out=out)
        out.write("\n")
        skip_table(plan, f"{len(plan.skipped)} open invoices without a reminder today", out)
        alert_table(plan, out)
        first = plan.actions[0].customer_id if plan.actions else portfolio.customers[0].id
        out.write(f"\nWhy? Try: dunningkit demo --explain {first}\n")
        if args.explain:
            out.write(f"\n{explain(portfolio, today, args.explain, policy)}\n")
    return 0


def register(sub: Any) -> None:
    """Add ``demo`` to the command line."""
    p = add_command(sub, "demo", cmd_demo, "plan the bundled sample book and print it")
    add_today(p, f"planning date (default: {SAMPLE_DAY}, the sample's day)", required=False)
    p.add_argument(
        "--export",
        metavar="PATH",
        help="write the sample book to PATH (a CSV folder, or a .json/.jsonl file) and its "
        "policy beside it, instead of planning",
    )
    add_out(p)
    add_force(p, "let --export or --out replace files")
    p.add_argument(
        "--explain", metavar="CUSTOMER_ID", help="also explain the decisions for one customer"
    )
    add_locale(p)
