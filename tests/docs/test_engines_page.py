"""The policy shown on "Coming from another engine" loads and means what the page says."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from dunningkit import Channel, load_policy

PAGE = Path(__file__).parents[2] / "docs" / "engines.md"


def _toml_block() -> str:
    found = re.search(r"```toml\n(.*?)```", PAGE.read_text("utf-8"), re.DOTALL)
    assert found is not None, "the page shows a policy"
    return found.group(1)


def test_the_tryton_like_procedure_loads_as_the_page_says(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(_toml_block(), "utf-8")
    scenario = load_policy(path).scenarios["occasional_late"]
    assert [s.offset_days for s in scenario.steps] == [15, 30, 45]
    assert scenario.repeat_last_every_days == 15
    assert scenario.max_repeats == 4
    last = scenario.steps[-1]
    assert last.channel is Channel.REGISTERED_LETTER
    assert last.fee is not None
    assert last.fee.fixed == {"EUR": Decimal(40)}
    assert all(s.fee is None for s in scenario.steps[:-1])
