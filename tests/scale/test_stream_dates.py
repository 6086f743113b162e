"""A CSV folder's declared date format, streamed: the verdict ``load_csv`` gives.

Before, ``plan_stream`` took no ``date_format``: a book writing ``10/01/2026`` for
10 January could be loaded in memory but never streamed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunningkit import (
    Action,
    BadCustomerError,
    InvalidPortfolioError,
    LoaderError,
    Skip,
    load_csv,
    next_actions,
    plan_stream,
)
from dunningkit.scale._stream import read_books

DAY = date(2026, 3, 16)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "customers.csv").write_text("id,name,country\nC1,Acme,FR\n")
    header = "id,customer_id,issue_date,due_date,amount,currency\n"
    # 10 January day first (1 October month first): ambiguous unless declared.
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,01/01/2026,10/01/2026,100,EUR\n")
    return tmp_path


def test_an_undeclared_ambiguous_date_is_refused_on_both_paths(folder: Path) -> None:
    with pytest.raises(InvalidPortfolioError, match="'10/01/2026' could be"):
        load_csv(folder)
    with pytest.raises(BadCustomerError, match="due_date"):
        plan_stream(folder, DAY)


@pytest.mark.parametrize(
    ("declared", "due"), [("DD/MM/YYYY", date(2026, 1, 10)), ("MM/DD/YYYY", date(2026, 10, 1))]
)
def test_a_declared_format_streams_as_it_loads(folder: Path, declared: str, due: date) -> None:
    (book,) = read_books(folder, date_format=declared)
    assert book.invoices[0].due_date == due
    assert load_csv(folder, date_format=declared).invoices[0].due_date == due
    streamed: list[Action | Skip] = []
    summary = plan_stream(folder, DAY, sink=streamed.append, date_format=declared)
    plan = next_actions(load_csv(folder, date_format=declared), DAY)
    assert summary.invoices_read == 1
    assert {r.key for r in streamed if isinstance(r, Action)} == {a.key for a in plan.actions}
    assert [(s.invoice_id, s.reason) for s in streamed if isinstance(s, Skip)] == [
        (s.invoice_id, s.reason) for s in plan.skipped
    ]


def test_an_unknown_date_format_is_refused(folder: Path) -> None:
    with pytest.raises(LoaderError, match="date_format"):
        plan_stream(folder, DAY, date_format="YYYY/DD/MM")
