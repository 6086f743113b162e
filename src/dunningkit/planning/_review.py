"""Next review dates: the earliest day a customer's plan can change when no new
record arrives.

A back-test replays a year day by day; re-planning every customer every day is what
makes it slow. Most days nothing changes for most customers: their invoices wait for a
step's date, a promise runs, or nothing is open. This module says, after planning a
customer on ``today``, the first later day on which its plan could differ, so that
the replay plans it again only then (or when one of its records is dated that day).

The answer is conservative: a day is returned whenever the plan *may* change, never
later. It is the earliest of

* the customer's *plan calendar*: the dates its records carry and those derived
  from them where a guardrail changes its answer (a hold's end, a promise's pay-by
  date plus grace, a payment reported sent plus its grace...);
* the day the step an invoice waits for falls due (recorded while planning: counted
  from the due date, the end of its month or the previous step done, or a repeat of
  the last step), and the day a step due today is replaced by the next one (an invoice
  caught up at the step its age has reached); an instalment's ladder starts on a
  payment's date, one of the calendar's;
* the due date of an invoice whose step before the due date is due today but does
  not go out (no contact data, an amount too small, another message that day, a
  contact limit): on its due date that step is passed over and the first step after
  it takes its place;
* the next planning day when the plan had an action; when a due step was held back
  by a contact limit, the day that limit loosens (the minimum amount waits for a
  record or another step: with one message per customer, another step includes an
  invoice falling overdue, which the message then lists);
* when the segment matters (an invoice passed the guardrails), the first planning
  day on which the segment could change: open overdue invoices make the average
  lateness grow every day, the *profile calendar* (due dates, the 90- and 365-day
  windows sliding past a due or issue date, seniority) moves the figures, and the
  book's revenue moves the revenue share. For the default rules every test they make
  is monotone between two calendar dates, so comparing the tests at both ends of
  each stretch proves the segment constant in between (bisecting otherwise); a
  custom classifier is asked again the next day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from dunningkit.book._figures import due_now
from dunningkit.book._ledger import CustomerLedger, InvoiceRow
from dunningkit.book._revenue import WINDOW_DAYS, BookRevenue
from dunningkit.model._history import DONE_OUTCOMES
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.planning._engine import Engine
from dunningkit.planning._guardrails import GUARDRAIL_REASONS, guardrail_days
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import SkipReason
from dunningkit.planning._segment_horizon import segment_horizon
from dunningkit.planning._timing import Ladder
from dunningkit.policy._policy import Grouping, Policy
from dunningkit.segmentation._profile import RECENT_DAYS
from dunningkit.segmentation._rules import Classification

__all__ = ["Calendar", "Outcome", "ReviewingRun", "calendar_of", "next_review"]

_DAY = timedelta(days=1)

_NOT_YET_LISTED = frozenset(
    {SkipReason.NOT_DUE, SkipReason.GRACE_PERIOD, SkipReason.WAITING_NEXT_STEP}
)

HELD_BACK = frozenset(
    {
        SkipReason.BELOW_MINIMUM,
        SkipReason.NO_CONTACT_DATA,
        SkipReason.ONE_MESSAGE_A_DAY,
        SkipReason.TOO_SOON,
        SkipReason.CONTACT_CAP,
    }
)
"""The skips of an invoice whose step is due today but does not go out."""


class Calendar:
    """The days on which something about a customer may change by itself.

    Attributes:
        plan: days its invoices' facts or a guardrail may change: record dates, a
            hold's end, a promise's pay-by date plus grace, a payment reported sent
            plus its grace.
        profile: days only its payer profile may change (an invoice falling due, the
            90- and 365-day windows sliding past a date, seniority reaching the "new
            customer" limit).
    """

    __slots__ = ("plan", "profile")

    def __init__(self, plan: list[date], profile: list[date]) -> None:
        self.plan = plan
        self.profile = profile


def calendar_of(entry: CustomerLedger, policy: Policy) -> Calendar:
    """The customer's :class:`Calendar`, from its records and the policy's delays."""
    plan = guardrail_days(entry, policy)
    profile: set[date] = set()
    window = timedelta(days=WINDOW_DAYS)
    recent = timedelta(days=RECENT_DAYS)
    first_issue: date | None = None
    # A scenario's min_balance reads the overdue balance: it grows the day after a due date.
    balance = any(s.min_balance for s in policy.scenarios.values())
    for row in entry.rows:
        inv = row.invoice
        issue, due = inv.issue_date, inv.due_date
        if first_issue is None or issue < first_issue:
            first_issue = issue
        # The invoice's record dates: its facts change on them.
        plan.add(issue)
        plan.update(c.date for c in inv.status_history)
        if inv.status_date is not None:
            plan.add(inv.status_date)
        if inv.status is InvoiceStatus.PAID and inv.status_date is None:
            # Settled "on the due date at the latest": the facts move daily until then.
            plan.update(issue + timedelta(days=n) for n in range((due - issue).days + 1))
        plan.update(part.due_date for part in inv.installments)
        if balance:
            plan.update(day + _DAY for day in (due, *(p.due_date for p in inv.installments)))
        plan.update(payment.date for payment in row.payments)
        # The due date moves the profile (the invoice starts counting); the steps it
        # opens are the waiting steps' own dates (the planner's wake-up dates).
        profile.update((due, issue + window, due + recent, due + window))
    since = entry.customer.since if entry.customer.since is not None else first_issue
    if since is not None:
        profile.add(since + timedelta(days=policy.segmentation.new_customer_days))
    profile.update(promise.pay_by + window for promise in entry.promises)
    # Dunning events are dated on or before the day they are recorded: they matter
    # through the contact limits, handled when a due step is held back by them.
    return Calendar(sorted(plan), sorted(profile))


class Outcome:
    """What planning one customer on a day said, as far as its next review goes.

    Attributes:
        acted: whether it got an action.
        candidates: whether some invoice had a step due (its messages were decided).
        wake: the first later day on which an invoice's step changes by itself: a
            waiting step falls due, or a step held back before the due date is
            passed over on the due date (``None``: no such day).
        reasons: its skips' reasons.
    """

    __slots__ = ("acted", "candidates", "reasons", "wake")

    def __init__(
        self, acted: bool, candidates: bool, wake: date | None, reasons: Sequence[SkipReason]
    ) -> None:
        self.acted = acted
        self.candidates = candidates
        self.wake = wake
        self.reasons = reasons

    @property
    def segment_matters(self) -> bool:
        """Whether some invoice got past the guardrails (so its scenario was read)."""
        return (
            self.acted or self.candidates or any(r not in GUARDRAIL_REASONS for r in self.reasons)
        )


class ReviewingRun:
    """A planning run (an :class:`~dunningkit.planning._engine.Engine`) that also says,
    per customer, what its next review depends on: it is the engine's hook."""

    __slots__ = ("_candidates", "engine", "wake")

    def __init__(self, today: date, policy: Policy, revenue: BookRevenue) -> None:
        self.engine = Engine(today, policy, revenue, hook=self)
        self.wake: date | None = None
        self._candidates = False

    # -- the engine's hook -------------------------------------------------------------

    def step_waits(self, ladder: Ladder, position: int, when: date) -> None:
        """Note the earliest day a waiting step of the customer falls due (a step counted
        from the due date, the end of its month or the previous step done, a repeat), or
        the step due changes (a catch-up reaching the next step)."""
        del ladder, position
        if self.wake is None or when < self.wake:
            self.wake = when

    def steps_due(self, entry: CustomerLedger) -> None:
        """A step is due today: if no message goes out, it waits for a contact limit to
        loosen (see :func:`next_review`) or for a record."""
        del entry
        self._candidates = True

    # -- the run ---------------------------------------------------------------------

    def review(self, entry: CustomerLedger) -> Outcome:
        """Plan ``entry`` (as the engine does) and say what the plan hinged on."""
        engine = self.engine
        self.wake = None
        self._candidates = False
        actions, skips = len(engine.actions), len(engine.skip_reason)
        engine.customer(entry)
        acted = len(engine.actions) > actions
        if not acted:  # else planned again on the next planning day anyway
            self._held_back(entry, skips)
        return Outcome(
            acted,
            self._candidates,
            self.wake,
            engine.skip_reason[skips:],
        )

    def keep(
        self,
        customer_id: str,
        classification: Classification,
        skips: tuple[tuple[str, ...], tuple[SkipReason, ...], tuple[str, ...]],
    ) -> None:
        """Take a customer's result from an earlier plan instead of planning it (for
        :func:`~dunningkit.planning._replan.replan`, which proves it unchanged): its
        classification and its skips (invoice ids, reasons, details), in the place
        planning it would put them."""
        engine = self.engine
        engine.classifications[customer_id] = classification
        invoices, reasons, details = skips
        engine.skip_invoice.extend(invoices)
        engine.skip_customer.extend([customer_id] * len(invoices))
        engine.skip_reason.extend(reasons)
        engine.skip_detail.extend(details)

    def _held_back(self, entry: CustomerLedger, skips: int) -> None:
        """Wake on the days a message held back today may change by itself.

        A step held back on ``today`` while its invoice is not yet due is a step
        before the due date: on the due date it is passed over (not sent late), and
        the first step after the due date is decided instead. With one message per
        customer (``per_customer``), a message held back lists every overdue invoice
        waiting for its next step: one falling overdue joins it.
        """
        engine = self.engine
        today = engine.today
        listing = self._candidates and engine.policy.grouping is Grouping.PER_CUSTOMER
        reasons = engine.skip_reason
        for n in range(skips, len(reasons)):
            reason = reasons[n]
            if reason in HELD_BACK:
                row = entry.row(engine.skip_invoice[n])
                day: date | None = due_now(row.facts_on(today), today)[0]
            elif listing and reason in _NOT_YET_LISTED:
                row = entry.row(engine.skip_invoice[n])
                waits = reason is SkipReason.WAITING_NEXT_STEP
                day = _falls_overdue(row, today, entry.customer.grace_days, waiting=waits)
            else:
                continue
            if day is not None and day > today and (self.wake is None or day < self.wake):
                self.wake = day

    def finish(self) -> Plan:
        """The day's plan (see :meth:`Engine.finish`)."""
        return self.engine.finish()


def _falls_overdue(row: InvoiceRow, today: date, grace_days: int, *, waiting: bool) -> date | None:
    """The first day after ``today`` an invoice not yet due for its next step may be
    overdue and waiting for it (as the engine lists them), if it is not yet: after its
    due date, once the date its steps count from (its instalment's) has come, and its
    grace days passed unless a reminder was done (``waiting``: the step waits today)."""
    due = row.invoice.due_date
    if waiting and due < today:
        return None  # already listed
    counts_from = due_now(row.facts_on(today), today)[0]
    after = due + _DAY
    found = [
        day
        for day in (
            max(after, counts_from),
            max(after, counts_from + timedelta(days=grace_days)),
        )
        if day > today
    ]
    return min(found, default=None)


def _contact_room(entry: CustomerLedger, run: Engine) -> date | None:
    """When the contact limits next loosen: the spacing since the last contact ends,
    or a contact leaves the 30-day window (``None``: no contact to age)."""
    today = run.today
    start = today - timedelta(days=29)
    last: date | None = None
    oldest: date | None = None
    for event in entry.events:
        if event.date > today:
            break
        if event.outcome in DONE_OUTCOMES:  # as ContactLimits counts them
            last = event.date
            if oldest is None and event.date >= start:
                oldest = event.date
    found = [
        day
        for day in (
            None if last is None else last + timedelta(days=run.policy.min_days_between_contacts),
            None if oldest is None else oldest + timedelta(days=30),
        )
        if day is not None and day > today
    ]
    return min(found, default=None)


def next_review(
    entry: CustomerLedger,
    calendar: Calendar,
    outcome: Outcome,
    run: Engine,
    planning_days: Sequence[date],
    revenues: Sequence[BookRevenue],
) -> date | None:
    """The first planning day after ``run.today`` on which the customer's plan may
    differ (``None``: none up to the last planning day).

    ``planning_days`` are the replay's days in order, ``revenues`` the book's revenue
    on each of them (same positions).
    """
    today = run.today
    at = bisect_right(planning_days, today)
    if at >= len(planning_days):
        return None
    if outcome.acted:
        return planning_days[at]
    # A step due today but held back (contact spacing or cap, minimum amount, no contact
    # data) waits for a contact to age, an amount to change or another step: dates of
    # the calendar, or its due date when it comes before it (the wake).
    change = None
    found = bisect_right(calendar.plan, today)
    if found < len(calendar.plan):
        change = calendar.plan[found]
    if outcome.wake is not None and (change is None or outcome.wake < change):
        change = outcome.wake
    if outcome.candidates:
        freed = _contact_room(entry, run)
        if freed is not None and (change is None or freed < change):
            change = freed
    stop = len(planning_days)  # position of the next review among the planning days
    if change is not None:
        stop = bisect_right(planning_days, change - _DAY)
    if stop > at and outcome.segment_matters:
        stop = at + segment_horizon(
            entry, run, calendar.profile, planning_days[at:stop], revenues[at:stop]
        )
    return planning_days[stop] if stop < len(planning_days) else None
