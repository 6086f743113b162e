"""``dunningkit demo``: the sample book planned, explained, exported."""

from __future__ import annotations

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


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
