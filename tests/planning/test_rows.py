"""An action as a flat row (``planning/_rows.py``): one layout, one cell convention."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit import next_actions, sample_portfolio
from dunningkit.planning._rows import ACTION_CSV, SKIP_CSV, action_row, csv_cell, skip_row


def test_cells() -> None:
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"  # noqa: FBT003 - the value under test
    assert csv_cell(False) == "false"  # noqa: FBT003
    assert csv_cell(Decimal("1E+2")) == "100"
    assert csv_cell(date(2026, 11, 23)) == "2026-11-23"
    assert csv_cell(["F1", "F2"]) == "F1|F2"
    assert csv_cell([]) == ""


def test_rows_hold_every_column_and_no_other() -> None:
    plan = next_actions(sample_portfolio(date(2026, 11, 23)), date(2026, 11, 23))
    assert plan.actions
    assert plan.skipped
    for action in plan.actions:
        assert tuple(action_row(action)) == ACTION_CSV
    for skip in plan.skipped:
        assert tuple(skip_row(skip)) == SKIP_CSV
        assert skip_row(skip) == skip.to_dict()
