from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    InvalidPortfolioError,
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
from tests.conftest import customer, invoice, payment

FR_EXPORT = Path(__file__).parent / "data" / "fr_export"


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
    back = load_jsonl(single)
    for section in ("customers", "invoices", "payments", "promises", "events"):
        assert sorted(getattr(back, section), key=lambda r: r.id) == sorted(
            getattr(p, section), key=lambda r: r.id
        )
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
        "customer line 2: must be a JSON object",
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
