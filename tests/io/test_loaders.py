from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunningkit import (
    InvalidPortfolioError,
    Invoice,
    LoaderError,
    Portfolio,
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
    load_portfolio,
)
from dunningkit.io import _jsonl
from tests.conftest import customer, invoice, payment

FR_EXPORT = Path(__file__).parents[1] / "data" / "fr_export"


def small() -> Portfolio:
    return Portfolio.model_validate(
        {"customers": [customer()], "invoices": [invoice()], "payments": [payment()]}
    )


def test_french_csv_export_with_bom_semicolons_decimal_commas_and_day_first_dates() -> None:
    p = load_csv(FR_EXPORT)
    fa1 = p.invoice("FA-2026-001")
    assert fa1.amount == Decimal("1234.56")
    assert fa1.issue_date.isoformat() == "2026-01-05"
    assert p.invoice("FA-2026-002").accepted_amount == Decimal(10000)
    dupont = p.customer("CLI001")
    assert [c.name for c in dupont.contacts] == ["Marie Dupont", "Paul Dupont"]
    assert [str(ch) for ch in dupont.preferred_channels] == ["email", "phone"]
    assert str(p.customer("CLI002").payment_terms) == "end of month + 45 days"
    assert p.open_amount("FA-2026-001") == Decimal("1034.56")
    assert p.balance("CLI001") == {"EUR": Decimal("1000.00")}
    assert p.promises[0].amount == Decimal(1000)
    assert load_portfolio(FR_EXPORT) == p


def test_csv_problems_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("id,name,country\nC1,A,FR\nC2,,XX\n")
    (tmp_path / "invoices.csv").write_text(
        "id,customer_id,issue_date,due_date,currency,amount\n"
        'F1,C1,2026-01-01,2026-01-31,EUR,"1,5"\n'
        "F2,C9,2026-01-01,2026-01-31,EUR,10.00\n"
        "F3,C1,2026-13-01,2026-01-31,EUR,10.00\n"
    )
    with pytest.raises(InvalidPortfolioError) as caught:
        load_csv(tmp_path)
    found = {(p.record_id, p.field) for p in caught.value.problems}
    assert found == {
        ("C2", "name"),
        ("C2", "country"),
        ("F1", "amount"),
        ("F2", "customer_id"),
        ("F3", "issue_date"),
    }


def test_csv_thousands_separator_in_decimal_point_file(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("id,name\nC1,A\n")
    (tmp_path / "invoices.csv").write_text(
        "id,customer_id,issue_date,due_date,currency,amount\n"
        'F1,C1,2026-01-01,2026-01-31,EUR,"1,234.50"\n'
    )
    assert load_csv(tmp_path).invoice("F1").amount == Decimal("1234.50")


def test_csv_unknown_column_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match=r"customers\.csv is missing"):
        load_csv(tmp_path)
    (tmp_path / "customers.csv").write_text("id,name,colour\nC1,A,red\n")
    (tmp_path / "invoices.csv").write_text("id,customer_id\n")
    with pytest.raises(InvalidPortfolioError, match="colour: is not a known column"):
        load_csv(tmp_path)


def test_a_misspelled_column_is_reported_alone_with_a_suggestion(tmp_path: Path) -> None:
    dump_csv(small(), tmp_path)
    text = (tmp_path / "customers.csv").read_text()
    (tmp_path / "customers.csv").write_text(text.replace("name", "nmae", 1))
    with pytest.raises(InvalidPortfolioError) as caught:
        load_csv(tmp_path)
    # Not one "customer not in the portfolio" per invoice: the column, and stop.
    assert [str(p) for p in caught.value.problems] == [
        "file customers.csv, field nmae: is not a known column; did you mean name?"
    ]


def test_csv_orphan_rows_in_side_files_are_reported(tmp_path: Path) -> None:
    dump_csv(small(), tmp_path)
    (tmp_path / "installments.csv").write_text("invoice_id,due_date,amount\nF404,2026-01-01,5\n")
    with pytest.raises(InvalidPortfolioError, match="'F404' matches no row"):
        load_csv(tmp_path)


@pytest.mark.parametrize(("delimiter", "decimal"), [(",", "."), (";", ",")])
def test_csv_round_trip(tmp_path: Path, delimiter: str, decimal: str) -> None:
    p = load_csv(FR_EXPORT)
    dump_csv(p, tmp_path, delimiter=delimiter, decimal=decimal)
    assert load_csv(tmp_path) == p


