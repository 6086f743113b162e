"""``dunningkit plan``: the day's reminders in every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import dump_jsonl, next_actions, sample_portfolio
from dunningkit.cli import main
from dunningkit.planning._rows import ACTION_CSV, SKIP_CSV, csv_cell
from tests.builders import SAMPLE_DAY
from tests.cli.conftest import TODAY


def test_plan_in_every_format(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["today"] == TODAY
    assert plan["actions"]
    assert {"key", "reasons", "pay_by"} <= set(plan["actions"][0])
    assert main(["plan", str(book), "--today", TODAY, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("key,scheduled_for,customer_id")
    assert main(["plan", str(book), "--today", TODAY]) == 0
    assert f"reminders for {TODAY}" in capsys.readouterr().out


def test_plan_with_a_policy_file(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = Path(__file__).parents[2] / "docs" / "examples" / "policy.toml"
    assert (
        main(["plan", str(book), "--today", TODAY, "--policy", str(policy), "--format", "json"])
        == 0
    )
    plan = json.loads(capsys.readouterr().out)
    good = [a for a in plan["actions"] if a["segment"] == "good_payer"]
    assert good
    assert {a["scenario_id"] for a in good} == {"good_payer_gentle"}


def test_bad_date_is_a_usage_error(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["plan", str(book), "--today", "23/11/2026"])
    assert stopped.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_plan_csv_and_streamed_csv_and_parquet_hold_the_same_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = SAMPLE_DAY
    portfolio = sample_portfolio(day)
    source = tmp_path / "book.jsonl"
    dump_jsonl(portfolio, source)
    argv = ["plan", str(source), "--today", day.isoformat()]
    assert main([*argv, "--format", "csv"]) == 0
    in_memory = capsys.readouterr().out
    assert main([*argv, "--stream", "--out", str(tmp_path / "s"), "--out-format", "csv"]) == 0
    streamed = (tmp_path / "s" / "actions.csv").read_text(encoding="utf-8")
    # The same header and the same lines; the stream writes them in customer order.
    header, *lines = in_memory.splitlines()
    streamed_header, *streamed_lines = streamed.splitlines()
    assert header == streamed_header
    assert sorted(lines) == sorted(streamed_lines)
    rows = list(csv.DictReader(io.StringIO(streamed)))
    assert tuple(rows[0]) == ACTION_CSV
    assert len(rows) == len(next_actions(portfolio, day).actions)
    assert {r["requires_approval"] for r in rows} <= {"true", "false"}
    assert any("|" in r["invoice_ids"] for r in rows)
    pq = pytest.importorskip("pyarrow.parquet")
    assert main([*argv, "--stream", "--out", str(tmp_path / "p"), "--out-format", "parquet"]) == 0
    table = pq.read_table(tmp_path / "p" / "actions.parquet")
    names = table.schema.names
    assert tuple(names) == ACTION_CSV  # every column, in the same order
    skipped = pq.read_table(tmp_path / "p" / "skipped.parquet").schema.names
    assert tuple(skipped) == SKIP_CSV
    skipped_csv = (tmp_path / "s" / "skipped.csv").read_text(encoding="utf-8")
    assert tuple(skipped_csv.splitlines()[0].split(",")) == SKIP_CSV

    # Parquet keeps amounts at its money type's scale: the same numbers, more zeros.
    def values(row: dict[str, str]) -> dict[str, object]:
        return {
            name: Decimal(row[name]) if name in {"amount_due", "priority", "fees"} else row[name]
            for name in names
        }

    from_parquet = [values({n: csv_cell(v) for n, v in r.items()}) for r in table.to_pylist()]
    assert sorted(from_parquet, key=str) == sorted(map(values, rows), key=str)
