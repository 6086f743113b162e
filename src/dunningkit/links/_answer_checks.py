"""What every answer is checked for: the link's purpose, a retry, the invoices it names.

Problems are gathered for one answer and raised together
(:class:`~dunningkit.errors.InvalidAnswerError`); an answer recorded once is named
after a digest of the link's claim, so a retry changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from dunningkit.errors import InvalidAnswerError, Problem
from dunningkit.links._answer_models import AnyAnswer, DisputeAnswer, PromiseAnswer
from dunningkit.links._links import LinkClaim, LinkPurpose
from dunningkit.model._invoice import Invoice, InvoiceStatus, StatusChange

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["ANSWERABLE", "KIND_FOR", "AnswerCheck", "already_answered", "answer_id", "targets"]

_ID_DOMAIN = b"dunningkit/answer/v1\x00"

# The one kind of answer each link may carry: a token speaks for one purpose.
KIND_FOR: dict[LinkPurpose, str] = {
    LinkPurpose.PAY: "payment_sent",
    LinkPurpose.PROMISE: "promise",
    LinkPurpose.DISPUTE: "dispute",
}

# Statuses an answer may move an invoice from. Anything else (paid, cancelled,
# refused, rejected, suspended) was set by the creditor or the buyer's platform and
# stays until a person changes it.
ANSWERABLE: dict[str, frozenset[InvoiceStatus]] = {
    "dispute": frozenset(
        {
            InvoiceStatus.ISSUED,
            InvoiceStatus.RECEIVED,
            InvoiceStatus.ACCEPTED,
            InvoiceStatus.PARTIALLY_ACCEPTED,
            InvoiceStatus.PAYMENT_SENT,
            InvoiceStatus.DISPUTED,
        }
    ),
    "payment_sent": frozenset(
        {
            InvoiceStatus.ISSUED,
            InvoiceStatus.RECEIVED,
            InvoiceStatus.ACCEPTED,
            InvoiceStatus.PARTIALLY_ACCEPTED,
            InvoiceStatus.PAYMENT_SENT,
        }
    ),
    "promise": frozenset(InvoiceStatus) - {InvoiceStatus.PAID, InvoiceStatus.CANCELLED},
}


def answer_id(claim: LinkClaim) -> str:
    """The id of the record an answer to this claim makes: the same for every retry.

    It is a digest of the claim, which is what the token signs, so answering the
    same link twice names the same record and changes nothing the second time.
    """
    return "link-" + hashlib.sha256(_ID_DOMAIN + claim.payload()).hexdigest()[:24]


class AnswerCheck:
    """Collects the problems of one answer, then raises them together."""

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem("answer", self.record_id, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidAnswerError(self.problems)


def already_answered(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: AnyAnswer,
    check: AnswerCheck,
) -> bool:
    """True when this very answer is already recorded; refuses a different one.

    Checked before anything else, so a retry changes nothing even when the
    invoices moved on since (paid, or the promised day passed).
    """
    ids = tuple(dict.fromkeys(parsed.invoice_ids or claim.invoice_ids))
    when: date | None = None
    if isinstance(parsed, PromiseAnswer):
        for existing in portfolio.promises:
            if existing.id == check.record_id:
                same = (existing.customer_id, existing.invoice_ids, existing.pay_by)
                if same == (claim.customer_id, ids, parsed.pay_by) and (
                    existing.amount == parsed.amount
                ):
                    return True
                when = existing.made_on
    else:
        status, note = (
            (InvoiceStatus.DISPUTED, parsed.reason)
            if isinstance(parsed, DisputeAnswer)
            else (InvoiceStatus.PAYMENT_SENT, parsed.note)
        )
        answered: dict[str, StatusChange] = {}
        for invoice_id in claim.invoice_ids:
            try:
                invoice = portfolio.invoice(invoice_id)
            except LookupError:
                continue
            for change in invoice.status_history:
                if change.reference == check.record_id:
                    answered[invoice_id] = change
        if not answered:
            return False
        if set(answered) == set(ids) and all(
            change.status is status and change.note == note for change in answered.values()
        ):
            return True
        when = min(change.date for change in answered.values())
    if when is None:
        return False
    check.problem(
        "",
        f"this link was already answered on {when}, differently; a changed answer needs "
        "a new link or a person",
    )
    check.raise_if_any()
    return False  # unreachable


def targets(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: AnyAnswer,
    today: date,
    check: AnswerCheck,
) -> list[Invoice]:
    """The link's invoices the answer is about, each checked against the portfolio."""
    ids = parsed.invoice_ids or claim.invoice_ids
    outside = [i for i in ids if i not in claim.invoice_ids]
    for invoice_id in dict.fromkeys(outside):
        check.problem("invoice_ids", f"invoice {invoice_id} is not among the link's invoices")
    if len(set(ids)) != len(ids):
        check.problem("invoice_ids", "names an invoice twice")
    try:
        portfolio.customer(claim.customer_id)
    except LookupError:
        check.problem("customer_id", f"customer {claim.customer_id} is not in the portfolio")
    found: list[Invoice] = []
    allowed = ANSWERABLE[parsed.kind]
    for invoice_id in dict.fromkeys(i for i in ids if i in claim.invoice_ids):
        try:
            invoice = portfolio.invoice(invoice_id)
        except LookupError:
            check.problem("invoice_ids", f"invoice {invoice_id} is not in the portfolio")
            continue
        if invoice.customer_id != claim.customer_id:
            check.problem(
                "invoice_ids", f"invoice {invoice_id} is not an invoice of {claim.customer_id}"
            )
            continue
        if invoice.is_credit_note:
            check.problem("invoice_ids", f"{invoice_id} is a credit note")
            continue
        status, _ = invoice.status_on(today)
        if status not in allowed:
            check.problem(
                "invoice_ids",
                f"invoice {invoice_id} is {status}; an answer to a link cannot change that "
                "(a person must)",
            )
            continue
        if portfolio.open_amount(invoice_id, today) <= 0:
            check.problem("invoice_ids", f"nothing is left to pay on invoice {invoice_id}")
            continue
        found.append(invoice)
    return found
