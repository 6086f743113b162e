"""What a command writes, under hostile names and faults: formulas neutralised in every
CSV, control characters kept off the terminal, outputs swapped in whole or not at all."""

from __future__ import annotations

import csv
import errno
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dunningkit.cli import main
from dunningkit.loaders import dump_csv, load_jsonl, load_portfolio
from tests.hostile._families import line

TODAY = "2026-06-15"
FORMULA = '=HYPERLINK("http://x","click")'
RUN = "import sys; from dunningkit.cli import main; sys.exit(main(sys.argv[1:]))"
ESCAPE = "Evil\x1b[2J\x1b]0;pwned\x07 Ltd"


def _book(tmp_path: Path, name: str) -> Path:
    book = tmp_path / "book.jsonl"
    contact = {"name": "AP", "email": "ap@example.com"}
    book.write_bytes(
        line("customer", id="C1", name=name, country="FR", contacts=[contact])
        + line(
            "invoice",
            id="F1",
            customer_id="C1",
            issue_date="2026-01-01",
            due_date="2026-04-30",
            amount="120.00",
            currency="EUR",
        )
    )
    return book


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_no_csv_cell_starts_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path, FORMULA)
    assert main(["plan", str(book), "--today", TODAY, "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "stream"
    args = ["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]
    assert main([*args, "--out-format", "csv"]) == 0
    assert main(["segments", str(book), "--today", TODAY, "--format", "csv"]) == 0
    written = [*_cells(out / "actions.csv"), *_cells(out / "skipped.csv")]
    written += [c for row in csv.reader(capsys.readouterr().out.splitlines()) for c in row]
    written += [c for row in csv.reader(printed.splitlines()) for c in row]
    assert "'" + FORMULA in written  # the segments table names the customer
    assert not [cell for cell in written if cell.startswith(("=", "+", "@"))]


def test_dump_csv_neutralises_and_reads_back(tmp_path: Path) -> None:
    portfolio = load_jsonl(_book(tmp_path, FORMULA))
    dump_csv(portfolio, tmp_path / "csv")
    cells = _cells(tmp_path / "csv" / "customers.csv")
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
    assert load_portfolio(tmp_path / "csv").customers[0].name == FORMULA


def test_text_tables_carry_no_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path, ESCAPE)
    for command in (["plan"], ["segments"], ["explain"]):
        extra = ["C1"] if command == ["explain"] else []
        assert main([*command, str(book), *extra, "--today", TODAY]) == 0
        printed = capsys.readouterr().out
        assert "\x1b" not in printed
        assert "\x07" not in printed
        assert "Evil" in printed


def _stream(book: Path, out: Path, today: str = TODAY, *extra: str) -> int:
    return main(["plan", str(book), "--today", today, "--stream", "--out", str(out), *extra])


def test_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path, "Acme")
    target = tmp_path / "plan.jsonl"
    assert _stream(book, target) == 2
    assert "folder" in capsys.readouterr().err
    assert not target.exists()
    file = tmp_path / "a-file"
    file.write_text("keep")
    assert _stream(book, file) == 2
    assert file.read_text() == "keep"


def test_a_folder_with_other_files_is_not_replaced(tmp_path: Path) -> None:
    book = _book(tmp_path, "Acme")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert _stream(book, out, TODAY, "--force") == 1
    assert (out / "notes.txt").read_text() == "mine"


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_a_failed_run_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path, "Acme")
    out = tmp_path / "out"
    assert _stream(book, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    opened = Path.open

    def full_disk(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        # The disk is full for the files the run writes (under their temporary names).
        if "w" in mode and self.name.endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return opened(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk)
    assert _stream(book, out, "2026-06-16", "--force") == 1
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(tmp_path) == []


def test_an_empty_book_replaces_nothing(tmp_path: Path) -> None:
    book = _book(tmp_path, "Acme")
    out = tmp_path / "out"
    assert _stream(book, out) == 0
    summary = (out / "summary.json").read_bytes()
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert _stream(empty, out, TODAY, "--force") == 1
    assert (out / "summary.json").read_bytes() == summary
    assert _leftovers(tmp_path) == []


def test_two_runs_into_one_folder_leave_one_whole_output(tmp_path: Path) -> None:
    book = _book(tmp_path, "Acme")
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [
                sys.executable,
                "-c",
                RUN,
                "plan",
                str(book),
                "--today",
                day,
                "--stream",
                "--out",
                str(out),
                "--force",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for day in ("2026-06-15", "2026-06-16", "2026-06-17")
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert 0 in [run.returncode for run in runs], errors
    summary = json.loads((out / "summary.json").read_text())
    days = {
        json.loads(row)["scheduled_for"]
        for row in (out / "actions.jsonl").read_bytes().split(b"\n")
        if row
    }
    assert days <= {summary["today"]}
    assert _leftovers(tmp_path) == []


def test_jsonl_outputs_end_with_a_newline(tmp_path: Path) -> None:
    book = _book(tmp_path, "Acme")
    out = tmp_path / "out"
    assert _stream(book, out) == 0
    for file in out.glob("*.jsonl"):
        data = file.read_bytes()
        assert not data or data.endswith(b"\n"), file.name
