"""replan equals next_actions, day after day, while the book grows as a nightly job sees it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dunningkit import (
    DunningEvent,
    Payment,
    Plan,
    Policy,
    Portfolio,
    default_policy,
    next_actions,
    replan,
)
from dunningkit.testing import policies, portfolios
from tests.builders import GENERATED_DAY

books = portfolios(max_customers=5, max_invoices=4, currencies=("EUR", "USD"), spread_days=60)
starts = st.integers(-30, 60).map(lambda n: GENERATED_DAY + timedelta(days=n))
# What happens overnight: the day's actions recorded as sent (or not), a payment on an
# outstanding invoice, a new invoice, a reminder from outside the plan; then 1 to 9 days.
changes = st.lists(st.sampled_from(["send", "pay", "invoice", "event"]), max_size=3, unique=True)
nights = st.lists(st.tuples(st.integers(1, 9), changes), min_size=1, max_size=8)


def _grow(book: Portfolio, plan: Plan, day: date, n: int, what: list[str], pick: int) -> Portfolio:
    """The book after one night's records (``pick`` chooses the invoice)."""
    events = list(book.events)
    payments = list(book.payments)
    invoices = list(book.invoices)
    if "send" in what:
        events += [
            DunningEvent.for_action(a, id=f"n{n}-{k}", on=a.scheduled_for)
            for k, a in enumerate(plan.actions)
        ]
    owing = [i for i in invoices if book.outstanding_amount(i.id, day) > 0]
    if "pay" in what and owing:
        invoice = owing[pick % len(owing)]
        # Half of what is left unpaid by every payment, whatever its date.
        paid = sum((p.amount for p in payments if p.invoice_id == invoice.id), Decimal(0))
        part = ((invoice.amount - paid) / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        if part > 0:
            payments.append(
                Payment(
                    id=f"pay-{n}",
                    invoice_id=invoice.id,
                    date=day,
                    amount=part,
                    currency=invoice.currency,
                )
            )
    if "invoice" in what and invoices:
        model = invoices[pick % len(invoices)]
        invoices.append(
            model.model_copy(
                update={
                    "id": f"new-{n}",
                    "issue_date": day,
                    "due_date": day + timedelta(days=pick % 40),
                    "status_date": None,
                    "status_history": (),
                    "installments": (),
                    "hold": None,
                    "direct_debit": False,
                    "collection_date": None,
                }
            )
        )
    if "event" in what and owing:
        invoice = owing[(pick + 1) % len(owing)]
        events.append(
            DunningEvent(
                id=f"ev-{n}",
                customer_id=invoice.customer_id,
                invoice_ids=(invoice.id,),
                date=day,
                channel="email",
                step_id="outside",
            )
        )
    return book.model_copy(update={"events": events, "payments": payments, "invoices": invoices})


@settings(max_examples=60, deadline=None)
@given(books, starts, nights, st.integers(0, 1000))
def test_replan_equals_next_actions_every_night(
    book: Portfolio, start: date, plan_nights: list[tuple[int, list[str]]], pick: int
) -> None:
    policy = default_policy()
    day = start
    plan = replan(None, book, day, policy)
    assert plan == next_actions(book, day, policy)
    for n, (gap, what) in enumerate(plan_nights):
        book = _grow(book, plan, day, n, what, pick + n)
        day += timedelta(days=gap)
        plan = replan(plan, book, day, policy)
        expected = next_actions(book, day, policy)
        assert plan == expected
        assert plan.to_json() == expected.to_json()


@settings(max_examples=30, deadline=None)
@given(books, starts, st.lists(st.integers(1, 6), min_size=1, max_size=6), policies())
def test_replan_equals_next_actions_with_any_policy(
    book: Portfolio, start: date, gaps: list[int], policy: Policy
) -> None:
    day = start
    plan = replan(None, book, day, policy)
    for n, gap in enumerate(gaps):
        book = _grow(book, plan, day, n, ["send"], n)
        day += timedelta(days=gap)
        plan = replan(plan, book, day, policy)
        assert plan == next_actions(book, day, policy)
