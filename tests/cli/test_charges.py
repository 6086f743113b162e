"""``dunningkit charges``: late-payment charges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_charges_lists_late_charges(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["charges", str(book), "--today", TODAY, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(row["days"] > 0 for row in rows)
    assert {row["jurisdiction"] for row in rows} >= {"FR", "GB"}
    french = next(row for row in rows if row["jurisdiction"] == "FR")
    assert "L441-10" in french["legal_basis"]
