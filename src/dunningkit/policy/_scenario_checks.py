"""The scenario's options from the other engines, and its checks read from a raw record.

When a field of a scenario is wrong, pydantic never builds the scenario, so its own
checks (``Scenario._problems``) cannot run; :func:`raw_problems` reads the ones the
issue names from the record itself, so that a policy file gets every problem at once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = ["CatchUp", "CountsFrom", "option_problems", "raw_problems", "scenario_error"]


class CountsFrom(StrEnum):
    """The day a step's ``offset_days`` count from (OCA's three computation modes)."""

    DUE_DATE = "due_date"
    """The invoice's due date (the default)."""
    END_OF_MONTH = "end_of_month"
    """The last day of the due date's month."""
    PREVIOUS_STEP = "previous_step"
    """The day the previous step was done (never on a first step)."""


class CatchUp(StrEnum):
    """Where an invoice already past some steps' dates starts (an old invoice newly
    imported, a scenario newly adopted)."""

    FIRST_STEP = "first_step"
    """The first post-due step, then the ladder from there (the default)."""
    MATCHING_STEP = "matching_step"
    """The step the invoice's age has reached, as Kill Bill and SAP do."""


def scenario_error(loc: tuple[int | str, ...], text: str, data: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("value_error", "Value error, {text}", {"text": text}),
        loc=loc,
        input=data,
    )


Loc = tuple[int | str, ...]


def option_problems(
    first_id: object, first_counts_from: object, max_repeats: object, every: object
) -> list[tuple[Loc, str]]:
    """The checks of the options, one wording whether read from a validated scenario or
    from its raw record: the first step counted from a previous one, and a maximum of
    repeats with no repeat."""
    found: list[tuple[Loc, str]] = []
    if first_counts_from == CountsFrom.PREVIOUS_STEP:
        text = (
            f"step {first_id} is the first step: it has no previous step to count from "
            "(counts_from='previous_step')"
        )
        found.append((("steps", 0, "counts_from"), text))
    if max_repeats is not None and every is None:
        found.append((("max_repeats",), "max_repeats is set without repeat_last_every_days"))
    return found


def raw_problems(data: Any) -> list[tuple[Loc, str]]:
    """The scenario's own problems read from its raw record, for when a field is wrong
    too (the validated scenario does not exist then): repeats and the first step."""
    if not isinstance(data, dict):
        return []
    steps = data.get("steps")
    first = steps[0] if isinstance(steps, list | tuple) and steps else None
    first = first if isinstance(first, dict) else {}
    found = option_problems(
        first.get("id", "?"),
        first.get("counts_from"),
        data.get("max_repeats"),
        data.get("repeat_last_every_days"),
    )
    return [(loc, f"scenario {data.get('id', '?')}: {text}") for loc, text in found]
