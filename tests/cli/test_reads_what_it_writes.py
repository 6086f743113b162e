"""The library reads what it writes: every book ``demo --export`` writes streams back as
it is, and plans as the in-memory plan does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


@pytest.mark.parametrize("target", ["book", "book.jsonl"])
def test_an_export_streams_back(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / target
    assert main(["demo", "--today", TODAY, "--export", str(book)]) == 0
    capsys.readouterr()
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    out = tmp_path / "out"
    assert main(["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["actions"] == len(planned["actions"])
    assert summary["customers_rejected"] == 0


def test_a_book_declares_its_date_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "customers.csv").write_text("id,name\nC1,Acme\n")
    header = "id,customer_id,issue_date,due_date,amount,currency\n"
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,01/01/2026,10/01/2026,10,EUR\n")
    assert main(["validate", str(tmp_path)]) == 1
    assert "'10/01/2026' could be" in capsys.readouterr().err
    assert main(["validate", str(tmp_path), "--date-format", "DD/MM/YYYY"]) == 0


def test_validate_says_which_customers_have_no_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "customers.csv").write_text("id,name,country\nC1,Acme,\nC2,Beta,DE\n")
    header = "id,customer_id,issue_date,due_date,amount,currency\n"
    (tmp_path / "invoices.csv").write_text(header + "F1,C1,2026-01-01,2026-01-31,10,EUR\n")
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "note: 1 customers have no country (C1): they are read as FR" in out


def test_rates_import_makes_the_folder_of_its_out(tmp_path: Path) -> None:
    source = str(Path(__file__).parents[1] / "data" / "rates" / "bundesbank_basiszinssatz.csv")
    out = tmp_path / "rates" / "de.json"
    assert main(["rates", "import", source, "--out", str(out), "--as-of", "2026-11-01"]) == 0
    assert out.read_text().startswith("{")
    assert [p.name for p in out.parent.iterdir()] == ["de.json"]
