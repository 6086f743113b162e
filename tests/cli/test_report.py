"""``dunningkit report``: the locale rule, --out with --force, the old --on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY

pytest.importorskip("jinja2")


def _report(book: Path, out: Path, *options: str) -> str:
    argv = ["report", str(book), "--today", TODAY, "--out", str(out), "--workload-days", "1"]
    assert main([*argv, "--force", *options]) == 0
    return out.read_text(encoding="utf-8")


def test_the_locale_follows_the_rule_not_en_gb(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The sample's customers are mostly French and its policy sets no locale.
    page = _report(book, tmp_path / "r.html")
    assert re.search(r"\d\s\d{3},\d\d\s€", page)  # 1 234,56 €
    page = _report(book, tmp_path / "r.html", "--locale", "en_GB")
    assert re.search(r"€\d{1,3},\d{3}\.\d\d", page)  # €1,234.56
    capsys.readouterr()


def test_out_is_not_replaced_without_force(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    assert main(["report", str(book), "--today", TODAY, "--out", str(target)]) == 1
    assert "already exists; add --force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_the_old_spelling_on_still_works(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    argv = ["report", str(book), "--on", TODAY, "--out", str(out), "--workload-days", "1"]
    assert main(argv) == 0
    assert "report written to" in capsys.readouterr().out
