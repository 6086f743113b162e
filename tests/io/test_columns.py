"""The one column spec: every writer's book reads back equal through every reader.

Money (at the currency's places, JPY without decimals), dates, lists and nested
values (holds, contacts, payment terms, instalments, status changes) written by
JSON, JSON Lines, CSV and Parquet read back equal through the whole-book readers
and the streamed ones; and the spec agrees with the records' own fields.
"""

from __future__ import annotations

import tempfile
import types
import typing
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from dunningkit import Portfolio
from dunningkit.book._customer_book import books_of
from dunningkit.book._sections import SECTIONS
from dunningkit.io._columns import (
    CSV_COLUMNS,
    FIELDS,
    NESTED_FIELDS,
    Kind,
    csv_kinds,
    parse_date,
    parse_money,
    read_cell,
    write_cell,
)
from dunningkit.io._csv import load_csv
from dunningkit.io._csv_write import dump_csv
from dunningkit.io._json import dump_json, load_json
from dunningkit.io._jsonl import dump_jsonl, load_jsonl
from dunningkit.io._stream_csv import csv_batches
from dunningkit.io._stream_io import Batch, jsonl_batches
from dunningkit.model import Contact, Hold, Installment, StatusChange
from dunningkit.testing import portfolios

pytest.importorskip("pyarrow")
parquet = pytest.importorskip("dunningkit.io._parquet")

FILES = settings(max_examples=min(30, settings().max_examples))


def rich_book() -> Portfolio:
    """Every kind of column with a value: money at 0 and 2 places, dates, lists, nests."""
    hold = {"reason": "audit", "until": "2026-04-30", "since": "2026-01-15"}
    return Portfolio.model_validate(
        {
            "customers": [
                {
                    "id": "C1",
                    "name": 'Acme; "quoted", and | piped',
                    "payment_terms": {"kind": "days_end_of_month", "days": 45},
                    "grace_days": 3,
                    "hold": hold,
                    "tags": ["key", "export"],
                    "since": "2019-05-01",
                    "preferred_channels": ["email", "letter"],
                    "contacts": [
                        {"name": "Claire", "email": "claire@example.com", "locale": "fr_FR"},
                        {"name": "Paul", "role": "ap", "phone": "+33 1 23 45 67 89"},
                    ],
                    "siren": "552100554",
                },
                {"id": "C2", "name": "Tokyo KK", "country": "JP", "locale": "en_GB"},
            ],
            "invoices": [
                {
                    "id": "F1",
                    "customer_id": "C1",
                    "issue_date": "2026-01-01",
                    "due_date": "2026-02-15",
                    "amount": "1234.50",
                    "currency": "EUR",
                    "status": "disputed",
                    "status_date": "2026-02-20",
                    "status_history": [
                        {"date": "2026-02-20", "status": "disputed", "note": "price"},
                    ],
                    "hold": hold,
                    "installments": [
                        {"due_date": "2026-02-15", "amount": "600.00"},
                        {"due_date": "2026-03-15", "amount": "634.50"},
                    ],
                    "order_reference": "PO-7",
                    "direct_debit": True,
                    "collection_date": "2026-02-16",
                },
                {
                    "id": "F2",
                    "customer_id": "C1",
                    "issue_date": "2026-01-05",
                    "due_date": "2026-02-04",
                    "amount": "99.99",
                    "currency": "EUR",
                    "status": "accepted",
                    "accepted_amount": "80.00",
                },
                {
                    "id": "J1",
                    "customer_id": "C2",
                    "issue_date": "2026-01-10",
                    "due_date": "2026-02-10",
                    "amount": "150000",
                    "currency": "JPY",
                },
            ],
            "payments": [
                {"id": "P1", "invoice_id": "F1", "date": "2026-02-10", "amount": "100.05",
                 "currency": "EUR", "method": "transfer"},
                {"id": "P2", "invoice_id": "J1", "date": "2026-02-11", "amount": "5000",
                 "currency": "JPY"},
            ],
            "promises": [
                {"id": "PR1", "customer_id": "C1", "invoice_ids": ["F1", "F2"],
                 "made_on": "2026-02-21", "pay_by": "2026-03-01", "amount": "500.00",
                 "currency": "EUR"},
            ],
            "events": [
                {"id": "E1", "customer_id": "C1", "invoice_ids": ["F1", "F2"],
                 "date": "2026-02-16", "step_id": "first", "channel": "email",
                 "outcome": "sent", "action_key": "k1"},
                {"id": "E2", "customer_id": "C2", "invoice_ids": ["J1"],
                 "date": "2026-02-17", "step_id": "first", "channel": "letter"},
            ],
        }
    )  # fmt: skip


