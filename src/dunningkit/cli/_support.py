"""What the command line needs beyond the library: checked options, safe exports, totals.

Kept apart from ``cli.py`` so the commands stay short: every helper here turns a
person's input into something the library accepts, or into one clear error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import DunningkitError
from dunningkit.io._loaders import dump_csv, dump_json, dump_jsonl
from dunningkit.messages._render import Creditor
from dunningkit.planning._plan import Action, Plan

__all__ = [
    "EXPORT_SUFFIXES",
    "amount_text",
    "currency_totals",
    "day_arg",
    "export_sample",
    "find_action",
    "locale_arg",
    "policy_beside",
    "policy_toml",
]

# The planner works on calendar dates; years outside this range are typing mistakes
# (and date arithmetic near year 9999 overflows).
_FIRST_YEAR, _LAST_YEAR = 1900, 2999


def day_arg(text: str) -> date:
    """An option's ``YYYY-MM-DD``, or a usage error saying what is wrong with it."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD, e.g. 2026-11-23)"
        ) from None
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the years dunningkit plans ({_FIRST_YEAR}-{_LAST_YEAR})"
        )
    return day


def locale_arg(text: str) -> str:
    """A locale babel knows (``fr_FR``, ``fr-FR``, ``en``), or a usage error."""
    try:
        return str(Locale.parse(text.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a known locale (e.g. fr_FR, en_GB, de_DE)"
        ) from None


def amount_text(amount: Decimal, currency: str, locale: str) -> str:
    """``1 234,56 €`` in fr_FR, ``£1,234.56`` in en_GB: babel's symbol for the locale."""
    return str(format_currency(amount, currency, locale=locale))


def currency_totals(
    actions: Iterable[Action], locale_of: Any, label: str = "total"
) -> list[dict[str, Any]]:
    """One footer row per currency: how many actions and their amount, never mixed."""
    totals: dict[str, tuple[int, Decimal, str]] = {}
    for action in actions:
        count, amount, locale = totals.get(action.currency, (0, Decimal(0), ""))
        totals[action.currency] = (
            count + 1,
            amount + action.amount_due,
            locale or locale_of(action),
        )
    return [
        {
            "customer": f"{label} {currency} ({count} action{'s' if count != 1 else ''})",
            "amount_due": amount_text(amount, currency, locale),
        }
        for currency, (count, amount, locale) in sorted(totals.items())
    ]


def find_action(
    plan: Plan, *, key: str | None, customer_id: str | None, step_id: str | None
) -> Action:
    """The action a person asked for, by key or by customer and step; one clear error."""
    if key:
        for action in plan.actions:
            if action.key == key:
                return action
        sample = ", ".join(a.key for a in plan.actions[:3]) or "none today"
        raise DunningkitError(
            f"no action with key {key!r} in the plan for {plan.today} "
            f"(run `dunningkit plan` for the keys; e.g. {sample})"
        )
    mine = [a for a in plan.actions if a.customer_id == customer_id]
    if not mine:
        raise DunningkitError(
            f"no action for customer {customer_id!r} in the plan for {plan.today} "
            f"(`dunningkit explain BOOK {customer_id} --today {plan.today}` says why)"
        )
    chosen = [a for a in mine if step_id is None or a.step_id == step_id]
    if not chosen:
        steps = ", ".join(sorted({a.step_id for a in mine}))
        raise DunningkitError(
            f"customer {customer_id!r} has no {step_id!r} action on {plan.today}; "
            f"planned steps: {steps}"
        )
    if len(chosen) > 1:
        keys = ", ".join(f"{a.key} ({a.step_id}, {a.currency})" for a in chosen)
        raise DunningkitError(
            f"customer {customer_id!r} has {len(chosen)} actions on {plan.today}; "
            f"choose one with --action: {keys}"
        )
    return chosen[0]


def policy_toml(creditor: Creditor, *, comment: str) -> str:
    """A policy file that sets only the creditor: the defaults do the rest."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += ["", "[creditor]"]
    for name, value in creditor.model_dump().items():
        if value:
            # JSON string escapes are valid TOML basic-string escapes.
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


EXPORT_SUFFIXES = (".json", ".jsonl")


def policy_beside(book: str | None) -> Path | None:
    """The policy kept with a book: ``policy.toml`` in its folder, ``<name>.policy.toml``
    beside a file (where ``demo --export`` writes the sample's)."""
    if not book:
        return None
    path = Path(book)
    try:
        found = (
            path / "policy.toml" if path.is_dir() else path.with_name(f"{path.stem}.policy.toml")
        )
        return found if found.is_file() else None
    except (OSError, ValueError):
        return None  # an unreadable place: loading the book will say why


def export_sample(
    portfolio: Portfolio, creditor: Creditor, target: Path, *, force: bool
) -> Sequence[Path]:
    """Write the sample book (CSV folder, .json or .jsonl) and its policy beside it.

    Refuses to overwrite anything unless ``force``; every failure is one
    :class:`DunningkitError` naming the path.
    """
    as_file = target.suffix.lower() in EXPORT_SUFFIXES
    if not as_file and target.suffix and not target.is_dir():
        raise DunningkitError(
            f"{target}: --export writes a folder of CSV files or a .json/.jsonl file; "
            f"{target.suffix!r} is neither"
        )
    if as_file:
        book = target
        policy = target.with_name(f"{target.stem}.policy.toml")
        written = [book, policy]
    else:
        if target.exists() and not target.is_dir():
            raise DunningkitError(f"{target}: exists and is not a folder")
        book = target
        policy = target / "policy.toml"
        written = [target / "customers.csv", target / "invoices.csv", policy]
    existing = [path for path in written if path.exists()]
    if existing and not force:
        raise DunningkitError(
            f"{existing[0]}: already exists; add --force to overwrite it, or export somewhere else"
        )
    comment = (
        "The sample company's policy: the defaults, signed by Atelier Lumière.\n"
        "Commands given this book use it unless --policy names another."
    )
    try:
        if target.suffix.lower() == ".json":
            dump_json(portfolio, book)
        elif target.suffix.lower() == ".jsonl":
            dump_jsonl(portfolio, book)
        else:
            dump_csv(portfolio, book, delimiter=";", decimal=",")
        policy.write_text(policy_toml(creditor, comment=comment), encoding="utf-8")
    except OSError as error:
        where = error.filename or target
        raise DunningkitError(f"{where}: cannot write: {error.strerror or error}") from None
    return (book, policy)
