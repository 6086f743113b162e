"""JSON Lines, a folder or one typed file, read in blocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunningkit import (
    InvalidPortfolioError,
    Invoice,
    Portfolio,
    dump_jsonl,
    load_csv,
    load_jsonl,
    load_portfolio,
)
from dunningkit.io import _jsonl
from tests.builders import TODAY, Book, customer, invoice, payment

FR_EXPORT = Path(__file__).parents[1] / "data" / "fr_export"


def _jsonl_folder(folder: Path, sections: dict[str, list[str]], *, end: str = "\n") -> Path:
    folder.mkdir(exist_ok=True)
    for section, lines in sections.items():
        (folder / f"{section}.jsonl").write_bytes(end.join(lines).encode() + end.encode())
    return folder


def _as_lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(record) for record in records]


def same_records(a: Portfolio, b: Portfolio) -> None:
    """The same records in each section, whatever their order."""
    for section in ("customers", "invoices", "payments", "promises", "events"):
        assert sorted(getattr(a, section), key=lambda r: r.id) == sorted(
            getattr(b, section), key=lambda r: r.id
        )


def test_jsonl_single_file_and_folder(tmp_path: Path) -> None:
    p = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
    single = tmp_path / "book.jsonl"
    dump_jsonl(p, single)
    # The file is grouped by customer (so that it streams): same records, another order.
    same_records(load_jsonl(single), p)
    folder = tmp_path / "book"
    folder.mkdir()
    for section in ("customers", "invoices", "payments", "promises", "events"):
        lines = [r.model_dump_json() for r in getattr(p, section)]
        (folder / f"{section}.jsonl").write_text("\n".join(lines) + "\n")
    assert load_jsonl(folder) == p
    assert load_portfolio(folder) == p


def test_jsonl_problems_name_lines_and_records(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"type": "customer", **customer()}),
                "{not json",
                json.dumps({"type": "invoise", **invoice()}),
                json.dumps({"type": "invoice", **invoice("F2", amount="-3")}),
                "",
            ]
        )
    )
    with pytest.raises(InvalidPortfolioError) as caught:
        load_jsonl(path)
    found = {(p.record_type, p.record_id, p.field) for p in caught.value.problems}
    assert found == {
        ("bad.jsonl", "line 2", ""),
        ("bad.jsonl", "line 3", "type"),
        ("invoice", "F2", "amount"),
    }
    lines = [str(p) for p in caught.value.problems]
    assert "bad.jsonl line 2: expected property name enclosed in double quotes at column 2" in lines


def test_jsonl_folder_reports_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "customers.jsonl").write_text(json.dumps(customer()) + "\n[1]\n{oops\n")
    with pytest.raises(InvalidPortfolioError) as caught:
        load_jsonl(tmp_path)
    assert sorted(str(p) for p in caught.value.problems) == [
        "customers.jsonl line 2: must be a JSON object",
        "customers.jsonl line 3: expected property name enclosed in double quotes at column 2",
    ]


def test_a_broken_jsonl_record_says_file_line_and_column(tmp_path: Path) -> None:
    first, second = json.dumps(invoice("F1")), json.dumps(invoice("F2"))
    broken = json.dumps(invoice("F3")).replace(', "customer_id"', ' "customer_id"')
    (tmp_path / "customers.jsonl").write_text(json.dumps(customer()) + "\n")
    (tmp_path / "invoices.jsonl").write_text(f"{first}\n{second}\n{broken}\n")
    with pytest.raises(InvalidPortfolioError) as caught:
        load_jsonl(tmp_path)
    column = broken.index('"customer_id"') + 1
    assert [str(p) for p in caught.value.problems] == [
        f"invoices.jsonl line 3: expected ',' at column {column}"
    ]


def test_jsonl_blocks_keep_every_line_whatever_the_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = [customer(f"C{n}") for n in range(7)]
    invoices = [invoice(f"F{n:03d}", cid=f"C{n % 7}") for n in range(120)]
    expected = Portfolio.model_validate({"customers": customers, "invoices": invoices})
    lines = _as_lines(invoices)
    lines[10:10] = ["", "   "]  # blank lines are skipped
    for block in (1, 7, 64, 1 << 22):
        monkeypatch.setattr(_jsonl, "_BLOCK_BYTES", block)
        for end in ("\n", "\r\n"):
            folder = _jsonl_folder(
                tmp_path / f"{block}{len(end)}",
                {"customers": _as_lines(customers), "invoices": lines},
                end=end,
            )
            assert load_jsonl(folder) == expected
    # A byte order mark and a last line without its line end.
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "customers.jsonl").write_bytes(
        b"\xef\xbb\xbf" + "\n".join(_as_lines(customers)).encode()
    )
    (folder / "invoices.jsonl").write_text("\n".join(_as_lines(invoices)))
    assert load_jsonl(folder) == expected


def test_jsonl_validates_blocks_not_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fast path reads a block of lines as one JSON array, in one pydantic-core call.
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("validated line by line")

    folder = _jsonl_folder(
        tmp_path, {"customers": _as_lines([customer()]), "invoices": _as_lines([invoice()])}
    )
    monkeypatch.setattr(Invoice, "model_validate_json", refuse)
    monkeypatch.setattr(Invoice, "model_validate", refuse)
    assert load_jsonl(folder).invoice("F1").amount == Decimal("100.00")


def test_jsonl_bad_lines_in_a_block_are_each_reported_with_file_and_line(
    tmp_path: Path,
) -> None:
    good = _as_lines([invoice(f"F{n}") for n in range(1, 6)])
    lines = [
        good[0],
        json.dumps(invoice("F7", amount="-3")),  # line 2: a bad field, named by id
        json.dumps({"customer_id": "C1"}),  # line 3: no id: named by file and line
        good[1] + "," + good[2],  # line 4: two records on one line
        good[3][:20],  # lines 5 and 6: one record split over two lines
        good[3][20:],
        "[1]",  # line 7: not an object
        good[4],
    ]
    folder = _jsonl_folder(tmp_path, {"customers": _as_lines([customer()]), "invoices": lines})
    with pytest.raises(InvalidPortfolioError) as caught:
        load_jsonl(folder)
    found = {(p.record_id, p.field, p.message) for p in caught.value.problems}
    assert ("F7", "amount", "Input should be greater than 0 (got '-3')") in found
    assert ("invoices.jsonl line 3", "id", "is required but missing") in found
    shapes = {(p.record_type, p.record_id): p.message for p in caught.value.problems if not p.field}
    assert set(shapes) == {("invoices.jsonl", f"line {n}") for n in (4, 5, 6, 7)}
    assert shapes["invoices.jsonl", "line 4"].startswith("extra data at column")
    assert shapes["invoices.jsonl", "line 7"] == "must be a JSON object"


def test_single_jsonl_file_reads_typed_lines_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = Portfolio.model_validate(
        {
            "customers": [customer("C1"), customer("C2")],
            "invoices": [invoice("F1"), invoice("F2", cid="C2")],
            "payments": [payment()],
        }
    )
    path = tmp_path / "book.jsonl"
    dump_jsonl(book, path)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("validated line by line")

    with monkeypatch.context() as patch:
        patch.setattr(Invoice, "model_validate_json", refuse)
        patch.setattr(Invoice, "model_validate", refuse)
        assert load_jsonl(path) == book
    # A line that names its type elsewhere is read on its own, and counts the same.
    lines = path.read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if json.loads(line)["type"] == "invoice")
    moved = json.loads(lines[at])
    lines[at] = json.dumps({**{k: v for k, v in moved.items() if k != "type"}, "type": "invoice"})
    path.write_text("\n".join(lines))
    assert load_jsonl(path) == book
    # Problems still name the record, or the line when the record has no id.
    path.write_text(
        "\n".join(
            [
                *lines,
                '{"type": "invoice", "customer_id": "C1"}',
                (
                    '{"type": "payment", "id": "P2", "invoice_id": "F404", "date": "2026-02-01",'
                    ' "amount": "1", "currency": "EUR"}'
                ),
            ]
        )
    )
    with pytest.raises(InvalidPortfolioError) as caught:
        load_jsonl(path)
    found = {(p.record_type, p.record_id, p.field) for p in caught.value.problems}
    assert ("invoice", f"line {len(lines) + 1}", "id") in found
    assert ("payment", "P2", "invoice_id") in found


def test_a_dump_that_fails_midway_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    from dunningkit import CustomerBook  # noqa: PLC0415 - only here
    from dunningkit.loaders import dump_jsonl as dump  # noqa: PLC0415

    target = tmp_path / "book.jsonl"
    target.write_text("the previous export\n", encoding="utf-8")

    def books() -> Iterator[CustomerBook]:
        yield from CustomerBook.split(Book().customer("C1").invoice("F1", "C1", due=TODAY).build())
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        dump(books(), target)
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["book.jsonl"]
