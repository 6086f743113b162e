"""``dunningkit charges``: late-payment charges."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_charges_lists_late_charges(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charges", str(book), "--today", TODAY, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(row["days"] > 0 for row in rows)
    assert {row["jurisdiction"] for row in rows} >= {"FR", "GB"}
    french = next(row for row in rows if row["jurisdiction"] == "FR")
    assert "L441-10" in french["legal_basis"]


def test_the_csv_shows_the_days_that_bear_interest(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CLI-082's receivership stops interest the day before the opening: 9 days of it.
    assert main(["charges", str(book), "--today", TODAY, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    (stopped,) = [row for row in rows if row["invoice_id"] == "FA-2026-0492"]
    assert (stopped["days"], stopped["interest_days"], stopped["interest"]) == ("50", "9", "10.70")
    assert all(row["interest_days"] == row["days"] for row in rows if row is not stopped)
    assert main(["charges", str(book), "--today", TODAY]) == 0
    assert "interest_days" in capsys.readouterr().out
