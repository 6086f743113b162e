"""The ladder options' checks: a step counted from the end of the month or the previous
step needs an offset of 0 or more (before the due date only the due date counts)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from dunningkit import Scenario


def _step(step_id: str, offset: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": step_id,
        "offset_days": offset,
        "channel": "email",
        "tone": "courteous",
        "template": "t",
        **extra,
    }


@pytest.mark.parametrize("counts_from", ["end_of_month", "previous_step"])
def test_a_negative_offset_counts_only_from_the_due_date(counts_from: str) -> None:
    steps = [_step("a", 3), _step("b", -5, counts_from=counts_from)]
    with pytest.raises(ValidationError) as raised:
        Scenario.model_validate({"id": "s", "steps": steps})
    assert (
        f"step b counts from {counts_from} with offset_days -5: a step not counted from the "
        "due date needs an offset of 0 or more"
    ) in str(raised.value)


def test_an_end_of_month_step_may_open_the_ladder() -> None:
    scenario = Scenario.model_validate(
        {"id": "s", "steps": [_step("a", 0, counts_from="end_of_month"), _step("b", 10)]}
    )
    assert scenario.steps[0].offset_days == 0
