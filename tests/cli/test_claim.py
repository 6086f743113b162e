"""``dunningkit claim BOOK CUSTOMER --today D``: the claim to declare, in three formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_json_by_default_on_the_terminal(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claim", str(book), "CLI-082", "--today", TODAY]) == 0
    printed = capsys.readouterr()
    found = json.loads(printed.out)
    assert found["title"] == "Déclaration de créance"
    assert found["proceedings"]["administrator"]["name"] == "Me Anne Duval"
    assert [c["invoice_id"] for c in found["claims"]]


def test_csv_has_one_row_per_claim(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claim", str(book), "CLI-082", "--today", TODAY, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert {r["customer_id"] for r in rows} == {"CLI-082"}
    assert {r["proceedings_kind"] for r in rows} == {"receivership"}


def test_html_to_a_file_never_replaced_without_force(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "claim.html"
    argv = ["claim", str(book), "CLI-082", "--today", TODAY, "--format", "html", "--out", str(out)]
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: Déclaration de créance, 1 claim, ")
    assert "to declare by 2026-12-24" in said
    assert "<!DOCTYPE html>" in out.read_text(encoding="utf-8")
    assert main(argv) == 1
    assert "already exists; add --force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0


def test_a_customer_in_no_proceedings_is_an_error(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(book), "CLI-001", "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert "error: customer CLI-001 is in no insolvency proceedings" in err
    assert "Traceback" not in err


def test_a_day_before_the_opening_is_an_error_naming_the_field(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claim", str(book), "CLI-082", "--today", "2026-10-01"]) == 1
    err = capsys.readouterr().err
    assert "error: customer CLI-082, field proceedings.opened_on: the proceedings open on" in err
    assert "1 problem found" in err
    assert main(["plan", str(book), "--today", "2026-10-01"]) == 1
    assert "field proceedings.opened_on" in capsys.readouterr().err


def test_the_page_follows_locale(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["claim", str(book), "CLI-082", "--today", TODAY, "--format", "html"]
    assert main([*argv, "--locale", "fr_FR"]) == 0
    french = capsys.readouterr().out
    assert "3\u202f570,00\xa0€" in french
    assert ">3570.00<" not in french
    assert main([*argv, "--locale", "en_GB"]) == 0
    assert "€3,570.00" in capsys.readouterr().out
