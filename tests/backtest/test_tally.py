"""The tally of a replay: prices, friction, loads per customer and month, journeys."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    Action,
    Backtest,
    Channel,
    ChannelCosts,
    Policy,
    Portfolio,
    SkipReason,
    backtest,
    sample_portfolio,
)
from dunningkit._sample import sample_policy
from dunningkit.backtest._replay import replay
from dunningkit.backtest._tally import Tally
from dunningkit.book._portfolio import ledger_of
from dunningkit.planning._guardrails import GUARDRAILS
from dunningkit.planning._run import replayed_day
from dunningkit.testing import policies, portfolios
from tests.backtest.history import START, TODAY


def test_costs_follow_the_price_list(book: Portfolio) -> None:
    costs = ChannelCosts(email=Decimal(1), phone=Decimal(10), approval=Decimal(100))
    priced = backtest(book, sample_policy(), start=START, end=TODAY, costs=costs)
    assert priced.cost.get("email", Decimal(0)) == priced.contacts.get("email", 0) * Decimal(1)
    assert priced.cost.get("phone", Decimal(0)) == priced.contacts.get("phone", 0) * Decimal(10)
    assert priced.cost.get("approval", Decimal(0)) == priced.approvals_requested * 100
    assert priced.total_cost == sum(priced.cost.values(), Decimal(0))
    assert priced.total_cost == sum((d.total_cost for d in priced.days), Decimal(0))


def test_agency_fee_is_a_percentage_of_the_amount_handed_over() -> None:
    costs = ChannelCosts(collection_agency_percent=Decimal(20))
    book = sample_portfolio(TODAY)
    strict = sample_policy().model_copy(update={"min_days_between_contacts": 1})
    run = backtest(book, strict, start=TODAY - timedelta(days=150), end=TODAY, costs=costs)
    handed = [
        a
        for d in replay(book, strict, start=TODAY - timedelta(days=150), end=TODAY)
        for a in d.sent
        if a.channel is Channel.COLLECTION_AGENCY
    ]
    assert handed, "the strict policy hands files over on the sample book"
    expected = sum(
        ((a.amount_due * 20 / 100).quantize(Decimal("0.01")) for a in handed), Decimal(0)
    )
    assert run.cost["collection_agency"] == expected
    assert run.hand_overs == len(handed)


def test_formal_notices_and_peak_calls(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    assert result.formal_notices == sum(1 for a in sent if a.tone == "formal_notice")
    calls: dict[date, int] = {}
    for a in sent:
        if a.channel is Channel.PHONE:
            calls[a.scheduled_for] = calls.get(a.scheduled_for, 0) + 1
    assert result.peak_daily_calls == max(calls.values())


def test_no_contact_while_payment_sent_or_promised_on_the_sample(result: Backtest) -> None:
    assert result.contacts_while_payment_sent_or_promised == 0


@given(
    portfolios(max_customers=3, max_invoices=4, spread_days=60),
    policies(),
    st.integers(-30, 30).map(lambda n: date(2026, 1, 1) + timedelta(days=n)),
)
def test_no_contact_while_payment_sent_or_promised(
    book: Portfolio, policy: Policy, start: date
) -> None:
    run = backtest(book, policy, start=start, end=start + timedelta(days=60))
    assert run.contacts_while_payment_sent_or_promised == 0


_HELD = (SkipReason.PAYMENT_SENT, SkipReason.PROMISE_PENDING)
_REASONS = [g.reason for g in GUARDRAILS]
_BEFORE = frozenset(_REASONS[: _REASONS.index(SkipReason.PAYMENT_SENT)])


def _held_as_planned(book: Portfolio, policy: Policy, day: date) -> dict[SkipReason | None, int]:
    """Check the tally's "held" against the plan of ``day``, invoice by invoice, where the
    planner reaches the payment-sent and promise guardrails (no earlier guardrail stops
    the invoice): held exactly when the plan skips it for one of them. Returns how many
    invoices were checked, by skip reason (``None``: in an action)."""
    ledger = ledger_of(book)
    tally = Tally(policy, ChannelCosts(), ledger)
    plan = replayed_day(book, day, policy)  # a past day: later proceedings do not apply
    checked: dict[SkipReason | None, int] = {}
    outcomes = [(a.customer_id, i, None) for a in plan.actions for i in a.invoice_ids]
    outcomes += [(s.customer_id, s.invoice_id, s.reason) for s in plan.skipped]
    for customer_id, invoice_id, reason in outcomes:
        if reason in _BEFORE:
            continue
        one = cast("Action", SimpleNamespace(invoice_ids=(invoice_id,), scheduled_for=day))
        held = tally._held(ledger.by_id[customer_id], one)
        assert held is (reason in _HELD), (invoice_id, reason)
        checked[reason] = checked.get(reason, 0) + 1
    return checked


def test_the_tally_holds_an_invoice_exactly_when_the_planner_does(book: Portfolio) -> None:
    checked: dict[SkipReason | None, int] = {}
    weekly = [START + timedelta(days=n) for n in range(0, (TODAY - START).days, 7)]
    around_the_graces = [TODAY + timedelta(days=n) for n in range(-2, 8)]
    for day in weekly + around_the_graces:
        for reason, n in _held_as_planned(book, sample_policy(), day).items():
            checked[reason] = checked.get(reason, 0) + n
    assert checked.get(SkipReason.PAYMENT_SENT)
    assert checked.get(SkipReason.PROMISE_PENDING)
    assert checked.get(None)


@given(
    portfolios(max_customers=3, max_invoices=4, spread_days=60),
    policies(),
    st.integers(-30, 30).map(lambda n: date(2026, 1, 1) + timedelta(days=n)),
)
def test_the_tally_holds_as_the_planner_on_generated_books(
    book: Portfolio, policy: Policy, day: date
) -> None:
    _held_as_planned(book, policy, day)


def test_paid_within_3_days_after_counts_needless_contacts(
    result: Backtest, book: Portfolio
) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    payments = {p.invoice_id: [] for p in book.payments}
    for p in book.payments:
        payments[p.invoice_id].append(p.date)
    expected = 0
    for a in sent:
        window = range(1, 4)
        if any(
            (d - a.scheduled_for).days in window for i in a.invoice_ids for d in payments.get(i, ())
        ):
            expected += 1
    assert result.paid_within_3_days_after >= expected
    assert result.paid_within_3_days_after <= result.total_contacts


def test_contacts_per_customer_and_month_by_segment(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    months: dict[tuple[str, str, str], int] = {}
    for a in sent:
        key = (a.segment, a.customer_id, a.scheduled_for.strftime("%Y-%m"))
        months[key] = months.get(key, 0) + 1
    for segment, load in result.contacts_per_customer_month.items():
        counts = [n for (s, _, _), n in months.items() if s == segment]
        assert load.max == max(counts)
        assert load.mean == pytest.approx(sum(counts) / len(counts))
        assert load.customer_months == len(counts)


def test_invoice_journeys_list_the_steps_before_payment(result: Backtest) -> None:
    journeys = list(result.invoices.values())
    assert any(j.steps for j in journeys)
    for j in journeys:
        assert [s[0] for s in j.steps] == sorted(s[0] for s in j.steps)
        if j.paid_on is not None:
            assert START <= j.paid_on <= TODAY
            assert j.steps_before_payment == sum(1 for s in j.steps if s[0] <= j.paid_on)
    assert sum(result.steps_before_payment().values()) == sum(
        1 for j in journeys if j.paid_on is not None
    )
