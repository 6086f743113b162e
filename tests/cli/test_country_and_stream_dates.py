"""``validate`` names the country a customer without one is read as; ``plan --stream``
reads the book's declared date format as ``plan`` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main


def _book(folder: Path, due: str = "2026-01-31") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "customers.csv").write_text("id,name,country\nC1,Acme,\nC2,Beta,GB\n")
    header = "id,customer_id,issue_date,due_date,amount,currency\n"
    (folder / "invoices.csv").write_text(header + f"F1,C1,01/01/2026,{due},10,EUR\n")
    return folder


def test_validate_reads_a_customer_without_country_as_the_creditors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "book")
    policy = tmp_path / "policy.toml"
    policy.write_text('[creditor]\nname = "Nordlicht GmbH"\ncountry = "DE"\n')
    assert (
        main(["validate", str(book), "--policy", str(policy), "--date-format", "DD/MM/YYYY"]) == 0
    )
    out = capsys.readouterr().out
    assert (
        "note: 1 customers have no country (C1): they are read as the creditor's country DE" in out
    )


def test_validate_says_when_the_creditor_names_no_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "book")
    assert main(["validate", str(book), "--date-format", "DD/MM/YYYY"]) == 0
    out = capsys.readouterr().out
    assert "(C1): they are read as FR, as the policy's creditor names no country" in out


def test_plan_stream_reads_the_declared_date_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path / "book", due="10/01/2026")
    plan = ["plan", str(book), "--today", "2026-03-16"]
    streamed = [*plan, "--stream", "--out", str(tmp_path / "out")]
    assert main(plan) != 0
    assert main(streamed) != 0
    assert "'10/01/2026' could be" in capsys.readouterr().err
    assert main([*plan, "--date-format", "DD/MM/YYYY", "--format", "json"]) == 0
    in_memory = json.loads(capsys.readouterr().out)
    assert main([*streamed, "--date-format", "DD/MM/YYYY"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["invoices_read"] == 1
    assert (summary["actions"], summary["skips"]) == (
        len(in_memory["actions"]),
        len(in_memory["skipped"]),
    )
