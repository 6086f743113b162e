"""The first hour with the command line: clear errors, and output a credit manager trusts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dunningkit import __version__
from dunningkit.cli import main
from dunningkit.loaders import dump_csv, dump_jsonl
from dunningkit.messages._dates import long_date
from tests.builders import DEMO_DAY, TODAY, Book, d

DAY = DEMO_DAY.isoformat()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trust") / "sample"
    assert main(["demo", "--today", DAY, "--export", str(folder)]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- no traceback: the cases the issue names ------------------------------------------


@pytest.mark.parametrize("locale", ["klingon", "xx_YY"])
def test_unknown_locale_is_one_usage_line(
    sample: Path, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "plan", str(sample), "--today", DAY, "--locale", locale)
    assert code == 2
    assert err.count("\n") == 1
    assert f"{locale!r} is not a known locale" in err
    code, out, err = run(capsys, "demo", "--locale", locale)
    assert (code, out) == (2, "")  # nothing printed before the error
    assert err.count("\n") == 1


def test_export_onto_an_existing_file_or_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "plan.txt"
    existing.write_text("keep me\n")
    code, _, err = run(capsys, "demo", "--export", str(existing))
    assert code == 1
    assert err.count("\n") == 1
    assert existing.read_text() == "keep me\n"
    code, _, err = run(capsys, "demo", "--export", str(existing / "x"))
    assert code == 1
    assert err.count("\n") == 1
    assert "Traceback" not in err
    book = tmp_path / "book.json"
    book.write_text("{}")
    code, _, err = run(capsys, "demo", "--export", str(book))
    assert code == 1
    assert "already exists; add --force" in err
    assert run(capsys, "demo", "--export", str(book), "--force")[0] == 0
    assert book.read_text() != "{}"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"dunningkit {__version__} (pip package pydunning)"


# -- data loading ------------------------------------------------------------------------


def test_empty_books_are_an_error_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "customers.csv").write_text("id,name\n")
    (folder / "invoices.csv").write_text("id,customer_id,issue_date,due_date,amount,currency\n")
    for book in (empty, folder):
        code, _, err = run(capsys, "validate", str(book))
        assert code == 1
        assert err.count("\n") == 1
        assert "holds no invoices" in err
        assert "--allow-empty" in err
        code, out, _ = run(capsys, "validate", str(book), "--allow-empty")
        assert code == 0
        assert out.startswith("ok: 0 customers")
        code, _, err = run(capsys, "plan", str(book), "--today", DAY)
        assert code == 1
        assert "holds no invoices" in err


def test_policy_errors_one_line_each_file_first_with_a_count(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'min_days_between_contact = 3\ngrouping = "per_custmer"\n[creditor]\nnme = "Acme"\n'
    )
    code, _, err = run(capsys, "plan", str(sample), "--today", DAY, "--policy", str(policy))
    assert code == 1
    lines = err.splitlines()
    assert sorted(lines[:-1]) == [
        f"error: {policy}: creditor.nme is not a setting; did you mean name?",
        (
            f"error: {policy}: grouping: Input should be 'per_invoice', 'per_customer_step' "
            "or 'per_customer'; did you mean per_customer?"
        ),
        (
            f"error: {policy}: min_days_between_contact is not a setting; "
            "did you mean min_days_between_contacts?"
        ),
    ]
    assert lines[-1] == f"3 problems found in {policy}"


def test_a_misspelled_column_stops_there(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book"
    book.mkdir()
    for file in sample.glob("*.csv"):
        (book / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    header, rest = (book / "customers.csv").read_text(encoding="utf-8").split("\n", 1)
    (book / "customers.csv").write_text(
        header.replace("country", "contry") + "\n" + rest, encoding="utf-8"
    )
    code, _, err = run(capsys, "validate", str(book))
    assert code == 1
    assert err.splitlines() == [
        "error: file customers.csv, field contry: is not a known column; did you mean country?",
        "1 problem found",
    ]


def test_a_broken_jsonl_line_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Book().customer("C1").invoice("F1", due=d(-5)).build()
    path = tmp_path / "book.jsonl"
    dump_jsonl(book, path)
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(', "customer_id"', ' "customer_id"', 1)
    path.write_text("\n".join(lines) + "\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert re.match(r"error: book\.jsonl line 2: expected ',' at column \d+$", err.splitlines()[0])


# -- output people trust -------------------------------------------------------------------


def _table(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("20")]


def test_plan_table_amounts_totals_priority_and_locale(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", str(sample), "--today", DAY)
    assert code == 0
    header = out.splitlines()[1]
    assert header.split()[:3] == ["scheduled_for", "priority", "customer"]
    assert "approval" not in header  # no action needs one today: the column is dropped
    rows = _table(out)
    # Sorted by date, then priority: the priority column explains the order.
    priorities = [int(row.split()[1]) for row in rows]
    assert priorities == sorted(priorities, reverse=True)
    # One rule for the locale: each customer's when neither --locale nor the policy says.
    assert "£4,704.00" in out
    assert "£GB" not in out
    totals = [line for line in out.splitlines() if "total " in line]
    assert [t.split()[1] for t in totals] == ["CHF", "EUR", "GBP"]
    code, out, _ = run(capsys, "plan", str(sample), "--today", DAY, "--locale", "fr_FR")
    assert re.search(r"4\s704,00\s£GB", out)  # babel's symbol for that locale, when asked


def test_amounts_are_right_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--today", DAY)
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("scheduled_for"))
    end = header.index("amount_due") + len("amount_due")
    rows = _table(out)
    assert rows
    assert {len(row.rstrip()) for row in rows} == {end}  # the last column, flush right
    totals = [line for line in lines if "total EUR" in line]
    assert len(totals) == 1
    assert len(totals[0].rstrip()) == end


def test_the_approval_column_is_filled_when_an_action_needs_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book"
    portfolio = (
        Book()
        .customer("C1", segment="good_payer")
        .invoice("F1", due=d(-12))
        .customer("C2", segment="bad_payer")
        .invoice("F2", "C2", due=d(-12))
        .build()
    )
    dump_csv(portfolio, book)
    policy = tmp_path / "policy.toml"
    policy.write_text(
        "[scenarios.good_payer]\n"
        'id = "checked"\n'
        "[[scenarios.good_payer.steps]]\n"
        'id = "reminder_1"\noffset_days = 10\nchannel = "email"\ntone = "courteous"\n'
        'template = "reminder_courteous"\nrequires_approval = true\n'
    )
    code, out, _ = run(
        capsys, "plan", str(book), "--today", TODAY.isoformat(), "--policy", str(policy)
    )
    assert code == 0
    assert "approval" in out.splitlines()[1]
    rows = _table(out)
    assert len(rows) == 2
    assert sorted(row.split()[-2] for row in rows) == ["no", "required"]


def test_plan_csv_carries_the_contact_used(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", str(sample), "--today", DAY, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"contact", "contact_email", "contact_phone", "contact_postal_address"} <= set(rows[0])
    emails = [r for r in rows if r["channel"] == "email"]
    assert emails
    assert all("@" in r["contact_email"] for r in emails)
    calls = [r for r in rows if r["channel"] == "phone"]
    assert calls
    assert all(r["contact_phone"] for r in calls)
    letters = [r for r in rows if r["channel"] == "letter"]
    assert all(r["contact_postal_address"] for r in letters)


def test_segments_csv_ratios_are_rounded(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "segments", str(sample), "--today", DAY, "--format", "csv")
    assert code == 0
    ratios = [r["on_time_ratio"] for r in csv.DictReader(io.StringIO(out)) if r["on_time_ratio"]]
    assert ratios
    assert all(len(ratio.partition(".")[2]) <= 2 for ratio in ratios)
    code, out, _ = run(capsys, "segments", str(sample), "--today", DAY, "--format", "json")
    assert all(
        row["on_time_ratio"] is None or round(row["on_time_ratio"], 2) == row["on_time_ratio"]
        for row in json.loads(out)
    )


def test_demo_export_writes_the_policy_and_render_signs_with_it(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = sample / "policy.toml"
    assert policy.is_file()
    code, out, _ = run(
        capsys,
        "render",
        str(sample),
        "--today",
        DAY,
        "--customer",
        "CLI-051",
        "--step",
        "reminder_1",
        "--policy",
        str(policy),
    )
    assert code == 0
    assert "Atelier Lumière SARL" in out
    assert "le 1er décembre 2026" in out  # French dates say 1er
    assert "step: reminder_1" in out
    # The policy kept with the book is used without --policy, by every command.
    code, out, _ = run(capsys, "render", str(sample), "--today", DAY, "--customer", "CLI-051")
    assert code == 0
    assert "Atelier Lumière SARL" in out
    assert "set policy.creditor" not in out
    code, _, err = run(capsys, "render", str(sample), "--today", DAY, "--customer", "CLI-010")
    assert code == 1
    assert "choose one with --action" in err
    code, _, err = run(
        capsys, "render", str(sample), "--today", DAY, "--customer", "CLI-051", "--step", "nope"
    )
    assert code == 1
    assert "planned steps: reminder_1" in err
    code, _, err = run(capsys, "render", str(sample), "--today", DAY)
    assert code == 2
    assert err.count("\n") == 1


def test_french_dates_say_1er() -> None:
    assert long_date(date(2026, 12, 1), "fr_FR") == "1er décembre 2026"
    assert long_date(date(2026, 12, 11), "fr_FR") == "11 décembre 2026"
    assert long_date(date(2026, 12, 1), "en_GB") == "1 December 2026"


def test_charges_table_formats_amounts_and_totals_per_currency(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "charges", str(sample), "--today", DAY)
    assert code == 0
    totals = [line.split()[1] for line in out.splitlines() if line.startswith("total ")]
    assert totals == sorted(set(totals))
    assert "GBP" in totals
    assert "£" in out
    assert "£GB" not in out
    code, out, _ = run(capsys, "charges", str(sample), "--today", DAY, "--format", "json")
    rows = json.loads(out)
    assert all(isinstance(row["total"], str) and "€" not in row["total"] for row in rows)
