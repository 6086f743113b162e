from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main

TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    assert main(["demo", "--today", TODAY, "--export", str(folder)]) == 0
    return folder


def test_demo_plans_the_sample_book(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "Atelier Lumière" in out
    assert "reminders to send" in out
    for segment in (
        "key_account",
        "public_body",
        "new",
        "good_payer",
        "occasional_late",
        "bad_payer",
        "at_risk",
    ):
        assert segment in out
    assert "disputed" in out
    assert "refused" in out


def test_demo_explains_a_customer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--today", TODAY, "--explain", "CLI-051"]) == 0
    out = capsys.readouterr().out
    assert "Salon Élégance (CLI-051)" in out
    assert "bounced: letter now" in out


def test_validate_reports_ok_and_every_problem(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(book)]) == 0
    assert capsys.readouterr().out.startswith("ok: 50 customers")
    (tmp_path / "customers.csv").write_text("id,name,country\nC1,,XX\n")
    (tmp_path / "invoices.csv").write_text("id,customer_id\n")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        (
            "error: customer C1, field country: 'XX' is not an ISO 3166-1 alpha-2 country code "
            "(e.g. FR, DE, GB)"
        ),
        "error: customer C1, field name: is required but missing",
        "2 problems found",
    ]


def test_missing_file_is_one_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/book.json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: /nonexistent/book.json: no such file")
    assert "Traceback" not in err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == {"customers", "invoices", "payments", "promises", "events"}


def test_segments_in_every_format(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segments", str(book), "--today", TODAY, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 50
    by_id = {r["customer_id"]: r for r in rows}
    assert by_id["CLI-070"]["segment"] == "bad_payer"
    assert by_id["CLI-070"]["reasons"][0].startswith("average")
    assert main(["segments", str(book), "--today", TODAY, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("customer_id,name,segment,rule")
    assert main(["segments", str(book), "--today", TODAY]) == 0
    assert "CLI-091" in capsys.readouterr().out


def test_plan_in_every_format(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["today"] == TODAY
    assert plan["actions"]
    assert {"key", "reasons", "pay_by"} <= set(plan["actions"][0])
    assert main(["plan", str(book), "--today", TODAY, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("key,scheduled_for,customer_id")
    assert main(["plan", str(book), "--today", TODAY]) == 0
    assert "reminders for 2026-11-23" in capsys.readouterr().out


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


def test_bad_policy_is_one_clear_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("grouping = 3\n")
    assert main(["plan", str(book), "--today", TODAY, "--policy", str(policy)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "grouping" in err


def test_explain_a_customer(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(book), "CLI-052", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "segment: occasional_late" in out
    assert "disputed" in out
    assert main(["explain", str(book), "NOPE", "--today", TODAY]) == 1
    assert "no customer with id 'NOPE'" in capsys.readouterr().err


def test_bad_date_is_a_usage_error(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["plan", str(book), "--today", "23/11/2026"])
    assert stopped.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_render_previews_a_planned_message(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    key = next(a["key"] for a in plan["actions"] if a["channel"] == "email")
    assert main(["render", str(book), "--today", TODAY, "--action", key]) == 0
    out = capsys.readouterr().out
    assert out.startswith("channel: email")
    assert "subject: " in out
    assert main(["render", str(book), "--today", TODAY, "--action", "dk-nope"]) == 1
    assert "no action with key 'dk-nope'" in capsys.readouterr().err


def test_charges_lists_late_charges(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charges", str(book), "--today", TODAY, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(row["days"] > 0 for row in rows)
    assert {row["jurisdiction"] for row in rows} >= {"FR", "GB"}
    french = next(row for row in rows if row["jurisdiction"] == "FR")
    assert "L441-10" in french["legal_basis"]
