"""The planner's guarantees, stated as properties over generated portfolios."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    DunningEvent,
    Plan,
    Policy,
    Portfolio,
    default_policy,
    next_actions,
)
from dunningkit.book._figures import due_now
from dunningkit.testing import portfolios
from tests.builders import GENERATED_DAY as TODAY

books = portfolios(max_customers=4, max_invoices=5, currencies=("EUR", "USD"))
days = st.integers(-60, 120).map(lambda n: TODAY + timedelta(days=n))
# Spelled out here rather than imported: the test states the rule independently.
NEVER_DUNNED = {"paid", "cancelled", "disputed", "suspended", "refused", "rejected"}


def record(book: Portfolio, plan: Plan, day: date, tag: str) -> Portfolio:
    """The book after the host sent every action of the plan."""
    events = [
        DunningEvent.for_action(a, id=f"{tag}-{n}", on=day) for n, a in enumerate(plan.actions)
    ]
    return book.model_copy(update={"events": (*book.events, *events)})


@given(books, days)
def test_every_outstanding_invoice_appears_exactly_once(book: Portfolio, today: date) -> None:
    plan = next_actions(book, today)
    open_ids = sorted(i.id for i in book.invoices if book.outstanding_amount(i.id, today) > 0)
    assert sorted(plan.accounted_invoice_ids()) == open_ids


@given(books, days, st.randoms(use_true_random=False))
def test_same_plan_for_any_record_order(book: Portfolio, today: date, rng: object) -> None:
    sections = {
        name: list(getattr(book, name))
        for name in ("customers", "invoices", "payments", "promises", "events")
    }
    for records in sections.values():
        rng.shuffle(records)  # type: ignore[attr-defined]
    shuffled = Portfolio.model_validate(sections)
    assert next_actions(shuffled, today) == next_actions(book, today)


@given(books, days)
def test_planning_is_pure(book: Portfolio, today: date) -> None:
    assert next_actions(book, today) == next_actions(book, today)


@given(books, days, st.sampled_from([0, 5]))
def test_replanning_after_sending_proposes_nothing_again(
    book: Portfolio, today: date, gap: int
) -> None:
    policy = default_policy().model_copy(update={"min_days_between_contacts": gap})
    plan = next_actions(book, today, policy)
    sent = {(i, a.step_id) for a in plan.actions for i in a.invoice_ids}
    again = next_actions(record(book, plan, today, "sent"), today, policy)
    for action in again.actions:
        assert not {(i, action.step_id) for i in action.invoice_ids} & sent
    if gap:
        contacted = {a.customer_id for a in plan.actions}
        assert not {a.customer_id for a in again.actions} & contacted


@given(books, st.lists(st.integers(1, 12), min_size=2, max_size=6))
def test_escalation_never_goes_back(book: Portfolio, steps: list[int]) -> None:
    # Per ladder: an invoice's, or on a payment plan its earliest open instalment's (each
    # instalment climbs its own ladder from its own due date, issue 22).
    policy: Policy = default_policy()
    reached: dict[tuple[str, date], int] = {}
    day = TODAY
    for n, step in enumerate(steps):
        day += timedelta(days=step)
        plan = next_actions(book, day, policy)
        for action in plan.actions:
            scenario = policy.scenarios.get(action.scenario_id, None)
            offset = next(
                s.offset_days
                for sc in ([scenario] if scenario else policy.scenarios.values())
                for s in sc.steps
                if s.id == action.step_id
            )
            for invoice_id in action.invoice_ids:
                invoice = book.invoice(invoice_id)
                ladder = invoice.due_date
                if invoice.installments:
                    ladder = due_now(book.facts(invoice_id, day), day)[0]
                key = (invoice_id, ladder)
                assert offset >= reached.get(key, offset)
                reached[key] = offset
        book = record(book, plan, day, f"d{n}")


@given(books, days)
def test_never_dunning_paid_disputed_or_held_invoices(book: Portfolio, today: date) -> None:
    for action in next_actions(book, today).actions:
        customer = book.customer(action.customer_id)
        assert customer.hold is None or not customer.hold.active_on(today)
        assert action.scheduled_for >= today
        assert default_policy().calendar.is_business_day(action.scheduled_for)
        for invoice_id in action.invoice_ids:
            invoice = book.invoice(invoice_id)
            assert invoice.currency == action.currency
            assert not invoice.is_credit_note
            assert invoice.status_on(today)[0] not in NEVER_DUNNED
            assert invoice.hold is None or not invoice.hold.active_on(today)
            assert book.open_amount(invoice_id, today) > 0
