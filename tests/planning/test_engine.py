"""The engine's API: what next_actions, the streamed runs and the review dates use."""

from __future__ import annotations

from datetime import date

from dunningkit import Action, Alert, Skip, SkipReason, next_actions, sample_portfolio
from dunningkit._sample import sample_policy
from dunningkit.book._ledger import CustomerLedger
from dunningkit.book._portfolio import ledger_of
from dunningkit.book._revenue import book_revenue
from dunningkit.planning._engine import Engine
from dunningkit.planning._timing import Ladder

TODAY = date(2026, 3, 2)
_WAITS = {SkipReason.NOT_DUE, SkipReason.GRACE_PERIOD, SkipReason.WAITING_NEXT_STEP}


class Watch:
    """A hook that counts what it hears."""

    def __init__(self) -> None:
        self.waits = 0
        self.due: list[str] = []

    def step_waits(self, ladder: Ladder, position: int, when: date) -> None:
        assert 0 <= position < len(ladder.steps)
        assert when > TODAY
        self.waits += 1

    def steps_due(self, entry: CustomerLedger) -> None:
        self.due.append(entry.id)


def _engine(hook: Watch | None = None) -> tuple[Engine, list[CustomerLedger]]:
    book, policy = sample_portfolio(TODAY), sample_policy()
    ledger = ledger_of(book)
    revenue = book_revenue(ledger, TODAY, policy.segmentation.reference_currency)
    return Engine(TODAY, policy, revenue, hook), ledger.customers


def test_the_engine_fed_every_customer_makes_next_actions_plan() -> None:
    watch = Watch()
    engine, customers = _engine(watch)
    for entry in customers:
        engine.customer(entry)
    plan = engine.finish()
    assert plan == next_actions(sample_portfolio(TODAY), TODAY, sample_policy())
    # The hook heard of every wait, and of every customer that got a message.
    assert watch.waits == sum(n for r, n in plan.skip_counts().items() if r in _WAITS)
    assert {a.customer_id for a in plan.actions} <= set(watch.due)
    assert len(watch.due) == len(set(watch.due))


def test_draining_after_each_customer_hands_over_the_same_results() -> None:
    engine, customers = _engine()
    whole, _ = _engine()
    actions: list[Action] = []
    skips: list[Skip] = []
    alerts: list[Alert] = []
    for entry in customers:
        engine.customer(entry)
        whole.customer(entry)
        drained = engine.drain()
        assert set(drained.classifications) == {entry.id}
        assert all(call.action in drained.actions for call in drained.calls)
        actions.extend(drained.actions)
        skips.extend(drained.skips)
        alerts.extend(drained.alerts)
    assert engine.drain().actions == []
    assert sorted(a.key for a in actions) == sorted(a.key for a in whole.actions)
    plan = whole.finish()
    # Every open invoice once, before the day's calls are ranked as after.
    accounted = [s.invoice_id for s in skips] + [i for a in actions for i in a.invoice_ids]
    assert sorted(accounted) == sorted(plan.accounted_invoice_ids())
    assert tuple(alerts) == plan.alerts


def test_the_suite_checks_every_plan() -> None:
    # tests/conftest.py wraps the engine's finishing step with check_results.
    assert Engine.finish.__name__ == "checked"
