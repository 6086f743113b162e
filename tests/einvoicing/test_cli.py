"""``dunningkit einvoices import`` and ``einvoices statuses``: files in, a book out, one
line per problem, nothing written on failure."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from dunningkit import InvoiceStatus, Plan, Policy
from dunningkit.cli import main
from dunningkit.io import load_portfolio
from tests.einvoicing.files import CDAR, CEN, FR


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_csv_book_and_statuses_a_jsonl_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, book2 = tmp_path / "book", tmp_path / "book2.jsonl"
    code, out, _ = run(capsys, "einvoices", "import", str(FR), "--out", str(book))
    assert code == 0
    assert out == f"ok: 3 invoices, 2 customers, 1 payments written to {book}\n"
    assert sorted(p.name for p in book.iterdir()) == [
        "customers.csv",
        "invoices.csv",
        "payments.csv",
    ]
    code, out, _ = run(capsys, "einvoices", "statuses", str(book), str(CDAR), "--out", str(book2))
    assert code == 0
    assert out == f"ok: 4 statuses on 2 invoices written to {book2}\n"
    after = load_portfolio(book2)
    assert after.invoice("F2026-0101").status is InvoiceStatus.DISPUTED
    assert after.invoice("F2026-0102").status is InvoiceStatus.PAID


def test_every_problem_is_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_book = tmp_path / "book.json"
    code, _, err = run(capsys, "einvoices", "import", str(CEN), "--out", str(out_book))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 7
    assert all(line.startswith("error: ") for line in lines)
    assert any("XRechnung-O.xml: due date (BT-9)" in line for line in lines)
    assert any("is not the book's seller" in line for line in lines)
    assert not out_book.exists()


def test_statuses_for_unknown_invoices_fail_or_are_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.jsonl"
    only_one = tmp_path / "one"
    only_one.mkdir()
    shutil.copy(FR / "F2026-0101.xml", only_one)
    assert run(capsys, "einvoices", "import", str(only_one), "--out", str(book))[0] == 0
    code, _, err = run(
        capsys, "einvoices", "statuses", str(book), str(CDAR), "--out", str(tmp_path / "b2.jsonl")
    )
    assert code == 1
    assert err.count("no such invoice in the book") == 2  # the two statuses of F2026-0102
    assert not (tmp_path / "b2.jsonl").exists()
    code, out, err = run(
        capsys, "einvoices", "statuses", str(book), str(CDAR), "--out", str(tmp_path / "b2.jsonl"),
        "--skip-unknown",
    )  # fmt: skip
    assert code == 0
    assert err.count("warning: ") == 2
    assert "ok: 2 statuses on 1 invoices (2 left out)" in out


def test_an_existing_book_is_not_replaced_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.json"
    book.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "einvoices", "import", str(FR), "--out", str(book))
    assert code == 1
    assert "already exists" in err
    assert run(capsys, "einvoices", "import", str(FR), "--out", str(book), "--force")[0] == 0


def test_hostile_xml_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "evil.xml").write_bytes(b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    code, _, err = run(capsys, "einvoices", "import", str(tmp_path), "--out", str(tmp_path / "b"))
    assert code == 1
    refusal = "document: refused: the XML holds a DTD (document type declaration)"
    assert err == f"error: {tmp_path / 'evil.xml'}: {refusal}\n"


def test_the_worked_example_of_the_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book, book2 = tmp_path / "book", tmp_path / "book2.jsonl"
    assert run(capsys, "einvoices", "import", str(FR), "--out", str(book))[0] == 0
    assert run(capsys, "einvoices", "statuses", str(book), str(CDAR), "--out", str(book2))[0] == 0
    _, before, _ = run(capsys, "plan", str(book), "--today", "2026-11-10")
    assert before.startswith("2 reminders for 2026-11-10")
    assert "F2026-0101" in before
    assert "F2026-0102" in before
    _, after, _ = run(capsys, "plan", str(book2), "--today", "2026-11-10", "--format", "json")
    plan = json.loads(after)
    assert plan["actions"] == []
    reasons = sorted((s["invoice_id"], s["reason"]) for s in plan["skipped"])
    assert reasons == [
        ("A2026-0007", "credit_note"),
        ("F2026-0101", "disputed"),
        ("F2026-0102", "paid"),
    ]


def test_the_python_example_of_the_docs_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (Path(__file__).parents[2] / "docs" / "einvoicing.md").read_text(encoding="utf-8")
    code = page.split("The same from Python:\n\n```py\n", 1)[1].split("```", 1)[0]
    shutil.copytree(FR, tmp_path / "inbox" / "invoices")
    shutil.copytree(CDAR, tmp_path / "inbox" / "cdar", ignore=shutil.ignore_patterns("fnfe-mpe"))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"policy": Policy(), "today": date(2026, 11, 10)}
    exec(compile(code, "docs/einvoicing.md", "exec"), namespace)  # noqa: S102
    plan = namespace["plan"]
    assert isinstance(plan, Plan)
    assert plan.actions == ()
