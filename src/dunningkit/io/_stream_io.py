"""Where a streamed plan reads its customers: one batch per customer.

Sources yield one :class:`Batch` per customer: its :class:`~dunningkit.CustomerBook`
when every record is sound, or the problems found, each naming the file, the line
(or Parquet row group and row) and the field. A customer whose records come back
after another customer's is an :class:`OutOfOrderError` naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dunningkit.book._cross_check import cross_check
from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._portfolio import PortfolioBuilder
from dunningkit.book._sections import SECTIONS
from dunningkit.errors import LoaderError, OutOfOrderError, Problem
from dunningkit.io._files import (
    DuplicateKeyError,
    bounded_lines,
    duplicate_problem,
    keys_read,
    keys_written,
    no_duplicate_keys,
)

__all__ = ["Batch", "Source"]

Source = Iterable[CustomerBook] | str | Path


# -- batches --------------------------------------------------------------------------


@dataclass(slots=True)
class Batch:
    """One customer as a source read it: its book, or the problems of its records."""

    customer_id: str
    book: CustomerBook | None
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    invoices: int = 0

    @classmethod
    def of(cls, book: CustomerBook) -> Batch:
        """A batch of a book built in memory, checked as a portfolio is."""
        problems = book.problems()
        return cls(book.id, None if problems else book, problems, book.records, len(book.invoices))


def _at(problem: Problem, where: str) -> Problem:
    return Problem(
        problem.record_type, problem.record_id, problem.field, f"{problem.message} ({where})"
    )


_RECORD_TYPE = {section: record_type for section, (record_type, _) in SECTIONS.items()}


class Group:
    """The records of one customer while a loader reads them."""

    __slots__ = ("builder", "first", "invoice_ids", "invoices", "key", "records", "where")

    def __init__(self, key: str, first: str) -> None:
        self.key = key
        self.first = first
        self.builder = PortfolioBuilder()
        self.where: dict[tuple[str, str], str] = {}
        self.invoice_ids: set[str] = set()
        self.records = 0
        self.invoices = 0

    def add(self, section: str, record: dict[str, Any], where: str) -> None:
        """Validate one record (a plain dict) and keep it, or its located problems."""
        self.records += 1
        builder = self.builder
        before = len(builder.problems)
        builder.add(section, record, position=where)
        if len(builder.problems) > before:
            builder.problems[before:] = [_at(p, where) for p in builder.problems[before:]]
        record_id = record.get("id")
        if isinstance(record_id, str):
            self.where[_RECORD_TYPE[section], record_id] = where
            if section == "invoices":
                self.invoice_ids.add(record_id)
        if section == "invoices":
            self.invoices += 1

    def add_model(self, section: str, record: BaseModel, where: str) -> None:
        """Keep one record validated already (the JSON Lines fast path)."""
        self.records += 1
        self.builder.keep(section, [record])
        record_id: str = record.id  # type: ignore[attr-defined]
        self.where[_RECORD_TYPE[section], record_id] = where
        if section == "invoices":
            self.invoice_ids.add(record_id)
            self.invoices += 1

    def bad_line(self, problem: Problem, where: str) -> None:
        """A line that is no record at all (bad JSON, unknown type): read, and wrong."""
        self.records += 1
        self.builder.add_problem(_at(problem, where))

    def finish(self) -> Batch:
        """The customer's batch, once every record of it was read."""
        builder = self.builder
        records = builder.sections()
        problems = list(builder.problems)
        cross = cross_check(**records, rejected=builder.rejected)
        problems.extend(
            _at(p, self.where[p.record_type, p.record_id])
            if (p.record_type, p.record_id) in self.where
            else p
            for p in cross
        )
        if not records["customers"] and not builder.rejected["customers"]:
            problems.append(
                Problem(
                    "customer",
                    self.key,
                    "",
                    f"has records but no customer record ({self.first}); is the file "
                    "grouped by customer?",
                )
            )
        book = None
        if not problems:
            book = CustomerBook.model_construct(
                customer=records["customers"][0],
                invoices=tuple(records["invoices"]),
                payments=tuple(records["payments"]),
                promises=tuple(records["promises"]),
                events=tuple(records["events"]),
            )
        return Batch(self.key, book, problems, self.records, self.invoices)


# -- JSON Lines -------------------------------------------------------------------------

_SINGULAR = {record_type: section for section, record_type in _RECORD_TYPE.items()}


