"""Size: no module over 400 lines, no function over 60, data literals aside.

A long module holds several concepts and a long function several steps: split along
them (see docs/maintainers.md). Data literals (the sample book, the default scenarios)
are exempt: they read as tables; so is the package's face, ``dunningkit/__init__.py``,
a list of the public names (one per line, as ruff writes imports) and nothing else.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dunningkit

SRC = Path(dunningkit.__file__).parent
MODULE_LINES = 400
FUNCTION_LINES = 60
# Data literals: modules and functions that are tables, not logic.
DATA = {"__init__.py", "_sample.py", "policy/_scenario.py:default_scenarios"}


def oversized_modules(root: Path = SRC) -> dict[str, int]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES and name not in DATA:
            found[name] = lines
    return found


def oversized_functions(root: Path = SRC) -> dict[str, int]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in DATA:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{name}:{node.name}"
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES and where not in DATA:
                    found[where] = lines
    return found


def test_no_module_over_400_lines() -> None:
    assert oversized_modules() == {}


def test_no_function_over_60_lines() -> None:
    assert oversized_functions() == {}


def test_the_size_checks_can_fail(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("x = 1\n" * 401, encoding="utf-8")
    body = "".join(f"    y{i} = {i}\n" for i in range(60))
    (tmp_path / "long.py").write_text(f"def f():\n{body}", encoding="utf-8")
    assert oversized_modules(tmp_path) == {"big.py": 401}
    assert oversized_functions(tmp_path) == {"long.py:f": 61}
