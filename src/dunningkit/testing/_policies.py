"""Variations of a policy's guardrails."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.policy._fees import Fee
from dunningkit.policy._policy import Grouping, PhoneOverflow, Policy, default_policy
from dunningkit.policy._scenario import CatchUp, CountsFrom, Scenario, Step

__all__ = ["policies"]


def policies(
    *,
    grouping: Sequence[Grouping] = tuple(Grouping),
    max_days_between_contacts: int = 10,
    phone_capacity: bool = True,
    base: Policy | None = None,
) -> st.SearchStrategy[Policy]:
    """Variations of a policy's guardrails (scenarios and segmentation kept from ``base``).

    Draws contact limits, grouping, minimum amounts, phone capacity and overflow,
    payment-sent and promise grace, and sometimes a fee on a step and a minimum
    balance in the scenarios, and the scenarios' ladder options (where steps count
    from, catching up, repeating the last step). Shrinks towards the defaults'
    simplest form: no gap between contacts, per-invoice grouping, no phone limit, no
    fee, no minimum balance, the scenarios' ladders as given.
    """
    if not grouping:
        raise InvalidArgument("grouping must name at least one Grouping")
    if max_days_between_contacts < 0:
        raise InvalidArgument(f"max_days_between_contacts={max_days_between_contacts} < 0")
    start = base or default_policy()

    @st.composite
    def build(draw: st.DrawFn) -> Policy:
        capacity = draw(st.one_of(st.none(), st.integers(0, 5))) if phone_capacity else None
        return start.model_copy(
            update={
                "min_days_between_contacts": draw(st.integers(0, max_days_between_contacts)),
                "max_contacts_per_30_days": draw(st.integers(1, 6)),
                "grouping": draw(st.sampled_from(sorted(grouping))),
                "min_open_amount": draw(st.sampled_from([Decimal(0), Decimal(50)])),
                "phone_capacity_per_day": capacity,
                "phone_overflow": draw(st.sampled_from(sorted(PhoneOverflow))),
                "payment_sent_grace_days": draw(st.integers(0, 10)),
                "promise_grace_days": draw(st.integers(0, 5)),
                "scenarios": _ladders(draw, _fees_and_balances(draw, start.scenarios)),
            }
        )

    return build()


_FEES = (
    None,
    Fee(fixed={"EUR": Decimal(15)}),
    Fee(percent=Decimal("1.5")),
    Fee(fixed={"EUR": Decimal(10), "USD": Decimal(12)}, percent=Decimal(2)),
)
_BALANCES: tuple[dict[str, Decimal], ...] = (
    {},
    {"EUR": Decimal(500)},
    {"EUR": Decimal(1500), "USD": Decimal(100)},
)


def _fees_and_balances(draw: st.DrawFn, scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """The scenarios with a fee on the step at one position and a minimum balance."""
    fee = draw(st.sampled_from(_FEES))
    balance = draw(st.sampled_from(_BALANCES))
    if fee is None and not balance:
        return scenarios
    at = draw(st.integers(0, 3))
    changed = {}
    for key, scenario in scenarios.items():
        steps = list(scenario.steps)
        if fee is not None and at < len(steps):
            steps[at] = steps[at].model_copy(update={"fee": fee})
        changed[key] = scenario.model_copy(update={"steps": tuple(steps), "min_balance": balance})
    return changed


# -- issue 22's ladder options (counts_from, catch_up, repeats), drawn sometimes ---------


def _ladders(draw: st.DrawFn, scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """The scenarios as given, or with drawn ladder options (:func:`ladder_options`)."""
    return ladder_options(draw, scenarios) if draw(st.booleans()) else scenarios


def ladder_options(draw: st.DrawFn, scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """Each scenario with the same drawn ladder options: its later steps counted from
    the end of the month or the previous step, a catch-up, and a repeat of its last
    step (a terminal last step is then dropped)."""
    counts = draw(st.sampled_from(list(CountsFrom)))
    catch_up = draw(st.sampled_from(list(CatchUp)))
    every = draw(st.one_of(st.none(), st.integers(1, 15)))
    most = draw(st.one_of(st.none(), st.integers(1, 3))) if every is not None else None
    found = {}
    for name, scenario in sorted(scenarios.items()):
        steps = list(scenario.steps)
        if every is not None and steps[-1].terminal and len(steps) > 1:
            steps.pop()
        later = [_recounted(before, after, counts) for before, after in pairwise(steps)]
        repeats = not steps[-1].terminal
        found[name] = Scenario.model_validate(  # checked as a person's scenario is
            {
                **dict(scenario),
                "steps": (steps[0], *later),
                "catch_up": catch_up,
                "repeat_last_every_days": every if repeats else None,
                "max_repeats": most if repeats else None,
            }
        )
    return found


def _recounted(before: Step, after: Step, counts: CountsFrom) -> Step:
    """``after`` counted from ``counts`` where that keeps its place (an offset of 0 or
    more; from the previous step, the gap the scenario gives it)."""
    if after.offset_days < 0 or counts is CountsFrom.DUE_DATE:
        return after
    offset = after.offset_days
    if counts is CountsFrom.PREVIOUS_STEP:
        offset -= max(before.offset_days, 0)
    return after.model_copy(update={"counts_from": counts, "offset_days": offset})
