"""The troubleshooting page lists every error message the library and the CLI raise.

Messages are found in the source: the text of every error raised and every
``Problem`` reported. Each message's longest fixed part (what is left once the
values are taken out) must appear on the page, so a new message cannot ship
without its "what to do".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "src" / "dunningkit"
PAGE = ROOT / "docs" / "troubleshooting.md"
RAISED = {
    "ArgumentTypeError",
    "DayError",
    "DunningkitError",
    "EInvoiceError",
    "EInvoiceProblem",
    "FieldError",
    "HostileXmlError",
    "InvalidPortfolioError",
    "LoaderError",
    "PluginError",
    "PolicyError",
    "Problem",
    "TemplateError",
    "UnknownRecordError",
    "UnmatchedStatusError",
    "ValueError",
    "_UsageError",
}
MESSAGE_LAST = {"Problem", "FieldError", "EInvoiceProblem"}  # first come the record (file), field
SHORTEST = 12  # shorter fixed parts ("field", "step") say nothing on their own


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", ""))


def _fixed_parts(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    else:
        return []
    return [p.strip(" :;,()'\"") for p in parts if len(p.strip(" :;,()'\"")) >= SHORTEST]


def messages() -> list[tuple[str, int, str]]:
    found = []
    for file in sorted(SOURCE.rglob("*.py")):
        if file.name == "testing.py":  # hypothesis' InvalidArgument, for test authors
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in RAISED or not node.args:
                continue
            args = node.args[-1:] if name in MESSAGE_LAST else node.args
            parts = [part for arg in args for part in _fixed_parts(arg)]
            if parts:
                found.append((file.name, node.lineno, max(parts, key=len)))
    return found


def test_the_scan_finds_the_messages() -> None:
    found = {text for _, _, text in messages()}
    assert "is a binary file, not" in found
    assert len(found) > 60


def test_every_error_message_is_on_the_troubleshooting_page() -> None:
    page = _flat(PAGE.read_text(encoding="utf-8"))
    missing = [
        f"{file}:{line}: {text!r}" for file, line, text in messages() if _flat(text) not in page
    ]
    assert not missing, "add these messages to docs/troubleshooting.md:\n" + "\n".join(missing)
