"""Incremental re-planning: a day's plan from the previous one, planning again only the
customers whose part of the plan may have changed.

:func:`replan` gives exactly what :func:`~dunningkit.next_actions` gives on the same
book, day and policy. It runs the same engine, customer by customer in id order, and
for each customer either plans it or takes its result from the previous plan. A
customer's result is taken over only when all of these hold:

* its records are equal to those the previous plan read (its **fingerprint**: the
  customer, its invoices with their payments, its promises and its events, compared
  by value);
* the day is before its **review date**, the first day its result may differ with no
  new record. That is the back-test's next review (:func:`~dunningkit.planning._review.next_review`,
  over every calendar day of the next ``HORIZON_DAYS``, with the segment always
  proved constant since the plan lists every customer's segment), or earlier when the
  wording of a skip moves by itself: an invoice reaching its due date or the end of its
  grace days (``not_due`` and ``grace_period`` say which), one of its events dated
  after the day, an old invoice entering the limitation look-up (its words count the
  days left, so a customer with such an invoice is planned every day);
* the book's revenue on the day (which the segment reads) is the one its review
  assumed;
* it had no action (a customer with an action is planned every day: the day's calls
  are shared across the book).

The previous plan carries what this needs privately (:class:`Memo`): it takes no
part in equality or in any output, survives ``pickle`` but not JSON, and only plans
made by :func:`replan` have it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from dunningkit.book._ledger import CustomerLedger
from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._revenue import BookRevenue, book_revenue
from dunningkit.model._day import as_day
from dunningkit.planning._insolvency import check_opened
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import SkipReason
from dunningkit.planning._review import Outcome, ReviewingRun, calendar_of, next_review
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.segmentation._rules import Classification

__all__ = ["HORIZON_DAYS", "Memo", "fingerprint", "replan"]

HORIZON_DAYS = 31
"""How many days ahead a review looks: a customer unchanged that long is planned again."""

_DAY = timedelta(days=1)
_WORDING_MOVES = frozenset({SkipReason.NOT_DUE, SkipReason.GRACE_PERIOD})

Skips = tuple[tuple[str, ...], tuple[SkipReason, ...], tuple[str, ...]]
"""A customer's skips: invoice ids, reasons, details (same positions)."""


class Kept(NamedTuple):
    """One customer's result as a later :func:`replan` may take it over.

    Attributes:
        fingerprint: its records (:func:`fingerprint`).
        review: the first day its result may differ with the same records.
        revenues: the book's revenue its review assumed, by day (shared by the
            customers planned on one day).
        classification: its classification.
        skips: its skips.
    """

    fingerprint: Records
    review: date
    revenues: dict[date, BookRevenue]
    classification: Classification
    skips: Skips


@dataclass(frozen=True, slots=True)
class Memo:
    """What a plan made by :func:`replan` carries for the next one (privately).

    Attributes:
        today: the day it was planned for.
        policy: the policy it was planned with.
        customers: customer id -> :class:`Kept`, for the customers without an action.
    """

    today: date
    policy: Policy
    customers: dict[str, Kept]


class _Listed(Outcome):
    """An outcome whose segment always matters: the plan lists every customer's."""

    __slots__ = ()

    @property
    def segment_matters(self) -> bool:
        return True


Records = tuple[object, ...]
"""Every record the planner reads of a customer, as one tuple compared by value."""


def fingerprint(entry: CustomerLedger) -> Records:
    """Every record the planner reads of a customer: the customer, its invoices (their
    fields, read from the book's columns) with their payments, its promises and its
    events. Compared with ``==``, field by field: equal records, equal fingerprints, in
    this process or in another one that unpickled them (a hash would depend on the
    process's string hashing). In one process the comparison of unchanged records is
    one of identical objects, which costs next to nothing."""
    return (
        entry.customer,
        tuple([(row.key(), row.payments) for row in entry.rows]),
        tuple(entry.promises),
        tuple(entry.events),
    )


def _usable(previous: Plan | None, today: date, policy: Policy) -> dict[str, Kept]:
    """The previous plan's kept results, or none when they cannot be reused."""
    memo = previous._memo if previous is not None else None  # noqa: SLF001 - ours
    if not isinstance(memo, Memo) or memo.today > today:
        return {}
    if memo.policy is not policy and memo.policy != policy:
        return {}
    return memo.customers


