"""The one rule for CSV cells a spreadsheet would evaluate (OWASP's)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from dunningkit._support._csv import FORMULA_STARTS, csv_writer, spreadsheet_safe, unquote_cell


def test_formulas_are_neutralised() -> None:
    for start in FORMULA_STARTS:
        assert spreadsheet_safe(f"{start}1+2 x") == f"'{start}1+2 x"
    assert spreadsheet_safe('=HYPERLINK("http://x","click")').startswith("'=")
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"


def test_numbers_and_plain_text_stay() -> None:
    for text in ("-12.50", "+3", "-1 234,56", "Acme", "", "12"):
        assert spreadsheet_safe(text) == text


def test_an_apostrophe_is_doubled_to_read_back() -> None:
    assert spreadsheet_safe("'quoted") == "''quoted"
    assert unquote_cell("''quoted") == "'quoted"
    assert unquote_cell("'Tis") == "'Tis"


@given(st.text())
def test_every_cell_reads_back(text: str) -> None:
    assert unquote_cell(spreadsheet_safe(text)) == text


def test_the_writer_makes_every_cell_safe() -> None:
    out = io.StringIO()
    csv_writer(out).writerow(["=1+1", 3, None, "ok"])
    assert next(csv.reader([out.getvalue().strip()])) == ["'=1+1", "3", "", "ok"]
