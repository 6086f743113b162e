"""Any format: :func:`load_portfolio` picks the reader by the path it is given.

Each format lives in its own module (JSON, JSON Lines, CSV read and written, Parquet),
all reading the one column spec of :mod:`dunningkit.io._columns`; this module also
names the whole-book readers and writers together, as ``dunningkit.loaders`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dunningkit.book._portfolio import Portfolio
from dunningkit.book._sections import SECTIONS
from dunningkit.errors import LoaderError
from dunningkit.io._csv import load_csv
from dunningkit.io._json import load_json
from dunningkit.io._jsonl import load_jsonl
from dunningkit.model._terms import TermsKind

__all__ = ["load_portfolio"]

_BY_SUFFIX: dict[str, Callable[[Path], Portfolio]] = {
    ".json": load_json,
    ".jsonl": load_jsonl,
    ".ndjson": load_jsonl,
}


def load_portfolio(
    path: str | Path,
    *,
    allow_empty: bool = True,
    eom_reading: TermsKind | str = TermsKind.DAYS_END_OF_MONTH,
    date_format: str | None = None,
) -> Portfolio:
    """Load a portfolio from a JSON file, a JSON Lines file or folder, or a CSV folder.

    Args:
        path: the file or folder.
        allow_empty: when False, a book without a single invoice raises
            :class:`~dunningkit.errors.LoaderError`: a failed ERP export (a zero-byte
            file, CSV files with a header and no rows) must not make a nightly job
            plan nothing in silence.
        eom_reading: passed to :func:`load_csv` for a CSV folder.
        date_format: passed to :func:`load_csv` for a CSV folder: how its ``dd/mm``
            dates are written (``"DD/MM/YYYY"`` or ``"MM/DD/YYYY"``); undeclared, an
            ambiguous date (``10/01/2026``) is refused.
    """
    portfolio = _load_any(Path(path), eom_reading, date_format)
    if not allow_empty and not portfolio.invoice_count:
        raise LoaderError(
            f"holds no invoices ({len(portfolio.customers)} customers): an empty export "
            "usually means the export failed",
            path=str(path),
        )
    return portfolio


def _load_any(path: Path, eom_reading: TermsKind | str, date_format: str | None) -> Portfolio:
    if path.is_dir():
        if (path / "customers.csv").exists():
            return load_csv(path, eom_reading=eom_reading, date_format=date_format)
        if any((path / f"{section}.jsonl").exists() for section in SECTIONS):
            return load_jsonl(path)
        raise LoaderError("holds neither customers.csv nor <section>.jsonl files", path=str(path))
    if not path.exists():
        raise LoaderError("no such file or folder", path=str(path))
    loader = _BY_SUFFIX.get(path.suffix.lower())
    if loader is None:
        raise LoaderError("unknown format; use .json, .jsonl or a CSV folder", path=str(path))
    return loader(path)
