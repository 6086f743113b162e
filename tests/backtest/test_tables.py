"""Cells and plain-text tables of back-test figures."""

from __future__ import annotations

from decimal import Decimal

from dunningkit import Backtest
from dunningkit.backtest._figures import table_title
from dunningkit.backtest._tables import cells, format_cell, header, plain, text_table


def test_cells_print_money_counts_and_signed_differences() -> None:
    assert format_cell(Decimal("1234.5")) == "1,234.50"
    assert format_cell(1234) == "1,234"
    assert format_cell(0.5) == "0.50"
    assert format_cell("none") == "none"
    assert format_cell(3, signed=True) == "+3"
    assert format_cell(Decimal("-2.5"), signed=True) == "-2.50"
    assert format_cell(0, signed=True) == "0"
    assert format_cell("", signed=True) == ""


def test_header_and_cells_line_up() -> None:
    assert header(["a", "b", "c"]) == ["figure", "a", "b", "c", "b vs a", "c vs a"]
    assert cells(("contacts", [10, 12], [2])) == ["contacts", "10", "12", "+2"]


def test_text_table_aligns_numbers_right_under_a_ruled_header() -> None:
    text = text_table("Title", ["a", "b"], [("contacts", [5, 120], [115])])
    assert text.splitlines() == [
        "Title",
        "",
        "figure    a    b  b vs a",
        "--------  -  ---  ------",
        "contacts  5  120    +115",
    ]


def test_plain_makes_json_ready_values() -> None:
    from datetime import date  # noqa: PLC0415 - only here

    assert plain({1: (date(2026, 1, 2), Decimal("1.50"))}) == {"1": ["2026-01-02", "1.50"]}


def test_the_table_title_says_when_rows_are_projected(result: Backtest) -> None:
    assert table_title([result]).startswith(f"Back-test {result.start} to {result.end}")
    assert "[projection]" not in table_title([result])
    assert result.table().splitlines()[0] == table_title([result])