def grouped(book: Portfolio) -> Portfolio:
    """The same book with every section grouped by customer, as streams read it."""
    sections: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    for customer_book in books_of(book):
        for section, records in customer_book.sections().items():
            sections[section].extend(records)
    return Portfolio.model_validate(sections)


def from_batches(batches: Iterator[Batch]) -> Portfolio:
    sections: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    for batch in batches:
        assert batch.book is not None, batch.problems
        for section, records in batch.book.sections().items():
            sections[section].extend(records)
    return Portfolio.model_validate(sections)


def _csv(decimal: str, delimiter: str) -> Callable[[Portfolio, Path], None]:
    def write(book: Portfolio, folder: Path) -> None:
        dump_csv(book, folder, delimiter=delimiter, decimal=decimal)

    return write


def _to_json(book: Portfolio, folder: Path) -> None:
    dump_json(book, folder / "book.json")


def _to_jsonl(book: Portfolio, folder: Path) -> None:
    dump_jsonl(book, folder / "book.jsonl")


WRITERS: dict[str, tuple[Callable[[Portfolio, Path], None], dict[str, Callable[[Path], Any]]]] = {
    "json": (_to_json, {"whole": lambda f: load_json(f / "book.json")}),
    "jsonl": (
        _to_jsonl,
        {
            "whole": lambda f: load_jsonl(f / "book.jsonl"),
            "streamed": lambda f: from_batches(jsonl_batches(f / "book.jsonl")),
        },
    ),
    "csv": (
        _csv(".", ","),
        {"whole": load_csv, "streamed": lambda f: from_batches(csv_batches(f))},
    ),
    "csv;": (
        _csv(",", ";"),
        {"whole": load_csv, "streamed": lambda f: from_batches(csv_batches(f))},
    ),
    "parquet": (
        parquet.dump_parquet,
        {
            "whole": parquet.load_parquet,
            "streamed": lambda f: from_batches(parquet.parquet_batches(f)),
        },
    ),
}


def same_records(found: Portfolio, book: Portfolio) -> None:
    for section in SECTIONS:
        assert sorted(getattr(found, section), key=lambda r: r.id) == sorted(
            getattr(book, section), key=lambda r: r.id
        ), section


def assert_every_reader_reads_it_back(book: Portfolio) -> None:
    book = grouped(book)
    for name, (write, readers) in WRITERS.items():
        with tempfile.TemporaryDirectory() as folder:
            write(book, Path(folder))
            for how, read in readers.items():
                found = read(Path(folder))
                try:
                    same_records(found, book)
                except AssertionError as error:  # pragma: no cover - says which pair
                    raise AssertionError(f"{name} read {how}: {error}") from error


def test_a_rich_book_reads_back_equal_through_every_reader() -> None:
    book = rich_book()
    assert_every_reader_reads_it_back(book)
    # The values the spec cares about, spelled out once.
    invoice = grouped(book).invoice("J1")
    assert invoice.amount == Decimal(150000)


@FILES
@given(portfolios(currencies=("EUR", "JPY", "USD")))
def test_generated_books_read_back_equal_through_every_reader(book: Portfolio) -> None:
    assert_every_reader_reads_it_back(book)


# -- the spec itself ----------------------------------------------------------------------


