"""``dunningkit``'s error policy: one line per problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_missing_file_is_one_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/book.json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: /nonexistent/book.json: no such file")
    assert "Traceback" not in err


def test_bad_policy_is_one_clear_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("grouping = 3\n")
    assert main(["plan", str(book), "--today", TODAY, "--policy", str(policy)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "grouping" in err
