"""docs/backtest.md shows what its example prints, and its snippets run."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[2] / "docs"


def test_the_worked_example_prints_the_table_the_page_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runpy.run_path(str(DOCS / "examples" / "backtest_sample.py"), run_name="__main__")
    printed = capsys.readouterr().out.rstrip("\n")
    page = (DOCS / "backtest.md").read_text(encoding="utf-8")
    shown = re.findall(r"```text\n(.*?)\n```", page, re.DOTALL)
    assert printed in shown


def test_the_python_snippets_run() -> None:
    page = (DOCS / "backtest.md").read_text(encoding="utf-8")
    snippets = [s for s in re.findall(r"```python\n(.*?)```", page, re.DOTALL) if "--8<--" not in s]
    assert snippets
    for code in snippets:
        exec(compile(code, "backtest.md", "exec"), {})  # noqa: S102 - our own docs
