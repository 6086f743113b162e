"""``dunningkit charges BOOK --today D``: the late-payment charges of every overdue invoice.

When a rate table does not cover the period, the last known rate is used and a
warning says so (``--strict-rates`` fails instead); ``--rates FILE`` passes newer
tables (:mod:`dunningkit.cli._rates`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from dunningkit._support._money import money_text
from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._context import LocaleRule, load_book, output, policy_of
from dunningkit.cli._options import add_book, add_book_options, add_command, add_today
from dunningkit.cli._progress import progress
from dunningkit.cli._rates import tables_by_id
from dunningkit.cli._table import RIGHT, Row, emit
from dunningkit.legal._charges import LateCharges, late_charges
from dunningkit.model._invoice import Invoice
from dunningkit.policy._policy import Policy

__all__ = ["cmd_charges", "register"]

_COLUMNS = ("invoice_id", "customer_id", "jurisdiction", "days", "interest_days", "rate",
            "interest", "fixed_compensation", "total", "currency")  # fmt: skip
_MONEY = ("interest", "fixed_compensation", "total")


def _overdue(portfolio: Portfolio, today: date) -> Iterator[Invoice]:
    """Invoices issued by ``today``, past due and still open on it."""
    for invoice in portfolio.invoices:
        if invoice.is_credit_note or invoice.issue_date > today or invoice.due_date >= today:
            continue
        if portfolio.open_amount(invoice.id, today) > 0:
            yield invoice


def _row(c: LateCharges, customer_id: str) -> Row:
    return {
        "invoice_id": c.invoice_id,
        "customer_id": customer_id,
        "jurisdiction": c.jurisdiction,
        "days": c.days,
        "interest_days": c.interest_days,
        "rate": c.rate,
        "interest": c.interest,
        "fixed_compensation": c.fixed_compensation,
        "total": c.total,
        "currency": c.currency,
        "legal_basis": c.legal_basis,
        "interest_basis": c.interest_basis,
        "interest_basis_text": c.interest_basis_text,
        "notes": " | ".join(c.notes),
        "warning": "STALE RATES" if c.warnings else "",
    }


def _charges(
    args: argparse.Namespace, portfolio: Portfolio, policy: Policy
) -> tuple[list[Row], list[str]]:
    """The rows, and one warning per rate table that left invoices short."""
    tables = {**policy.loaded_rate_tables(), **tables_by_id(args.rates or ())}
    stale: dict[str, list[str]] = {}  # table name -> warnings of the invoices it left short
    rows: list[Row] = []
    with progress("computing late charges"):
        for invoice in _overdue(portfolio, args.today):
            c = late_charges(
                invoice,
                portfolio,
                args.today,
                args.jurisdiction or policy.jurisdiction,
                allow_stale=not args.strict_rates,
                rate_tables=tables,
                creditor_country=policy.creditor.country,
                policy_interest=policy.late_interest,
            )
            if c.stale_table:
                stale.setdefault(c.stale_table, []).append(c.warnings[0])
            rows.append(_row(c, invoice.customer_id))
    warnings = [
        f"{first[0].split('; no rate')[0]}; {len(first)} invoice(s) charged with its last "
        "known rate for days after it (import newer rates: `dunningkit rates import FILE`, "
        "then --rates FILE or the policy's rate_tables)"
        for first in stale.values()
    ]
    return rows, warnings


def _as_text(rows: list[Row], locale: LocaleRule) -> list[Row]:
    """Amounts as text in the locale rule's locale, and one total row per currency."""
    totals: dict[str, tuple[Decimal, str]] = {}
    for row in rows:
        row_locale = locale.for_customer(row["customer_id"])
        total, first_locale = totals.get(row["currency"], (Decimal(0), row_locale))
        totals[row["currency"]] = (total + row["total"], first_locale)
        for name in _MONEY:
            row[name] = money_text(row[name], row["currency"], row_locale)
    return [
        {"invoice_id": f"total {currency}", "total": money_text(total, currency, first)}
        for currency, (total, first) in sorted(totals.items())
    ]


def cmd_charges(args: argparse.Namespace) -> int:
    """Print the late charges; a table closes with a total per currency and the warnings."""
    portfolio = load_book(args)
    policy = policy_of(args)
    rows, warnings = _charges(args, portfolio, policy)
    columns: tuple[str, ...] = _COLUMNS
    if any(row["interest_basis"] in {"contract", "floor"} for row in rows):
        columns = (*columns, "interest_basis")  # a contract sets some rates: say whose
    if warnings:
        columns = (*columns, "warning")
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    with output(args) as out:
        if args.format != "table":
            extra = ("legal_basis", "interest_basis", "interest_basis_text", "notes")
            emit(rows, (*dict.fromkeys((*columns, *extra)),), args.format, out=out)
            return 0
        # Read by a person: amounts in the locale, a total per currency, never across.
        footer = _as_text(rows, LocaleRule.of(portfolio, policy, args.locale))
        title = f"late charges on {args.today}"
        emit(rows, columns, "table", title=title, out=out, right=RIGHT, footer=footer)
        if warnings:
            out.write("\n" + "".join(f"warning: {warning}\n" for warning in warnings))
    return 0


def register(sub: Any) -> None:
    """Add ``charges`` to the command line."""
    p = add_command(sub, "charges", cmd_charges, "late-payment charges per overdue invoice")
    add_book(p)
    add_today(p, "the day, YYYY-MM-DD")
    p.add_argument("--jurisdiction", help="FR, EU, DE, GB... (default: each customer's)")
    add_book_options(p, ("table", "json", "csv"))
    p.add_argument(
        "--rates",
        metavar="FILE",
        action="append",
        help="a rate table file from `dunningkit rates import` (repeat for several); it "
        "replaces the shipped table of the same name",
    )
    p.add_argument(
        "--strict-rates",
        action="store_true",
        help="fail when the rate table does not cover the period (default: warn)",
    )