def _a(record_type: str) -> str:
    return f"an {record_type}" if record_type[0] in "aeiou" else f"a {record_type}"


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    with handle:
        for number, raw in bounded_lines(handle, path):
            line = raw.strip()
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if line:
                yield number, line


def _key(section: str, record: dict[str, Any], group: Group | None) -> str | None:
    """The customer a record belongs to; a payment belongs to its invoice's customer."""
    if section == "customers":
        value = record.get("id")
    elif section == "payments":
        invoice_id = record.get("invoice_id")
        return group.key if group is not None and invoice_id in group.invoice_ids else None
    else:
        value = record.get("customer_id")
    return value if isinstance(value, str) and value else None


def _numbered(path: Path) -> Iterator[tuple[int, bytes]]:
    """Lines of an external sort's copy: each prefixed with its original number."""
    for _, raw in _lines(path):
        number, _, line = raw.partition(b"\t")
        yield int(number), line


def jsonl_batches(path: Path, *, original: Path | None = None) -> Iterator[Batch]:
    """The customers of a JSON Lines file grouped by customer (lines with ``"type"``).

    A payment follows its invoice, within its customer's lines. A customer met again
    after another customer's lines is an :class:`OutOfOrderError`; remembering which
    customers were met costs about 100 bytes per customer. ``original``: the file an
    external sort copied (``path``), whose name and line numbers errors give.
    """
    name = (original or path).name
    lines = _numbered(path) if original is not None else _lines(path)
    group: Group | None = None
    seen: set[str] = set()
    for number, line in lines:
        where = f"{name} line {number}"
        parsed: tuple[str, str, BaseModel | dict[str, Any]] | Problem | None = _fast(line, group)
        if parsed is None:
            parsed = _slow(line, number, group)
        if isinstance(parsed, Problem):  # a line that is no record: reported with this customer
            group = group or Group("?", where)
            group.bad_line(parsed, where)
            continue
        section, key, record = parsed
        if group is None or key != group.key:
            if key in seen:
                raise OutOfOrderError(
                    f"line {number}: {_a(_RECORD_TYPE[section])} of customer {key} comes after "
                    "other customers' records; the file must be grouped by customer (sort "
                    "it, or ask for an external sort: external_sort=True, --external-sort)",
                    path=str(original or path),
                )
            if group is not None:
                seen.add(group.key)
                yield group.finish()
            group = Group(str(key), where)
        if isinstance(record, dict):
            group.add(section, record, where)
        else:
            group.add_model(section, record, where)
    if group is not None:
        yield group.finish()


_TYPE = re.compile(rb'"type"\s*:\s*"(\w+)"')
_TYPED = re.compile(rb'^\{\s*"type"\s*:\s*"(customer|invoice|payment|promise|event)"\s*,\s*')


def _fast(line: bytes, group: Group | None) -> tuple[str, str, BaseModel | dict[str, Any]] | None:
    """The usual line (``"type"`` first, a sound record): parsed by pydantic-core at once."""
    match = _TYPED.match(line)
    if match is None:
        return None
    section = _SINGULAR[match.group(1).decode()]
    body = b"{" + line[match.end() :]
    try:
        record = SECTIONS[section][1].model_validate_json(body)
    except ValidationError:
        return None  # the slow path reports it, field by field
    if keys_written([body]) != keys_read([record]):
        return None  # maybe a key given twice: the slow path looks
    if section == "customers":
        key = record.id  # type: ignore[attr-defined]
    elif section == "payments":
        if group is None or record.invoice_id not in group.invoice_ids:  # type: ignore[attr-defined]
            return None
        key = group.key
    else:
        key = record.customer_id  # type: ignore[attr-defined]
    return section, key, record


def _slow(
    line: bytes, number: int, group: Group | None
) -> tuple[str, str, BaseModel | dict[str, Any]] | Problem:
    """Any other line: the section, the customer and the record, or the problem."""
    try:
        record = json.loads(line, parse_float=Decimal, object_pairs_hook=no_duplicate_keys)
    except DuplicateKeyError as error:
        kind = _TYPE.search(line)
        record_type = kind[1].decode() if kind and kind[1].decode() in _SINGULAR else "line"
        return duplicate_problem(record_type, line, f"line {number}", error.key)
    except (ValueError, RecursionError):
        record = None
    kind = record.pop("type", None) if isinstance(record, dict) else None
    section = _SINGULAR.get(kind, "") if isinstance(kind, str) else ""
    if not isinstance(record, dict) or not section:
        message = (
            "is not a JSON object"
            if not isinstance(record, dict)
            else f"type is {kind!r}; expected one of {', '.join(_SINGULAR)}"
        )
        return Problem("line", str(number), "", message)
    key = _key(section, record, group)
    if key is not None:
        return section, key, record
    missing = (
        f"refers to invoice {record.get('invoice_id')!r}, which is not among the invoices "
        f"of customer {group.key if group else '?'} read before it (a payment follows its "
        "invoice, in its customer's records)"
        if section == "payments"
        else "is required to group the records by customer"
    )
    record_id = record.get("id")
    return Problem(
        _RECORD_TYPE[section],
        record_id if isinstance(record_id, str) else f"line {number}",
        "invoice_id" if section == "payments" else "customer_id",
        missing,
    )