def test_json_round_trip_and_exact_decimals(tmp_path: Path) -> None:
    p = load_csv(FR_EXPORT)
    target = tmp_path / "book.json"
    dump_json(p, target)
    assert load_json(target) == p
    assert load_portfolio(target) == p
    big = (
        '{"customers":[{"id":"C","name":"N"}],"invoices":[{"id":"F","customer_id":"C",'
        '"issue_date":"2026-01-01","due_date":"2026-01-01","currency":"EUR",'
        '"amount":123456789012345.67}]}'
    )
    assert Portfolio.model_validate_json(big).invoice("F").amount == Decimal("123456789012345.67")


def test_jsonl_single_file_and_folder(tmp_path: Path) -> None:
    p = load_csv(FR_EXPORT)
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


def test_a_binary_file_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "book.jsonl"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(LoaderError) as caught:
        load_portfolio(path)
    assert str(caught.value) == f"{path}: is a binary file, not JSON Lines text (check the export)"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "customers.csv").write_bytes(b"id,name\n\x00\x01\x02")
    (folder / "invoices.csv").write_text("id,customer_id\n")
    with pytest.raises(LoaderError, match="is a binary file"):
        load_portfolio(folder)


def test_empty_books_load_but_can_be_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert load_portfolio(empty).invoices == ()
    with pytest.raises(LoaderError, match="holds no invoices"):
        load_portfolio(empty, allow_empty=False)
    (tmp_path / "customers.csv").write_text("id,name\n")
    (tmp_path / "invoices.csv").write_text("id,customer_id,issue_date\n")
    with pytest.raises(LoaderError, match="holds no invoices"):
        load_portfolio(tmp_path, allow_empty=False)
    (tmp_path / "empty.json").write_text("")
    with pytest.raises(LoaderError, match="is empty"):
        load_portfolio(tmp_path / "empty.json")


def test_load_portfolio_refuses_unknown_things(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match="no such file"):
        load_portfolio(tmp_path / "nope.json")
    (tmp_path / "x.xml").write_text("<a/>")
    with pytest.raises(LoaderError, match="unknown format"):
        load_portfolio(tmp_path / "x.xml")
    with pytest.raises(LoaderError, match="neither"):
        load_portfolio(tmp_path)
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(LoaderError, match="not valid JSON"):
        load_portfolio(tmp_path / "bad.json")


def test_loading_leaves_the_garbage_collector_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No process-wide side effects (issue 11, decision 5): a host's other threads
    # keep their collector while a book loads.
    import gc  # noqa: PLC0415

    book = load_csv(FR_EXPORT)
    dump_jsonl(book, tmp_path / "book.jsonl")
    dump_json(book, tmp_path / "book.json")
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold", "collect"):
        monkeypatch.setattr(gc, name, lambda *_, _name=name: calls.append(_name))
    assert load_csv(FR_EXPORT) == book
    same_records(load_jsonl(tmp_path / "book.jsonl"), book)  # grouped by customer
    assert load_json(tmp_path / "book.json") == book
    assert Portfolio.model_validate(book.model_dump()) == book
    assert gc.isenabled()
    assert calls == []


def _jsonl_folder(folder: Path, sections: dict[str, list[str]], *, end: str = "\n") -> Path:
    folder.mkdir(exist_ok=True)
    for section, lines in sections.items():
        (folder / f"{section}.jsonl").write_bytes(end.join(lines).encode() + end.encode())
    return folder


def _as_lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(record) for record in records]


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


def test_loaded_records_share_repeated_values(tmp_path: Path) -> None:
    # A million invoices of ten thousand customers hold ten thousand customer ids.
    customers = [customer("C1"), customer("C2")]
    invoices = [invoice(f"F{n}", cid=f"C{1 + n % 2}") for n in range(6)]
    folder = _jsonl_folder(
        tmp_path, {"customers": _as_lines(customers), "invoices": _as_lines(invoices)}
    )
    for book in (
        load_jsonl(folder),
        Portfolio.model_validate({"customers": customers, "invoices": invoices}),
    ):
        first, *others = book.invoices
        owner = book.customer(first.customer_id)
        assert all(i.customer_id is owner.id for i in book.invoices_of(owner.id))
        assert all(i.due_date is first.due_date for i in others)
        assert all(i.__pydantic_fields_set__ is first.__pydantic_fields_set__ for i in others)
        # Copies with changes do not change the shared set of field names.
        changed = first.model_copy(update={"payment_link": "https://pay.example/F0"})
        assert "payment_link" in changed.__pydantic_fields_set__
        assert "payment_link" not in first.__pydantic_fields_set__


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


def same_records(a: Portfolio, b: Portfolio) -> None:
    """The same records in each section, whatever their order."""
    for section in ("customers", "invoices", "payments", "promises", "events"):
        assert sorted(getattr(a, section), key=lambda r: r.id) == sorted(
            getattr(b, section), key=lambda r: r.id
        )
