"""``dunningkit handover BOOK CUSTOMER --today D --out DIR``: write the hand-over dossier.

Without a formal notice it exits with 1 unless ``--force``; an existing dossier in
``DIR`` is not replaced without ``--force`` either.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dunningkit._support._money import money_text
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
)
from dunningkit.errors import HandoverError
from dunningkit.handover import NO_FORMAL_NOTICE, Dossier, handover_dossier

__all__ = ["cmd_handover", "register"]


def _write(out: Path, files: dict[str, str]) -> None:
    """Each file written whole under a temporary name, then renamed into place."""
    for name, text in files.items():
        target = out / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise HandoverError(f"{out}: {error.strerror or error}") from None
        write_text(target, text, force=True)


def _refused(args: argparse.Namespace, dossier: Dossier) -> bool:
    """Whether a missing formal notice stops the dossier (said on stderr)."""
    if args.force or not any(m.startswith(NO_FORMAL_NOTICE) for m in dossier.missing):
        return False
    sys.stderr.write(
        f"error: no formal notice was sent to customer {args.customer_id} by {args.today}; "
        "send one first, or pass --force to write the dossier anyway\n"
    )
    sys.stderr.writelines(f"missing: {item}\n" for item in dossier.missing)
    return True


def cmd_handover(args: argparse.Namespace) -> int:
    """Write the dossier's JSON, HTML and CSV files, and say what it claims."""
    out = Path(args.out)
    refuse_existing(out / "dossier.json", force=args.force)
    portfolio = load_book(args)
    policy = policy_of(args)
    dossier = handover_dossier(portfolio, args.customer_id, args.today, policy=policy)
    if _refused(args, dossier):
        return 1
    files = {"dossier.json": dossier.to_json() + "\n", "dossier.html": dossier.to_html()}
    files |= {f"csv/{name}": text for name, text in dossier.csv_tables().items()}
    _write(out, files)
    sys.stderr.writelines(f"missing: {item}\n" for item in dossier.missing)
    sys.stderr.writelines(f"warning: {warning}\n" for warning in dossier.warnings)
    locale = LocaleRule.of(portfolio, policy, args.locale).for_customer(args.customer_id)
    totals = "; ".join(
        f"{money_text(row['total'], currency, locale)} "
        f"(principal {money_text(row['principal'], currency, locale)})"
        for currency, row in dossier.totals.items()
    )
    sys.stdout.write(
        f"wrote {out}/dossier.json, dossier.html and csv/: {len(dossier.invoices)} open "
        f"invoices, {len(dossier.reminders)} reminders; claimed {totals or 'nothing'}\n"
    )
    return 0


def register(sub: Any) -> None:
    """Add ``handover`` to the command line."""
    text = "write the hand-over dossier of a customer (JSON, CSV folder, printable HTML)"
    p = add_command(sub, "handover", cmd_handover, text)
    add_book(p)
    p.add_argument("customer_id", help="the customer's id")
    add_today(p, "the dossier's date, YYYY-MM-DD", aliases=("--on",))
    add_out(p, "folder to write the dossier to", metavar="DIR", required=True)
    add_force(p, "replace a dossier in DIR, and write one even without a formal notice")
    add_policy(p)
    add_allow_empty(p)
    add_locale(p)
