"""Collecting a book's records one block or one record at a time, and checking them.

The part of :class:`~dunningkit.PortfolioBuilder` that knows nothing of the portfolio
it makes: validation of each record (a block of records in one call to pydantic-core),
every problem gathered, then the checks between records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from dunningkit._support._sharing import SharedValues
from dunningkit.book._cross_check import cross_check, with_currencies
from dunningkit.book._sections import LIST_ADAPTERS, SECTIONS
from dunningkit.book._table import INVOICE_RECORDS, InvoiceTable
from dunningkit.book._validation import (
    problems_from_json,
    problems_from_validation_error,
    record_id,
)
from dunningkit.errors import InvalidPortfolioError, Problem
from dunningkit.model._invoice import Invoice

__all__ = ["RecordCollector"]

_ADAPTERS: dict[str, Any] = {**LIST_ADAPTERS, "invoices": INVOICE_RECORDS}
"""One validator per section for a block of records; invoices become typed records
(then columns), the other sections models."""


class RecordCollector:
    """Collects records one at a time (as the streaming loaders do) and checks them.

    Problems are gathered, never raised early, so a file with a thousand bad rows
    is reported in one go.
    """

    def __init__(self) -> None:
        self.records: dict[str, list[Any]] = {name: [] for name in SECTIONS}
        self.invoices = InvoiceTable()  # the invoices, as columns (records["invoices"] unused)
        self.problems: list[Problem] = []
        # Ids of records that failed their own checks: still counted for duplicates,
        # and references to them are not reported a second time as "unknown".
        self.rejected: dict[str, list[str]] = {name: [] for name in SECTIONS}
        # Repeated values (customer ids, dates, field-name sets) kept once per load.
        self._shared = SharedValues()
        self.invoices.share_with(self._shared.values)

    def sections(self) -> dict[str, list[Any]]:
        """The records kept so far, each section as models (unchecked)."""
        return {**self.records, "invoices": list(self.invoices.models())}

    def add_problem(self, problem: Problem) -> None:
        """Record a problem found outside model validation (a bad CSV cell, a bad line)."""
        self.problems.append(problem)

    def add_sections(self, data: Mapping[str, Any]) -> None:
        """Add every record of a mapping ``{"customers": [...], "invoices": [...]}``."""
        for name, items in data.items():
            if name not in SECTIONS:
                self.problems.append(
                    Problem(
                        "portfolio",
                        "-",
                        str(name),
                        f"is not a known section (expected one of {', '.join(SECTIONS)})",
                    )
                )
                continue
            if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
                self.problems.append(Problem("portfolio", "-", name, "must be a list of records"))
                continue
            records = list(items)
            try:  # the whole section in one call to pydantic-core
                valid = _ADAPTERS[name].validate_python(records, context=self._shared)
            except ValidationError:  # record by record, to report every problem
                for position, item in enumerate(records, start=1):
                    self.add(name, item, position=f"#{position}")
            else:
                for at in self.keep(name, valid):  # refused by the invoice rule
                    self.add(name, records[at], position=f"#{at + 1}")

    def keep(self, section: str, records: list[Any]) -> list[int]:
        """Keep a section's validated records; the positions the invoice rule refused."""
        if section != "invoices":
            self.records[section].extend(records)
            return []
        if records and isinstance(records[0], Invoice):
            self.invoices.add_models(records)
            return []
        return [at for at, _ in self.invoices.add_records(records)]

    def add(self, section: str, item: Any, *, position: str = "?") -> None:
        """Validate one record of ``section`` and keep it (or its problems)."""
        record_type, model = SECTIONS[section]
        if isinstance(item, model):
            self.keep(section, [item])
            return
        try:
            self.keep(section, [model.model_validate(item, context=self._shared)])
        except ValidationError as error:
            named = record_id(item, position)
            if named != position:
                self.rejected[section].append(named)
            self.problems.extend(problems_from_validation_error(error, record_type, named))

    def add_json(self, section: str, line: str | bytes, *, position: str | int) -> Any:
        """Validate one record given as JSON text (the fast path of JSON Lines); the
        record kept, or None.

        ``position`` (a line number, or text) names the record if it has no id.
        """
        record_type, model = SECTIONS[section]
        try:
            record = model.model_validate_json(line, context=self._shared)
        except ValidationError as error:
            position = f"line {position}" if isinstance(position, int) else position
            problems = problems_from_json(error, line, record_type, position)
            if problems[0].record_id != position:
                self.rejected[section].append(problems[0].record_id)
            self.problems.extend(problems)
            return None
        self.keep(section, [record])
        return record

    def mark(self, section: str) -> int:
        """How many records of ``section`` are kept so far (see :meth:`rollback`)."""
        return len(self.invoices) if section == "invoices" else len(self.records[section])

    def rollback(self, section: str, mark: int) -> None:
        """Forget the records of ``section`` kept since :meth:`mark` gave ``mark``."""
        if section == "invoices":
            self.invoices.truncate(mark)
        else:
            del self.records[section][mark:]

    def add_json_lines(
        self,
        section: str,
        lines: Sequence[bytes],
        *,
        first_line: int = 1,
        numbers: Sequence[int] | None = None,
        source: str = "",
    ) -> list[Any]:
        """Validate a block of JSON Lines of ``section``, one record per line; returns
        the records read (models, or the invoices' typed records), refused ones too.

        The lines are read as one JSON array in one call to pydantic-core. If
        anything is wrong in the block, each line is read again on its own, so
        that every problem is reported with its record (or file and line).
        Blank lines are skipped. Lines are numbered from ``first_line``, or by
        ``numbers`` (one per line) when they were picked out of a larger file.
        """
        body = lines
        if b"" in body or b"\r" in body:
            body = [line for line in lines if line.strip()]
        if not body:
            return []
        records: list[Any] | None
        try:
            records = _ADAPTERS[section].validate_json(
                b"[" + b",".join(body) + b"]", context=self._shared
            )
        except ValidationError:
            records = None
        numbered = list(
            zip(numbers, lines, strict=True) if numbers else enumerate(lines, first_line)
        )
        # A line holding two records, or a record split over two lines, changes
        # the count: such a block is read line by line too, to be reported.
        read: list[Any] = []
        if records is not None and len(records) == len(body):
            refused = set(self.keep(section, records))
            if not refused:
                return records
            read = records
            kept = [pair for pair in numbered if pair[1].strip()]
            numbered = [kept[at] for at in sorted(refused)]
        one_by_one = not read  # else: the block was read, these lines are re-read
        for number, line in numbered:
            stripped = line.strip()
            if stripped:
                position = f"{source} line {number}" if source else number
                record = self.add_json(section, stripped, position=position)
                if record is not None and one_by_one:
                    read.append(record)
        return read

    def checked_parts(self) -> tuple[dict[str, tuple[Any, ...]], InvoiceTable]:
        """The records once checked against each other (the invoices as columns);
        raises if anything is wrong."""
        refs = self.invoices.refs()
        records = {**self.records, "invoices": refs}
        self.problems.extend(cross_check(**records, rejected=self.rejected))
        if self.problems:
            raise InvalidPortfolioError(self.problems)
        sections = {
            name: tuple(items) for name, items in self.records.items() if name != "invoices"
        }
        sections["promises"] = with_currencies(sections["promises"], refs)
        return sections, self.invoices

    def checked_sections(self) -> dict[str, tuple[Any, ...]]:
        """The records, once checked against each other; raises if anything is wrong."""
        sections, table = self.checked_parts()
        return {**sections, "invoices": table.models()}
