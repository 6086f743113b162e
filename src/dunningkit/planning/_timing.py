"""Timing and escalation: which step of its scenario an invoice has reached, and
whether the next one is due today or waits (and until when).

Decides, from where the invoice stands on its ladder (its :class:`Rung`, read from its
history by :mod:`dunningkit.planning._ladder`: steps set by hand, one ladder per
instalment):

* pre-due steps whose date has passed are not sent late;
* a step's date: its offset from the due date, from the end of the due date's month,
  or from the day the previous step was done (``Step.counts_from``); a step is never
  taken before its date, a post-due step never before the due date plus the
  customer's grace days, and steps keep the spacing the scenario gives them;
* catching up (``Scenario.catch_up="matching_step"``): an invoice with nothing done
  starts at the last step whose date has passed, the steps before it not sent;
* repeats (``Scenario.repeat_last_every_days``): once the last step is done, it is
  proposed again every so many days, at most ``max_repeats`` times.

Invoices share due dates, so each distinct situation is decided once per run and its
wording reused: this is the planner's per-invoice hot path.
"""

from __future__ import annotations

from datetime import date, timedelta

from dunningkit.planning._ladder import (
    Due,
    Ladder,
    LastDone,
    Rung,
    Waits,
    end_of_month,
    hand_note,
    instalment_start,
)
from dunningkit.planning._results import Reason, SkipReason
from dunningkit.policy._policy import Policy
from dunningkit.policy._scenario import CatchUp, CountsFrom, Scenario, Step

__all__ = [
    "Due",
    "Ladder",
    "LastDone",
    "Rung",
    "Timings",
    "Waits",
    "instalment_start",
    "step_date",
    "step_offsets",
]


def step_date(
    step: Step, due: date, grace_days: int, last_done: LastDone, previous: date | None
) -> date:
    """The day a step falls due: from its base (``counts_from``), never before the due
    date plus grace days for a post-due step, and keeping the scenario's spacing from
    the last step done (a step counting from the previous one is spaced by its offset)."""
    if step.counts_from is CountsFrom.END_OF_MONTH:
        base = end_of_month(due)
    elif step.counts_from is CountsFrom.PREVIOUS_STEP and previous is not None:
        base = previous
    else:
        base = due
    when = base + timedelta(days=step.offset_days)
    if not step.is_pre_due:
        when = max(when, due + timedelta(days=grace_days))
    if last_done is not None and step.counts_from is not CountsFrom.PREVIOUS_STEP:
        when = max(when, last_done[0] + timedelta(days=max(step.offset_days - last_done[1], 0)))
    return when


def step_offsets(policy: Policy) -> dict[str, int]:
    """Where each step id sits on the escalation ladder, whatever its scenario."""
    offsets: dict[str, int] = {}
    for name in sorted(policy.scenarios):
        for step in policy.scenarios[name].steps:
            offsets.setdefault(step.id, step.offset_days)
    return offsets


_Key = tuple[int, int, date, int, LastDone, date | None]


