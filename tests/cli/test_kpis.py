"""``dunningkit kpis``: machine-readable figures, and a table that says every unit."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit._support._money import money_text
from dunningkit.cli import main
from dunningkit.cli._kpis import UNITS
from tests.cli.conftest import TODAY


def _table(out: str) -> dict[tuple[str, str], str]:
    rows = {}
    for line in out.splitlines()[3:]:
        figure, *rest = line.split("  ")
        cells = [c.strip() for c in rest if c.strip()]
        currency = cells[0] if len(cells) == 3 else ""
        rows[figure.strip(), currency] = line
    return rows


def test_every_figure_has_a_unit(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpis", str(book), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["figure", "currency", "value", "unit"]
    for (figure, _), line in _table(out).items():
        assert line.rstrip().endswith(UNITS[figure]), line
    assert {"% of receivables", "days", "fraction (1 = all kept)"} <= set(UNITS.values())


def test_amounts_follow_the_locale_and_csv_stays_plain(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kpis", str(book), "--today", TODAY, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    receivables = next(r for r in rows if r["figure"] == "receivables" and r["currency"] == "EUR")
    assert Decimal(receivables["value"])  # a plain decimal, the currency in its own column
    assert main(["kpis", str(book), "--today", TODAY, "--locale", "en_GB"]) == 0
    text = money_text(Decimal(receivables["value"]), "EUR", "en_GB")
    assert text in capsys.readouterr().out
    assert main(["kpis", str(book), "--today", TODAY, "--locale", "de_DE"]) == 0
    assert money_text(Decimal(receivables["value"]), "EUR", "de_DE") in capsys.readouterr().out


def test_the_old_spelling_on_still_works(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpis", str(book), "--on", TODAY, "--format", "json"]) == 0
    by_on = capsys.readouterr().out
    assert main(["kpis", str(book), "--today", TODAY, "--format", "json"]) == 0
    assert capsys.readouterr().out == by_on
