"""``dunningkit plan BOOK --today D --stream --out DIR``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit import dump_jsonl, next_actions, sample_portfolio
from dunningkit.cli import main
from tests.builders import SAMPLE_DAY

TODAY = SAMPLE_DAY.isoformat()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.jsonl"
    dump_jsonl(sample_portfolio(SAMPLE_DAY), path)
    return path


def test_stream_writes_actions_skips_and_summary(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]) == 0
    plan = next_actions(sample_portfolio(SAMPLE_DAY), SAMPLE_DAY)
    keys = {json.loads(line)["key"] for line in (out / "actions.jsonl").read_text().splitlines()}
    assert keys == {a.key for a in plan.actions}
    assert len((out / "skipped.jsonl").read_text().splitlines()) == len(plan.skipped)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["actions"] == len(plan.actions)
    assert summary["invoices_read"] == len(sample_portfolio(SAMPLE_DAY).invoices)
    assert f"{len(plan.actions)} actions" in capsys.readouterr().out


def test_stream_to_csv(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]
    assert main([*argv, "--out-format", "csv"]) == 0
    assert (out / "actions.csv").read_text().startswith("key,scheduled_for,")


def test_stream_needs_an_out_folder(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(book), "--today", TODAY, "--stream"]) == 2
    assert "--out" in capsys.readouterr().err


def _break_first_invoice(book: Path) -> tuple[int, str]:
    lines = book.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if '"type": "invoice"' in line)
    record = json.loads(lines[index])
    record["amount"] = "ten"
    lines[index] = json.dumps(record)
    book.write_text("\n".join(lines) + "\n")
    return index + 1, record["customer_id"]


def test_a_bad_customer_stops_with_file_line_and_field(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, _ = _break_first_invoice(book)
    out = tmp_path / "out"
    assert main(["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"book.jsonl line {line}" in err
    assert "field amount" in err
    assert "Traceback" not in err
    assert not (out / "actions.jsonl").exists()


def test_skip_bad_customers_writes_the_errors_file(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, customer = _break_first_invoice(book)
    out = tmp_path / "out"
    argv = ["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]
    assert main([*argv, "--skip-bad-customers"]) == 0
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["customer_id"] for e in errors] == [customer]
    assert errors[0]["field"] == "amount"
    assert "1 customers left out" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["records_read"] == summary["records_planned"] + summary["records_rejected"]


def test_out_of_order_names_the_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = book.read_text().splitlines()
    paid = {json.loads(x).get("invoice_id") for x in lines if '"type": "payment"' in x}
    index = next(
        i
        for i, x in enumerate(lines)
        if '"type": "invoice"' in x and json.loads(x)["id"] not in paid
    )
    lines.append(lines.pop(index))  # an early customer's invoice after everyone else's
    book.write_text("\n".join(lines) + "\n")
    argv = ["plan", str(book), "--today", TODAY, "--stream", "--out", str(tmp_path / "o")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"line {len(lines)}" in err
    assert "grouped by customer" in err
    assert main([*argv, "--external-sort"]) == 0
