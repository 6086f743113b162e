"""``dunningkit segments``: each customer's segment in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


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
