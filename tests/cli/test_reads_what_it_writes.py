"""The library reads what it writes: every book ``demo --export`` writes streams back as
it is, and plans as the in-memory plan does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


@pytest.mark.parametrize("target", ["book", "book.jsonl"])
def test_an_export_streams_back(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / target
    assert main(["demo", "--today", TODAY, "--export", str(book)]) == 0
    capsys.readouterr()
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    out = tmp_path / "out"
    assert main(["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["actions"] == len(planned["actions"])
    assert summary["customers_rejected"] == 0
