"""Property-test your dunning policy: what our company promises its customers, checked.

Run with pytest. Hypothesis generates books of customers and invoices; the policy is
followed day after day from a clean history, and every plan must keep both the
planner's own guarantees and the rules below.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from dunningkit import (
    Channel,
    CustomerKind,
    Portfolio,
    Tone,
    default_scenarios,
    load_policy,
    next_actions,
)
from dunningkit.testing import (
    PlanViolationError,
    assert_plan_ok,
    at_most_contacts,
    never,
    not_before,
    portfolios,
    requires_before,
    simulate,
)

POLICY = load_policy(Path(__file__).with_name("company_policy.toml"))
START = date(2025, 12, 1)

# Our promises, one line each.
COMPANY_RULES = [
    never(channel=Channel.SMS, segment="key_account"),  # a key account never gets an SMS
    requires_before(2, tone=Tone.FORMAL_NOTICE),  # no formal notice before two written reminders
    at_most_contacts(3, days=30),  # at most three contacts in 30 days
    not_before(
        5, channel=Channel.PHONE, segment="public_body"
    ),  # no call to a public body before D+5
]

# Books whose invoices fall due during the simulated months.
books = portfolios(
    max_customers=4,
    max_invoices=3,
    with_events=False,
    with_promises=False,
    today=date(2026, 1, 1),
    spread_days=30,
)


@settings(max_examples=60, deadline=None)
@given(books)
def test_our_policy_keeps_our_promises(book: Portfolio) -> None:
    for day, plan, history in simulate(book, POLICY, start=START, days=90, every=3):
        assert_plan_ok(plan, history, day, POLICY, rules=COMPANY_RULES)


def test_a_broken_policy_is_caught_with_a_shrunk_counterexample() -> None:
    """Our policy, but with the default public-body scenario, which calls at D-10."""
    scenarios = {**POLICY.scenarios, "public_body": default_scenarios()["public_body"]}
    broken = POLICY.model_copy(update={"scenarios": scenarios})

    # Every phase but "explain": its extra notes are not needed here, and it would
    # double the time spent after the failure is found and shrunk.
    phases = [p for p in Phase if p is not Phase.explain]

    @settings(max_examples=300, deadline=None, database=None, derandomize=True, phases=phases)
    @given(
        portfolios(
            max_customers=2,
            min_invoices=1,
            max_invoices=2,
            with_events=False,
            holds=False,
            kinds=[CustomerKind.PUBLIC_BODY, CustomerKind.COMPANY],
        ),
        st.integers(-15, 15),
    )
    def check(book: Portfolio, days_to_due: int) -> None:
        # Plan on the days around each due date, where a reminder is decided.
        for invoice in book.invoices:
            day = invoice.due_date - timedelta(days=days_to_due)
            plan = next_actions(book, day, broken)
            assert_plan_ok(plan, book, day, broken, rules=COMPANY_RULES)

    with pytest.raises(PlanViolationError) as caught:
        check()
    assert {v.rule for v in caught.value.violations} == {"not_before"}
    # The shrunk counterexample: a public body, an invoice, the call before D+5.
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "Failing test case" in notes or "Falsifying example" in notes
    print(caught.value, notes, sep="\n")
