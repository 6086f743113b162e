"""Books as Parquet datasets (the ``parquet`` extra)."""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import (
    Action,
    BadCustomerError,
    CustomerBook,
    Portfolio,
    Skip,
    next_actions,
    plan_stream,
    sample_portfolio,
)
from dunningkit.testing import portfolios
from tests.builders import GENERATED_DAY as TODAY
from tests.scale.test_stream import assert_same, ordered

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
parquet = pytest.importorskip("dunningkit.io._parquet")

# Books written to files: at most 100 per property (CI runs 500 in memory).
FILES = settings(max_examples=min(100, settings().max_examples))
SECTIONS = ("customers", "invoices", "payments", "promises", "events")


def same_records(a: Portfolio, b: Portfolio) -> None:
    for section in SECTIONS:
        key = lambda r: r.id  # noqa: E731
        assert sorted(getattr(a, section), key=key) == sorted(getattr(b, section), key=key)


@FILES
@given(portfolios(currencies=("EUR", "JPY", "USD")))
def test_round_trip_is_lossless(book: Portfolio) -> None:
    with tempfile.TemporaryDirectory() as folder:
        parquet.dump_parquet(book, folder)
        same_records(parquet.load_parquet(folder), book)


@FILES
@given(portfolios(max_customers=5, max_invoices=5), st.integers(-60, 120))
def test_a_dataset_streams_to_the_in_memory_plan(book: Portfolio, shift: int) -> None:
    today = TODAY + timedelta(days=shift)
    with tempfile.TemporaryDirectory() as folder:
        parquet.dump_parquet(book, folder)
        found: list[Action | Skip] = []
        plan_stream(folder, today, sink=found.append)
    assert_same(next_actions(book, today), ordered(found))


def test_schema_uses_decimals_and_dates() -> None:
    invoices = parquet.section_schema("invoices")
    assert invoices.field("amount").type == pa.decimal128(24, 6)
    assert invoices.field("due_date").type == pa.date32()
    assert parquet.section_schema("payments").field("customer_id").type == pa.string()
    assert parquet.section_schema("customers").field("tags").type == pa.list_(pa.string())


def test_row_groups_never_split_a_customer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 7)
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    parquet.dump_parquet(book, tmp_path)
    file = pq.ParquetFile(tmp_path / "invoices.parquet")
    assert file.num_row_groups > 3
    owners = [
        set(file.read_row_group(g).column("customer_id").to_pylist())
        for g in range(file.num_row_groups)
    ]
    for first, second in itertools.pairwise(owners):
        assert not first & second
    found: list[Action | Skip] = []
    plan_stream(tmp_path, today, sink=found.append)
    assert_same(next_actions(book, today), ordered(found))


def test_books_can_be_written_as_they_come(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    parquet.dump_parquet(CustomerBook.split(book), tmp_path)
    same_records(parquet.load_parquet(tmp_path), book)
    with pytest.raises(ValueError, match="customer-id order"):
        parquet.dump_parquet(reversed(list(CustomerBook.split(book))), tmp_path / "x")


def test_a_bad_row_names_file_row_group_row_and_field(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    parquet.dump_parquet(sample_portfolio(today), tmp_path)
    table = pq.read_table(tmp_path / "invoices.parquet")
    currencies = table.column("currency").to_pylist()
    currencies[3] = "EURO"
    table = table.set_column(
        table.schema.get_field_index("currency"), "currency", pa.array(currencies)
    )
    pq.write_table(table, tmp_path / "invoices.parquet")
    with pytest.raises(BadCustomerError) as caught:
        plan_stream(tmp_path, today)
    text = str(caught.value)
    assert "invoices.parquet row group 0 row 3" in text
    assert "field currency" in text


def test_a_parquet_sink_holds_every_result(tmp_path: Path) -> None:
    today = date(2026, 3, 2)
    book = sample_portfolio(today)
    plan = next_actions(book, today)
    plan_stream(list(CustomerBook.split(book)), today, sink=tmp_path, sink_format="parquet")
    actions = pq.read_table(tmp_path / "actions.parquet")
    assert sorted(actions.column("key").to_pylist()) == sorted(a.key for a in plan.actions)
    assert actions.schema.field("amount_due").type == parquet.MONEY
    assert pq.read_table(tmp_path / "skipped.parquet").num_rows == len(plan.skipped)
