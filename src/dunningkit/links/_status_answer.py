"""A dispute or "payment sent" answered through a link moves the invoices' status.

The status replaced stays in the invoice's history (for replays as of earlier days);
the new entry carries the customer's words as its note and the answer's id as its
reference.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from dunningkit.book._validation import problems_from_validation_error
from dunningkit.errors import Problem
from dunningkit.links._answer_checks import AnswerCheck
from dunningkit.model._invoice import Invoice, InvoiceStatus, StatusChange

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["record_status"]


def record_status(
    portfolio: Portfolio,
    targets: list[Invoice],
    status: InvoiceStatus,
    note: str | None,
    today: date,
    check: AnswerCheck,
) -> Portfolio:
    reference = check.record_id
    replaced: dict[str, Invoice] = {}
    for invoice in targets:
        since = invoice.status_date or invoice.issue_date
        if since > today:
            check.problem(
                "invoice_ids", f"invoice {invoice.id} has a status dated {since}, after today"
            )
            continue
        history = list(invoice.status_history)
        if invoice.status is not InvoiceStatus.ISSUED or invoice.status_date is not None:
            # The status being replaced stays known for replays as of earlier days.
            history.append(
                StatusChange(
                    date=since, status=invoice.status, accepted_amount=invoice.accepted_amount
                )
            )
        history.append(StatusChange(date=today, status=status, note=note, reference=reference))
        data = invoice.model_dump()
        data.update(status=status, status_date=today, status_history=history)
        try:
            replaced[invoice.id] = Invoice.model_validate(data)
        except ValidationError as error:
            check.problems.extend(
                Problem("answer", reference, f"invoice {invoice.id}: {p.field}", p.message)
                for p in problems_from_validation_error(error, "answer", reference)
            )
    check.raise_if_any()
    invoices = tuple(replaced.get(invoice.id, invoice) for invoice in portfolio.invoices)
    return portfolio.model_copy(update={"invoices": invoices})
