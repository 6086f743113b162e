"""What a reader pastes into a script of their own works there, as it is."""

from __future__ import annotations

import ast

from tests.docs.test_docs import PAGES, _blocks

_STARTS_PROCESSES = ("LocalCluster(", "Client(")


def _guarded(code: str) -> bool:
    """Whether every call that starts processes sits under ``if __name__ == "__main__":``
    (directly, or in a function only that guard calls)."""
    tree = ast.parse(code)
    for node in tree.body:
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
            continue
        if isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom)):
            continue
        if any(call in ast.unparse(node) for call in _STARTS_PROCESSES):
            return False
    return True


def test_a_block_that_starts_a_cluster_has_a_main_guard() -> None:
    # Dask's LocalCluster starts workers that import the script: without the guard a
    # pasted snippet starts clusters recursively and crashes.
    found = [
        (page.name, n)
        for page in PAGES
        for n, code in enumerate(_blocks(page), start=1)
        if any(call in code for call in _STARTS_PROCESSES)
    ]
    assert found, "the Dask example is expected in the docs"
    unguarded = [(page, n) for page, n in found if not _guarded(_blocks_of(page)[n - 1])]
    assert unguarded == []


def _blocks_of(name: str) -> list[str]:
    return _blocks(next(p for p in PAGES if p.name == name))


def test_the_guard_check_can_fail() -> None:
    assert not _guarded("from distributed import Client\nclient = Client()\n")
    assert _guarded("def main():\n    Client()\n\n\nif __name__ == '__main__':\n    main()\n")
