"""Insolvency proceedings: claims born before the opening are declared, not dunned.

Defect 5 of issue 22: the sample's customer in *redressement judiciaire* got "un oubli ?".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import (
    Plan,
    Portfolio,
    ProceedingsError,
    SkipReason,
    backtest,
    explain,
    next_actions,
    replan,
    sample_policy,
    sample_portfolio,
)
from dunningkit._sample import SAMPLE_DAY
from dunningkit.backtest._replay import replay
from dunningkit.book._portfolio import ledger_of
from dunningkit.planning._guardrails import GUARDRAILS
from dunningkit.planning._review import calendar_of
from tests.builders import TODAY, Book, d

OPENED = d(-10)
DEADLINE = d(20)
ADMINISTRATOR = {"name": "Me Anne Duval", "email": "a.duval@mj-duval.example"}


def proceedings(**extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": "receivership",
        "opened_on": OPENED,
        "claims_deadline": DEADLINE,
        "court": "Tribunal de commerce de Lyon",
        "reference": "RJ 2026/0412",
        "administrator": ADMINISTRATOR,
    }
    found.update(extra)
    return found


def book(**extra: Any) -> Portfolio:
    """C1 in proceedings: F-OLD issued before the opening, F-NEW after it, both overdue;
    C2, not in proceedings, with the same kind of invoice."""
    b = Book()
    b.customer("C1", proceedings=proceedings(**extra))
    b.invoice("F-OLD", "C1", due=d(-8), issued=d(-38), amount="1200.00")
    b.invoice("F-NEW", "C1", due=d(-2), issued=OPENED, amount="300.00")
    b.customer("C2")
    b.invoice("F-C2", "C2", due=d(-8), issued=d(-38), amount="1200.00")
    return b.build()


def skip_of(plan: Plan, invoice_id: str) -> tuple[SkipReason, str] | None:
    for skip in plan.skipped:
        if skip.invoice_id == invoice_id:
            return skip.reason, skip.detail
    return None


def dunned(plan: Plan) -> set[str]:
    return {i for action in plan.actions for i in action.invoice_ids}


def test_the_sample_customer_in_receivership_is_no_longer_dunned() -> None:
    plan = next_actions(sample_portfolio(), SAMPLE_DAY, sample_policy())
    assert not [a for a in plan.actions if a.customer_id == "CLI-082"]
    reasons = {s.reason for s in plan.skipped if s.customer_id == "CLI-082"}
    assert SkipReason.INSOLVENCY in reasons
    [alert] = [a for a in plan.alerts if a.code == "insolvency"]
    assert alert.customer_id == "CLI-082"
    assert "Me Anne Duval" in alert.message


def test_a_claim_born_before_the_opening_is_skipped_with_whom_and_when() -> None:
    plan = next_actions(book(), TODAY)
    reason, detail = skip_of(plan, "F-OLD") or (None, "")
    assert reason is SkipReason.INSOLVENCY
    assert "declare it to the administrator, Me Anne Duval (a.duval@mj-duval.example)" in detail
    assert f"by {DEADLINE}" in detail
    assert f"receivership opened on {OPENED}" in detail
    assert "RJ 2026/0412" in detail


def test_an_invoice_issued_on_or_after_the_opening_is_dunned_as_usual() -> None:
    plan = next_actions(book(), TODAY)
    assert "F-NEW" in dunned(plan)
    assert "F-OLD" not in dunned(plan)
    assert "F-C2" in dunned(plan)  # another customer: untouched


def test_an_unknown_deadline_is_said_and_alerted() -> None:
    plan = next_actions(book(claims_deadline=None, administrator=None), TODAY)
    _, detail = skip_of(plan, "F-OLD") or (None, "")
    assert "the deadline is not known yet" in detail
    assert "the administrator (not named in the book yet)" in detail
    [alert] = plan.alerts
    assert (alert.code, alert.customer_id, alert.invoice_id, alert.on) == (
        "insolvency",
        "C1",
        None,
        OPENED,
    )
    assert "not known yet" in alert.message


def test_the_alert_runs_every_day_up_to_the_deadline_and_then_stops() -> None:
    deadline = TODAY + timedelta(days=3)
    portfolio = book(claims_deadline=deadline)
    for day in (OPENED, TODAY, deadline):
        [alert] = next_actions(portfolio, day).alerts
        assert alert.on == deadline
        assert "declare 1 claim (1,200.00 EUR)" in alert.message
    after = next_actions(portfolio, deadline + timedelta(days=1))
    assert not after.alerts
    reason, detail = skip_of(after, "F-OLD") or (None, "")
    assert reason is SkipReason.INSOLVENCY
    assert f"the deadline was {deadline}: a late claim needs the court's leave" in detail


def test_no_alert_when_nothing_is_left_to_declare() -> None:
    b = Book()
    b.customer("C1", proceedings=proceedings())
    b.invoice("F-OLD", "C1", due=d(-8), issued=d(-38), amount="1200.00")
    b.pay("F-OLD", d(-20))
    b.invoice("F-NEW", "C1", due=d(-2), issued=OPENED)
    plan = next_actions(b.build(), TODAY)
    assert not plan.alerts
    assert "F-NEW" in dunned(plan)


def test_a_credit_note_or_a_cancelled_invoice_keeps_its_own_skip() -> None:
    b = Book()
    b.customer("C1", proceedings=proceedings())
    b.invoice("F-OLD", "C1", due=d(-8), issued=d(-38), status="cancelled")
    b.invoice("AV-1", "C1", due=d(-30), issued=d(-30), kind="credit_note", amount="50.00")
    plan = next_actions(b.build(), TODAY)
    assert (skip_of(plan, "F-OLD") or (None,))[0] is SkipReason.CANCELLED
    assert (skip_of(plan, "AV-1") or (None,))[0] is SkipReason.CREDIT_NOTE


def test_insolvency_comes_before_holds_disputes_and_promises() -> None:
    b = Book()
    b.customer("C1", proceedings=proceedings(), hold={"reason": "talks"})
    b.invoice("F-OLD", "C1", due=d(-8), issued=d(-38), status="disputed")
    plan = next_actions(b.build(), TODAY)
    assert (skip_of(plan, "F-OLD") or (None,))[0] is SkipReason.INSOLVENCY


def test_proceedings_opened_after_the_day_are_a_named_error_for_every_customer() -> None:
    b = Book()
    b.customer("C1", proceedings=proceedings(opened_on=d(5), claims_deadline=d(60)))
    b.customer("C2", proceedings=proceedings(opened_on=d(1), claims_deadline=None))
    b.customer("C3", proceedings=proceedings(opened_on=TODAY))
    portfolio = b.build()
    for plan in (lambda: next_actions(portfolio, TODAY), lambda: replan(None, portfolio, TODAY)):
        with pytest.raises(ProceedingsError) as refused:
            plan()
        problems = refused.value.problems
        assert [(p.record_id, p.field) for p in problems] == [
            ("C1", "proceedings.opened_on"),
            ("C2", "proceedings.opened_on"),
        ]
        assert f"open on {d(5)}" in str(problems[0])
    next_actions(portfolio, d(5))  # on the opening day: in force


def test_explain_says_why() -> None:
    found = explain(book(), TODAY, "C1")
    assert "declare it to the administrator" in str(found)


def test_the_back_test_replays_days_before_the_opening_without_error() -> None:
    b = Book()
    b.customer("C1", proceedings=proceedings(opened_on=d(-5), claims_deadline=d(40)))
    b.invoice("F-OLD", "C1", due=d(-40), issued=d(-70), amount="1200.00")
    portfolio = b.build()
    days = list(replay(portfolio, sample_policy(), start=d(-39), end=d(10)))
    sent = [(day.day, a.invoice_ids) for day in days for a in day.sent]
    assert any(day < d(-5) for day, _ in sent)  # dunned before the opening
    assert not [day for day, _ in sent if day >= d(-5)]  # never after it
    run = backtest(portfolio, sample_policy(), start=d(-39), end=d(10))
    assert run is not None


def test_the_table_lists_the_guardrail_and_its_days() -> None:
    assert SkipReason.INSOLVENCY in [g.reason for g in GUARDRAILS]
    entry = ledger_of(book()).by_id["C1"]
    calendar = calendar_of(entry, sample_policy())
    assert OPENED in calendar.plan
    assert DEADLINE + timedelta(days=1) in calendar.plan


@settings(max_examples=30, deadline=None)
@given(
    st.integers(-60, 0),
    st.one_of(st.none(), st.integers(0, 60)),
    st.lists(st.integers(-90, 5), min_size=1, max_size=4),
)
def test_replan_follows_next_actions_across_the_opening_and_the_deadline(
    opened: int, deadline: int | None, issued: list[int]
) -> None:
    opening = TODAY + timedelta(days=opened)
    b = Book()
    b.customer(
        "C1",
        proceedings={
            "kind": "safeguard",
            "opened_on": opening,
            "claims_deadline": None if deadline is None else opening + timedelta(days=deadline),
        },
    )
    for n, offset in enumerate(issued):
        day = TODAY + timedelta(days=offset)
        b.invoice(f"F{n}", "C1", due=day + timedelta(days=30), issued=day)
    portfolio = b.build()
    start = max(opening, TODAY - timedelta(days=5))
    previous: Plan | None = None
    for n in range(0, 70, 3):
        day = start + timedelta(days=n)
        fresh = next_actions(portfolio, day)
        previous = replan(previous, portfolio, day)
        assert previous == fresh
        for skip in fresh.skipped:
            born_before = portfolio.invoice(skip.invoice_id).issue_date < opening
            assert (skip.reason is SkipReason.INSOLVENCY) == born_before
        for action in fresh.actions:
            assert all(portfolio.invoice(i).issue_date >= opening for i in action.invoice_ids)
