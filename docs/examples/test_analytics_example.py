"""The worked example of docs/analytics.md runs and prints the figures the page shows."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest


def test_worked_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(Path(__file__).with_name("analytics_example.py")))
    out = capsys.readouterr().out
    assert "{'EUR': Decimal('87.0')}" in out
    assert "{'EUR': Decimal('41.5')}" in out  # CEI from 2026-02-14
    assert '"cei": {\n    "EUR": "51.0"\n  }' in out  # kpis: CEI of the last 90 days
