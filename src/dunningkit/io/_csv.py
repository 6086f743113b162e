"""CSV folders as spreadsheets and ERPs export them, read whole.

Cells are read by the one column spec (:mod:`dunningkit.io._columns`): separators,
decimal commas, day-first dates, ``|`` lists; nested values from their own columns
and side files. Every problem is gathered into one
:class:`~dunningkit.errors.InvalidPortfolioError`.
"""

from __future__ import annotations

import csv
import difflib
import itertools
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from dunningkit.book._portfolio import Portfolio, PortfolioBuilder
from dunningkit.errors import InvalidPortfolioError, LoaderError, Problem, TermsError
from dunningkit.io._columns import (
    CSV_COLUMNS,
    DATE_FORMATS,
    REQUIRED_FILES,
    csv_kinds,
    is_iso_date,
    missing_columns,
    read_cell,
)
from dunningkit.io._files import (
    MAX_LINE_BYTES,
    SNIFF_BYTES,
    bounded_text,
    cannot_open,
    csv_reader_error,
    refuse_binary,
    too_long,
)
from dunningkit.io._flat import nest_contact, nest_customer, nest_hold
from dunningkit.model._terms import PaymentTerms, TermsKind

__all__ = ["load_csv"]

Row = tuple[str, dict[str, Any]]
Attached = dict[str, list[dict[str, Any]]]


def load_csv(
    folder: str | Path,
    *,
    decimal: str | None = None,
    eom_reading: TermsKind | str = TermsKind.DAYS_END_OF_MONTH,
    date_format: str | None = None,
) -> Portfolio:
    """Load a folder of CSV files as spreadsheets and ERPs export them.

    Files: ``customers.csv`` and ``invoices.csv`` (required), ``payments.csv``,
    ``promises.csv``, ``events.csv``, and the optional ``contacts.csv``,
    ``installments.csv``, ``status_changes.csv``. UTF-8 with or without BOM;
    ``,`` or ``;`` separators (detected from the header); a ``;`` file reads
    decimal commas (``1 234,56``) unless ``decimal`` says otherwise. Dates are
    ``YYYY-MM-DD``, or as ``date_format`` declares (``"DD/MM/YYYY"`` or ``"MM/DD/YYYY"``,
    with ``/`` or ``.``); undeclared, a date whose order shows (``31/01/2026``) is
    read day first and an ambiguous one (``10/01/2026``) is refused. Lists (tags,
    channels, invoice ids) are separated by ``|``. Columns are listed in
    :data:`CSV_COLUMNS` and documented in the "Loading data" page.

    Payment terms (the customers' ``payment_terms`` column, and the invoices' when
    an invoice has no ``due_date``) are read in the words ERPs use, in French,
    English or German (see :meth:`PaymentTerms.parse`); ``eom_reading`` says how
    "45 jours fin de mois" is computed (a policy's ``eom_reading``). An invoice
    without a due date falls due by its own terms, else by its customer's.
    """
    if date_format is not None and date_format not in DATE_FORMATS:
        raise LoaderError(f"date_format is {date_format!r}; expected one of {DATE_FORMATS}")
    return _load_csv(Path(folder), decimal, TermsKind(str(eom_reading)), date_format)


def _terms_cell(
    text: str, eom_reading: TermsKind, record: str, record_id: str, builder: PortfolioBuilder
) -> PaymentTerms | None:
    try:
        return PaymentTerms.parse(text, eom_reading=eom_reading)
    except TermsError as error:
        builder.add_problem(Problem(record, record_id, "payment_terms", str(error)))
        return None


