"""The ``dunningkit`` command: try the library on a sample or on an ERP export.

Errors are printed one line per problem, never as a traceback. Tables use
``rich`` when it is installed (``pip install pydunning[cli]``) and the output is
a terminal; otherwise plain, aligned text that pipes well.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from dunningkit._sample import sample_policy, sample_portfolio
from dunningkit._support._version import __version__
from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._analytics import CliTools
from dunningkit.cli._analytics import add_commands as add_analytics_commands
from dunningkit.cli._backtest import add_backtest_command
from dunningkit.cli._handover import add_handover_command
from dunningkit.cli._links import add_links_command, load_key_file
from dunningkit.cli._rates import add_rates_command, tables_by_id
from dunningkit.cli._stream import add_stream_options, cmd_plan_stream
from dunningkit.cli._support import (
    amount_text,
    currency_totals,
    day_arg,
    export_sample,
    find_action,
    locale_arg,
    policy_beside,
)
from dunningkit.errors import DunningkitError, InvalidPortfolioError, PolicyError
from dunningkit.io._loaders import load_portfolio
from dunningkit.legal._charges import late_charges
from dunningkit.messages._render import render
from dunningkit.planning._explain import explain
from dunningkit.planning._plan import Plan
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy, load_policy
from dunningkit.segmentation._classifier import classify_portfolio

__all__ = ["main"]

Row = dict[str, Any]


# -- output helpers ----------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _plain_table(
    rows: Sequence[Row],
    columns: Sequence[str],
    out: TextIO,
    right: Collection[str] = (),
    footer: Sequence[Row] = (),
) -> None:
    cells = [[_cell(row.get(col)) for col in columns] for row in [*rows, *footer]]
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
    right: Collection[str] = (),
    footer: Sequence[Row] = (),
) -> bool:
    try:
        from rich.console import Console  # noqa: PLC0415 - optional extra
        from rich.table import Table  # noqa: PLC0415
    except ImportError:
        return False
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold", justify="right" if col in right else "left")
    for row in rows:
        table.add_row(*(_cell(row.get(col)) for col in columns))
    if footer:
        table.add_section()
        for row in footer:
            table.add_row(*(_cell(row.get(col)) for col in columns), style="bold")
    Console().print(table)
    return True


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
    """Print rows as a table, JSON or CSV.

    In a table, ``right`` columns (amounts, counts) are right-aligned and ``footer``
    rows (totals) follow a rule; JSON and CSV carry only ``rows``.
    """
    out = out or sys.stdout
    if fmt == "json":
        json.dump(
            [{c: row.get(c) for c in columns} for row in rows],
            out,
            indent=2,
            default=_cell,
            ensure_ascii=False,
        )
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    elif not (
        out is sys.stdout and out.isatty() and _rich_table(rows, columns, title, right, footer)
    ):
        if title:
            out.write(f"{title}\n")
        _plain_table(rows, columns, out, right, footer)


@contextmanager
def progress(message: str) -> Iterator[None]:
    """Tell a person at a terminal that long work is under way, and how long it took."""
    if not sys.stderr.isatty():
        yield
        return
    started = time.perf_counter()
    try:
        from rich.console import Console  # noqa: PLC0415 - optional extra
    except ImportError:
        sys.stderr.write(f"{message}...\n")
        yield
    else:
        with Console(stderr=True).status(f"{message}..."):
            yield
    sys.stderr.write(f"{message}: done in {time.perf_counter() - started:.1f} s\n")


def _load(path: str, args: argparse.Namespace | None = None) -> Portfolio:
    """The book at ``path``; an empty one is an error unless ``--allow-empty``."""
    allow_empty = bool(getattr(args, "allow_empty", False))
    with progress(f"loading {path}"):
        portfolio = load_portfolio(path)
    if not allow_empty and not portfolio.invoices:
        raise DunningkitError(
            f"{path}: holds no invoices ({len(portfolio.customers)} customers); an empty "
            "export usually means the ERP export failed. Add --allow-empty if the book "
            "really is empty"
        )
    return portfolio


# Kept for callers of the previous name; options use _cli_support.day_arg.
_day = day_arg


# -- commands --------------------------------------------------------------------


def _amount(value: Decimal, currency: str, locale: str) -> str:
    return amount_text(value, currency, locale)


ACTION_COLUMNS = (
    "scheduled_for",
    "priority",
    "customer",
    "segment",
    "step",
    "channel",
    "tone",
    "invoices",
    "amount_due",
    "approval",
    "key",
)
"""Columns of the plan table; ``approval`` is left out when no action needs one."""

_RIGHT = frozenset({"priority", "amount_due", "invoices_count", "days", "rate", "interest",
                    "fixed_compensation", "total", "on_time_ratio", "average_days_late",
                    "invoices_due_12m"})  # fmt: skip


def report_locale(portfolio: Portfolio, policy: Policy, chosen: str | None) -> Callable[[str], str]:
    """The one rule every command follows: ``--locale``, else the policy's, else the customer's."""
    fixed = chosen or policy.locale

    def locale_for(customer_id: str) -> str:
        return fixed or portfolio.customer(customer_id).locale

    return locale_for


def action_rows(
    plan: Plan,
    portfolio: Portfolio,
    locale: str | Callable[[str], str] | None = None,
) -> list[Row]:
    """The plan's actions as table rows a person reads.

    ``locale`` is one locale for every amount, or a function of the customer id
    (see :func:`report_locale`); None: each customer's own.
    """
    locale_for = (
        report_locale(portfolio, default_policy(), locale)
        if locale is None or isinstance(locale, str)
        else locale
    )
    return [
        {
            "scheduled_for": a.scheduled_for.isoformat(),
            "priority": format(a.priority.quantize(Decimal(1)), "f"),
            "customer": f"{portfolio.customer(a.customer_id).name} ({a.customer_id})",
            "segment": a.segment,
            "step": a.step_id,
            "channel": str(a.channel),
            "tone": str(a.tone),
            "invoices": " ".join(a.invoice_ids),
            "amount_due": _amount(a.amount_due, a.currency, locale_for(a.customer_id)),
            "approval": "required" if a.requires_approval else "no",
            "key": a.key,
        }
        for a in plan.actions
    ]


def _action_table(
    plan: Plan,
    portfolio: Portfolio,
    locale_for: Callable[[str], str],
    *,
    title: str,
    with_key: bool,
) -> None:
    """The actions, amounts right-aligned, a total per currency, approvals when any."""
    columns = [c for c in ACTION_COLUMNS if with_key or c != "key"]
    if not any(a.requires_approval for a in plan.actions):
        columns.remove("approval")
    emit(
        action_rows(plan, portfolio, locale_for),
        columns,
        "table",
        title=f"{title} (by date, then priority: open amount x segment risk)",
        right=_RIGHT,
        footer=currency_totals(plan.actions, lambda a: locale_for(a.customer_id)),
    )


def _skip_summary(plan: Plan) -> list[Row]:
    counts: dict[str, int] = {}
    for skip in plan.skipped:
        counts[str(skip.reason)] = counts.get(str(skip.reason), 0) + 1
    return [{"reason": r, "invoices": n} for r, n in sorted(counts.items(), key=lambda x: -x[1])]


def cmd_demo(args: argparse.Namespace) -> int:
    today: date = args.today or date.today()  # noqa: DTZ011 - the edge of the library
    portfolio = sample_portfolio(today)
    policy = sample_policy()
    if args.export:
        book, policy_file = export_sample(
            portfolio, policy.creditor, Path(args.export), force=args.force
        )
        print(f"sample book written to {book}")
        print(f"sample policy written to {policy_file} (used with this book unless --policy)")
        return 0
    locale_for = report_locale(portfolio, policy, args.locale)
    if args.explain:
        portfolio.customer(args.explain)  # an unknown id fails before anything is printed
    plan = next_actions(portfolio, today, policy)
    print(f"Atelier Lumière (sample book), plan for {today.isoformat()}")
    print(
        f"{len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
        f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
        f"{len(portfolio.events)} reminders in the history"
    )
    segments: dict[str, int] = {}
    for segment in plan.segments.values():
        segments[segment] = segments.get(segment, 0) + 1
    print("segments: " + ", ".join(f"{k} {v}" for k, v in sorted(segments.items())))
    print()
    _action_table(
        plan,
        portfolio,
        locale_for,
        title=f"{len(plan.actions)} reminders to send",
        with_key=False,
    )
    print()
    emit(
        _skip_summary(plan),
        ("reason", "invoices"),
        "table",
        title=f"{len(plan.skipped)} open invoices without a reminder today",
        right={"invoices"},
    )
    first = plan.actions[0].customer_id if plan.actions else portfolio.customers[0].id
    print()
    print(f"Why? Try: dunningkit demo --explain {first}")
    if args.explain:
        print()
        print(explain(portfolio, today, args.explain, policy))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    del args
    print(json.dumps(Portfolio.model_json_schema(), indent=2))
    return 0


def _policy(args: argparse.Namespace) -> Policy:
    """``--policy``, else the policy kept with the book, else the defaults."""
    if getattr(args, "policy", None):
        return load_policy(args.policy)
    found = policy_beside(getattr(args, "portfolio", None))
    if found is None:
        return default_policy()
    if sys.stderr.isatty():
        sys.stderr.write(f"policy: {found} (kept with the book; --policy to use another)\n")
    return load_policy(found)


def _ratio(value: float | None) -> float | None:
    # Two decimals say all a person needs (0.83); the raw float says 0.8333333333333334.
    return None if value is None else round(value, 2)


def cmd_segments(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio, args)
    with progress("classifying customers"):
        classes = classify_portfolio(portfolio, args.today, _policy(args))
    rows = []
    for customer_id, c in classes.items():
        profile = c.profile
        rows.append(
            {
                "customer_id": customer_id,
                "name": portfolio.customer(customer_id).name,
                "segment": c.segment,
                "rule": c.rule,
                "on_time_ratio": _ratio(profile.on_time_ratio),
                "average_days_late": _ratio(profile.average_days_late),
                "invoices_due_12m": profile.invoices_due_12m,
                "reasons": list(c.reasons) if args.format == "json" else " | ".join(c.reasons),
            }
        )
    columns: tuple[str, ...] = ("customer_id", "name", "segment", "reasons")
    if args.format != "table":
        columns = (
            "customer_id",
            "name",
            "segment",
            "rule",
            "on_time_ratio",
            "average_days_late",
            "invoices_due_12m",
            "reasons",
        )
    emit(rows, columns, args.format)
    return 0


PLAN_CSV_COLUMNS = (
    "key",
    "scheduled_for",
    "customer_id",
    "segment",
    "scenario_id",
    "step_id",
    "channel",
    "tone",
    "template",
    "invoice_ids",
    "amount_due",
    "currency",
    "priority",
    "requires_approval",
    "contact",
    "contact_email",
    "contact_phone",
    "contact_postal_address",
    "pay_by",
    "reasons",
)
"""Columns of ``plan --format csv``: one row per action, with the contact to use."""


def plan_csv_rows(plan: Plan) -> list[Row]:
    """The plan's actions as flat rows, the contact's email, phone and address included."""
    rows = []
    for a in plan.actions:
        contact = a.contact
        rows.append(
            {
                "key": a.key,
                "scheduled_for": a.scheduled_for.isoformat(),
                "customer_id": a.customer_id,
                "segment": a.segment,
                "scenario_id": a.scenario_id,
                "step_id": a.step_id,
                "channel": str(a.channel),
                "tone": str(a.tone),
                "template": a.template,
                "invoice_ids": " ".join(a.invoice_ids),
                "amount_due": a.amount_due,
                "currency": a.currency,
                "priority": a.priority,
                "requires_approval": "true" if a.requires_approval else "false",
                "contact": contact.name if contact else "",
                "contact_email": contact.email if contact else "",
                "contact_phone": contact.phone if contact else "",
                "contact_postal_address": contact.postal_address if contact else "",
                "pay_by": a.pay_by.isoformat(),
                "reasons": " | ".join(a.reasons),
            }
        )
    return rows


def cmd_plan(args: argparse.Namespace) -> int:
    if args.stream:
        return cmd_plan_stream(args, lambda: _policy(args))
    portfolio = _load(args.portfolio, args)
    policy = _policy(args)
    with progress("planning"):
        plan = next_actions(portfolio, args.today, policy)
    if args.format == "json":
        sys.stdout.write(plan.model_dump_json(indent=2) + "\n")
        return 0
    if args.format == "csv":
        emit(plan_csv_rows(plan), PLAN_CSV_COLUMNS, "csv")
        return 0
    _action_table(
        plan,
        portfolio,
        report_locale(portfolio, policy, args.locale),
        title=f"{len(plan.actions)} reminders for {args.today}",
        with_key=True,
    )
    print()
    emit(
        _skip_summary(plan),
        ("reason", "invoices"),
        "table",
        title=f"{len(plan.skipped)} open invoices without a reminder",
        right={"invoices"},
    )
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio, args)
    result = explain(portfolio, args.today, args.customer_id, _policy(args))
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        print(result)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    if args.action and (args.customer or args.step):
        raise _UsageError("render takes --action KEY or --customer ID --step STEP, not both")
    if args.step and not args.customer:
        raise _UsageError("--step needs --customer ID")
    if not args.action and not args.customer:
        raise _UsageError("render needs --action KEY, or --customer ID (with --step STEP)")
    portfolio = _load(args.portfolio, args)
    policy = _policy(args)
    plan = next_actions(portfolio, args.today, policy)
    action = find_action(plan, key=args.action, customer_id=args.customer, step_id=args.step)
    signer = load_key_file(args.key_file) if args.key_file else None
    message = render(action, portfolio, policy, today=args.today, signer=signer)
    print(f"channel: {message.channel}   to: {message.to or '-'}   locale: {message.locale}")
    print(f"action: {action.key}   customer: {action.customer_id}   step: {action.step_id}")
    if message.subject:
        print(f"subject: {message.subject}")
    print()
    print(message.body, end="")
    return 0


def cmd_charges(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio, args)
    policy = _policy(args)
    rows: list[Row] = []
    tables = {**policy.loaded_rate_tables(), **tables_by_id(args.rates or ())}
    stale: dict[str, list[str]] = {}  # table name -> warnings of the invoices it left short
    with progress("computing late charges"):
        for invoice in portfolio.invoices:
            if invoice.is_credit_note or invoice.issue_date > args.today:
                continue
            if portfolio.open_amount(invoice.id, args.today) <= 0:
                continue
            if invoice.due_date >= args.today:
                continue
            c = late_charges(
                invoice,
                portfolio,
                args.today,
                args.jurisdiction or policy.jurisdiction,
                allow_stale=not args.strict_rates,
                rate_tables=tables,
            )
            if c.stale_table:
                stale.setdefault(c.stale_table, []).append(c.warnings[0])
            rows.append(
                {
                    "invoice_id": c.invoice_id,
                    "customer_id": invoice.customer_id,
                    "jurisdiction": c.jurisdiction,
                    "days": c.days,
                    "rate": c.rate,
                    "interest": c.interest,
                    "fixed_compensation": c.fixed_compensation,
                    "total": c.total,
                    "currency": c.currency,
                    "legal_basis": c.legal_basis,
                    "notes": " | ".join(c.notes),
                    "warning": "STALE RATES" if c.warnings else "",
                }
            )
    columns: tuple[str, ...] = (
        "invoice_id",
        "customer_id",
        "jurisdiction",
        "days",
        "rate",
        "interest",
        "fixed_compensation",
        "total",
        "currency",
    )
    if stale:
        columns = (*columns, "warning")
    if args.format != "table":
        columns = (*columns, "legal_basis", "notes")
    warnings = [
        f"{first[0].split('; no rate')[0]}; {len(first)} invoice(s) charged with its last "
        "known rate for days after it (import newer rates: `dunningkit rates import FILE`, "
        "then --rates FILE or the policy's rate_tables)"
        for first in stale.values()
    ]
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if args.format != "table":
        emit(rows, columns, args.format)
        return 0
    # A table is read by a person: amounts in the locale (the same rule as `plan`),
    # and a total per currency, never across currencies.
    locale_for = report_locale(portfolio, policy, args.locale)
    totals: dict[str, tuple[Decimal, str]] = {}
    for row in rows:
        locale = locale_for(row["customer_id"])
        total, first_locale = totals.get(row["currency"], (Decimal(0), locale))
        totals[row["currency"]] = (total + row["total"], first_locale)
        for name in ("interest", "fixed_compensation", "total"):
            row[name] = amount_text(row[name], row["currency"], locale)
    footer = [
        {"invoice_id": f"total {currency}", "total": amount_text(total, currency, locale)}
        for currency, (total, locale) in sorted(totals.items())
    ]
    emit(
        rows,
        columns,
        "table",
        title=f"late charges on {args.today}",
        right=_RIGHT,
        footer=footer,
    )
    if warnings:
        print()
        for warning in warnings:
            print(f"warning: {warning}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio, args)
    print(
        f"ok: {len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
        f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
        f"{len(portfolio.events)} events"
    )
    return 0


Command = Callable[[argparse.Namespace], int]

_LOCALE_HELP = (
    "locale of amounts and dates (fr_FR, en_GB...); default: the policy's locale, "
    "else each customer's"
)
_EMPTY_HELP = "accept a book without invoices (by default an error: a failed export)"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says where the help is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _UsageError(DunningkitError):
    """Options that do not go together: exit 2, like argparse's own errors."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, exposed for the docs and the tests."""
    parser = _Parser(
        prog="dunningkit", description="Plan payment reminders that a credit manager can explain."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__} (pip package pydunning)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    demo = command("demo", cmd_demo, "plan the bundled sample book and print it")
    demo.add_argument("--today", type=day_arg, help="planning date (default: today)")
    demo.add_argument(
        "--export",
        metavar="PATH",
        help="write the sample book to PATH (a CSV folder, or a .json/.jsonl file) and its "
        "policy beside it, instead of planning",
    )
    demo.add_argument("--force", action="store_true", help="let --export overwrite files")
    demo.add_argument(
        "--explain", metavar="CUSTOMER_ID", help="also explain the decisions for one customer"
    )
    demo.add_argument("--locale", type=locale_arg, help=_LOCALE_HELP)
    command("schema", cmd_schema, "print the JSON Schema of a portfolio")
    validate = command("validate", cmd_validate, "check a portfolio and report every problem")
    validate.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    validate.add_argument("--allow-empty", action="store_true", help=_EMPTY_HELP)

    def book_command(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = command(name, func, help_text)
        p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
        p.add_argument("--today", type=day_arg, required=True, help="planning date, YYYY-MM-DD")
        p.add_argument("--policy", metavar="FILE", help="policy file (.toml or .json)")
        p.add_argument("--allow-empty", action="store_true", help=_EMPTY_HELP)
        return p

    segments = book_command("segments", cmd_segments, "each customer's segment and reasons")
    segments.add_argument("--format", choices=("table", "json", "csv"), default="table")
    plan = book_command("plan", cmd_plan, "the day's reminders, and what gets none")
    plan.add_argument("--format", choices=("table", "json", "csv"), default="table")
    plan.add_argument("--locale", type=locale_arg, help=_LOCALE_HELP)
    add_stream_options(plan)
    explain_cmd = book_command(
        "explain", cmd_explain, "why each invoice of a customer gets a reminder today, or not"
    )
    explain_cmd.add_argument("customer_id", help="the customer's id")
    explain_cmd.add_argument("--format", choices=("text", "json"), default="text")
    render_cmd = book_command("render", cmd_render, "preview the message of one planned action")
    render_cmd.add_argument("--action", metavar="KEY", help="the action's key (from `plan`)")
    render_cmd.add_argument("--customer", metavar="ID", help="or: the customer's planned action")
    render_cmd.add_argument("--step", metavar="STEP", help="with --customer: the step's id")
    render_cmd.add_argument(
        "--key-file", metavar="F", help="link keys, when the policy sets links_base_url"
    )
    add_links_command(command)
    add_backtest_command(command)
    charges = book_command("charges", cmd_charges, "late-payment charges per overdue invoice")
    charges.add_argument("--jurisdiction", help="FR, EU, DE, GB... (default: each customer's)")
    charges.add_argument("--format", choices=("table", "json", "csv"), default="table")
    charges.add_argument("--locale", type=locale_arg, help=_LOCALE_HELP)
    charges.add_argument(
        "--rates",
        metavar="FILE",
        action="append",
        help="a rate table file from `dunningkit rates import` (repeat for several); it "
        "replaces the shipped table of the same name",
    )
    charges.add_argument(
        "--strict-rates",
        action="store_true",
        help="fail when the rate table does not cover the period (default: warn)",
    )
    add_rates_command(sub)
    add_handover_command(sub, _load, _policy, _day)
    add_analytics_commands(sub, CliTools(_load, _policy, day_arg, emit, progress))  # kpis, report
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 bad usage).

    Whatever the input, errors are one line each on stderr, never a traceback
    (set ``DUNNINGKIT_DEBUG=1`` to see one for an unexpected failure).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except _UsageError as error:
        sys.stderr.write(f"dunningkit {args.command}: error: {error}\n")
        return 2
    except InvalidPortfolioError as error:
        for problem in error.problems:
            sys.stderr.write(f"error: {problem}\n")
        count = len(error.problems)
        sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found\n")
        return 1
    except PolicyError as error:
        for line in str(error).splitlines():
            sys.stderr.write(f"error: {line}\n")
        if len(error.problems) > 1:
            where = f" in {error.path}" if error.path else ""
            sys.stderr.write(f"{len(error.problems)} problems found{where}\n")
        return 1
    except DunningkitError as error:
        for line in str(error).splitlines():
            sys.stderr.write(f"error: {line}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        # Output piped into `head`: not an error for the person at the terminal.
        sys.stderr.close()
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"error: {where}{error.strerror or error}\n")
        return 1
    except Exception as error:
        if os.environ.get("DUNNINGKIT_DEBUG"):
            raise
        sys.stderr.write(
            f"error: unexpected {type(error).__name__}: {error} (a bug in dunningkit: "
            "please report it with the command; DUNNINGKIT_DEBUG=1 shows the traceback)\n"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
