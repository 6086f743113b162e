"""The two strengths of the property tests (profiles registered in tests/conftest.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import settings

PLANNER_PROPERTIES = Path(__file__).with_name("test_planner_properties.py")


def test_ci_runs_every_planner_property_on_at_least_500_books() -> None:
    assert settings.get_profile("ci").max_examples >= 500
    # No planner property narrows it with its own @settings(max_examples=...).
    tree = ast.parse(PLANNER_PROPERTIES.read_text(encoding="utf-8"))
    narrowed = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "max_examples"
    ]
    assert narrowed == []


def test_the_default_profile_stays_quick() -> None:
    assert settings.get_profile("dev").max_examples <= 100
    assert settings.get_profile("ci").max_examples >= 10 * settings.get_profile("dev").max_examples
