"""The segment horizon: how many of the coming planning days surely keep a customer's
segment, so that the review dates (:mod:`dunningkit.planning._review`) need not plan
it again on them.

A manual segment never moves; a custom classifier is asked again the next day. For
the default rules, every test they make (:func:`~dunningkit.segmentation._rules.threshold_tests`)
is constant or monotone between two dates of the customer's *profile calendar*, and the
revenue share moves with the book's revenue: comparing the tests at both ends of each
stretch proves the segment constant in between (bisecting otherwise).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from datetime import date

from dunningkit.book._ledger import CustomerLedger
from dunningkit.book._revenue import BookRevenue
from dunningkit.planning._engine import Engine
from dunningkit.segmentation._profile import PayerProfile, profile_of
from dunningkit.segmentation._rules import RulesClassifier, threshold_tests

__all__ = ["segment_horizon"]


def segment_horizon(
    entry: CustomerLedger,
    run: Engine,
    profile_dates: list[date],
    days: Sequence[date],
    revenues: Sequence[BookRevenue],
) -> int:
    """How many of the planning ``days`` (after ``run.today``, before the customer's
    next plan date, with their book revenue) surely keep the segment of ``run.today``.

    A manual segment never moves; a custom classifier is asked again the next day.
    For the default rules the days are cut into stretches between two profile dates:
    each stretch's first day is tested in full (its profile is computed), the revenue
    share day by day (the customer's revenue is constant within a stretch, the book's
    is not), the other tests at the stretch's last day too (each is monotone within
    a stretch), bisecting a stretch whose ends differ. Today's stretch starts from
    today's tests: its first planning day may already differ.
    """
    if not days or entry.customer.segment is not None:
        return len(days)
    if type(run.classifier) is not RulesClassifier:
        return 0
    settings = run.settings
    threshold = settings.key_account_min_revenue_share
    today = run.today
    current = run.classifications[entry.id].profile
    expected = threshold_tests(current, settings)
    share = run.revenue.share_of(current.revenue_12m) >= threshold
    facts = [row.facts_on(today) for row in entry.rows if row.issue <= today]
    grace = run.policy.promise_grace_days
    # Due dates of the open invoices the profile counts: from the first, days late grow.
    open_dues = [f.invoice.due_date for f in facts if f.settled_on is None and f.counted]
    moves_from = min(open_dues, default=None)

    def profile(n: int) -> PayerProfile:
        return profile_of(entry, facts, days[n], revenues[n], grace)

    def same(n: int) -> bool:
        return threshold_tests(profile(n), settings) == expected

    piece = bisect_right(profile_dates, today)  # today's stretch
    for n, stop, starts in _stretches(profile_dates, days):
        # The last position known to keep today's tests: today itself (before the
        # first day) in today's stretch, else the stretch's first day, tested in full.
        known = n - 1
        if starts != piece:
            current = profile(n)
            if threshold_tests(current, settings) != expected:
                return n
            piece = starts
            known = n
        for k in range(n, stop):
            if (revenues[k].share_of(current.revenue_12m) >= threshold) != share:
                return k
        # Within a stretch the tests are monotone, and constant while no open invoice
        # gets later as days pass.
        moving = moves_from is not None and moves_from <= days[n]
        if moving and stop - 1 > known and not same(stop - 1):
            return _first_different(same, known, stop - 1)
    return len(days)


def _stretches(profile_dates: list[date], days: Sequence[date]) -> Iterator[tuple[int, int, int]]:
    """Each stretch ``days[n:stop]`` with no profile date after its first day, as
    ``(n, stop, starts)``: ``starts`` tells the stretches apart."""
    n = 0
    while n < len(days):
        starts = bisect_right(profile_dates, days[n])
        stop = n + 1
        while stop < len(days) and bisect_right(profile_dates, days[stop]) == starts:
            stop += 1
        yield n, stop, starts
        n = stop


def _first_different(same: Callable[[int], bool], low: int, high: int) -> int:
    """The first position whose answer differs, by bisection: ``same(low)`` (known,
    never asked), not ``same(high)``, and the answers monotone in between."""
    while high - low > 1:
        middle = (low + high) // 2
        if same(middle):
            low = middle
        else:
            high = middle
    return high
