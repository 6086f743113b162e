"""What every command reads the same way: the book, its policy, the locale, the output.

- the book: loaded with a progress line; an empty one is an error unless
  ``--allow-empty`` (a failed ERP export must not plan nothing in silence);
- the policy: ``--policy``, else the one kept with the book (``policy.toml`` in its
  folder, ``<name>.policy.toml`` beside a file), else the defaults;
- the locale rule: ``--locale``, else the policy's ``locale``, else each customer's
  own (for one page about the whole book: the locale most of its customers have);
- the output: stdout, or ``--out FILE``, never replacing a file without ``--force``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from dunningkit.book._portfolio import Portfolio
from dunningkit.cli._progress import progress
from dunningkit.errors import DunningkitError
from dunningkit.io import load_portfolio
from dunningkit.io._files import written_whole
from dunningkit.model._customer import customer_locale
from dunningkit.policy._policy import Policy, default_policy, load_policy

__all__ = [
    "STREAM_FILES",
    "LocaleRule",
    "UsageError",
    "fresh_folder",
    "load_book",
    "output",
    "policy_beside",
    "policy_of",
    "refuse_existing",
    "write_text",
]


class UsageError(DunningkitError):
    """Options that do not go together: exit 2, like argparse's own errors."""


def load_book(args: argparse.Namespace) -> Portfolio:
    """The book named by ``args.portfolio``; empty is an error unless ``--allow-empty``."""
    path = args.portfolio
    with progress(f"loading {path}"):
        portfolio = load_portfolio(path, date_format=getattr(args, "date_format", None))
    if not getattr(args, "allow_empty", False) and not portfolio.invoice_count:
        raise DunningkitError(
            f"{path}: holds no invoices ({len(portfolio.customers)} customers); an empty "
            "export usually means the ERP export failed. Add --allow-empty if the book "
            "really is empty"
        )
    return portfolio


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


def policy_of(args: argparse.Namespace) -> Policy:
    """``--policy``, else the policy kept with the book, else the defaults."""
    if getattr(args, "policy", None):
        return load_policy(args.policy)
    found = policy_beside(getattr(args, "portfolio", None))
    if found is None:
        return default_policy()
    if sys.stderr.isatty():
        sys.stderr.write(f"policy: {found} (kept with the book; --policy to use another)\n")
    return load_policy(found)


@dataclass(frozen=True)
class LocaleRule:
    """The one locale rule: ``--locale``, else the policy's, else the customer's own."""

    portfolio: Portfolio
    fixed: str | None
    creditor_country: str | None = None  # the country of customers that give none

    @classmethod
    def of(cls, portfolio: Portfolio, policy: Policy, chosen: str | None) -> LocaleRule:
        """The rule for a command given ``--locale`` (``chosen``) and its policy."""
        return cls(portfolio, chosen or policy.locale, policy.creditor.country)

    def for_customer(self, customer_id: str) -> str:
        """The locale of what is said about one customer."""
        customer = self.portfolio.customer(customer_id)
        return self.fixed or customer_locale(customer, self.creditor_country)

    def for_book(self) -> str:
        """The locale of one page about the whole book: the fixed one, else the locale
        most customers have (ties: the first in alphabetical order), else en_GB."""
        if self.fixed:
            return self.fixed
        counts = Counter(
            customer_locale(c, self.creditor_country) for c in self.portfolio.customers
        )
        if not counts:
            return "en_GB"
        return min(counts, key=lambda locale: (-counts[locale], locale))


def refuse_existing(path: Path, *, force: bool) -> None:
    """An error when ``path`` exists and ``--force`` was not given."""
    if path.exists() and not force:
        raise DunningkitError(
            f"{path}: already exists; add --force to overwrite it, or export somewhere else"
        )


def write_text(path: Path, text: str, *, force: bool) -> None:
    """Write one file, refusing to replace it without ``force``; errors name the path.

    The text goes to a temporary name beside it, renamed only once complete: a failed
    run (a full disk) leaves the previous file as it was, and no temporary behind.
    """
    refuse_existing(path, force=force)
    with _cannot_write(path), written_whole(path) as out:
        out.write(text)


@contextmanager
def _cannot_write(path: Path) -> Iterator[None]:
    """An operating system's refusal to write ``path``, said as an error naming it."""
    try:
        yield
    except OSError as error:
        raise DunningkitError(f"{path}: cannot write: {error.strerror or error}") from None


STREAM_FILES = re.compile(
    r"^(actions|skipped)\.(jsonl|csv|parquet)$|^(alerts|errors)\.jsonl$|^summary\.json$"
    r"|^(actions|skipped)$"
)
"""What a streamed plan writes in its folder (a Parquet output may be a folder)."""


@contextmanager
def fresh_folder(path: Path, *, force: bool) -> Iterator[Path]:
    """A new, empty folder that replaces ``path`` whole when the block succeeds.

    Two runs into one ``--out`` folder each write their own folder and swap it in
    whole: the folder always holds one run's complete output (its data files and its
    summary together). A failed or interrupted run removes its folder and leaves the
    previous output untouched. Refused before anything is written: ``path`` is a
    file, holds a previous output and ``force`` is not given, or holds other files
    (which a swap would delete).
    """
    _check_target(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    except OSError as error:
        raise DunningkitError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        yield new
        _check_target(path, force=force)  # another run may have finished meanwhile
        _swap(new, path)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def _check_target(path: Path, *, force: bool) -> None:
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path}: is a file; --out names a folder here (it is created)")
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json", ".csv", ".parquet"}:
        raise UsageError(
            f"{path}: --out names a folder here, where actions, skips and summary.json go; "
            "give a folder name"
        )
    if not path.is_dir():
        return
    found = [entry.name for entry in path.iterdir()]
    others = sorted(name for name in found if not STREAM_FILES.match(name))
    if others:
        raise DunningkitError(
            f"{path}: holds other files ({', '.join(others[:3])}); a run replaces the whole "
            "folder: give a new or empty folder"
        )
    if found and not force:
        raise DunningkitError(
            f"{path}: already holds a run's output; add --force to replace it, or write "
            "somewhere else"
        )


def _swap(new: Path, path: Path) -> None:
    """Put the folder ``new`` in the place of ``path`` (replaced whole, if it exists)."""
    try:
        if not path.exists():
            new.rename(path)
            return
        old = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.old")
        path.rename(old)
        try:
            new.rename(path)
        except OSError:
            old.rename(path)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        raise DunningkitError(f"{path}: cannot write: {error.strerror or error}") from None


@contextmanager
def output(args: argparse.Namespace) -> Iterator[TextIO]:
    """Where a command prints: stdout, or the ``--out`` file (not replaced unless
    ``--force``; written under a temporary name and renamed when the command succeeds)."""
    target = getattr(args, "out", None)
    if not target:
        yield sys.stdout
        return
    path = Path(target)
    refuse_existing(path, force=getattr(args, "force", False))
    with _cannot_write(path), written_whole(path, newline="") as out:
        yield out