class _Folder:
    """One CSV folder while it is read: its files, and the problems found so far."""

    def __init__(
        self, folder: Path, decimal: str | None, eom_reading: TermsKind, dates: str | None
    ) -> None:
        if not folder.is_dir():
            raise LoaderError("is not a folder of CSV files", path=str(folder))
        self.folder = folder
        self.decimal = decimal
        self.dates = dates
        self.eom_reading = eom_reading
        self.builder = PortfolioBuilder()
        self.files = {name: folder / f"{name}.csv" for name in CSV_COLUMNS}
        self.customer_terms: dict[str, PaymentTerms] = {}

    def check_files(self) -> None:
        """The required files are there, and every header names known columns.

        A misspelled column would drop its whole file and bury the cause under one
        "not in the portfolio" error per record that refers to it: stop at the header.
        """
        for name in REQUIRED_FILES:
            if not self.files[name].exists():
                raise LoaderError(f"{name}.csv is missing", path=str(self.folder))
        problems = [
            problem
            for name, file in self.files.items()
            if file.exists()
            for problem in _header_problems(file, CSV_COLUMNS[name])
        ]
        if problems:
            raise InvalidPortfolioError(problems)

    def rows(self, name: str) -> Iterator[Row]:
        if self.files[name].exists():
            yield from _read_rows(self.files[name], name, (self.decimal, self.dates), self.builder)

    def attached(self, name: str, key: str) -> Attached:
        """A side file's rows by the id of the row they belong to."""
        found: Attached = {}
        for _, row in self.rows(name):
            found.setdefault(row.pop(key, ""), []).append(row)
        return found

    def add_customers(self, contacts: Attached) -> None:
        for position, row in self.rows("customers"):
            nest_hold(row)
            nest_customer(row)
            if "payment_terms" in row:
                try:
                    terms = PaymentTerms.parse(row["payment_terms"], eom_reading=self.eom_reading)
                except TermsError:
                    pass  # left as text: the model reports it with the record and the field
                else:
                    row["payment_terms"] = {"kind": terms.kind, "days": terms.days}
                    self.customer_terms[row.get("id", "")] = terms
            first = nest_contact(row)
            found = ([first] if first else []) + contacts.pop(row.get("id", ""), [])
            if found:
                row["contacts"] = found
            self.builder.add("customers", row, position=position)

    def add_invoices(self, installments: Attached, changes: Attached) -> None:
        for position, row in self.rows("invoices"):
            nest_hold(row)
            text = row.pop("payment_terms", None)
            if "due_date" not in row and is_iso_date(row.get("issue_date", "")):
                self._fall_due(row, text, position)
            if row.get("id") in installments:
                row["installments"] = installments.pop(row["id"])
            if row.get("id") in changes:
                row["status_history"] = changes.pop(row["id"])
            self.builder.add("invoices", row, position=position)

    def _fall_due(self, row: dict[str, Any], text: str | None, position: str) -> None:
        """An invoice without a due date falls due by its own terms, else its customer's."""
        found = (
            self._terms_cell(text, row.get("id", position))
            if text
            else self.customer_terms.get(row.get("customer_id", ""))
        )
        if found is not None:
            row["due_date"] = found.due_date(date.fromisoformat(row["issue_date"])).isoformat()

    def _terms_cell(self, text: str, record_id: str) -> PaymentTerms | None:
        try:
            return PaymentTerms.parse(text, eom_reading=self.eom_reading)
        except TermsError as error:
            self.builder.add_problem(Problem("invoice", record_id, "payment_terms", str(error)))
            return None

    def add_orphans(self, file: str, column: str, keys: Iterable[str]) -> None:
        """Side-file rows whose key matches no row of the main file."""
        for key in keys:
            self.builder.add_problem(
                Problem("file", file, column, f"{key!r} matches no row of the main file")
            )


def _load_csv(
    folder: Path, decimal: str | None, eom_reading: TermsKind, dates: str | None
) -> Portfolio:
    files = _Folder(folder, decimal, eom_reading, dates)
    files.check_files()
    contacts = files.attached("contacts", "customer_id")
    installments = files.attached("installments", "invoice_id")
    changes = files.attached("status_changes", "invoice_id")
    files.add_customers(contacts)
    files.add_invoices(installments, changes)
    for section in ("payments", "promises", "events"):
        for position, row in files.rows(section):
            files.builder.add(section, row, position=position)
    files.add_orphans("contacts.csv", "customer_id", contacts)
    files.add_orphans("installments.csv", "invoice_id", installments)
    files.add_orphans("status_changes.csv", "invoice_id", changes)
    return files.builder.build()


