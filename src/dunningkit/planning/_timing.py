"""Timing and escalation: which step of its scenario an invoice has reached, and
whether the next one is due today or waits (and until when).

Decides:

* the rung reached, from the invoice's history: by position for the scenario's own
  steps, by offset for another scenario's (a customer who changed segment is never
  taken back to an earlier rung);
* pre-due steps whose date has passed are not sent late;
* a step is never taken before its date, a post-due step never before the due date
  plus the customer's grace days, and steps keep the spacing the scenario gives them.

Invoices share due dates, so each distinct situation is decided once per run and its
wording reused: this is the planner's per-invoice hot path.
"""

from __future__ import annotations

from datetime import date, timedelta

from dunningkit.planning._results import Reason, SkipReason
from dunningkit.policy._policy import Policy
from dunningkit.policy._scenario import Scenario, Step

__all__ = ["Ladder", "Timings", "step_offsets"]

LastDone = tuple[date, int] | None
"""The last reminder done on an invoice: its date and its step's offset."""


class Ladder:
    """A scenario's steps, laid out once per run for the per-invoice loop."""

    __slots__ = ("chosen", "first_post_due", "index_of", "late_notes", "scenario", "steps")

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.steps = scenario.steps
        self.index_of = {s.id: i for i, s in enumerate(scenario.steps)}
        pre_due = [s for s in scenario.steps if s.is_pre_due]
        self.first_post_due = len(pre_due)  # offsets never decrease: pre-due steps lead
        self.chosen = {
            s.id: f"step '{s.title}' (D{s.offset_days:+d}) of scenario {scenario.id}: the next "
            "one not yet done"
            for s in scenario.steps
        }
        notes = [
            Reason(
                "not_sent_late",
                f"reminder '{s.title}' was due before the due date and is not sent late",
            )
            for s in pre_due
        ]
        # By position reached: the pre-due reminders passed over (shared by invoices).
        self.late_notes = tuple(tuple(notes[position:]) for position in range(len(notes) + 1))

    def reached(self, done: dict[str, date], offsets: dict[str, int]) -> tuple[int, LastDone]:
        """The highest rung reached, and the last reminder done (its date and offset).

        By position for this scenario's steps, by offset for steps of another
        scenario (the customer changed segment).
        """
        steps = self.steps
        reached = -1
        last_done: LastDone = None
        for step_id, on in done.items():
            local = self.index_of.get(step_id)
            if local is None:
                offset = offsets.get(step_id)
                if offset is None:
                    continue
                local = max((i for i, s in enumerate(steps) if s.offset_days <= offset), default=-1)
                offset_reached = offset
            else:
                offset_reached = steps[local].offset_days
            reached = max(reached, local)
            if last_done is None or on > last_done[0]:
                last_done = (on, offset_reached)
        return reached, last_done

    def completed(self, done: dict[str, date]) -> str:
        """Why nothing follows: the hand-over was made, or every step is done."""
        last = self.steps[-1]
        if last.terminal and last.id in done:
            return f"handed over ({last.title}) on {done[last.id]}: no more reminders"
        return f"every step of scenario {self.scenario.id} is done: a person decides what next"


def step_offsets(policy: Policy) -> dict[str, int]:
    """Where each step id sits on the escalation ladder, whatever its scenario."""
    offsets: dict[str, int] = {}
    for name in sorted(policy.scenarios):
        for step in policy.scenarios[name].steps:
            offsets.setdefault(step.id, step.offset_days)
    return offsets


class Timings:
    """Whether a step waits on ``today``, decided once per distinct situation."""

    __slots__ = ("_cache", "_ladders", "today")

    def __init__(self, today: date) -> None:
        self.today = today
        self._cache: dict[tuple[int, int, date, int, LastDone], tuple[SkipReason, str] | None] = {}
        # By object, not id: two segments may have different scenarios under one id.
        self._ladders: dict[int, Ladder] = {}

    def ladder(self, scenario: Scenario) -> Ladder:
        """The scenario laid out (once per run)."""
        found = self._ladders.get(id(scenario))
        if found is None:
            found = self._ladders[id(scenario)] = Ladder(scenario)
        return found

    def wait(
        self, ladder: Ladder, position: int, due: date, grace_days: int, last_done: LastDone
    ) -> tuple[SkipReason, str] | None:
        """Why the step at ``position`` waits, or ``None`` when it is due today."""
        key = (id(ladder), position, due, grace_days, last_done)
        try:
            return self._cache[key]
        except KeyError:
            found = self._cache[key] = self._decide(
                ladder.steps[position], due, grace_days, last_done
            )
            return found

    def _decide(
        self, step: Step, due: date, grace_days: int, last_done: LastDone
    ) -> tuple[SkipReason, str] | None:
        today = self.today
        when = due + timedelta(days=step.offset_days)
        if not step.is_pre_due:
            when = max(when, due + timedelta(days=grace_days))
        if last_done is not None:
            when = max(when, last_done[0] + timedelta(days=max(step.offset_days - last_done[1], 0)))
        if today >= when:
            return None
        if today < due and not step.is_pre_due:
            return SkipReason.NOT_DUE, f"due on {due}; first reminder ('{step.title}') on {when}"
        if today < due:
            return SkipReason.NOT_DUE, f"due on {due}; '{step.title}' on {when}"
        if today < due + timedelta(days=grace_days) and last_done is None:
            return (
                SkipReason.GRACE_PERIOD,
                f"{grace_days} grace days after the due date {due}: '{step.title}' on {when}",
            )
        detail = f"next step '{step.title}' on {when}"
        if last_done is not None:
            detail += f" (last reminder on {last_done[0]})"
        return SkipReason.WAITING_NEXT_STEP, detail
