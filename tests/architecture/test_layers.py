"""The house's shape: rooms in one order, data flowing one way, no circle of any kind.

The layer order is written here and nowhere else (docs/maintainers.md draws it). Every
import counts: at module level, under ``TYPE_CHECKING`` and inside functions.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import dunningkit

SRC = Path(dunningkit.__file__).parent

# Lowest first: a room imports only from rooms before it in this list, and its own.
LAYERS = (
    "errors",
    "_support",
    "model",
    "book",
    "io",
    "einvoicing",
    "legal",
    "segmentation",
    "policy",
    "planning",
    "links",
    "messages",
    "handover",
    "delivery",
    "analytics",
    "backtest",
    "scale",
    "sample",
    "testing",
    "cli",
    "face",
)
# The public face: the flat namespace and the module paths users imported before the
# rooms existed. Each re-exports a room; no room imports them.
FACE = {
    "dunningkit",
    "dunningkit.loaders",
    "dunningkit.channels",
    "dunningkit.parquet",
    "dunningkit.dask",
    "dunningkit.partitioned",
    "dunningkit.jurisdictions",
}


def room_of(module: str) -> str:
    """The room a dunningkit module lives in."""
    if module in FACE or module.startswith("dunningkit.jurisdictions."):
        return "face"
    if module == "dunningkit._sample":
        return "sample"
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    msg = f"{module} is in no room: add it to a room or to LAYERS"
    raise AssertionError(msg)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(module: str, tree: ast.Module) -> set[str]:
    """Every dunningkit module ``module`` imports, wherever the import stands."""
    found: set[str] = set()
    package = module if (SRC.parent / module.replace(".", "/") / "__init__.py").exists() else ""
    base = package or module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                target = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                target = node.module or ""
            found.add(target)
            # ``from dunningkit.room import _module`` imports that module too.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (SRC.parent / (candidate.replace(".", "/") + ".py")).exists():
                    found.add(candidate)
    return {name for name in found if name == "dunningkit" or name.startswith("dunningkit.")}


def graph() -> dict[str, set[str]]:
    return {
        module_name(path): imports_of(
            module_name(path), ast.parse(path.read_text(encoding="utf-8"))
        )
        for path in sorted(SRC.rglob("*.py"))
    }


def against_the_flow(edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Each import that goes up the layer order, or into the public face."""
    rank = {room: index for index, room in enumerate(LAYERS)}
    wrong = []
    for module, deps in sorted(edges.items()):
        here = room_of(module)
        for dep in sorted(deps):
            there = room_of(dep)
            if rank[there] > rank[here] or (there == "face" and here != "face"):
                wrong.append(f"{module} ({here}) imports {dep} ({there})")
    return wrong


def circles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every circle of imports, by depth-first search (each reported once per entry)."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges.get(node, ())):
            if dep == node or dep not in edges:
                continue
            if state.get(dep) == 1:
                found.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return found


def _parents_dropped(edges: Mapping[str, set[str]]) -> dict[str, set[str]]:
    # Importing dunningkit.room.x runs dunningkit.room first: a package's own
    # ``__init__`` importing its modules is not a circle with them.
    return {
        module: {dep for dep in deps if not module.startswith(dep + ".")}
        for module, deps in edges.items()
    }


def test_every_module_is_in_a_room() -> None:
    for module in graph():
        assert room_of(module) in LAYERS


def test_no_import_runs_against_the_layers() -> None:
    assert against_the_flow(graph()) == []


def test_no_circle_of_any_kind() -> None:
    assert circles(_parents_dropped(graph())) == []


def test_the_root_imports_only_rooms() -> None:
    """The flat namespace re-exports rooms' ``__init__``s, never their private modules."""
    rooms = {f"dunningkit.{room}" for room in LAYERS if (SRC / room / "__init__.py").exists()}
    single = {"dunningkit.errors", "dunningkit._sample"}  # rooms of one module
    assert sorted(graph()["dunningkit"] - rooms - single) == []


# The checks above must be able to fail: each is fed a house that breaks it.


def test_an_import_against_the_flow_is_reported() -> None:
    edges = {
        "dunningkit.model._invoice": {"dunningkit.planning._plan"},
        "dunningkit.planning._plan": {"dunningkit.model._invoice"},
        "dunningkit.book._ledger": {"dunningkit.loaders"},
    }
    assert against_the_flow(edges) == [
        "dunningkit.book._ledger (book) imports dunningkit.loaders (face)",
        "dunningkit.model._invoice (model) imports dunningkit.planning._plan (planning)",
    ]


def test_a_circle_is_reported() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(edges) == [["a", "b", "c", "a"]]


def test_type_checking_and_function_imports_count() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from dunningkit.planning._plan import Plan\n"
        "def f():\n"
        "    from dunningkit.cli import main\n"
        "    import dunningkit.backtest._replay\n"
    )
    assert imports_of("dunningkit.model._history", tree) == {
        "dunningkit.planning._plan",
        "dunningkit.cli",
        "dunningkit.backtest._replay",
    }


def test_a_module_outside_every_room_is_refused() -> None:
    with pytest.raises(AssertionError, match="in no room"):
        room_of("dunningkit.attic._old")


def test_only_the_book_reads_the_ledger_attribute() -> None:
    readers = sorted(
        module_name(path)
        for path in SRC.rglob("*.py")
        if "._ledger" in path.read_text(encoding="utf-8").replace("dunningkit.book._ledger", "")
        and room_of(module_name(path)) != "book"
    )
    assert readers == []


def test_the_core_reads_no_environment_variable() -> None:
    # The command line (an edge) may; the plugin switch is hypothesis' own convention.
    allowed = {"dunningkit.cli._main", "dunningkit._support._plugins"}
    readers = sorted(
        module_name(path)
        for path in SRC.rglob("*.py")
        if re.search(r"os\.environ|getenv", path.read_text(encoding="utf-8"))
        and module_name(path) not in allowed
    )
    assert readers == []