def replan(
    previous: Plan | None, portfolio: Portfolio, today: date | str, policy: Policy | None = None
) -> Plan:
    """The plan for ``today``, equal to ``next_actions(portfolio, today, policy)``,
    taking over from ``previous`` the result of every customer whose records did not
    change and whose next review date is after ``today``.

    Everything is planned when ``previous`` is ``None``, was made for a later day or
    with another policy, or carries nothing to reuse: a plan from
    :func:`~dunningkit.next_actions`, or one loaded back from JSON. The reusable part
    travels privately with the plan object: it changes no equality and no output, and
    survives ``pickle`` (it holds the records it compares, so a pickled plan weighs
    about what the book does). ``today`` is read as :func:`~dunningkit.next_actions`
    reads it (a date or its ``YYYY-MM-DD`` text).
    The returned plan carries what the next call needs: start a nightly chain with
    ``replan(None, book, day)`` and pass each night's plan to the next.
    """
    today = as_day(today)
    check_opened(portfolio.customers, today)
    policy = policy or default_policy()
    ledger = ledger_of(portfolio)
    currency = policy.segmentation.reference_currency
    revenue = book_revenue(ledger, today, currency)
    days = [today + _DAY * n for n in range(1, HORIZON_DAYS + 1)]
    ahead = [book_revenue(ledger, day, currency) for day in days]  # the ledger's index
    revenues = dict(zip(days, ahead, strict=True))
    revenues[today] = revenue
    kept = _usable(previous, today, policy)
    run = ReviewingRun(today, policy, revenue)
    customers: dict[str, Kept] = {}
    for entry in ledger.customers:
        mark = fingerprint(entry)
        old = kept.get(entry.id)
        if (
            old is not None
            and old.fingerprint == mark
            and today < old.review
            and old.revenues.get(today) == revenue
        ):
            run.keep(entry.id, old.classification, old.skips)
            customers[entry.id] = old
            continue
        planned = _plan(entry, run, mark, days, ahead, revenues)
        if planned is not None:
            customers[entry.id] = planned
    plan = run.finish()
    # A classification taken over holds the figures of the day it was made: explain
    # classifies again rather than read them.
    return dataclasses.replace(plan, _classifications=None, _memo=Memo(today, policy, customers))


def _plan(
    entry: CustomerLedger,
    run: ReviewingRun,
    mark: Records,
    days: list[date],
    ahead: list[BookRevenue],
    revenues: dict[date, BookRevenue],
) -> Kept | None:
    """Plan the customer today; what a later day may take over (``None``: an action)."""
    engine = run.engine
    at = len(engine.skip_reason)
    outcome = run.review(entry)
    if outcome.acted:
        return None
    skips: Skips = (
        tuple(engine.skip_invoice[at:]),
        tuple(engine.skip_reason[at:]),
        tuple(engine.skip_detail[at:]),
    )
    listed = _Listed(outcome.acted, outcome.candidates, outcome.wake, outcome.reasons)
    found = next_review(entry, calendar_of(entry, engine.policy), listed, engine, days, ahead)
    review = min(_moves(entry, run, skips), default=days[-1] + _DAY)
    if found is not None:
        review = min(review, found)
    return Kept(mark, review, revenues, engine.classifications[entry.id], skips)


def _moves(entry: CustomerLedger, run: ReviewingRun, skips: Skips) -> Iterator[date]:
    """Days after ``today`` on which the customer's skips may read differently with the
    same records, beyond its next review: see the module."""
    engine = run.engine
    today = engine.today
    tomorrow = today + _DAY
    yield from (event.date for event in entry.events if event.date > today)
    grace = timedelta(days=entry.customer.grace_days)
    floor = engine.limitations.floor
    for invoice_id, reason in zip(skips[0], skips[1], strict=True):
        row = entry.row(invoice_id)
        # The limitation look-up starts once the first due date is ``floor`` behind.
        yield max(row.first_due + floor, tomorrow)
        if reason is SkipReason.ONE_MESSAGE_A_DAY or reason is SkipReason.INSOLVENCY:
            # "A message went out on that channel today" holds for today only; the
            # insolvency alert is made afresh each day (a kept result keeps no alert).
            yield tomorrow
        if reason in _WORDING_MOVES:
            # Timings words a waiting step by comparing the day with the due date
            # (the instalment's) and the end of its grace days.
            for due in (row.due_date, *(part.due_date for part in row.installments)):
                for day in (due, due + grace):
                    if day > today:
                        yield day
