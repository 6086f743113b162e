"""Books as Parquet datasets (optional extra ``parquet``: from a clone,
``pip install -e '.[parquet]'``).

A book is a folder with one file per section: ``customers.parquet``,
``invoices.parquet``, ``payments.parquet``, ``promises.parquet``, ``events.parquet``.
Columns follow the one column spec of the sections (``dunningkit.io._columns``):

* money (``amount``, ``accepted_amount``) is ``decimal128(24, 6)``; read back at the
  currency's own places (``100.000000`` EUR reads as ``100.00``);
* dates are ``date32``; flags ``bool``; counts ``int64``; text and enums ``string``;
* lists of text (``tags``, ``invoice_ids``, ``preferred_channels``) are
  ``list<string>``;
* nested records (``contacts``, ``hold``, ``payment_terms``, ``installments``,
  ``status_history``) are ``string`` columns holding their JSON, as in JSON Lines;
* ``payments.parquet`` also carries the ``customer_id`` of the invoice paid, so
  that every file can be read customer by customer.

Every file is sorted by customer id, and no customer spans two row groups: a reader
streams the book one row group per file at a time (:func:`~dunningkit.plan_stream`
reads such a folder directly). Problems name the file, row group, row and field.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from dunningkit._support._optional import require
from dunningkit.book._customer_book import CustomerBook, books_of
from dunningkit.book._portfolio import Portfolio, PortfolioBuilder
from dunningkit.book._sections import SECTIONS
from dunningkit.errors import LoaderError
from dunningkit.io._columns import FIELDS, PARQUET_KEYS, Kind
from dunningkit.io._files import no_duplicate_keys
from dunningkit.io._stream_io import Batch, grouped_sections_batches
from dunningkit.model._types import currency_unit

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq
else:
    pa = require("pyarrow", "dunningkit.parquet")
    pq = require("pyarrow.parquet", "dunningkit.parquet")

__all__ = ["MONEY", "ROW_GROUP_ROWS", "dump_parquet", "load_parquet", "section_schema"]

MONEY = pa.decimal128(24, 6)
"""The type of every amount column."""
ROW_GROUP_ROWS = 64_000
"""Rows per row group (whole customers: a group may be larger by one customer)."""

_ARROW: dict[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.MONEY: MONEY,
    Kind.DATE: pa.date32(),
    Kind.LIST: pa.list_(pa.string()),
    Kind.FLAG: pa.bool_(),
    Kind.COUNT: pa.int64(),
    Kind.NESTED: pa.string(),  # the nested value's JSON, as in JSON Lines
}
"""How each kind of the column spec is stored."""


def _columns(section: str) -> list[tuple[str, Kind]]:
    """A section's Parquet columns: its fields, and the keys Parquet adds."""
    columns = list(FIELDS[section])
    if section in PARQUET_KEYS:
        position, name = PARQUET_KEYS[section]
        columns.insert(position, (name, Kind.TEXT))
    return columns


def _of_kind(kind: Kind) -> dict[str, tuple[str, ...]]:
    return {s: tuple(name for name, k in fields if k is kind) for s, fields in FIELDS.items()}


_JSON_COLUMNS = _of_kind(Kind.NESTED)
"""Each section's columns holding a nested value's JSON."""
_MONEY_COLUMNS = _of_kind(Kind.MONEY)
"""Each section's amounts, read back at their currency's places."""


def section_schema(section: str) -> pa.Schema:
    """The Arrow schema of one section's file (``customers``, ``invoices``...)."""
    return pa.schema([(name, _ARROW[kind]) for name, kind in _columns(section)])


# -- writing ----------------------------------------------------------------------------


