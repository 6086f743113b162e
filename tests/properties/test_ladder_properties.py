"""Issue 22's ladder options (counts_from, catch_up, repeats) under the guarantees that
hold for any policy: replan equals next_actions day after day, the incremental replay
equals the naive one, and every plan keeps the planner's guarantees. The policies here
always carry ladder options (``policies()`` draws them only sometimes); the drawn
books hold instalments and events of every outcome, ``set_by_hand`` included."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import DunningEvent, Policy, Portfolio, default_policy, next_actions, replan
from dunningkit.policy._scenario import CatchUp, CountsFrom
from dunningkit.testing import check_plan, portfolios
from dunningkit.testing._policies import ladder_options
from tests.backtest.test_replay import reference, walk
from tests.builders import GENERATED_DAY

books = portfolios(max_customers=4, max_invoices=4, spread_days=60)
starts = st.integers(-30, 60).map(lambda n: GENERATED_DAY + timedelta(days=n))


@st.composite
def ladder_policies(draw: st.DrawFn) -> Policy:
    """The default policy with ladder options always drawn."""
    base = default_policy()
    return base.model_copy(update={"scenarios": ladder_options(draw, base.scenarios)})


def test_ladder_policies_use_the_options() -> None:
    # The strategy is not vacuous: some drawn policy moves off each default.
    seen: set[object] = set()

    @settings(max_examples=60, database=None)
    @given(ladder_policies())
    def look(policy: Policy) -> None:
        for scenario in policy.scenarios.values():
            seen.add(scenario.catch_up)
            seen.add(scenario.repeat_last_every_days is not None)
            seen.update(step.counts_from for step in scenario.steps)

    look()
    assert {CatchUp.MATCHING_STEP, CountsFrom.END_OF_MONTH, CountsFrom.PREVIOUS_STEP} <= seen
    assert True in seen


@settings(deadline=None)
@given(books, starts, st.lists(st.integers(1, 9), min_size=1, max_size=6), ladder_policies())
def test_replan_equals_next_actions_with_ladder_options(
    book: Portfolio, start: date, gaps: list[int], policy: Policy
) -> None:
    day = start
    plan = replan(None, book, day, policy)
    for n, gap in enumerate(gaps):
        events = [
            DunningEvent.for_action(a, id=f"n{n}-{k}", on=a.scheduled_for)
            for k, a in enumerate(plan.actions)
        ]
        book = book.model_copy(update={"events": (*book.events, *events)})
        day += timedelta(days=gap)
        plan = replan(plan, book, day, policy)
        assert plan == next_actions(book, day, policy)
        assert check_plan(plan, book, day, policy) == []


@settings(deadline=None)
@given(books, ladder_policies(), starts, st.integers(20, 90))
def test_incremental_replay_equals_naive_with_ladder_options(
    book: Portfolio, policy: Policy, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    ours = walk(book, policy, start, end, 1, incremental=True)
    assert ours == walk(book, policy, start, end, 1, incremental=False)
    # The review dates skip no day on which the public planner acts.
    assert [(day, sent) for day, sent, _ in ours] == list(reference(book, policy, start, end))
