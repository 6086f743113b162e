"""``dunningkit handover``: the claimed totals in the locale rule, --force, the old --on."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_totals_are_money_text_and_a_dossier_is_not_replaced_without_force(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dossier"
    argv = ["handover", str(book), "CLI-070", "--today", TODAY, "--out", str(out), "--force"]
    assert main([*argv, "--locale", "en_GB"]) == 0
    printed = capsys.readouterr().out
    assert "claimed €" in printed
    assert "EUR " not in printed
    assert main(argv[:-1]) == 1
    assert "already exists; add --force" in capsys.readouterr().err
    assert main([*argv, "--locale", "fr_FR"]) == 0
    assert "\xa0€ (principal " in capsys.readouterr().out


def test_the_old_spelling_on_still_works(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dossier"
    argv = ["handover", str(book), "CLI-070", "--on", TODAY, "--out", str(out), "--force"]
    assert main(argv) == 0
    assert "wrote" in capsys.readouterr().out
