"""The portfolio and the loaders do not import each other (issue 11, decision 7)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dunningkit

SOURCE = Path(dunningkit.__file__).parent


def _imports(module: str) -> tuple[set[str], set[str]]:
    """(dunningkit modules imported at top level, those imported inside functions)."""
    tree = ast.parse((SOURCE / f"{module}.py").read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {node.module}
        elif isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        else:
            continue
        ours = {name for name in names if name.startswith("dunningkit")}
        (top if node.col_offset == 0 else nested).update(ours)
    return top, nested


@pytest.mark.parametrize("module", ["_portfolio", "loaders", "_json"])
def test_no_imports_hidden_in_functions(module: str) -> None:
    _, nested = _imports(module)
    assert nested == set()


def test_portfolio_does_not_import_the_loaders() -> None:
    top, _ = _imports("_portfolio")
    assert "dunningkit.loaders" not in top
    assert "dunningkit._json" in top
    assert "dunningkit._portfolio" in _imports("loaders")[0]


def test_loads_json_is_shared() -> None:
    from dunningkit import _json, loaders  # noqa: PLC0415

    assert loaders.loads_json is _json.loads_json
