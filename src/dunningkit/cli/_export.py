"""``demo --export``: the sample book written as files, with its policy beside it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._context import refuse_existing
from dunningkit.errors import DunningkitError
from dunningkit.io import dump_csv, dump_json, dump_jsonl
from dunningkit.policy._templates import Creditor

__all__ = ["EXPORT_SUFFIXES", "export_sample", "policy_toml"]

EXPORT_SUFFIXES = (".json", ".jsonl")


def policy_toml(creditor: Creditor, *, comment: str) -> str:
    """A policy file that sets only the creditor: the defaults do the rest."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += ["", "[creditor]"]
    for name, value in creditor.model_dump().items():
        if value:
            # JSON string escapes are valid TOML basic-string escapes.
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _targets(target: Path) -> tuple[Path, Path, list[Path]]:
    """The book, its policy, and every file written, for a file or a folder target."""
    if target.suffix.lower() in EXPORT_SUFFIXES:
        policy = target.with_name(f"{target.stem}.policy.toml")
        return target, policy, [target, policy]
    if target.suffix and not target.is_dir():
        raise DunningkitError(
            f"{target}: --export writes a folder of CSV files or a .json/.jsonl file; "
            f"{target.suffix!r} is neither"
        )
    if target.exists() and not target.is_dir():
        raise DunningkitError(f"{target}: exists and is not a folder")
    policy = target / "policy.toml"
    return target, policy, [target / "customers.csv", target / "invoices.csv", policy]


def export_sample(
    portfolio: Portfolio, creditor: Creditor, target: Path, *, force: bool
) -> Sequence[Path]:
    """Write the sample book (CSV folder, .json or .jsonl) and its policy beside it.

    Refuses to overwrite anything unless ``force``; every failure is one
    :class:`DunningkitError` naming the path.
    """
    book, policy, written = _targets(target)
    for path in written:
        refuse_existing(path, force=force)
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
