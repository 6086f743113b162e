"""``dunningkit render``: one planned message previewed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.cli.conftest import TODAY


def test_render_previews_a_planned_message(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(book), "--today", TODAY, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    key = next(a["key"] for a in plan["actions"] if a["channel"] == "email")
    assert main(["render", str(book), "--today", TODAY, "--action", key]) == 0
    out = capsys.readouterr().out
    assert out.startswith("channel: email")
    assert "subject: " in out
    assert main(["render", str(book), "--today", TODAY, "--action", "dk-nope"]) == 1
    assert "no action with key 'dk-nope'" in capsys.readouterr().err
