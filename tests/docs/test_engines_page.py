"""The policy shown on "Coming from another engine" loads and means what the page says."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from dunningkit import Channel, load_policy, next_actions
from tests.builders import TODAY, Book, d

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


def test_the_third_level_charges_its_fee_once(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(_toml_block(), "utf-8")
    policy = load_policy(path)
    due = d(-46)
    book = (
        Book()
        .customer("C1", segment="occasional_late")
        .invoice("F1", "C1", due=due)
        .event("C1", ["F1"], "level-1", due + timedelta(days=15))
        .event("C1", ["F1"], "level-2", due + timedelta(days=30))
    )
    [action] = next_actions(book.build(), TODAY, policy).actions
    assert (action.step_id, action.fees) == ("level-3", Decimal("40.00"))
    # Sent, then repeated 15 days later: the fee is not charged again.
    book = book.event("C1", ["F1"], "level-3", TODAY)
    [repeat] = next_actions(book.build(), d(15), policy).actions
    assert (repeat.step_id, repeat.fees) == ("level-3", Decimal(0))
