"""``dunningkit rates import FILE``: a central bank's CSV into a rate table file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dunningkit.cli._context import write_text
from dunningkit.cli._options import add_force, add_out, add_today
from dunningkit.errors import RateImportError
from dunningkit.legal._rates import RateTable, load_rate_table
from dunningkit.legal._rates_import import RATE_SOURCES, dump_rate_table, import_rate_table

__all__ = ["cmd_rates_import", "register", "tables_by_id"]


def tables_by_id(paths: Iterable[str]) -> dict[str, RateTable]:
    """Rate table files by the id of the shipped table they replace (matched by name)."""
    ids = {title: table_id for table_id, title, _ in RATE_SOURCES.values()}
    found: dict[str, RateTable] = {}
    for path in paths:
        table = load_rate_table(path)
        if table.name not in ids:
            known = ", ".join(repr(name) for name in sorted(ids))
            raise RateImportError(
                f"{path}: the table {table.name!r} replaces no shipped table (names: {known})"
            )
        found[ids[table.name]] = table
    return found


def cmd_rates_import(args: argparse.Namespace) -> int:
    """Write the rate table file; say how a policy names it."""
    table_id, table = import_rate_table(args.file, fmt=args.source, as_of=args.today)
    out = Path(args.out or f"{table_id}.json")
    if out.exists() and not args.force:
        raise RateImportError(f"{out} exists; pass --force to replace it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # rates/x.json: the folder is made
    except OSError as error:
        raise RateImportError(f"{out}: {error.strerror or error}") from None
    write_text(out, dump_rate_table(table), force=True)  # whole, or not at all
    last = table.rates[-1]
    sys.stdout.write(
        f"wrote {out}: {table.name}, {len(table.rates)} rates, latest {last.rate} % from "
        f"{last.from_}, as of {table.as_of}\n"
        f'name it in a policy: [rate_tables] {table_id} = "{out}"\n'
    )
    if args.today is None:
        sys.stderr.write(
            f"note: as of {table.as_of} (the file's last date); pass --today with the "
            "download date if the rate has not changed since\n"
        )
    return 0


def register(sub: Any) -> None:
    """Add ``rates import`` to the command line."""
    text = "reference-rate tables for late charges"
    rates = sub.add_parser("rates", help=text, description=text)
    actions = rates.add_subparsers(dest="rates_command", required=True, metavar="ACTION")
    text = "read an ECB, Bundesbank or Bank of England CSV into a rate table file"
    imp = actions.add_parser("import", help=text, description=text)
    imp.set_defaults(func=cmd_rates_import)
    imp.add_argument("file", help="the CSV file as downloaded")
    imp.add_argument(
        "--source",
        choices=sorted(RATE_SOURCES),
        help="the publisher (default: detected from the file)",
    )
    add_out(imp, "the table file (default: <table id>.json)")
    add_today(
        imp,
        "the day the file was downloaded: the table is as of it (default: the file's last date)",
        required=False,
        aliases=("--as-of",),
    )
    add_force(imp, "replace an existing file")
