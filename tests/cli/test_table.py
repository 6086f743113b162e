"""The one table renderer (``cli/_table.py``): people's tables, machines' JSON and CSV."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest

from dunningkit.cli._table import emit

ROWS = [
    {"id": "F1", "amount": Decimal("1234.50"), "late": True, "ids": ["a", "b"], "on": None},
    {"id": "F22", "amount": Decimal(7), "late": False, "ids": [], "on": date(2026, 1, 2)},
]
COLUMNS = ("id", "amount", "late", "ids", "on")


def test_csv_cells_follow_the_one_convention() -> None:
    out = io.StringIO()
    emit(ROWS, COLUMNS, "csv", out=out)
    assert out.getvalue().splitlines() == [
        "id,amount,late,ids,on",
        "F1,1234.50,true,a|b,",
        "F22,7,false,,2026-01-02",
    ]


def test_json_keeps_amounts_as_plain_decimal_strings() -> None:
    out = io.StringIO()
    emit(ROWS, ("id", "amount"), "json", out=out)
    assert json.loads(out.getvalue()) == [
        {"id": "F1", "amount": "1234.50"},
        {"id": "F22", "amount": "7"},
    ]


def test_a_plain_table_aligns_and_closes_with_its_footer() -> None:
    out = io.StringIO()
    footer = [{"id": "total", "amount": "1 241,50 €"}]
    emit(ROWS, ("id", "amount"), "table", title="T", out=out, right={"amount"}, footer=footer)
    lines = out.getvalue().splitlines()
    assert lines[0] == "T"
    assert lines[1].split() == ["id", "amount"]
    widths = {len(line) for line in lines[3:5] + lines[6:]}
    assert widths == {len(lines[1])}  # amounts flush right, the footer too
    assert lines[5].startswith("-----")


def test_rich_draws_only_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rich")
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout", terminal)
    emit(ROWS, ("id", "amount"), "table", title="T")
    assert "F22" in terminal.getvalue()
    assert "-----" not in terminal.getvalue()  # rich's box, not the plain rule
