"""User code type-checks against the public API (mypy --strict), and runs.

``tests/typing/api.py`` is written as a user writes it and pins the types callers rely
on with ``typing.assert_type``. mypy comes with the ``dev`` extra (CI installs it); the
README's test command installs only the ``test`` extra, and then the check is skipped.
"""

from __future__ import annotations

import importlib.util
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import dunningkit

ROOT = Path(__file__).parents[2]
USER_CODE = ROOT / "tests" / "typing" / "api.py"
# The package under test (this checkout's src/), not whatever copy is installed.
SOURCE = Path(dunningkit.__file__).parents[1]


def test_user_code_runs() -> None:
    runpy.run_path(str(USER_CODE), run_name="__main__")


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed (the dev extra)"
)
def test_user_code_type_checks_with_mypy_strict() -> None:
    env = {**os.environ, "MYPYPATH": str(SOURCE)}
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own file
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(USER_CODE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, (
        "user code no longer type-checks against the public API "
        "(a public signature or type changed?):\n" + done.stdout + done.stderr
    )