class Timings:
    """Whether a step waits on ``today``, decided once per distinct situation."""

    __slots__ = ("_cache", "_ladders", "today")

    def __init__(self, today: date) -> None:
        self.today = today
        self._cache: dict[_Key, tuple[SkipReason, str, date] | None] = {}
        # By object, not id: two segments may have different scenarios under one id.
        self._ladders: dict[int, Ladder] = {}

    def ladder(self, scenario: Scenario) -> Ladder:
        """The scenario laid out (once per run)."""
        found = self._ladders.get(id(scenario))
        if found is None:
            found = self._ladders[id(scenario)] = Ladder(scenario)
        return found

    def next_step(
        self,
        ladder: Ladder,
        rung: Rung,
        due: date,
        grace_days: int,
        invoice_id: str,
    ) -> Due | Waits:
        """The step due today for invoice ``invoice_id`` at ``rung`` (its instalment due
        on ``due``), or why none is."""
        today = self.today
        position = rung.reached + 1
        notes = [hand_note(ladder, rung.hand, invoice_id)] if rung.hand is not None else []
        changes_on = None
        if today >= due and position < ladder.first_post_due:
            # Pre-due reminders whose date has passed are not sent late.
            notes.extend(ladder.late_notes[position])
            position = ladder.first_post_due
        matching = ladder.scenario.catch_up is CatchUp.MATCHING_STEP
        if matching and rung.reached < 0 and today >= due:
            position, changes_on = self._catch_up(
                ladder, position, due, grace_days, notes, invoice_id
            )
        if position >= len(ladder.steps):
            found = self._repeat(ladder, rung, notes, invoice_id)
        else:
            previous = ladder.previous_done(rung, position)
            waits = self.wait(ladder, position, due, grace_days, rung.last_done, previous)
            if waits is None:
                return Due(position, notes, rung.occurrence(ladder.steps[position].id), changes_on)
            when = waits[2]
            if changes_on is not None and (when is None or changes_on < when):
                when = changes_on  # a catch-up reaches the next step first: decide again then
            found = Waits(waits[0], waits[1], position, when)
        if isinstance(found, Waits) and rung.hand is not None:
            return found._replace(detail=f"{found.detail}; {notes[0].text}")
        return found

    def _catch_up(
        self,
        ladder: Ladder,
        position: int,
        due: date,
        grace_days: int,
        notes: list[Reason],
        invoice_id: str,
    ) -> tuple[int, date | None]:
        """The last step whose date has passed (nothing done yet), the steps before it
        noted as not sent; and the day the next step's date passes."""
        today, steps = self.today, ladder.steps
        matched, changes_on = position, None
        previous: date | None = None
        for at in range(position, len(steps)):
            when = step_date(steps[at], due, grace_days, None, previous)
            previous = when
            if when > today:
                changes_on = when if at > position else None
                break
            matched = at
        late = (today - due).days
        notes.extend(
            Reason(
                "caught_up",
                f"step '{step.title}' was not sent: the invoice was {late} days overdue when "
                f"first dunned, so it starts at '{steps[matched].title}' (catch_up=matching_step)",
                invoice_id,
            )
            for step in steps[position:matched]
        )
        return matched, changes_on

    def _repeat(
        self, ladder: Ladder, rung: Rung, notes: list[Reason], invoice_id: str
    ) -> Due | Waits:
        """After the last step: a repeat due today, waiting, or nothing more."""
        scenario, last = ladder.scenario, len(ladder.steps) - 1
        every, most = scenario.repeat_last_every_days, scenario.max_repeats
        done = ladder.completed(rung.done)
        if every is None or not rung.last_dates or ladder.steps[last].terminal:
            return Waits(SkipReason.SCENARIO_COMPLETED, done, last, None)
        number = len(rung.last_dates)  # the repeat after the first sending and repeats done
        if most is not None and number > most:
            return Waits(
                SkipReason.SCENARIO_COMPLETED,
                f"{done} (repeated {most} times, the most)",
                last,
                None,
            )
        of = f" of {most}" if most is not None else ""
        title = ladder.steps[last].title
        when = rung.last_dates[-1] + timedelta(days=every)
        if self.today < when:
            detail = f"repeat {number}{of} of '{title}' on {when} (every {every} days)"
            return Waits(SkipReason.WAITING_NEXT_STEP, detail, last, when)
        notes.append(
            Reason(
                "repeat",
                f"repeat {number}{of} of '{title}', last done on {rung.last_dates[-1]}: "
                f"proposed again every {every} days while the invoice stays open",
                invoice_id,
            )
        )
        repeat, before = f"repeat {number}", rung.occurrence(ladder.steps[last].id)
        return Due(last, notes, repeat if before is None else f"{before}, {repeat}", None)

    def wait(
        self,
        ladder: Ladder,
        position: int,
        due: date,
        grace_days: int,
        last_done: LastDone,
        previous: date | None = None,
    ) -> tuple[SkipReason, str, date] | None:
        """Why the step at ``position`` waits and the day it falls due, or ``None`` when
        it is due today."""
        key = (id(ladder), position, due, grace_days, last_done, previous)
        try:
            return self._cache[key]
        except KeyError:
            found = self._cache[key] = self._decide(
                ladder.steps[position], due, grace_days, last_done, previous
            )
            return found

    def _decide(
        self, step: Step, due: date, grace_days: int, last_done: LastDone, previous: date | None
    ) -> tuple[SkipReason, str, date] | None:
        today = self.today
        when = step_date(step, due, grace_days, last_done, previous)
        if today >= when:
            return None
        if today < due and not step.is_pre_due:
            return (
                SkipReason.NOT_DUE,
                f"due on {due}; first reminder ('{step.title}') on {when}",
                when,
            )
        if today < due:
            return SkipReason.NOT_DUE, f"due on {due}; '{step.title}' on {when}", when
        if today < due + timedelta(days=grace_days) and last_done is None:
            return (
                SkipReason.GRACE_PERIOD,
                f"{grace_days} grace days after the due date {due}: '{step.title}' on {when}",
                when,
            )
        detail = f"next step '{step.title}' on {when}"
        if last_done is not None:
            detail += f" (last reminder on {last_done[0]})"
        return SkipReason.WAITING_NEXT_STEP, detail, when