class _SectionWriter:
    def __init__(self, folder: Path, section: str) -> None:
        self.json_columns = _JSON_COLUMNS[section]
        self.schema = section_schema(section)
        self.writer = pq.ParquetWriter(folder / f"{section}.parquet", self.schema)
        self.rows: list[dict[str, Any]] = []

    def add(self, record: BaseModel, customer_id: str | None = None) -> None:
        row = record.model_dump(mode="python")
        if self.json_columns:
            nested = record.model_dump(mode="json", include=set(self.json_columns))
            for name in self.json_columns:
                value = nested[name]
                row[name] = None if value in (None, [], {}) else json.dumps(value)
        if customer_id is not None:
            row["customer_id"] = customer_id
        self.rows.append(row)

    def end_customer(self) -> None:
        if len(self.rows) >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            table = pa.Table.from_pylist(self.rows, schema=self.schema)
            self.writer.write_table(table, row_group_size=len(self.rows))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def dump_parquet(book: Portfolio | Iterable[CustomerBook], folder: str | Path) -> None:
    """Write a book as a Parquet dataset (one file per section, see the module).

    ``book`` is a portfolio, or customer books in customer-id order (so that a book
    larger than memory can be written as it is produced).
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    books = books_of(book) if isinstance(book, Portfolio) else book
    writers = {section: _SectionWriter(target, section) for section in SECTIONS}
    try:
        last: str | None = None
        for customer_book in books:
            if last is not None and customer_book.id <= last:
                raise ValueError(
                    f"customer {customer_book.id} comes after {last}: customer books must "
                    "come in customer-id order"
                )
            last = customer_book.id
            writers["customers"].add(customer_book.customer)
            for invoice in sorted(customer_book.invoices, key=lambda i: i.id):
                writers["invoices"].add(invoice)
            for payment in customer_book.payments:
                writers["payments"].add(payment, customer_book.id)
            for promise in customer_book.promises:
                writers["promises"].add(promise)
            for event in customer_book.events:
                writers["events"].add(event)
            for writer in writers.values():
                writer.end_customer()
    finally:
        for writer in writers.values():
            writer.close()


# -- reading ----------------------------------------------------------------------------


def _normalised(row: dict[str, Any], section: str) -> dict[str, Any]:
    record = {k: v for k, v in row.items() if v is not None}
    for name in _JSON_COLUMNS[section]:
        if name in record:
            # Damaged JSON is left as it is: the model reports the field, with the record.
            with contextlib.suppress(ValueError, TypeError, RecursionError):
                record[name] = json.loads(
                    record[name], parse_float=Decimal, object_pairs_hook=no_duplicate_keys
                )
    currency = record.get("currency")
    for name in _MONEY_COLUMNS[section]:
        value = record.get(name)
        if isinstance(value, Decimal) and isinstance(currency, str):
            try:
                exact = value.quantize(currency_unit(currency))
            except (ArithmeticError, ValueError):
                continue  # an unknown currency: the model reports it
            if exact == value:
                record[name] = exact
    return record


def _rows(folder: Path, section: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, record)`` for every row of one section's file, a row group at a time."""
    path = folder / f"{section}.parquet"
    if not path.exists():
        return
    try:
        file = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        raise LoaderError(f"cannot be read as Parquet: {error}", path=str(path)) from None
    for group in range(file.num_row_groups):
        for number, row in enumerate(file.read_row_group(group).to_pylist()):
            where = f"{path.name} row group {group} row {number}"
            yield where, _normalised(row, section)


def parquet_batches(folder: Path) -> Iterator[Batch]:
    """The customers of a Parquet dataset, one at a time (files sorted by customer)."""
    return grouped_sections_batches({s: _rows(folder, s) for s in SECTIONS}, folder)


def load_parquet(folder: str | Path) -> Portfolio:
    """Load a Parquet dataset written by :func:`dump_parquet` (or to its schema)."""
    path = Path(folder)
    if not path.is_dir() or not (path / "customers.parquet").exists():
        raise LoaderError("is not a folder holding customers.parquet", path=str(path))
    builder = PortfolioBuilder()
    for section in SECTIONS:
        for where, record in _rows(path, section):
            if section == "payments":
                record.pop("customer_id", None)
            builder.add(section, record, position=where)
    return builder.build()


# -- a sink -----------------------------------------------------------------------------
