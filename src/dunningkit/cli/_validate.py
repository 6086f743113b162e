"""``dunningkit validate BOOK`` and ``dunningkit schema``: check a book, describe one."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._context import load_book, output, policy_beside
from dunningkit.cli._options import add_allow_empty, add_book, add_command, add_policy, add_today
from dunningkit.cli._table import printable
from dunningkit.messages._requirements import creditor_warning
from dunningkit.model._customer import HOME_COUNTRY
from dunningkit.planning._insolvency import check_opened
from dunningkit.policy._policy import default_policy, load_policy

__all__ = ["cmd_schema", "cmd_validate", "register"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Load the book (and the policy it would be planned with) and say what it holds;
    with ``--today``, also what a plan of that day would refuse (proceedings opened
    after it, every such customer)."""
    portfolio = load_book(args)
    if args.today is not None:
        check_opened(portfolio.customers, args.today)
    policy_file = args.policy or policy_beside(args.portfolio)
    policy = load_policy(policy_file) if policy_file is not None else default_policy()
    if warning := creditor_warning(policy.creditor):  # a bad policy failed just above
        print(warning, file=sys.stderr)
    print(
        f"ok: {len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices, "
        f"{len(portfolio.payments)} payments, {len(portfolio.promises)} promises, "
        f"{len(portfolio.events)} events"
        + (f"; policy {policy_file} ok" if policy_file is not None else "")
    )
    unplaced = [c.id for c in portfolio.customers if c.country is None]
    if unplaced:
        print(_unplaced_note(unplaced, policy.creditor.country))
    return 0


def _unplaced_note(unplaced: list[str], creditor_country: str | None) -> str:
    """Which country the customers that give none are read as, and why."""
    shown = ", ".join(printable(i) for i in unplaced[:5]) + (", ..." if len(unplaced) > 5 else "")
    if creditor_country:
        source = f"the creditor's country {creditor_country} (creditor.country in the policy)"
    else:
        source = f"{HOME_COUNTRY}, as the policy's creditor names no country (set creditor.country)"
    return (
        f"note: {len(unplaced)} customers have no country ({shown}): they are read as "
        f"{source}, whose law, holidays and language then apply; give each its country"
    )


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a portfolio document."""
    with output(args) as out:
        out.write(json.dumps(Portfolio.model_json_schema(), indent=2) + "\n")
    return 0


def register(sub: Any) -> None:
    """Add ``schema`` and ``validate`` to the command line."""
    add_command(sub, "schema", cmd_schema, "print the JSON Schema of a portfolio")
    p = add_command(sub, "validate", cmd_validate, "check a portfolio and report every problem")
    add_book(p)
    add_allow_empty(p)
    add_policy(p)
    add_today(
        p,
        "also check the book as a plan of that day reads it (proceedings opened after it)",
        required=False,
    )
