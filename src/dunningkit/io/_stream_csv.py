"""A CSV folder (the layout :func:`~dunningkit.loaders.load_csv` reads), streamed.

Every file lists its rows grouped by customer, in the order of ``customers.csv``
(sorted by id or not), as :func:`~dunningkit.loaders.dump_csv` writes a portfolio
whose records are grouped: ``contacts.csv`` follows ``customers.csv``;
``installments.csv`` and ``status_changes.csv`` follow ``invoices.csv``;
``payments.csv`` follows the invoices it pays. Cells are read as ``load_csv`` reads
them, by the one column spec (separators, decimal commas, day-first dates, ``|``
lists); a cell that cannot be read is reported by the record's model, with the file,
line and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dunningkit.errors import LoaderError, OutOfOrderError
from dunningkit.io._columns import (
    CSV_COLUMNS,
    DATE_FORMATS,
    Kind,
    csv_kinds,
    missing_columns,
    read_cell,
)
from dunningkit.io._files import bounded_text, csv_reader_error
from dunningkit.io._flat import nest_contact, nest_customer, nest_hold
from dunningkit.io._stream_io import Batch, grouped_sections_batches

__all__ = ["csv_batches"]

Row = tuple[str, dict[str, Any]]
Reading = tuple[str | None, str | None]
"""How cells are read: the decimal separator and the declared date format (as
:func:`~dunningkit.loaders.load_csv` reads them; ``None``: its defaults)."""


def _rows(folder: Path, name: str, reading: Reading) -> Iterator[Row]:
    """``(where, cells)`` of one CSV file, read a line at a time."""
    path = folder / f"{name}.csv"
    if not path.exists():
        return
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    with handle:
        lines = bounded_text(handle, path)
        try:
            header_line = next(lines, "")
        except UnicodeDecodeError:
            raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        decimal, dates = reading
        separator = decimal or ("," if delimiter == ";" else ".")
        header = [cell.strip() for cell in next(csv.reader([header_line], delimiter=delimiter))]
        unknown = [column for column in header if column not in CSV_COLUMNS[name]]
        if unknown:
            raise LoaderError(
                f"{', '.join(unknown)}: not a known column (check its spelling)", path=str(path)
            )

        reader = csv.DictReader(lines, fieldnames=header, delimiter=delimiter)
        kinds = csv_kinds(name)
        missing = missing_columns(name, header)
        try:
            for line, row in enumerate(reader, start=2):
                if missing:  # one line for the file, not one a row
                    raise LoaderError(
                        f"{', '.join(missing)}: a required column, missing from the header",
                        path=str(path),
                    )
                yield f"{path.name} line {line}", _cells(row, kinds, separator, dates)
        except UnicodeDecodeError:
            raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None
        except csv.Error as error:
            raise csv_reader_error(path, reader.line_num, error) from None


def _cells(
    row: dict[str | None, Any], kinds: dict[str, Kind], separator: str, dates: str | None
) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for column, value in row.items():
        if column is None:
            cells["extra_cells"] = value  # reported by the model as an unknown field
            continue
        if value is None or not value.strip():
            continue
        try:
            cells[column] = read_cell(kinds[column], value, separator, dates)
        except ValueError:
            cells[column] = value  # an amount, or a date of undeclared order: the model refuses it
    return cells


class _Attached:
    """Rows of a side file (contacts, instalments, status changes) taken for one parent
    at a time: the side file lists them in its parent file's order."""

    def __init__(self, rows: Iterator[Row], key: str) -> None:
        self._rows = rows
        self._key = key
        self._next = next(rows, None)

    def take(self, parent: object) -> list[dict[str, Any]]:
        taken = []
        while self._next is not None and self._next[1].get(self._key) == parent:
            row = self._next[1]
            row.pop(self._key)
            taken.append(row)
            self._next = next(self._rows, None)
        return taken

    def check_done(self, folder: Path) -> None:
        if self._next is not None:
            raise OutOfOrderError(
                f"{self._next[0]}: {self._key} {self._next[1].get(self._key)!r} matches no "
                "row read before it; the file must follow its main file's order",
                path=str(folder),
            )


def _customers(folder: Path, reading: Reading) -> Iterator[Row]:
    contacts = _Attached(_rows(folder, "contacts", reading), "customer_id")
    for where, row in _rows(folder, "customers", reading):
        nest_hold(row)
        nest_customer(row)
        first = nest_contact(row)
        found = ([first] if first else []) + contacts.take(row.get("id"))
        if found:
            row["contacts"] = found
        yield where, row
    contacts.check_done(folder)


def _invoices(folder: Path, reading: Reading) -> Iterator[Row]:
    installments = _Attached(_rows(folder, "installments", reading), "invoice_id")
    changes = _Attached(_rows(folder, "status_changes", reading), "invoice_id")
    for where, row in _rows(folder, "invoices", reading):
        nest_hold(row)
        if parts := installments.take(row.get("id")):
            row["installments"] = parts
        if history := changes.take(row.get("id")):
            row["status_history"] = history
        yield where, row
    installments.check_done(folder)
    changes.check_done(folder)


def csv_batches(
    folder: Path, decimal: str | None = None, date_format: str | None = None
) -> Iterator[Batch]:
    """The customers of a CSV folder, one at a time (see the module for the order).

    ``date_format`` declares the order of ``dd/mm`` dates, as ``load_csv`` reads it.
    """
    if date_format is not None and date_format not in DATE_FORMATS:
        raise LoaderError(f"date_format is {date_format!r}; expected one of {DATE_FORMATS}")
    reading = (decimal, date_format)
    if not (folder / "customers.csv").exists() or not (folder / "invoices.csv").exists():
        raise LoaderError("customers.csv and invoices.csv are required", path=str(folder))
    return grouped_sections_batches(
        {
            "customers": _customers(folder, reading),
            "invoices": _invoices(folder, reading),
            "payments": _rows(folder, "payments", reading),
            "promises": _rows(folder, "promises", reading),
            "events": _rows(folder, "events", reading),
        },
        folder,
    )
