"""A customer's contractual interest and insolvency proceedings survive every format:
CSV (both separators), the streamed CSV, JSON, JSON Lines and Parquet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dunningkit import (
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
from dunningkit.model._customer import Customer
from tests.builders import Book, d

ADMINISTRATOR = {
    "name": "Me Anne Duval",
    "role": "mandataire judiciaire",
    "email": "a.duval@mj-duval.example",
    "phone": "+33 4 78 00 12 34",
    "postal_address": '8 quai de Bondy; 69005 Lyon, "étude"',
    "locale": "fr_FR",
}


def book() -> Portfolio:
    """Every shape: a rate, a margin, full proceedings, bare ones, and none."""
    b = Book()
    b.customer(
        "C1",
        late_interest={"rate": "12.5"},
        proceedings={
            "kind": "receivership",
            "opened_on": d(-10),
            "claims_deadline": d(50),
            "court": "Tribunal de commerce de Lyon",
            "reference": "RJ 2026/0412",
            "administrator": ADMINISTRATOR,
        },
    )
    b.customer("C2", late_interest={"margin": "-0.5"})
    b.customer("C3", proceedings={"kind": "liquidation", "opened_on": d(-3)})
    b.customer("C4")
    for n, cid in enumerate(("C1", "C2", "C3", "C4")):
        b.invoice(f"F{n}", cid, due=d(-20), amount="100.00")
    return b.build()


def customers(p: Portfolio | list[Customer]) -> dict[str, Customer]:
    found = p.customers if isinstance(p, Portfolio) else p
    return {c.id: c for c in found}


def test_the_csv_columns_are_named_and_typed() -> None:
    columns = CSV_COLUMNS["customers"]
    for name in (
        "late_interest_rate",
        "late_interest_margin",
        "proceedings_kind",
        "proceedings_opened_on",
        "proceedings_claims_deadline",
        "proceedings_court",
        "proceedings_reference",
        "proceedings_administrator_name",
        "proceedings_administrator_email",
        "proceedings_administrator_phone",
        "proceedings_administrator_postal_address",
    ):
        assert name in columns
    kinds = csv_kinds("customers")
    assert kinds["late_interest_rate"].value == "money"
    assert kinds["proceedings_opened_on"].value == "date"
    assert kinds["proceedings_claims_deadline"].value == "date"
    assert kinds["proceedings_administrator_name"].value == "text"


@pytest.mark.parametrize(("delimiter", "decimal"), [(",", "."), (";", ",")])
def test_csv_round_trip_keeps_interest_and_proceedings(
    tmp_path: Path, delimiter: str, decimal: str
) -> None:
    original = book()
    dump_csv(original, tmp_path, delimiter=delimiter, decimal=decimal)
    assert customers(load_csv(tmp_path)) == customers(original)


def test_the_streamed_csv_reads_them_back(tmp_path: Path) -> None:
    original = book()
    dump_csv(original, tmp_path)
    read = [batch.book.customer for batch in csv_batches(tmp_path) if batch.book is not None]
    assert customers(read) == customers(original)


def test_csv_cells_read_by_a_person(tmp_path: Path) -> None:
    dump_csv(book(), tmp_path)
    with (tmp_path / "customers.csv").open(encoding="utf-8", newline="") as file:
        row = next(csv.DictReader(file))
    assert row["late_interest_rate"] == "12.5"
    assert row["proceedings_kind"] == "receivership"
    assert row["proceedings_opened_on"] == d(-10).isoformat()
    assert row["proceedings_administrator_name"] == "Me Anne Duval"


def test_a_hand_written_csv_with_only_the_required_cells(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(
        "id,name,proceedings_kind,proceedings_opened_on,proceedings_administrator_name,"
        "late_interest_margin\nC1,Acme,safeguard,14/10/2026,Me Duval,7\nC2,Beta,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "invoices.csv").write_text(
        "id,customer_id,issue_date,due_date,amount,currency\nF1,C1,2026-09-01,2026-10-01,10,EUR\n",
        encoding="utf-8",
    )
    read = customers(load_csv(tmp_path))
    acme = read["C1"]
    assert acme.proceedings is not None
    assert acme.proceedings.opened_on.isoformat() == "2026-10-14"
    assert acme.proceedings.administrator is not None
    assert acme.proceedings.administrator.name == "Me Duval"
    assert acme.late_interest is not None
    assert str(acme.late_interest.margin) == "7"
    assert read["C2"].proceedings is None
    assert read["C2"].late_interest is None


def test_json_and_jsonl_round_trips(tmp_path: Path) -> None:
    original = book()
    dump_json(original, tmp_path / "book.json")
    assert customers(load_json(tmp_path / "book.json")) == customers(original)
    dump_jsonl(original, tmp_path / "book.jsonl")
    assert customers(load_jsonl(tmp_path / "book.jsonl")) == customers(original)


def test_parquet_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")  # the parquet extra
    parquet = pytest.importorskip("dunningkit.io._parquet")
    original = book()
    parquet.dump_parquet(original, tmp_path)
    assert customers(parquet.load_parquet(tmp_path)) == customers(original)
    read = [b.book.customer for b in parquet.parquet_batches(tmp_path) if b.book is not None]
    assert customers(read) == customers(original)
