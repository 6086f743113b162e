"""The docs' pictures are made by docs/scripts/pictures.py, and are current."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

import pytest

from tests.docs.test_docs import ROOT

SCRIPT = ROOT / "docs" / "scripts" / "pictures.py"
IMG = ROOT / "docs" / "img"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_pictures", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shown() -> set[str]:
    """Every picture of docs/img a page of the docs or the README shows."""
    pages = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    return {
        name
        for page in pages
        for name in re.findall(r"\(\.{0,2}/?(?:docs/)?img/([\w.-]+)\)", page.read_text("utf-8"))
    }


def test_every_picture_shown_is_made_by_the_script() -> None:
    pictures = set(_script().PICTURES)
    assert _shown() == pictures  # each one shown somewhere, and only these
    assert {p.name for p in IMG.iterdir()} == pictures
    assert all((IMG / name).stat().st_size > 1000 for name in pictures)


def _words(svg: str) -> str:
    """The text an SVG drawing shows (what rich's styling and ids leave aside: those
    change with rich's version, the words only with the demo)."""
    return " ".join(" ".join(re.findall(r">([^<>]*)</text>", svg)).replace("&#160;", " ").split())


def test_the_terminal_picture_is_what_the_demo_prints_today() -> None:
    pytest.importorskip("rich")
    stored = (IMG / "demo.svg").read_text(encoding="utf-8")
    made = _script().demo_svg()
    assert len(_words(made)) > 200  # the drawing holds the demo's words
    assert _words(stored) == _words(made), "run: python docs/scripts/pictures.py"
