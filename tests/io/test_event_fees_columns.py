"""The fees an event recorded (``DunningEvent.fees``) survive every format: CSV (both
separators), the streamed CSV, JSON, JSON Lines and Parquet; none recorded stays none."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    DunningEvent,
    Portfolio,
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
)
from dunningkit.io._columns import CSV_COLUMNS, csv_kinds
from dunningkit.io._stream_csv import csv_batches
from tests.builders import Book, d


def book() -> Portfolio:
    b = Book().customer("C1").invoice("F1", due=d(-40), amount="1000.00")
    b.event("C1", ["F1"], "reminder_1", d(-36)).event("C1", ["F1"], "reminder_2", d(-25))
    b.events[0]["fees"] = "15.00"  # the second event recorded none
    b.event("C1", ["F1"], "reminder_2", d(-20))
    b.events[-1]["fees"] = "0.00"  # charged nothing (the step was charged already)
    return b.build()


def fees(events: tuple[DunningEvent, ...] | list[DunningEvent]) -> list[Decimal | None]:
    return [e.fees for e in events]


EXPECTED = [Decimal("15.00"), None, Decimal("0.00")]


def test_the_events_have_a_fees_money_column() -> None:
    assert CSV_COLUMNS["events"][-1] == "fees"
    assert csv_kinds("events")["fees"].value == "money"


@pytest.mark.parametrize(("delimiter", "decimal"), [(",", "."), (";", ",")])
def test_csv_round_trip(tmp_path: Path, delimiter: str, decimal: str) -> None:
    original = book()
    assert fees(original.events) == EXPECTED
    dump_csv(original, tmp_path, delimiter=delimiter, decimal=decimal)
    assert load_csv(tmp_path).events == original.events
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as file:
        cells = [row["fees"] for row in csv.DictReader(file, delimiter=delimiter)]
    assert cells == [
        "15.00" if decimal == "." else "15,00",
        "",
        "0.00" if decimal == "." else "0,00",
    ]


def test_the_streamed_csv_reads_them_back(tmp_path: Path) -> None:
    dump_csv(book(), tmp_path)
    read = [e for batch in csv_batches(tmp_path) if batch.book for e in batch.book.events]
    assert fees(read) == EXPECTED


def test_json_and_jsonl_round_trips(tmp_path: Path) -> None:
    original = book()
    dump_json(original, tmp_path / "book.json")
    assert load_json(tmp_path / "book.json").events == original.events
    dump_jsonl(original, tmp_path / "book.jsonl")
    assert load_jsonl(tmp_path / "book.jsonl").events == original.events


def test_parquet_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")  # the parquet extra
    parquet = pytest.importorskip("dunningkit.io._parquet")
    original = book()
    parquet.dump_parquet(original, tmp_path)
    assert fees(parquet.load_parquet(tmp_path).events) == EXPECTED
    read = [e for b in parquet.parquet_batches(tmp_path) if b.book for e in b.book.events]
    assert fees(read) == EXPECTED


def test_a_negative_fee_is_refused() -> None:
    b = Book().customer("C1").invoice("F1", due=d(-40), amount="1000.00")
    b.event("C1", ["F1"], "reminder_1", d(-36)).events[0]["fees"] = "-1"
    with pytest.raises(ValueError, match="fees"):
        b.build()