def grouped_sections_batches(
    sections: dict[str, Iterator[tuple[str, dict[str, Any]]]], folder: Path
) -> Iterator[Batch]:
    """Customers from one stream per section, each grouped by customer.

    ``sections`` maps a section name to its records (``where``, plain dict). The
    customers stream gives the order (sorted by id or not); every other stream lists
    its records in that same customer order. Payments carry their customer in
    ``customer_id`` or follow their invoices' order. A record of a customer already
    read is an :class:`OutOfOrderError`; so is, at the end, a record of no customer.
    """
    others = {name: it for name, it in sections.items() if name != "customers"}
    peeked = {name: next(it, None) for name, it in others.items()}
    seen: set[str] = set()
    for where, customer in sections.get("customers", iter(())):
        key = customer.get("id")
        key = key if isinstance(key, str) and key else where
        if key in seen:
            raise OutOfOrderError(f"{where}: customer {key} comes a second time", path=str(folder))
        group = Group(key, where)
        group.add("customers", customer, where)
        for name, stream in others.items():
            while (item := peeked[name]) is not None:
                if not _belongs(name, item, group, seen, folder):
                    break
                group.first = group.first or item[0]
                peeked[name] = next(stream, None)
        seen.add(key)
        yield group.finish()
    leftover = [item for item in peeked.values() if item is not None]
    if leftover:
        raise OutOfOrderError(
            f"{leftover[0][0]}: this record belongs to no customer of the customers file "
            "read before it; every file must list customers in the customers file's order",
            path=str(folder),
        )


def _belongs(
    name: str, item: tuple[str, dict[str, Any]], group: Group, seen: set[str], folder: Path
) -> bool:
    """Add the record to ``group`` if it is this customer's; False if it is a later one's."""
    where, record = item
    if name == "payments" and "customer_id" in record:
        value = record.get("customer_id")
        key = value if isinstance(value, str) else None
    else:
        key = _key(name, record, group)
    if key is None and name == "payments":
        return False  # a later customer's invoice (or none: reported at the end)
    if key is not None and key != group.key:
        if key in seen:
            raise OutOfOrderError(
                f"{where}: {_a(_RECORD_TYPE[name])} of customer {key} comes after that "
                "customer's records; every file must list customers in the customers "
                "file's order",
                path=str(folder),
            )
        return False
    if key is None:
        record_id = record.get("id")
        group.bad_line(
            Problem(
                _RECORD_TYPE[name],
                record_id if isinstance(record_id, str) else where,
                "customer_id",
                "is required to group the records by customer",
            ),
            where,
        )
    else:
        if name == "payments":
            record.pop("customer_id", None)
        group.add(name, record, where)
    return True


def jsonl_folder_batches(folder: Path) -> Iterator[Batch]:
    """Customers of a folder of ``<section>.jsonl`` files, each grouped by customer in
    the order of ``customers.jsonl``."""

    def records(section: str) -> Iterator[tuple[str, dict[str, Any]]]:
        file = folder / f"{section}.jsonl"
        if not file.exists():
            return
        for number, line in _lines(file):
            where = f"{file.name} line {number}"
            try:
                record = json.loads(line, parse_float=Decimal, object_pairs_hook=no_duplicate_keys)
            except DuplicateKeyError as error:
                problem = duplicate_problem(_RECORD_TYPE[section], line, where, error.key)
                raise LoaderError(f"line {number}: {problem}", path=str(file)) from None
            except (ValueError, RecursionError):
                record = None
            if not isinstance(record, dict):
                raise LoaderError(f"line {number} is not a JSON object", path=str(file))
            yield where, record

    return grouped_sections_batches({s: records(s) for s in SECTIONS}, folder)
