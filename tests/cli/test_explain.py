"""``dunningkit explain``: why a customer's invoices get a reminder, or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_explain_a_customer(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(book), "CLI-052", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "segment: occasionally late" in out  # the label; JSON keeps the id
    assert "disputed" in out
    assert main(["explain", str(book), "NOPE", "--today", TODAY]) == 1
    assert "no customer with id 'NOPE'" in capsys.readouterr().err
