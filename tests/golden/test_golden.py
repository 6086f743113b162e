"""Each golden file holds what the code writes now (tests/golden/write.py writes them)."""

from __future__ import annotations

import difflib
import tempfile
from functools import cache

import pytest

from tests.golden.write import HERE, REPORT, has_jinja2, outputs, stored

REFRESH = (
    "run `python tests/golden/write.py`, then review `git diff tests/golden`: "
    "commit the files if every change is one you meant"
)


@cache
def current() -> dict[str, str]:
    return outputs()


def _diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"stored {path}",
        "written now",
        n=2,
    )
    text = "".join(lines)
    return text if len(text) < 4000 else text[:4000] + "\n[... diff cut]"


@pytest.mark.parametrize("path", sorted(stored()))
def test_stored_file_is_what_the_code_writes(path: str) -> None:
    if path == REPORT and not has_jinja2():
        pytest.skip("the report page needs jinja2 (the dev extra)")
    now = current()
    assert path in now, f"{path} is no longer written by the code: {REFRESH}"
    old = (HERE / path).read_text(encoding="utf-8")
    assert old == now[path], f"{path} differs: {REFRESH}\n{_diff(path, old, now[path])}"


def test_every_output_has_its_golden_file() -> None:
    missing = sorted(set(current()) - stored())
    assert not missing, f"no golden file for {missing}: {REFRESH}"


def test_outputs_hold_no_machine_path() -> None:
    for path, text in current().items():
        assert str(HERE.parents[1]) not in text, path
        assert tempfile.gettempdir() not in text, path


def test_the_same_outputs_twice() -> None:
    assert outputs() == current()
