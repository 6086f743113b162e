"""What users imported before the rooms keeps working: every name, path and signature.

The files in data/ were written from the flat package as it stood before issue 20
(169 names in ``dunningkit.__all__``, ten public module paths, the signatures of the
55 public functions). Names may be added; none may go, and a signature may only gain
parameters with defaults.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

import pytest

import dunningkit

DATA = Path(__file__).with_name("data")
PUBLIC = json.loads((DATA / "public-0.1.json").read_text(encoding="utf-8"))
SIGNATURES = json.loads((DATA / "signatures-0.1.json").read_text(encoding="utf-8"))


def test_every_name_of_the_flat_namespace_is_still_exported() -> None:
    assert len(PUBLIC["root"]) == 169
    missing = sorted(set(PUBLIC["root"]) - set(dunningkit.__all__))
    assert missing == []
    for name in PUBLIC["root"]:
        assert hasattr(dunningkit, name), name


@pytest.mark.parametrize("path", sorted(PUBLIC["modules"]))
def test_every_public_module_path_keeps_its_names(path: str) -> None:
    if path in {"parquet", "dask"}:
        pytest.importorskip({"parquet": "pyarrow", "dask": "dask.bag"}[path])
    module = importlib.import_module(f"dunningkit.{path}")
    missing = [name for name in PUBLIC["modules"][path] if not hasattr(module, name)]
    assert missing == []


def compatible(old: list[list[Any]], new: inspect.Signature) -> list[str]:
    """What a caller of the old signature would trip on in the new one."""
    problems = []
    params = list(new.parameters.values())
    by_name = {p.name: p for p in params}
    for position, (name, kind, has_default) in enumerate(old):
        found = by_name.get(name)
        if found is None:
            if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
                problems.append(f"{name} is gone")
            continue
        if found.kind.name != kind:
            problems.append(f"{name} was {kind}, is {found.kind.name}")
        if kind == "POSITIONAL_OR_KEYWORD" and params.index(found) != position:
            problems.append(f"{name} moved from position {position}")
        if has_default and found.default is inspect.Parameter.empty:
            problems.append(f"{name} lost its default")
    known = {name for name, _, _ in old}
    problems += [
        f"new parameter {p.name} has no default"
        for p in params
        if p.name not in known
        and p.default is inspect.Parameter.empty
        and p.kind not in {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}
    ]
    return problems


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_public_signatures_keep_working(name: str) -> None:
    assert compatible(SIGNATURES[name], inspect.signature(getattr(dunningkit, name))) == []


def test_the_signature_check_can_fail() -> None:
    def now(a: int, *, b: int, c: int) -> None: ...

    old = [["a", "POSITIONAL_OR_KEYWORD", False], ["b", "KEYWORD_ONLY", True]]
    assert compatible(old, inspect.signature(now)) == [
        "b lost its default",
        "new parameter c has no default",
    ]
