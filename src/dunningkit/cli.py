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

from dunningkit._portfolio import Portfolio
from dunningkit._sample import sample_portfolio
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
    print(f"Atelier Lumière (sample book) on {today.isoformat()}")
    print(
        f"{len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
        f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
        f"{len(portfolio.events)} reminders in the history"
    )
    print()
    buckets = ("currency", "not due", "1-30", "31-60", "61-90", "over 90")
    emit(aging(portfolio, today), buckets, "table", title="Open receivables by age")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    del args
    print(json.dumps(Portfolio.model_json_schema(), indent=2))
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
    command("schema", cmd_schema, "print the JSON Schema of a portfolio")
    validate = command("validate", cmd_validate, "check a portfolio and report every problem")
    validate.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    for extend in _EXTENSIONS:
        extend(command)
    return parser


# Later commands (segments, plan, explain, ...) register here, keeping main() small.
_EXTENSIONS: list[Callable[[Callable[[str, Command, str], argparse.ArgumentParser]], None]] = []


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
