"""``dunningkit handover BOOK CUSTOMER --on D --out DIR``: write the hand-over dossier."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import HandoverError
from dunningkit.handover._dossier import NO_FORMAL_NOTICE, handover_dossier
from dunningkit.policy._policy import Policy

__all__ = ["add_handover_command"]


def _write(out: Path, files: dict[str, str]) -> None:
    try:
        for name, text in files.items():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise HandoverError(f"{out}: {error.strerror or error}") from None


def add_handover_command(
    sub: argparse._SubParsersAction[Any],
    load: Callable[[str], Portfolio],
    policy_of: Callable[[argparse.Namespace], Policy],
    day: Callable[[str], date],
) -> None:
    """Register ``handover``; ``load``, ``policy_of`` and ``day`` are the CLI's helpers."""

    def run(args: argparse.Namespace) -> int:
        portfolio = load(args.portfolio)
        dossier = handover_dossier(portfolio, args.customer_id, args.on, policy=policy_of(args))
        no_notice = any(m.startswith(NO_FORMAL_NOTICE) for m in dossier.missing)
        if no_notice and not args.force:
            sys.stderr.write(
                f"error: no formal notice was sent to customer {args.customer_id} by {args.on}; "
                "send one first, or pass --force to write the dossier anyway\n"
            )
            for item in dossier.missing:
                sys.stderr.write(f"missing: {item}\n")
            return 1
        out = Path(args.out)
        files = {"dossier.json": dossier.to_json() + "\n", "dossier.html": dossier.to_html()}
        files |= {f"csv/{name}": text for name, text in dossier.csv_tables().items()}
        _write(out, files)
        for item in dossier.missing:
            sys.stderr.write(f"missing: {item}\n")
        for warning in dossier.warnings:
            sys.stderr.write(f"warning: {warning}\n")
        totals = "; ".join(
            f"{currency} {row['total']} (principal {row['principal']})"
            for currency, row in dossier.totals.items()
        )
        sys.stdout.write(
            f"wrote {out}/dossier.json, dossier.html and csv/: {len(dossier.invoices)} open "
            f"invoices, {len(dossier.reminders)} reminders; claimed {totals or 'nothing'}\n"
        )
        return 0

    text = "write the hand-over dossier of a customer (JSON, CSV folder, printable HTML)"
    p = sub.add_parser("handover", help=text, description=text)
    p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    p.add_argument("customer_id", help="the customer's id")
    p.add_argument("--on", type=day, required=True, help="the dossier's date, YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the dossier to")
    p.add_argument("--policy", metavar="FILE", help="policy file (.toml or .json)")
    p.add_argument(
        "--force", action="store_true", help="write the dossier even without a formal notice"
    )
    p.set_defaults(func=run)
