"""The scenario options borrowed from the other engines: each refused when it cannot work."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from dunningkit import CatchUp, CountsFrom, Fee, PolicyError, Scenario, Step
from dunningkit.policy._policy import policy_from_mapping


def _step(step_id: str, offset: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": step_id,
        "offset_days": offset,
        "channel": "email",
        "tone": "courteous",
        "template": "t",
        **extra,
    }


def test_defaults_keep_todays_behaviour() -> None:
    scenario = Scenario.model_validate({"id": "s", "steps": [_step("a", 5)]})
    assert scenario.catch_up is CatchUp.FIRST_STEP
    assert scenario.steps[0].counts_from is CountsFrom.DUE_DATE
    assert scenario.steps[0].fee is None
    assert scenario.repeat_last_every_days is None
    assert scenario.min_balance == {}


def test_every_scenario_problem_at_once() -> None:
    with pytest.raises(ValidationError) as raised:
        Scenario.model_validate(
            {
                "id": "s",
                "max_repeats": 3,
                "steps": [
                    _step("a", 5, counts_from="previous_step"),
                    _step("b", 9),
                    _step("c", 1),
                ],
            }
        )
    text = str(raised.value)
    assert "step a is the first step" in text
    assert "max_repeats is set without repeat_last_every_days" in text
    assert "offsets must not decrease" in text


def test_a_terminal_last_step_is_never_repeated() -> None:
    with pytest.raises(ValidationError, match="never repeated"):
        Scenario.model_validate(
            {"id": "s", "repeat_last_every_days": 7, "steps": [_step("a", 5, terminal=True)]}
        )


def test_offsets_counted_from_the_previous_step_may_be_smaller() -> None:
    scenario = Scenario.model_validate(
        {"id": "s", "steps": [_step("a", 10), _step("b", 7, counts_from="previous_step")]}
    )
    assert scenario.steps[1].counts_from is CountsFrom.PREVIOUS_STEP


@pytest.mark.parametrize(
    ("fee", "message"),
    [
        ({"fixed": {"EUR": "-1"}}, "greater than or equal to 0"),
        ({"fixed": {"EURO": "5"}}, "is not an ISO 4217 currency code"),
        ({"percent": "-2"}, "greater than or equal to 0"),
        ({}, "a fee needs a fixed amount per currency, a percent, or both"),
    ],
)
def test_a_bad_fee_is_named(fee: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Step.model_validate(_step("a", 5, fee=fee))


def test_a_fee_reads_amounts_as_decimals() -> None:
    fee = Fee.model_validate({"fixed": {"EUR": "15.00"}, "percent": "1.5"})
    assert fee.fixed == {"EUR": Decimal("15.00")}
    assert fee.percent == Decimal("1.5")


def test_min_balance_names_an_unknown_currency() -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Scenario.model_validate(
            {"id": "s", "min_balance": {"EUROS": "5"}, "steps": [_step("a", 5)]}
        )


def test_a_policy_names_the_fields_and_the_scenarios_problems_together() -> None:
    # The bad inputs in one scenario: each its own problem, all at once, even
    # though two fields are wrong (the scenario's checks run on its record then).
    scenario = {
        "id": "four",
        "max_repeats": 2,
        "steps": [
            _step(
                "a",
                3,
                counts_from="previous_step",
                fee={"fixed": {"EURO": "5"}, "percent": "-2"},
            )
        ],
    }
    with pytest.raises(PolicyError) as raised:
        policy_from_mapping({"scenarios": {"good_payer": scenario}})
    problems = raised.value.problems
    assert len(problems) == 4
    assert any("steps.0.fee.fixed.EURO" in p for p in problems)
    assert any("steps.0.fee.percent" in p for p in problems)
    assert any("max_repeats: scenario four: max_repeats is set without" in p for p in problems)
    assert any(
        "steps.0.counts_from: scenario four: step a is the first step" in p for p in problems
    )


def test_a_valid_scenarios_problems_are_counted_one_by_one() -> None:
    scenario = {
        "id": "s",
        "max_repeats": 3,
        "steps": [_step("a", 5, counts_from="previous_step"), _step("a", 9)],
    }
    with pytest.raises(PolicyError) as raised:
        policy_from_mapping({"scenarios": {"good_payer": scenario}})
    assert len(raised.value.problems) == 3
