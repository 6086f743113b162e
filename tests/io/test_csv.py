"""CSV folders, read whole and written: separators, decimal commas, problems."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    InvalidPortfolioError,
    LoaderError,
    Portfolio,
    dump_csv,
    load_csv,
    load_portfolio,
    plan_stream,
)
from tests.builders import customer, invoice, payment

FR_EXPORT = Path(__file__).parents[1] / "data" / "fr_export"


def small() -> Portfolio:
    return Portfolio.model_validate(
        {"customers": [customer()], "invoices": [invoice()], "payments": [payment()]}
    )


def test_french_csv_export_with_bom_semicolons_decimal_commas_and_day_first_dates() -> None:
    p = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
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
    assert load_portfolio(FR_EXPORT, date_format="DD/MM/YYYY") == p


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
    p = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
    dump_csv(p, tmp_path, delimiter=delimiter, decimal=decimal)
    assert load_csv(tmp_path) == _grouped_by_customer(p)
    again = tmp_path / "again"
    dump_csv(load_csv(tmp_path), again, delimiter=delimiter, decimal=decimal)
    assert load_csv(again) == load_csv(tmp_path)  # grouped already: read back equal


def _grouped_by_customer(p: Portfolio) -> Portfolio:
    """``p`` with every section in the customers' order (payments in their invoices'),
    each customer's records in their own order: the order dump_csv writes, to stream."""
    rank = {c.id: n for n, c in enumerate(p.customers)}
    invoices = sorted(p.invoices, key=lambda i: rank[i.customer_id])
    place = {i.id: n for n, i in enumerate(invoices)}
    return p.model_copy(
        update={
            "invoices": tuple(invoices),
            "payments": tuple(sorted(p.payments, key=lambda x: place[x.invoice_id])),
            "promises": tuple(sorted(p.promises, key=lambda x: rank[x.customer_id])),
            "events": tuple(sorted(p.events, key=lambda x: rank[x.customer_id])),
        }
    )


def test_every_csv_folder_written_streams_back(tmp_path: Path) -> None:
    from dunningkit import plan_stream  # noqa: PLC0415 - the stream, beside the loader

    p = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
    dump_csv(p, tmp_path / "book")
    found: list[object] = []
    summary = plan_stream(tmp_path / "book", date(2026, 3, 16), sink=found.append)
    assert summary.invoices_read == len(p.invoices)
    assert summary.customers_read == len(p.customers)


def test_a_missing_column_is_one_problem_not_one_a_row(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("id,name\nC1,Acme\n")
    rows = "".join(f"F{n},C1,2026-01-01,2026-01-31\n" for n in range(8))
    (tmp_path / "invoices.csv").write_text("id,customer_id,issue_date,due_date\n" + rows)
    (tmp_path / "payments.csv").write_text(
        "id,invoice_id,date,amount,currency\nP1,F1,2026-02-01,1,EUR\n"
    )
    with pytest.raises(InvalidPortfolioError) as refused:
        load_csv(tmp_path)
    assert [str(p) for p in refused.value.problems] == [
        "file invoices.csv, field amount: is a required column, missing from the header",
        "file invoices.csv, field currency: is a required column, missing from the header",
    ]
    with pytest.raises(LoaderError, match="currency, amount: a required column"):
        plan_stream(tmp_path, date(2026, 3, 16), sink=lambda _: None)


def test_ambiguous_dates_are_refused_unless_declared(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("id,name\nC1,Acme\n")
    header = "id,customer_id,issue_date,due_date,amount,currency\n"
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,01/01/2026,10/01/2026,10,EUR\n")
    with pytest.raises(InvalidPortfolioError, match="'10/01/2026' could be day 10 of month 1"):
        load_csv(tmp_path)
    assert load_csv(tmp_path, date_format="DD/MM/YYYY").invoice("F1").due_date == date(2026, 1, 10)
    assert load_csv(tmp_path, date_format="MM/DD/YYYY").invoice("F1").due_date == date(2026, 10, 1)
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,01/01/2026,10/31/2026,10,EUR\n")
    with pytest.raises(InvalidPortfolioError, match="'10/31/2026' could be month 10, day 31"):
        load_csv(tmp_path)
    assert load_csv(tmp_path, date_format="MM/DD/YYYY").invoice("F1").due_date == date(2026, 10, 31)
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,31/12/2025,31/01/2026,10,EUR\n")
    assert load_csv(tmp_path).invoice("F1").due_date == date(2026, 1, 31)  # its order shows
