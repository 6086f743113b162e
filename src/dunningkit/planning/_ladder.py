"""An invoice's ladder: a scenario's steps laid out once per run, and where an invoice
stands on them from its history (:class:`Rung`).

Decides what the history means for the ladder:

* by position for the scenario's own steps, by offset for another scenario's (a
  customer who changed segment is never taken back to an earlier rung);
* on a payment plan, each instalment has its own ladder: an event belongs to the
  instalment that was the earliest one open on its date, so only the events dated on
  or after the day the current one became the earliest open count
  (:func:`instalment_start`);
* a step set by hand (an event ``set_by_hand``; the last one counts, by date then
  event id) places the invoice at that step from that day, up or down: the steps up to
  it count as done on that day, the steps after it only when done on that day or
  later; it is not a contact;
* the days the last step was done (its first sending, then its repeats).

When each step falls due is :mod:`dunningkit.planning._timing`'s.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import NamedTuple

from dunningkit.book._figures import due_now
from dunningkit.book._ledger import InvoiceRow
from dunningkit.model._history import InvoiceHistory
from dunningkit.planning._results import Reason, SkipReason
from dunningkit.policy._scenario import CountsFrom, Scenario

__all__ = ["Due", "Ladder", "LastDone", "Rung", "Waits", "hand_note", "instalment_start"]

LastDone = tuple[date, int] | None
"""The last reminder done on an invoice: its date and its step's offset."""


class Rung(NamedTuple):
    """Where an invoice stands on its ladder, from its history.

    ``done``: step id -> the day it counts as done (steps set by hand included);
    ``hand``: the day and step a person set, if that still counts; ``last_dates``: the
    days the last step was done (the first, then its repeats); ``cutoff``: the day from
    which the history counts (an instalment's start, a step set by hand), and
    ``earlier``: the steps done before it (proposing one again needs a distinct key).
    """

    reached: int
    last_done: LastDone
    done: dict[str, date]
    hand: tuple[date, str] | None
    last_dates: tuple[date, ...]
    cutoff: date | None = None
    earlier: frozenset[str] = frozenset()

    def occurrence(self, step_id: str) -> str | None:
        """What tells this occurrence of a step apart from its earlier one, if any."""
        return f"from {self.cutoff}" if step_id in self.earlier else None


_NOTHING = Rung(-1, None, {}, None, ())


class Due(NamedTuple):
    """The step due today: its position, the notes said of it, and ``occurrence``, what
    tells this occurrence of the step apart in the action key (a later instalment, a
    repeat; ``None`` for the first). ``changes_on``: the day the step due would change
    by itself (a catch-up reaching the next step), if any."""

    position: int
    notes: list[Reason]
    occurrence: str | None
    changes_on: date | None


class Waits(NamedTuple):
    """Why no step is due today; ``when`` is the day the step at ``position`` falls due
    (``None``: nothing follows by itself)."""

    reason: SkipReason
    detail: str
    position: int
    when: date | None


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def instalment_start(row: InvoiceRow, due: date) -> date | None:
    """The day the instalment due on ``due`` became the earliest one open (the day the
    one before it was settled), ``None`` for the plan's first: the events dated on or
    after it belong to this instalment's ladder."""
    first = row.invoice.installments[0].due_date
    if due <= first:
        return None
    for payment in row.payments:
        if due_now(row.facts_on(payment.date), payment.date)[0] >= due:
            return payment.date
    return None


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

    def _position(self, step_id: str, offsets: dict[str, int]) -> int | None:
        """A step's position here: by id, or by offset for another scenario's step."""
        local = self.index_of.get(step_id)
        if local is not None:
            return local
        offset = offsets.get(step_id)
        if offset is None:
            return None
        return max((i for i, s in enumerate(self.steps) if s.offset_days <= offset), default=-1)

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

    def rung(
        self, history: InvoiceHistory | None, offsets: dict[str, int], since: date | None
    ) -> Rung:
        """Where the invoice stands: only events on or after ``since`` count (its
        instalment's start), and after a step set by hand only what followed it."""
        if history is None:
            return _NOTHING
        hand, placed = None, -1
        for on, step_id in history.set_by_hand:  # in date order: the last one counts
            at = self._position(step_id, offsets) if since is None or on >= since else None
            if at is not None:
                hand, placed = (on, step_id), at
        cutoff = since if hand is None else hand[0]
        done = history.done
        earlier: frozenset[str] = frozenset()
        if cutoff is not None:
            done = {step_id: on for step_id, on in done.items() if on >= cutoff}
            earlier = frozenset(
                step_id for step_id, days in history.done_on.items() if days[0] < cutoff
            )
        if not done and hand is None:
            return _NOTHING._replace(cutoff=cutoff, earlier=earlier)
        reached, last_done = self.reached(done, offsets) if done else (-1, None)
        last = self.steps[-1].id
        sent = [on for on in history.done_on.get(last, ()) if cutoff is None or on >= cutoff]
        if hand is not None:
            done = dict(done)
            for step in self.steps[: placed + 1]:
                done[step.id] = max(done.get(step.id, hand[0]), hand[0])
            reached = max(reached, placed)
            mark = (hand[0], self.steps[placed].offset_days) if placed >= 0 else None
            if mark is not None and (last_done is None or mark > last_done):
                last_done = mark
            if placed == len(self.steps) - 1 and hand[0] not in sent:
                sent.insert(0, hand[0])
        return Rung(reached, last_done, done, hand, tuple(sent), cutoff, earlier)

    def completed(self, done: dict[str, date]) -> str:
        """Why nothing follows: the hand-over was made, or every step is done."""
        last = self.steps[-1]
        if last.terminal and last.id in done:
            return f"handed over ({last.title}) on {done[last.id]}: no more reminders"
        return f"every step of scenario {self.scenario.id} is done: a person decides what next"

    def previous_done(self, rung: Rung, position: int) -> date | None:
        """The day a ``previous_step`` step counts from: the previous step done, else
        the last step done (the previous one was passed over), else none (the due date)."""
        if self.steps[position].counts_from is not CountsFrom.PREVIOUS_STEP:
            return None
        on = rung.done.get(self.steps[position - 1].id) if position > 0 else None
        if on is None and rung.last_done is not None:
            on = rung.last_done[0]
        return on


def hand_note(ladder: Ladder, hand: tuple[date, str], invoice_id: str) -> Reason:
    """What the reasons say of a step set by hand."""
    index = ladder.index_of.get(hand[1])
    title = ladder.steps[index].title if index is not None else hand[1]
    text = f"set by hand on {hand[0]}: a person placed the invoice at step '{title}'"
    return Reason("set_by_hand", text, invoice_id)
