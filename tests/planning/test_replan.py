"""replan: the next day's plan from the previous one, equal to next_actions, planning
again only the customers whose result may have changed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from dunningkit import DayError, Plan, Policy, Portfolio, default_policy, next_actions, replan
from dunningkit.loaders import dump_json
from dunningkit.planning import replan as replan_of_the_room
from dunningkit.planning._replan import Kept, Memo
from tests.builders import TODAY, Book, d

GOOD = {"segment": "good_payer"}


def memo(plan: Plan) -> dict[str, Kept]:
    """What ``plan`` keeps for the next night, by customer (none: nothing)."""
    found = plan._memo
    return found.customers if isinstance(found, Memo) else {}


def kept(previous: Plan, plan: Plan) -> set[str]:
    """The customers whose result ``plan`` took over from ``previous``."""
    before = memo(previous)
    return {cid for cid, k in memo(plan).items() if before.get(cid) is k}


def waiting_book() -> Book:
    """C1 and C2 wait for their next step (reminded yesterday); C3 has nothing open."""
    return (
        Book()
        .customer("C1", **GOOD)
        .invoice("F1", "C1", due=d(-10))
        .event("C1", ["F1"], "reminder_1", d(-1))
        .customer("C2", **GOOD)
        .invoice("F2", "C2", due=d(-12))
        .event("C2", ["F2"], "reminder_1", d(-1))
        .customer("C3", **GOOD)
        .history("C3", [0, 2])
    )


def same(plan: Plan, book: Portfolio, day: date, policy: Policy | None = None) -> None:
    expected = next_actions(book, day, policy)
    assert plan == expected
    assert plan.to_dict() == expected.to_dict()
    assert plan.to_json() == expected.to_json()


def test_replan_is_exported_from_the_root_and_the_planning_room() -> None:
    assert replan is replan_of_the_room


def test_without_a_previous_plan_everything_is_planned() -> None:
    book = waiting_book().build()
    plan = replan(None, book, TODAY)
    same(plan, book, TODAY)


def test_an_unchanged_book_the_next_day_takes_every_waiting_customer_over() -> None:
    book = waiting_book().build()
    previous = replan(None, book, TODAY)
    plan = replan(previous, book, d(1))
    same(plan, book, d(1))
    assert kept(previous, plan) == {"C1", "C2", "C3"}


def test_a_customer_whose_records_changed_is_planned_again() -> None:
    previous = replan(None, waiting_book().build(), TODAY)
    book = waiting_book().pay("F2", d(1), "100.00").build()
    plan = replan(previous, book, d(1))
    same(plan, book, d(1))
    assert kept(previous, plan) == {"C1", "C3"}


def test_a_customer_is_planned_again_on_its_review_date() -> None:
    book = waiting_book().build()
    plan = replan(None, book, TODAY)
    for n in range(1, 40):
        previous, plan = plan, replan(plan, book, d(n))
        same(plan, book, d(n))
        if n == 14:  # reminder_2 falls due 15 days after the due date: F1 on d(5)
            assert "C1" not in kept(previous, plan)


def test_a_previous_plan_for_a_later_day_is_not_reused() -> None:
    book = waiting_book().build()
    later = replan(None, book, d(5))
    plan = replan(later, book, d(1))
    same(plan, book, d(1))
    assert kept(later, plan) == set()


def test_a_plan_made_with_another_policy_is_not_reused() -> None:
    book = waiting_book().build()
    previous = replan(None, book, TODAY)
    other = default_policy().model_copy(update={"min_days_between_contacts": 9})
    plan = replan(previous, book, d(1), other)
    same(plan, book, d(1), other)
    assert kept(previous, plan) == set()
    # An equal policy (not the same object) is the same policy.
    again = replan(plan, book, d(2), other.model_copy())
    assert kept(plan, again) == {"C1", "C2", "C3"}


def test_a_plan_without_the_private_part_plans_everything() -> None:
    book = waiting_book().build()
    for previous in (
        next_actions(book, TODAY),
        Plan(**replan(None, book, TODAY).model_dump()),  # as loaded back from JSON
    ):
        plan = replan(previous, book, d(1))
        same(plan, book, d(1))
        assert kept(previous, plan) == set()


def test_the_private_part_changes_no_output_and_survives_pickle() -> None:
    book = waiting_book().build()
    previous = replan(None, book, TODAY)
    assert previous == next_actions(book, TODAY)
    assert "_memo" not in repr(previous)
    assert "_memo" not in previous.to_json()
    loaded = pickle.loads(pickle.dumps(previous))  # noqa: S301 - our own plan
    plan = replan(loaded, book, d(1))
    same(plan, book, d(1))
    assert plan._memo is not None
    assert set(plan._memo.customers) == {"C1", "C2", "C3"}


def test_a_customer_with_an_action_is_planned_again_the_next_day() -> None:
    book = Book().customer("C1", **GOOD).invoice("F1", "C1", due=d(-3)).build()
    previous = replan(None, book, TODAY)
    assert [a.customer_id for a in previous.actions] == ["C1"]
    plan = replan(previous, book, d(1))
    same(plan, book, d(1))
    assert kept(previous, plan) == set()


def test_the_wording_of_a_step_not_yet_due_moves_on_the_due_date() -> None:
    # Not due: "due on ...; first reminder on ..."; from the due date "grace days ...",
    # then "next step ...": the same step on the same day, worded by the day.
    book = Book().customer("C1", grace_days=4, **GOOD).invoice("F1", "C1", due=d(3)).build()
    plan = replan(None, book, TODAY)
    for n in range(1, 10):
        plan = replan(plan, book, d(n))
        same(plan, book, d(n))


def test_an_event_dated_after_the_day_counts_from_its_day() -> None:
    book = waiting_book().event("C1", ["F1"], "reminder_2", d(3)).build()
    plan = replan(None, book, TODAY)
    for n in range(1, 12):
        plan = replan(plan, book, d(n))
        same(plan, book, d(n))


def test_a_claim_about_to_expire_is_reworded_every_day() -> None:
    # Every step done: the skip and the alert count the days left before the claim
    # (due 2021-03-15, FR between businesses: 5 years) is time-barred.
    due = date(2021, 3, 15)
    book = (
        Book()
        .customer("C1", **GOOD)
        .invoice("F1", "C1", due=due)
        .event("C1", ["F1"], "handover_agency", due + timedelta(days=80))
        .build()
    )
    start = date(2026, 1, 12)
    plan = replan(None, book, start)
    assert plan.alerts
    for n in range(1, 5):
        previous, plan = plan, replan(plan, book, start + timedelta(days=n))
        same(plan, book, start + timedelta(days=n))
        assert kept(previous, plan) == set()


def test_a_new_invoice_elsewhere_moves_the_book_revenue_and_stays_equal() -> None:
    previous = replan(None, waiting_book().build(), TODAY)
    book = waiting_book().invoice("F9", "C3", due=d(30), issued=d(1), amount="50000.00").build()
    plan = replan(previous, book, d(1))
    same(plan, book, d(1))
    assert "C3" not in kept(previous, plan)


def test_a_segment_read_from_the_book_revenue_follows_another_customers_new_invoice() -> None:
    # C1 holds 6,000 of 15,000 of the book's revenue: a key account (10 % or more);
    # C2's new invoice of 60,000 brings it under 10 %, with C1's records unchanged.
    def book(*, grown: bool) -> Portfolio:
        made = Book().customer("C1").history("C1", [0] * 6).customer("C2", **GOOD)
        made = made.history("C2", [0] * 9)
        if grown:
            made = made.invoice("F9", "C2", due=d(30), issued=d(1), amount="60000.00")
        return made.build()

    previous = replan(None, book(grown=False), TODAY)
    assert previous.segments["C1"] == "key_account"
    plan = replan(previous, book(grown=True), d(1))
    same(plan, book(grown=True), d(1))
    assert plan.segments["C1"] != "key_account"
    assert "C1" not in kept(previous, plan)


_NEXT_NIGHT = """
import pickle, sys
from datetime import date
from dunningkit import replan
from dunningkit.loaders import load_json
previous = pickle.loads(open(sys.argv[1], "rb").read())
book = load_json(sys.argv[2])
plan = replan(previous, book, date.fromisoformat(sys.argv[3]))
before = previous._memo.customers
print(",".join(sorted(c for c, k in plan._memo.customers.items() if before.get(c) is k)))
"""


def test_a_pickled_plan_is_reused_by_the_next_nights_fresh_process(tmp_path: Path) -> None:
    # The nightly job: a fresh process loads the book from its files and last night's
    # plan from its pickle; text hashes differ from one process to the next.
    book = waiting_book().build()
    previous = replan(None, book, TODAY)
    (tmp_path / "plan.pickle").write_bytes(pickle.dumps(previous))
    dump_json(book, tmp_path / "book.json")
    for seed in ("1", "2"):
        out = subprocess.run(  # noqa: S603 - our own script, our interpreter
            [
                sys.executable,
                "-c",
                _NEXT_NIGHT,
                str(tmp_path / "plan.pickle"),
                str(tmp_path / "book.json"),
                d(1).isoformat(),
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert out.split() == ["C1,C2,C3"]


def test_the_day_is_read_as_next_actions_reads_it() -> None:
    book = waiting_book().build()
    assert replan(None, book, TODAY.isoformat()) == next_actions(book, TODAY)
    with pytest.raises(DayError, match="time zone"):
        replan(None, book, datetime(2026, 3, 16, 9, 0))  # type: ignore[arg-type]


def test_a_message_held_back_by_one_sent_today_is_planned_again_tomorrow() -> None:
    # One message per channel a day counts what went out today: tomorrow it no longer
    # holds, and the skip reads otherwise (or the reminder goes).
    eager = default_policy().model_copy(update={"min_days_between_contacts": 0})
    book = (
        Book()
        .customer("C1", **GOOD)
        .invoice("F1", "C1", due=d(-10))
        .invoice("F2", "C1", due=d(-4))
        .event("C1", ["F1"], "reminder_1", TODAY)
        .build()
    )
    previous = replan(None, book, TODAY, eager)
    assert "one_message_a_day" in {s.reason for s in previous.skipped}
    plan = replan(previous, book, d(1), eager)
    same(plan, book, d(1), eager)
