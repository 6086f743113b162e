"""Issue 22's ladder: instalments on their own ladders, where a step counts from,
repeats of the last step, catching up old invoices and steps set by hand.

Every date below is worked out by hand in the test's name or comments. The scenario
is three steps on email then letter: ``r1`` D+3, ``r2`` D+10, ``r3`` D+20, with the
policy's defaults (5 days between contacts, 4 contacts in 30 days, no grace days).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dunningkit import (
    Action,
    Channel,
    Plan,
    Scenario,
    SkipReason,
    action_key,
    default_policy,
    explain,
    next_actions,
)
from dunningkit.policy._policy import Policy
from tests.builders import Book


def _step(step_id: str, offset: int, **extra: Any) -> dict[str, Any]:
    channel = "letter" if step_id == "r3" else "email"
    tone = {"r1": "courteous", "r2": "neutral"}.get(step_id, "firm")
    return {
        "id": step_id,
        "offset_days": offset,
        "channel": channel,
        "tone": tone,
        "template": "reminder",
        **extra,
    }


THREE = [_step("r1", 3), _step("r2", 10), _step("r3", 20)]


def _policy(steps: list[dict[str, Any]] | None = None, **options: Any) -> Policy:
    scenario = Scenario.model_validate({"id": "s", "steps": steps or THREE, **options})
    return default_policy().model_copy(update={"scenarios": {"good_payer": scenario}})


def _book() -> Book:
    return Book().customer("C1", segment="good_payer")


def _plan(book: Book, today: date, policy: Policy) -> Plan:
    return next_actions(book.build(), today, policy)


def _action(plan: Plan, invoice_id: str = "F1") -> Action:
    (found,) = [a for a in plan.actions if invoice_id in a.invoice_ids]
    return found


def _skip(plan: Plan, invoice_id: str = "F1") -> tuple[SkipReason, str]:
    (found,) = [s for s in plan.skipped if s.invoice_id == invoice_id]
    return found.reason, found.detail


# -- defect 3: each instalment on its own ladder ------------------------------------


def _instalments() -> Book:
    """Two instalments of 1000: due 2026-01-31 (r1 on 02-03, r2 on 02-10, r3 on 02-20,
    paid on 02-25) and due 2026-02-28."""
    parts = [
        {"due_date": date(2026, 1, 31), "amount": "1000.00"},
        {"due_date": date(2026, 2, 28), "amount": "1000.00"},
    ]
    book = _book().invoice(
        "F1", due=date(2026, 1, 31), amount="2000.00", issued=date(2026, 1, 1), installments=parts
    )
    for step, day in (("r1", 3), ("r2", 10), ("r3", 20)):
        book.event("C1", ["F1"], step, date(2026, 2, day), channel="email")
    return book.pay("F1", date(2026, 2, 25), "1000.00")


def test_the_second_instalment_starts_its_own_ladder_on_03_03_feb_28_plus_3() -> None:
    book, policy = _instalments(), _policy()
    # 2026-03-02 is D+2 of the second instalment: its first reminder waits a day.
    assert _skip(_plan(book, date(2026, 3, 2), policy)) == (
        SkipReason.WAITING_NEXT_STEP,
        "next step 'r1' on 2026-03-03",
    )
    action = _action(_plan(book, date(2026, 3, 3), policy))
    assert (action.step_id, str(action.amount_due)) == ("r1", "1000.00")
    # Not the key of the first instalment's r1: a host deduplicating keys sends it.
    assert action.key != action_key("C1", "r1", Channel.EMAIL, 0, ["F1"])


def test_the_second_instalment_climbs_to_r2_on_03_10_feb_28_plus_10() -> None:
    book = _instalments().event("C1", ["F1"], "r1", date(2026, 3, 3))
    action = _action(_plan(book, date(2026, 3, 10), _policy()))
    assert action.step_id == "r2"


def test_the_first_instalment_keeps_todays_keys() -> None:
    # On 2026-02-03 (D+3 of the first instalment) nothing was done: the key is as before.
    book = _book().invoice(
        "F1",
        due=date(2026, 1, 31),
        amount="2000.00",
        issued=date(2026, 1, 1),
        installments=[
            {"due_date": date(2026, 1, 31), "amount": "1000.00"},
            {"due_date": date(2026, 2, 28), "amount": "1000.00"},
        ],
    )
    action = _action(_plan(book, date(2026, 2, 3), _policy()))
    assert action.key == action_key("C1", "r1", Channel.EMAIL, 0, ["F1"])


# -- counts_from ---------------------------------------------------------------------


def test_end_of_month_counts_from_jan_31_so_r2_falls_on_02_10_not_01_20() -> None:
    # Due 2026-01-10, r1 done 01-13; r2 counts from the end of January: 01-31 + 10.
    steps = [_step("r1", 3), _step("r2", 10, counts_from="end_of_month")]
    book = _book().invoice("F1", due=date(2026, 1, 10)).event("C1", ["F1"], "r1", date(2026, 1, 13))
    policy = _policy(steps)
    reason, detail = _skip(_plan(book, date(2026, 2, 9), policy))
    assert (reason, detail) == (
        SkipReason.WAITING_NEXT_STEP,
        "next step 'r2' on 2026-02-10 (last reminder on 2026-01-13)",
    )
    assert _action(_plan(book, date(2026, 2, 10), policy)).step_id == "r2"


def test_end_of_month_of_february_2026_is_the_28th_so_a_first_step_plus_5_is_03_05() -> None:
    steps = [_step("r1", 5, counts_from="end_of_month"), _step("r2", 20)]
    book = _book().invoice("F1", due=date(2026, 2, 14))
    policy = _policy(steps)
    assert _skip(_plan(book, date(2026, 3, 4), policy))[0] is SkipReason.WAITING_NEXT_STEP
    assert _action(_plan(book, date(2026, 3, 5), policy)).step_id == "r1"


def test_previous_step_counts_from_the_day_r1_was_done_01_20_plus_7_is_01_27() -> None:
    # Due 2026-01-10; r1 (D+3) was sent late, on 01-20. From the due date r2 (D+7)
    # would follow on 01-24 (the spacing of 4 days); from the previous step, on 01-27.
    steps = [_step("r1", 3), _step("r2", 7, counts_from="previous_step")]
    book = _book().invoice("F1", due=date(2026, 1, 10)).event("C1", ["F1"], "r1", date(2026, 1, 20))
    policy = _policy(steps)
    assert _skip(_plan(book, date(2026, 1, 26), policy)) == (
        SkipReason.WAITING_NEXT_STEP,
        "next step 'r2' on 2026-01-27 (last reminder on 2026-01-20)",
    )
    assert _action(_plan(book, date(2026, 1, 27), policy)).step_id == "r2"


# -- repeat_last_every_days, max_repeats ---------------------------------------------


def _repeating() -> tuple[Book, Policy]:
    """Due 2026-01-10; r1 on 01-13, r2 (the last) on 01-20; repeats every 7 days, twice."""
    steps = [_step("r1", 3), _step("r2", 10)]
    policy = _policy(steps, repeat_last_every_days=7, max_repeats=2)
    book = (
        _book()
        .invoice("F1", due=date(2026, 1, 10))
        .event("C1", ["F1"], "r1", date(2026, 1, 13))
        .event("C1", ["F1"], "r2", date(2026, 1, 20))
    )
    return book, policy


def test_the_last_step_repeats_on_01_27_jan_20_plus_7_as_repeat_1_of_2() -> None:
    book, policy = _repeating()
    assert _skip(_plan(book, date(2026, 1, 26), policy)) == (
        SkipReason.WAITING_NEXT_STEP,
        "repeat 1 of 2 of 'r2' on 2026-01-27 (every 7 days)",
    )
    action = _action(_plan(book, date(2026, 1, 27), policy))
    assert action.step_id == "r2"
    assert any("repeat 1 of 2" in r for r in action.reasons)
    assert action.key != action_key("C1", "r2", Channel.EMAIL, 0, ["F1"])


def test_repeat_2_of_2_on_02_03_then_no_more_on_02_10() -> None:
    book, policy = _repeating()
    first = _action(_plan(book, date(2026, 1, 27), policy))
    book.event("C1", ["F1"], "r2", date(2026, 1, 27))
    second = _action(_plan(book, date(2026, 2, 3), policy))
    assert any("repeat 2 of 2" in r for r in second.reasons)
    assert second.key not in {first.key, action_key("C1", "r2", Channel.EMAIL, 0, ["F1"])}
    book.event("C1", ["F1"], "r2", date(2026, 2, 3))
    reason, detail = _skip(_plan(book, date(2026, 2, 10), policy))
    assert reason is SkipReason.SCENARIO_COMPLETED
    assert "repeated 2 times" in detail


def test_without_max_repeats_the_repeats_go_on() -> None:
    steps = [_step("r1", 3), _step("r2", 10)]
    book, _ = _repeating()
    for day in (27,):
        book.event("C1", ["F1"], "r2", date(2026, 1, day))
    for day in (3, 10, 17):
        book.event("C1", ["F1"], "r2", date(2026, 2, day))
    # Five sendings of r2 by 02-17: the one on 02-24 is its fifth repeat (4 contacts in
    # 30 days would hold it back: the cap is raised).
    policy = _policy(steps, repeat_last_every_days=7)
    policy = policy.model_copy(update={"max_contacts_per_30_days": 10})
    action = _action(_plan(book, date(2026, 2, 24), policy))
    assert any("repeat 5 of 'r2'" in r for r in action.reasons)


# -- catch_up --------------------------------------------------------------------------


def test_matching_step_starts_an_invoice_40_days_late_at_r3_due_02_24() -> None:
    # Due 2026-02-04, newly imported on 2026-03-16 (D+40): r1 (02-07), r2 (02-14) and
    # r3 (02-24) have passed: r3, the most recent, goes; r1 and r2 were not sent.
    book = _book().invoice("F1", due=date(2026, 2, 4))
    today = date(2026, 3, 16)
    assert _action(_plan(book, today, _policy())).step_id == "r1"  # first_step, the default
    action = _action(_plan(book, today, _policy(catch_up="matching_step")))
    assert action.step_id == "r3"
    said = " ".join(action.reasons)
    assert "step 'r1' was not sent" in said
    assert "step 'r2' was not sent" in said


def test_matching_step_at_d_plus_14_is_r2_and_r3_follows_on_02_28() -> None:
    # Due 2026-02-04, first planned on 02-18 (D+14): r2 (02-14) is the step reached.
    book = _book().invoice("F1", due=date(2026, 2, 4))
    policy = _policy(catch_up="matching_step")
    assert _action(_plan(book, date(2026, 2, 18), policy)).step_id == "r2"
    # Once r2 is done (02-18), r3 keeps the scenario's spacing: 10 days after, 02-28.
    book.event("C1", ["F1"], "r2", date(2026, 2, 18))
    assert _skip(_plan(book, date(2026, 2, 27), policy)) == (
        SkipReason.WAITING_NEXT_STEP,
        "next step 'r3' on 2026-02-28 (last reminder on 2026-02-18)",
    )
    assert _action(_plan(book, date(2026, 2, 28), policy)).step_id == "r3"


# -- set_by_hand -----------------------------------------------------------------------


def test_set_by_hand_up_to_r2_on_01_15_makes_r3_next_on_01_30() -> None:
    # Due 2026-01-10, r1 on 01-13; a person sets r2 on 01-15. r3: D+20 = 01-30, and
    # 10 days after r2's day (01-25) at the earliest: 01-30.
    book = (
        _book()
        .invoice("F1", due=date(2026, 1, 10))
        .event("C1", ["F1"], "r1", date(2026, 1, 13))
        .event("C1", ["F1"], "r2", date(2026, 1, 15), outcome="set_by_hand")
    )
    action = _action(_plan(book, date(2026, 1, 30), _policy()))
    assert action.step_id == "r3"
    assert any(
        "set by hand on 2026-01-15: a person placed the invoice at step 'r2'" in r
        for r in action.reasons
    )


def test_set_by_hand_down_to_r1_on_02_02_brings_r2_back_on_02_09() -> None:
    # Every step done by 01-30; set back to r1 on 02-02: r2 follows 7 days (its spacing
    # from r1) later, on 02-09, with a key of its own.
    book = (
        _book()
        .invoice("F1", due=date(2026, 1, 10))
        .event("C1", ["F1"], "r1", date(2026, 1, 13))
        .event("C1", ["F1"], "r2", date(2026, 1, 20))
        .event("C1", ["F1"], "r3", date(2026, 1, 30), channel="letter")
        .event("C1", ["F1"], "r1", date(2026, 2, 2), outcome="set_by_hand")
    )
    policy = _policy()
    reason, detail = _skip(_plan(book, date(2026, 2, 5), policy))
    assert reason is SkipReason.WAITING_NEXT_STEP
    assert "next step 'r2' on 2026-02-09" in detail
    assert "set by hand on 2026-02-02: a person placed the invoice at step 'r1'" in detail
    action = _action(_plan(book, date(2026, 2, 9), policy))
    assert action.step_id == "r2"
    assert action.key != action_key("C1", "r2", Channel.EMAIL, 0, ["F1"])


def test_explain_says_a_person_set_the_step_and_when() -> None:
    book = (
        _book()
        .invoice("F1", due=date(2026, 1, 10))
        .event("C1", ["F1"], "r3", date(2026, 1, 12), channel="letter", outcome="set_by_hand")
    )
    text = str(explain(book.build(), date(2026, 1, 14), "C1", _policy()))
    assert "set by hand on 2026-01-12: a person placed the invoice at step 'r3'" in text


def test_set_by_hand_is_not_a_contact_so_it_holds_back_no_other_reminder() -> None:
    # F1: r1 on 01-13, r2 due 01-20. F2 set at r1 by hand on 01-19: were it a contact,
    # 5 days between contacts would hold F1's r2 back until 01-24.
    book = (
        _book()
        .invoice("F1", due=date(2026, 1, 10))
        .invoice("F2", due=date(2026, 1, 10))
        .event("C1", ["F1"], "r1", date(2026, 1, 13))
        .event("C1", ["F2"], "r1", date(2026, 1, 19), outcome="set_by_hand")
    )
    plan = _plan(book, date(2026, 1, 20), _policy())
    assert _action(plan, "F1").step_id == "r2"
    # F2's r2: 7 days after the step set by hand, on 01-26.
    assert "next step 'r2' on 2026-01-26" in _skip(plan, "F2")[1]


# -- peers' cases ------------------------------------------------------------------------


def test_oca_two_time_policy_30_days_end_of_month_then_60_days_after_the_last_reminder() -> None:
    # OCA credit-control's scenario "2 time policy", run on the last day of each month:
    # level 1 "30 days end of month", level 2 "60 days last reminder". An invoice due
    # 2012-04-30 gets level 1 on the 05-31 run (04-30 + 30 = 05-30) and level 2 on the
    # 07-31 run (05-31 + 60 = 07-30), nothing on the 06-30 run.
    steps = [
        _step("r1", 30, counts_from="end_of_month"),
        _step("r2", 60, counts_from="previous_step"),
    ]
    policy = _policy(steps)
    book = _book().invoice("SI_6", due=date(2012, 4, 30), amount="1500.00")
    assert not _plan(book, date(2012, 4, 30), policy).actions
    assert _action(_plan(book, date(2012, 5, 31), policy), "SI_6").step_id == "r1"
    book.event("C1", ["SI_6"], "r1", date(2012, 5, 31))
    assert _skip(_plan(book, date(2012, 6, 30), policy), "SI_6") == (
        SkipReason.WAITING_NEXT_STEP,
        "next step 'r2' on 2012-07-30 (last reminder on 2012-05-31)",
    )
    assert _action(_plan(book, date(2012, 7, 31), policy), "SI_6").step_id == "r2"


def test_kill_bill_style_overdue_states_by_age_an_invoice_65_days_late_is_at_d_plus_60() -> None:
    # Kill Bill's overdue states by the age of the unpaid invoice (OD1 at 30 days, OD2
    # at 60, OD3 at 90): newly seen 65 days late (due 2026-01-10, today 2026-03-16), the
    # state is OD2, not OD1.
    steps = [_step("r1", 30), _step("r2", 60), _step("r3", 90)]
    book = _book().invoice("F1", due=date(2026, 1, 10))
    plan = _plan(book, date(2026, 3, 16), _policy(steps, catch_up="matching_step"))
    assert _action(plan).step_id == "r2"


def test_occurrences_tell_keys_apart_and_leave_todays_keys_alone() -> None:
    plain = action_key("C1", "r2", Channel.EMAIL, 0, ["F1"])
    assert action_key("C1", "r2", Channel.EMAIL, 0, ["F1"], ()) == plain
    again = action_key("C1", "r2", Channel.EMAIL, 0, ["F1"], ["F1: repeat 1"])
    assert again not in {plain, action_key("C1", "r2", Channel.EMAIL, 0, ["F1"], ["F1: repeat 2"])}
