"""``plan --stream`` and ``validate --today`` with proceedings opened after the day."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from dunningkit import dump_jsonl, sample_portfolio
from dunningkit.cli import main
from tests.builders import DEMO_DAY

TODAY = DEMO_DAY.isoformat()
LATER = (DEMO_DAY + timedelta(days=48)).isoformat()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The sample book as JSON Lines, CLI-082's receivership opening after TODAY."""
    path = tmp_path / "book.jsonl"
    dump_jsonl(sample_portfolio(DEMO_DAY), path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    (found,) = [x for x in lines if x.get("type") == "customer" and x["id"] == "CLI-082"]
    found["proceedings"].update(opened_on=LATER, claims_deadline=None)
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def test_the_stream_refuses_proceedings_opened_later(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "customer CLI-082, field proceedings.opened_on" in err
    assert f"open on {LATER}" in err
    assert "Traceback" not in err
    assert not (out / "actions.jsonl").exists()


def test_skip_bad_customers_lists_the_customer_and_plans_the_others(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]
    assert main([*argv, "--skip-bad-customers"]) == 0
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["customer_id"], e["field"]) for e in errors] == [
        ("CLI-082", "proceedings.opened_on")
    ]
    assert "1 customers left out" in capsys.readouterr().out
    for name in ("actions.jsonl", "skipped.jsonl"):
        rows = [json.loads(x) for x in (out / name).read_text().splitlines()]
        assert rows
        assert all(row["customer_id"] != "CLI-082" for row in rows)


def test_validate_today_reports_them(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(book)]) == 0  # no day: nothing to compare with
    capsys.readouterr()
    assert main(["validate", str(book), "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert "customer CLI-082, field proceedings.opened_on" in err
    assert main(["validate", str(book), "--today", LATER]) == 0
