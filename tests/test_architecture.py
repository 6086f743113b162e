"""The package's shape: no import circles, no imports dodged inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import dunningkit

SRC = Path(dunningkit.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module) -> tuple[set[str], list[str]]:
    """Modules imported at module level (not under TYPE_CHECKING), and those imported
    inside functions."""
    top: set[str] = set()
    inner: list[str] = []

    def names(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.ImportFrom):
            return [node.module or ""]
        return [alias.name for alias in node.names]

    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            top.update(names(node))
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner.extend(
                name
                for child in ast.walk(node)
                if isinstance(child, ast.Import | ast.ImportFrom)
                for name in names(child)
                if name.startswith("dunningkit")
            )
    return {n for n in top if n.startswith("dunningkit")}, inner


def _graph() -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    graph: dict[str, set[str]] = {}
    inside: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        name = _module_name(path)
        top, inner = _imports(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = top
        if inner:
            inside[name] = inner
    return graph, inside


def test_no_import_circles_between_the_library_modules() -> None:
    graph, _ = _graph()
    # The flat public namespace imports everything; nothing inside imports it back.
    graph = {m: {d for d in deps if d != "dunningkit"} for m, deps in graph.items()}
    assert not {m for m, deps in graph.items() if m != "dunningkit" and "dunningkit" in deps}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_library_module_is_imported_inside_a_function() -> None:
    _, inside = _graph()
    # Optional extras (the report's Jinja2 page) load where they run; nothing else may.
    allowed = {"dunningkit._report", "dunningkit.parquet"}  # parquet: pyarrow, when used
    dodged = {
        m: [n for n in names if n not in allowed]
        for m, names in inside.items()
        if any(n not in allowed for n in names)
    }
    assert dodged == {}
