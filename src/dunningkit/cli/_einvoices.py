"""``dunningkit einvoices import`` and ``einvoices statuses``: the e-invoicing flux in.

``import FOLDER --out BOOK`` reads every e-invoice of a folder (UBL, CII, Factur-X PDF)
into a book; ``statuses BOOK CDAR_FOLDER --out BOOK2`` brings the lifecycle statuses of
a folder of CDAR messages onto a book. Every problem of every file is one line on
stderr, and nothing is written unless everything was read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._context import refuse_existing
from dunningkit.cli._options import add_force, add_out
from dunningkit.einvoicing import (
    apply_lifecycle,
    load_einvoices,
    read_lifecycles,
    unmatched_statuses,
)
from dunningkit.einvoicing._folder import files_of
from dunningkit.io import dump_csv, dump_json, dump_jsonl, load_portfolio

__all__ = ["cmd_import", "cmd_statuses", "register", "write_book"]


def write_book(portfolio: Portfolio, target: Path, *, force: bool) -> None:
    """Write a book as its suffix says: ``.json``, ``.jsonl``, else a folder of CSV files.

    An existing file, or a folder holding files, is replaced only with ``force``.
    """
    if not (target.is_dir() and not any(target.iterdir())):
        refuse_existing(target, force=force)
    suffix = target.suffix.lower()
    if suffix == ".json":
        dump_json(portfolio, target)
    elif suffix == ".jsonl":
        dump_jsonl(portfolio, target)
    else:
        dump_csv(portfolio, target)


def cmd_import(args: argparse.Namespace) -> int:
    """Read a folder of e-invoices into a book."""
    portfolio = load_einvoices(args.folder)
    write_book(portfolio, Path(args.out), force=args.force)
    print(
        f"ok: {len(portfolio.invoices)} invoices, {len(portfolio.customers)} customers, "
        f"{len(portfolio.payments)} payments written to {args.out}"
    )
    return 0


def cmd_statuses(args: argparse.Namespace) -> int:
    """Bring the statuses of a folder of CDAR messages onto a book."""
    portfolio = load_portfolio(args.portfolio)
    statuses = read_lifecycles(files_of(args.cdar_folder, (".xml",)))
    unknown = unmatched_statuses(portfolio, statuses)
    if args.skip_unknown:
        sys.stderr.writelines(
            f"warning: {s.source}: invoice {s.invoice_id!r}: status {s.code} ({s.label}) "
            f"of {s.date}: no such invoice in the book; left out\n"
            for s in unknown
        )
    updated = apply_lifecycle(portfolio, statuses, skip_unknown=args.skip_unknown)
    write_book(updated, Path(args.out), force=args.force)
    applied = len(statuses) - len(unknown)
    invoices = len({s.invoice_id for s in statuses} - {s.invoice_id for s in unknown})
    print(
        f"ok: {applied} statuses on {invoices} invoices"
        + (f" ({len(unknown)} left out)" if unknown else "")
        + f" written to {args.out}"
    )
    return 0


def register(sub: Any) -> None:
    """Add ``einvoices import`` and ``einvoices statuses`` to the command line."""
    text = "the e-invoicing flux: EN 16931 invoices and CDAR lifecycle statuses in"
    group = sub.add_parser("einvoices", help=text, description=text)
    actions = group.add_subparsers(dest="einvoices_command", required=True, metavar="ACTION")
    text = "read a folder of e-invoices (UBL, CII, Factur-X PDF) into a book"
    imp = actions.add_parser("import", help=text, description=text)
    imp.set_defaults(func=cmd_import)
    imp.add_argument("folder", help="the folder of .xml and .pdf e-invoices")
    add_out(imp, "the book: a .json or .jsonl file, or a folder of CSV files", metavar="BOOK",
            required=True)  # fmt: skip
    add_force(imp)
    text = "bring the lifecycle statuses of a folder of CDAR messages onto a book"
    sts = actions.add_parser("statuses", help=text, description=text)
    sts.set_defaults(func=cmd_statuses)
    sts.add_argument("portfolio", metavar="BOOK", help="the book (.json, .jsonl or CSV folder)")
    sts.add_argument("cdar_folder", metavar="CDAR_FOLDER", help="the folder of CDAR .xml files")
    add_out(sts, "the new book: a .json or .jsonl file, or a folder of CSV files",
            metavar="BOOK2", required=True)  # fmt: skip
    sts.add_argument(
        "--skip-unknown",
        action="store_true",
        help="leave out (with a warning each) statuses of invoices not in the book",
    )
    add_force(sts)
