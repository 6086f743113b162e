"""The words of an action's reasons: why this customer, these invoices, this step.

Each reason is a :class:`~dunningkit.Reason`: a code that programs (``explain``, a
host's UI) read, and the sentence a credit manager reads. Nothing downstream matches
on the sentence.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts
from dunningkit.planning._grouping import Candidate
from dunningkit.planning._guardrails import money
from dunningkit.planning._results import Reason
from dunningkit.policy._scenario import Step
from dunningkit.segmentation._rules import Classification

__all__ = ["action_reasons"]


def _when(late: int) -> str:
    if late > 0:
        return f"{late} days overdue"
    return "due today" if late == 0 else f"due in {-late} days"


def _fee(m: Candidate, step: Step) -> Reason | None:
    """What the step charges on the invoice, in words (``None``: the step has no fee)."""
    fee, charged = step.fee, m.fee
    if fee is None:
        return None
    if charged.again:
        text = f"invoice {m.invoice_id}: the fee of '{step.title}' was charged when it was done"
        return Reason("fee", text + " first; not again", m.invoice_id)
    parts = []
    if fee.fixed and not charged.unlisted:
        parts.append(f"{money(fee.fixed[m.currency], m.currency)} fixed")
    if fee.percent is not None:
        parts.append(f"{fee.percent}% of {money(m.amount, m.currency)}")
    text = f"invoice {m.invoice_id}: fee of {money(charged.amount, m.currency)} for '{step.title}'"
    if parts:
        text += f" ({' + '.join(parts)})"
    if charged.unlisted:
        listed = ", ".join(sorted(fee.fixed))
        text += f"; no fixed fee in {m.currency}: the step lists one in {listed} only"
    return Reason("fee", text, m.invoice_id)


def action_reasons(
    today: date,
    classification: Classification,
    members: list[Candidate],
    extra: list[InvoiceFacts],
    step: Step,
    chosen: str,
    credit: Decimal | None,
) -> tuple[Reason, ...]:
    """The reasons of one action, in the order a person reads them.

    ``chosen`` says why the step (see :class:`~dunningkit.planning._timing.Ladder`); ``credit``
    is the customer's open credit notes in the action's currency.
    """
    why = [
        Reason("segment", f"segment {classification.segment}: {'; '.join(classification.reasons)}")
    ]
    said: set[int] = set()  # notes shared by several invoices are said once
    for m in members:
        when = _when((today - m.due).days)
        text = f"invoice {m.invoice_id}: {money(m.amount, m.currency)} open, {when}"
        why.append(Reason("invoice", text, m.invoice_id))
        fee = _fee(m, step)
        if fee is not None:
            why.append(fee)
        for note in m.notes:
            if note.invoice_id is None:
                if id(note) in said:
                    continue
                said.add(id(note))
            why.append(note)
    why.extend(
        Reason(
            "included",
            f"invoice {f.invoice.id}: {money(f.open, f.invoice.currency)} open, included in "
            "this reminder of every overdue invoice",
            f.invoice.id,
        )
        for f in extra
    )
    why.append(Reason("step", chosen))
    if credit:
        currency = members[0].currency
        why.append(
            Reason("credit", f"open credit notes of {money(credit, currency)} can be offset")
        )
    if step.requires_approval:
        why.append(Reason("approval", "needs a person's approval before it goes out"))
    return tuple(why)
