"""The history a portfolio draws for an invoice: a dunning event, a payment promise.

Plain functions of ``draw`` (called from the portfolio's composite), so that a book
draws its values in one sequence.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from dunningkit.model._channel import Channel
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import PaymentPromise

__all__ = ["draw_event", "draw_promise"]


def draw_event(draw: st.DrawFn, invoice: Invoice) -> DunningEvent:
    """A step of dunning taken on ``invoice``, from a few days before its due date."""
    return DunningEvent(
        id=f"E-{invoice.id}",
        customer_id=invoice.customer_id,
        invoice_ids=(invoice.id,),
        date=max(
            invoice.issue_date,
            invoice.due_date + timedelta(days=draw(st.integers(-5, 40))),
        ),
        step_id=draw(st.sampled_from(["pre_due", "reminder_1", "call"])),
        channel=draw(st.sampled_from([Channel.EMAIL, Channel.PHONE])),
        outcome=draw(st.sampled_from(list(EventOutcome))),
    )


def draw_promise(draw: st.DrawFn, invoice: Invoice) -> PaymentPromise:
    """A promise to pay ``invoice``, made after its due date."""
    made = invoice.due_date + timedelta(days=draw(st.integers(0, 30)))
    return PaymentPromise(
        id=f"PR-{invoice.id}",
        customer_id=invoice.customer_id,
        invoice_ids=(invoice.id,),
        made_on=made,
        pay_by=made + timedelta(days=draw(st.integers(0, 30))),
    )
