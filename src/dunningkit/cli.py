"""The ``dunningkit`` command: try the library on a sample or on an ERP export.

Errors are printed one line per problem, never as a traceback. Tables use
``rich`` when it is installed (``pip install dunningkit[cli]``) and the output is
a terminal; otherwise plain, aligned text that pipes well.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from babel.numbers import format_currency

from dunningkit._charges import late_charges
from dunningkit._cli_backtest import add_backtest_command
from dunningkit._cli_links import add_links_command, load_key_file
from dunningkit._explain import explain
from dunningkit._messages import render
from dunningkit._plan import Plan
from dunningkit._planner import next_actions
from dunningkit._policy import Policy, default_policy, load_policy
from dunningkit._portfolio import Portfolio
from dunningkit._sample import sample_policy, sample_portfolio
from dunningkit._segmentation import classify_portfolio
from dunningkit.errors import DunningkitError, InvalidPortfolioError
from dunningkit.loaders import dump_csv, dump_json, load_portfolio

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


def _plain_table(rows: Sequence[Row], columns: Sequence[str], out: TextIO) -> None:
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]
    out.write("  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip())
    out.write("\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    out.writelines(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n" for r in cells
    )


def _rich_table(rows: Sequence[Row], columns: Sequence[str], title: str | None) -> bool:
    try:
        from rich.console import Console  # noqa: PLC0415 - optional extra
        from rich.table import Table  # noqa: PLC0415
    except ImportError:
        return False
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(col)) for col in columns))
    Console().print(table)
    return True


def emit(
    rows: Sequence[Row],
    columns: Sequence[str],
    fmt: str,
    *,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Print rows as a table, JSON or CSV."""
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
    elif not (out is sys.stdout and out.isatty() and _rich_table(rows, columns, title)):
        if title:
            out.write(f"{title}\n")
        _plain_table(rows, columns, out)


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


def _load(path: str) -> Portfolio:
    with progress(f"loading {path}"):
        return load_portfolio(path)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# -- commands --------------------------------------------------------------------