def _kind_of(annotation: Any) -> Kind:
    """The kind a field's annotation calls for (the rule the spec writes down)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind_of(inner[0])
    if origin is typing.Annotated:
        return _kind_of(typing.get_args(annotation)[0])
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        item = typing.get_args(item)[0] if typing.get_origin(item) is typing.Annotated else item
        plain = item is str or (isinstance(item, type) and issubclass(item, Enum))
        return Kind.LIST if plain else Kind.NESTED
    simple = {Decimal: Kind.MONEY, date: Kind.DATE, bool: Kind.FLAG, int: Kind.COUNT}
    if annotation in simple:
        return simple[annotation]
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return Kind.TEXT
    assert isinstance(annotation, type)
    assert issubclass(annotation, BaseModel)
    return Kind.NESTED


def _kinds(model: type[BaseModel]) -> list[tuple[str, Kind]]:
    return [(name, _kind_of(field.annotation)) for name, field in model.model_fields.items()]


def test_the_spec_lists_every_field_of_every_section_in_order_with_its_kind() -> None:
    assert list(FIELDS) == list(SECTIONS)
    for section, (_, model) in SECTIONS.items():
        assert list(FIELDS[section]) == _kinds(model), section


def test_the_spec_lists_the_nested_records_fields() -> None:
    nested = {
        "hold": Hold,
        "contacts": Contact,
        "installments": Installment,
        "status_changes": StatusChange,
    }
    for name, model in nested.items():
        assert list(NESTED_FIELDS[name].items()) == _kinds(model), name


def test_csv_columns_take_their_kind_from_the_spec() -> None:
    assert csv_kinds("invoices")["amount"] is Kind.MONEY
    assert csv_kinds("invoices")["hold_until"] is Kind.DATE
    assert csv_kinds("customers")["payment_terms"] is Kind.TEXT  # words, in CSV
    assert csv_kinds("status_changes")["accepted_amount"] is Kind.MONEY
    assert csv_kinds("promises")["invoice_ids"] is Kind.LIST
    assert csv_kinds("customers")["contact_email"] is Kind.TEXT
    assert set(CSV_COLUMNS) == {*SECTIONS, "contacts", "installments", "status_changes"}
    for file, columns in CSV_COLUMNS.items():
        assert list(csv_kinds(file)) == list(columns)


@pytest.mark.parametrize(
    ("kind", "value", "decimal", "cell"),
    [
        (Kind.MONEY, Decimal("1234.50"), ",", "1234,50"),
        (Kind.MONEY, Decimal(150000), ".", "150000"),
        (Kind.DATE, date(2026, 1, 31), ".", "2026-01-31"),
        (Kind.LIST, ("a", "b"), ".", "a|b"),
        (Kind.FLAG, True, ".", "true"),
        (Kind.COUNT, 3, ".", "3"),
        (Kind.TEXT, None, ".", ""),
    ],
)
def test_a_cell_is_written_and_read_back(kind: Kind, value: Any, decimal: str, cell: str) -> None:
    assert write_cell(kind, value, decimal) == cell
    if cell and kind in (Kind.MONEY, Kind.DATE, Kind.LIST):
        read = read_cell(kind, cell, decimal)
        expected = list(value) if kind is Kind.LIST else str(value)
        assert read == expected


def test_money_and_dates_are_read_as_spreadsheets_write_them() -> None:
    assert parse_money("1 234,56", ",") == "1234.56"
    assert parse_money("1,234.56", ".") == "1234.56"
    with pytest.raises(ValueError, match="decimal separator"):
        parse_money("1,5", ".")
    assert parse_date("31/01/2026") == "2026-01-31"
    assert parse_date("1.2.2026", "DD/MM/YYYY") == "2026-02-01"
    assert parse_date("1.2.2026", "MM/DD/YYYY") == "2026-01-02"
    with pytest.raises(ValueError, match="date format"):
        parse_date("1.2.2026")
    assert parse_date("soon") == "soon"
