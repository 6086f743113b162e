"""Guarantees of loading, stated as properties over generated portfolios."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    Portfolio,
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
)
from dunningkit.io import _jsonl
from dunningkit.testing import portfolios

books = portfolios(currencies=("EUR", "GBP", "JPY"))


@given(books)
def test_json_round_trip_is_lossless(book: Portfolio) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.json"
        dump_json(book, path)
        assert load_json(path) == book


@given(books)
def test_jsonl_round_trip_is_lossless(book: Portfolio) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.jsonl"
        dump_jsonl(book, path)
        assert load_jsonl(path) == book


@given(books, st.sampled_from([(",", "."), (";", ",")]))
def test_csv_round_trip_is_lossless(book: Portfolio, dialect: tuple[str, str]) -> None:
    delimiter, decimal = dialect
    with tempfile.TemporaryDirectory() as folder:
        dump_csv(book, folder, delimiter=delimiter, decimal=decimal)
        assert load_csv(folder) == book


@given(books, st.integers(-30, 400))
def test_open_amount_is_never_negative_nor_above_the_amount(book: Portfolio, shift: int) -> None:
    on = date(2026, 1, 1) + timedelta(days=shift)
    for invoice in book.invoices:
        for day in (None, on):
            open_ = book.open_amount(invoice.id, day)
            assert 0 <= open_ <= invoice.amount


@given(books, st.randoms(use_true_random=False))
def test_loading_does_not_depend_on_record_order(book: Portfolio, rng: object) -> None:
    sections = {
        name: list(getattr(book, name))
        for name in ("customers", "invoices", "payments", "promises", "events")
    }
    for records in sections.values():
        rng.shuffle(records)  # type: ignore[attr-defined]
    shuffled = Portfolio.model_validate(sections)
    for customer in book.customers:
        assert shuffled.balance(customer.id) == book.balance(customer.id)
        assert [i.id for i in shuffled.invoices_of(customer.id)] == [
            i.id for i in book.invoices_of(customer.id)
        ]
        assert [e.id for e in shuffled.events_of(customer.id)] == [
            e.id for e in book.events_of(customer.id)
        ]
    for invoice in book.invoices:
        assert shuffled.open_amount(invoice.id) == book.open_amount(invoice.id)


@given(books, st.integers(1, 400), st.booleans())
def test_jsonl_blocks_of_any_size_read_the_same_book(
    book: Portfolio, block_bytes: int, folder_layout: bool
) -> None:
    # However the file is cut into blocks, every line is read once, in order.
    with (
        tempfile.TemporaryDirectory() as folder,
        patch.object(_jsonl, "_BLOCK_BYTES", block_bytes),
    ):
        if folder_layout:
            for section in ("customers", "invoices", "payments", "promises", "events"):
                lines = [record.model_dump_json() for record in getattr(book, section)]
                (Path(folder) / f"{section}.jsonl").write_text("".join(f"{x}\n" for x in lines))
            assert load_jsonl(folder) == book
        else:
            dump_jsonl(book, Path(folder) / "book.jsonl")
            assert load_jsonl(Path(folder) / "book.jsonl") == book