def aging(portfolio: Portfolio, today: date) -> list[Row]:
    """Open receivables per currency in the usual aging buckets."""
    buckets = ("not due", "1-30", "31-60", "61-90", "over 90")
    table: dict[str, dict[str, Decimal]] = {}
    for invoice in portfolio.invoices:
        if invoice.is_credit_note or invoice.issue_date > today:
            continue
        open_ = portfolio.open_amount(invoice.id, today)
        if not open_:
            continue
        late = (today - invoice.due_date).days
        bucket = buckets[0 if late <= 0 else min(4, 1 + (late - 1) // 30)]
        row = table.setdefault(invoice.currency, dict.fromkeys(buckets, Decimal(0)))
        row[bucket] += open_
    return [{"currency": cur, **vals} for cur, vals in sorted(table.items())]


def _amount(value: Decimal, currency: str, locale: str) -> str:
    return str(format_currency(value, currency, locale=locale))


ACTION_COLUMNS = (
    "scheduled_for",
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


def action_rows(plan: Plan, portfolio: Portfolio, locale: str) -> list[Row]:
    """The plan's actions as table rows a person reads."""
    return [
        {
            "scheduled_for": a.scheduled_for.isoformat(),
            "customer": f"{portfolio.customer(a.customer_id).name} ({a.customer_id})",
            "segment": a.segment,
            "step": a.step_id,
            "channel": str(a.channel),
            "tone": str(a.tone),
            "invoices": " ".join(a.invoice_ids),
            "amount_due": _amount(a.amount_due, a.currency, locale),
            "approval": "needs approval" if a.requires_approval else "",
            "key": a.key,
        }
        for a in plan.actions
    ]


def _skip_summary(plan: Plan) -> list[Row]:
    counts: dict[str, int] = {}
    for skip in plan.skipped:
        counts[str(skip.reason)] = counts.get(str(skip.reason), 0) + 1
    return [{"reason": r, "invoices": n} for r, n in sorted(counts.items(), key=lambda x: -x[1])]


def cmd_demo(args: argparse.Namespace) -> int:
    today: date = args.today or date.today()  # noqa: DTZ011 - the edge of the library
    portfolio = sample_portfolio(today)
    if args.export:
        target = Path(args.export)
        if target.suffix == ".json":
            dump_json(portfolio, target)
        else:
            dump_csv(portfolio, target, delimiter=";", decimal=",")
        print(f"sample book written to {target}")
        return 0
    plan = next_actions(portfolio, today, sample_policy())
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
    emit(
        action_rows(plan, portfolio, args.locale),
        ACTION_COLUMNS[:-1],
        "table",
        title=f"{len(plan.actions)} reminders to send",
    )
    print()
    emit(
        _skip_summary(plan),
        ("reason", "invoices"),
        "table",
        title=f"{len(plan.skipped)} open invoices without a reminder today",
    )
    first = plan.actions[0].customer_id if plan.actions else portfolio.customers[0].id
    print()
    print(f"Why? Try: dunningkit demo --explain {first}")
    if args.explain:
        print()
        print(explain(portfolio, today, args.explain, sample_policy()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    del args
    print(json.dumps(Portfolio.model_json_schema(), indent=2))
    return 0


def _policy(args: argparse.Namespace) -> Policy:
    return load_policy(args.policy) if getattr(args, "policy", None) else default_policy()


def cmd_segments(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
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
                "on_time_ratio": profile.on_time_ratio,
                "average_days_late": profile.average_days_late,
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


def cmd_plan(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
    with progress("planning"):
        plan = next_actions(portfolio, args.today, _policy(args))
    if args.format == "json":
        sys.stdout.write(plan.model_dump_json(indent=2) + "\n")
        return 0
    if args.format == "csv":
        rows = [
            {
                **a.model_dump(mode="json", exclude={"contact", "reasons", "invoice_ids"}),
                "invoice_ids": " ".join(a.invoice_ids),
                "contact": a.contact.name if a.contact else "",
                "reasons": " | ".join(a.reasons),
            }
            for a in plan.actions
        ]
        columns = (
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
            "pay_by",
            "reasons",
        )
        emit(rows, columns, "csv")
        return 0
    emit(
        action_rows(plan, portfolio, args.locale),
        ACTION_COLUMNS,
        "table",
        title=f"{len(plan.actions)} reminders for {args.today}",
    )
    print()
    emit(
        _skip_summary(plan),
        ("reason", "invoices"),
        "table",
        title=f"{len(plan.skipped)} open invoices without a reminder",
    )
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
    result = explain(portfolio, args.today, args.customer_id, _policy(args))
    if args.format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        print(result)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
    policy = _policy(args)
    plan = next_actions(portfolio, args.today, policy)
    try:
        action = plan.action(args.action)
    except KeyError:
        keys = ", ".join(a.key for a in plan.actions[:3])
        raise DunningkitError(
            f"no action with key {args.action!r} in the plan for {args.today} "
            f"(run `dunningkit plan` for the keys; e.g. {keys})"
        ) from None
    signer = load_key_file(args.key_file) if args.key_file else None
    message = render(action, portfolio, policy, today=args.today, signer=signer)
    print(f"channel: {message.channel}   to: {message.to or '-'}   locale: {message.locale}")
    if message.subject:
        print(f"subject: {message.subject}")
    print()
    print(message.body, end="")
    return 0


def cmd_charges(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
    policy = _policy(args)
    rows = []
    with progress("computing late charges"):
        for invoice in portfolio.invoices:
            if invoice.is_credit_note or invoice.issue_date > args.today:
                continue
            if portfolio.open_amount(invoice.id, args.today) <= 0:
                continue
            if invoice.due_date >= args.today:
                continue
            c = late_charges(
                invoice, portfolio, args.today, args.jurisdiction or policy.jurisdiction
            )
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
    if args.format != "table":
        columns = (*columns, "legal_basis", "notes")
    emit(rows, columns, args.format, title=f"late charges on {args.today}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    portfolio = _load(args.portfolio)
    print(
        f"ok: {len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
        f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
        f"{len(portfolio.events)} events"
    )
    return 0


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, exposed for the docs and the tests."""
    parser = argparse.ArgumentParser(
        prog="dunningkit", description="Plan payment reminders that a credit manager can explain."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    demo = command("demo", cmd_demo, "plan the bundled sample book and print it")
    demo.add_argument("--today", type=_day, help="planning date (default: today)")
    demo.add_argument(
        "--export",
        metavar="PATH",
        help="write the sample book to PATH (.json file or CSV folder) instead",
    )
    demo.add_argument(
        "--explain", metavar="CUSTOMER_ID", help="also explain the decisions for one customer"
    )
    demo.add_argument("--locale", default="fr_FR", help="locale for amounts (default fr_FR)")
    command("schema", cmd_schema, "print the JSON Schema of a portfolio")
    validate = command("validate", cmd_validate, "check a portfolio and report every problem")
    validate.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")

    def book_command(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = command(name, func, help_text)
        p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
        p.add_argument("--today", type=_day, required=True, help="planning date, YYYY-MM-DD")
        p.add_argument("--policy", metavar="FILE", help="policy file (.toml or .json)")
        return p

    segments = book_command("segments", cmd_segments, "each customer's segment and reasons")
    segments.add_argument("--format", choices=("table", "json", "csv"), default="table")
    plan = book_command("plan", cmd_plan, "the day's reminders, and what gets none")
    plan.add_argument("--format", choices=("table", "json", "csv"), default="table")
    plan.add_argument("--locale", default="en_GB", help="locale for amounts in tables")
    explain_cmd = book_command(
        "explain", cmd_explain, "why each invoice of a customer gets a reminder today, or not"
    )
    explain_cmd.add_argument("customer_id", help="the customer's id")
    explain_cmd.add_argument("--format", choices=("text", "json"), default="text")
    render_cmd = book_command("render", cmd_render, "preview the message of one planned action")
    render_cmd.add_argument("--action", required=True, metavar="KEY", help="the action's key")
    render_cmd.add_argument(
        "--key-file", metavar="F", help="link keys, when the policy sets links_base_url"
    )
    add_links_command(command)
    add_backtest_command(command)
    charges = book_command("charges", cmd_charges, "late-payment charges per overdue invoice")
    charges.add_argument("--jurisdiction", help="FR, EU, DE, GB... (default: each customer's)")
    charges.add_argument("--format", choices=("table", "json", "csv"), default="table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 bad usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InvalidPortfolioError as error:
        for problem in error.problems:
            sys.stderr.write(f"error: {problem}\n")
        count = len(error.problems)
        sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found\n")
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


if __name__ == "__main__":
    raise SystemExit(main())
