"""``dunningkit claim BOOK CUSTOMER --today D``: the claim to declare in a customer's
insolvency proceedings, as JSON (default), CSV (one row per claim) or a printable page.

The declaration goes to the terminal, or to ``--out FILE`` (never replaced without
``--force``); its warnings (a passed or unknown deadline, disputed claims) go to
stderr. A customer in no proceedings, or in proceedings opened after the day, is an
error (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dunningkit._support._money import money_text
from dunningkit.cli._context import LocaleRule, load_book, output, policy_of
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.handover import ClaimDeclaration, claim_declaration

__all__ = ["cmd_claim", "register"]


def _text(declaration: ClaimDeclaration, form: str, locale: str) -> str:
    if form == "csv":
        return declaration.to_csv()
    if form == "html":
        return declaration.to_html(locale)
    return declaration.to_json() + "\n"


def cmd_claim(args: argparse.Namespace) -> int:
    """Write the declaration in the format asked; say what it declares."""
    portfolio = load_book(args)
    policy = policy_of(args)
    declaration = claim_declaration(portfolio, args.customer_id, args.today, policy=policy)
    locale = LocaleRule.of(portfolio, policy, args.locale).for_customer(args.customer_id)
    with output(args) as out:
        out.write(_text(declaration, args.format, locale))
    sys.stderr.writelines(f"warning: {warning}\n" for warning in declaration.warnings)
    if args.out:
        totals = "; ".join(
            money_text(row["total"], currency, locale)
            for currency, row in declaration.totals.items()
        )
        deadline = declaration.deadline or "not known yet"
        count = len(declaration.claims)
        sys.stdout.write(
            f"wrote {args.out}: {declaration.title}, {count} claim{'s' * (count != 1)}, "
            f"{totals or 'nothing'} to declare by {deadline}\n"
        )
    return 0


def register(sub: Any) -> None:
    """Add ``claim`` to the command line."""
    text = "write the claim to declare in a customer's insolvency proceedings"
    p = add_command(sub, "claim", cmd_claim, text)
    add_book(p)
    p.add_argument("customer_id", help="the customer's id")
    add_today(p, "the declaration's date, YYYY-MM-DD")
    add_book_options(p, ("json", "csv", "html"))
