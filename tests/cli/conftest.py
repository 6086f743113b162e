"""The command-line tests' fixtures: the sample book as files, and one way to run."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.builders import DEMO_DAY

TODAY = DEMO_DAY.isoformat()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample book on :data:`TODAY` as a CSV folder, with its policy kept beside it."""
    folder = tmp_path_factory.mktemp("book")
    assert main(["demo", "--today", TODAY, "--export", str(folder)]) == 0
    return folder