def _header_problems(path: Path, known: tuple[str, ...]) -> list[Problem]:
    """Columns of a CSV file's header that the loader does not know, with a suggestion."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            first = (
                head.split(b"\n", 1)[0]
                if b"\n" in head
                else head + handle.readline(MAX_LINE_BYTES + 1 - len(head))
            )
    except OSError as error:
        raise cannot_open(path, error) from None
    refuse_binary(path, head, "CSV text")
    if len(first) > MAX_LINE_BYTES:
        raise too_long(path, 1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        header = next(csv.reader([text.rstrip("\r")], delimiter=delimiter), [])
    except csv.Error as error:
        raise csv_reader_error(path, 1, error) from None
    problems = []
    for raw in header:
        name = raw.strip()
        if name in known:
            continue
        hint = " (check its spelling)"
        close = [c for c in known if c.lower() == name.lower()] or difflib.get_close_matches(
            name, known, n=1, cutoff=0.6
        )
        if close:
            hint = f"; did you mean {close[0]}?"
        problems.append(Problem("file", path.name, name, f"is not a known column{hint}"))
    return problems


def _read_rows(
    path: Path, file: str, reading: tuple[str | None, str | None], builder: PortfolioBuilder
) -> Iterator[Row]:
    """Rows of one CSV file as dicts of non-empty cells, numbers and dates normalised."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise cannot_open(path, error) from None
    with handle:
        try:
            yield from _file_rows(handle, path, file, reading, builder)
        except UnicodeDecodeError:
            raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None


def _file_rows(
    handle: TextIO,
    path: Path,
    file: str,
    reading: tuple[str | None, str | None],
    builder: PortfolioBuilder,
) -> Iterator[Row]:
    decimal, dates = reading
    lines = bounded_text(handle, path)
    header_line = next(lines, "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    separator = decimal or ("," if delimiter == ";" else ".")
    reader = csv.DictReader(itertools.chain([header_line], lines), delimiter=delimiter)
    known = CSV_COLUMNS[file]
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = [name for name in header if name not in known]
    for name in unknown:
        builder.add_problem(
            Problem("file", path.name, name, "is not a known column (check its spelling)")
        )
    if unknown:
        return
    missing = missing_columns(file, header)
    if missing:  # one problem a column, not one a row (and none for a file of no rows)
        ids = [row.get("id") for row in reader]
        if ids:
            for name in missing:
                builder.add_problem(
                    Problem(
                        "file", path.name, name, "is a required column, missing from the header"
                    )
                )
        if file in builder.rejected:  # no echo of "not in the portfolio" for their records
            builder.rejected[file].extend(str(i) for i in ids if i)
        return
    try:
        yield from _cells(reader, path, file, (separator, dates), builder)
    except csv.Error as error:
        raise csv_reader_error(path, reader.line_num, error) from None


def _cells(
    reader: csv.DictReader[str],
    path: Path,
    file: str,
    reading: tuple[str, str | None],
    builder: PortfolioBuilder,
) -> Iterator[Row]:
    separator, dates = reading
    kinds = csv_kinds(file)
    for line, row in enumerate(reader, start=2):
        position = f"{path.name} line {line}"
        if None in row:
            builder.add_problem(Problem("file", path.name, "", f"line {line} has extra cells"))
            continue
        cells: dict[str, Any] = {}
        bad = False
        for column, value in row.items():
            if value is None or not value.strip():
                continue
            try:
                cells[column] = read_cell(kinds[column], value, separator, dates)
            except ValueError as error:  # an amount, or a date of undeclared order
                builder.add_problem(
                    Problem(file.rstrip("s"), row.get("id") or position, column, str(error))
                )
                bad = True
        if not bad:
            yield position, cells
        elif file in builder.rejected and row.get("id"):
            builder.rejected[file].append(str(row["id"]))
