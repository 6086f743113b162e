"""The code shown to users runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunningkit import load_policy
from dunningkit.cli import main

ROOT = Path(__file__).parents[1]


def test_readme_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)[0]
    # The last line loads the reader's own export; give it one.
    assert main(["demo", "--export", str(tmp_path / "export")]) == 0
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    plan = namespace["plan"]
    assert plan.actions  # type: ignore[attr-defined]
    assert len(namespace["export"].customers) == 50  # type: ignore[attr-defined]


def test_policy_example_loads() -> None:
    policy = load_policy(ROOT / "docs" / "examples" / "policy.toml")
    assert policy.scenarios["good_payer"].id == "good_payer_gentle"
    assert policy.phone_capacity_per_day == 40
