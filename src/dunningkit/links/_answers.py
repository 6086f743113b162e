"""The customer's answer to a self-service link, recorded as the planner's records.

A promise becomes a :class:`~dunningkit.PaymentPromise`; a dispute moves the
invoices to ``disputed`` with the customer's reason; "payment sent" moves them to
``payment_sent``. Each is checked like any record, and named after a digest of the
link's claim, so the same answer applied twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from dunningkit.errors import InvalidLink
from dunningkit.links._answer_checks import (
    KIND_FOR,
    AnswerCheck,
    already_answered,
    answer_id,
    targets,
)
from dunningkit.links._answer_forms import parse_answer
from dunningkit.links._answer_models import (
    AnyAnswer,
    DisputeAnswer,
    PaymentSentAnswer,
    PromiseAnswer,
)
from dunningkit.links._links import LinkClaim, LinkFailure
from dunningkit.links._promise_answer import record_promise
from dunningkit.links._status_answer import record_status
from dunningkit.model._invoice import InvoiceStatus

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = ["apply_answer"]


def apply_answer(
    portfolio: Portfolio,
    claim: LinkClaim,
    answer: PromiseAnswer | DisputeAnswer | PaymentSentAnswer | Mapping[str, Any] | date | str,
    *,
    today: date,
    max_promise_days: int = 90,
) -> Portfolio:
    """The portfolio with the customer's answer to a verified link recorded.

    - a :class:`PromiseAnswer` (pay-by date, optional amount) becomes a
      :class:`~dunningkit.PaymentPromise`;
    - a :class:`DisputeAnswer` (reason) moves the invoices to ``disputed``; the
      newest entry of their ``status_history`` holds the reason as its ``note``;
    - a :class:`PaymentSentAnswer` moves them to ``payment_sent``.

    ``answer`` may also be plain form data (a mapping); its ``kind`` defaults to
    the one the link's purpose allows. Shorthands: a date is the pay-by date of a
    promise; text is a kind (``"payment_sent"``) or, through a dispute link, the
    reason. Every record gets the id
    :func:`answer_id` gives, so applying the same answer again returns the
    portfolio unchanged; a *different* answer to the same link is refused (ask
    for a new link, or a person). The result is checked like any portfolio.

    Args:
        claim: what :func:`verify` returned for the link's token.
        today: the day the answer is recorded (``made_on``, ``status_date``).
        max_promise_days: the latest pay-by date a customer may promise, in days
            from today; a promise further out needs a person.

    Raises:
        InvalidLink: the claim expired before ``today``.
        InvalidAnswerError: every problem with the answer (a pay-by date in the
            past, an amount above what is open, an invoice not in the link, an
            answer the link's purpose does not allow...).
    """
    if today > claim.expires_on:
        raise InvalidLink(LinkFailure.EXPIRED)
    check = AnswerCheck(answer_id(claim))
    parsed = _answer_for(claim, answer, check)
    if already_answered(portfolio, claim, parsed, check):
        return portfolio  # the same answer again: nothing changes
    # Problems with the invoices and with the answer's values are reported together.
    found = targets(portfolio, claim, parsed, today, check)
    if isinstance(parsed, PromiseAnswer):
        return record_promise(portfolio, claim, parsed, found, today, max_promise_days, check)
    if isinstance(parsed, DisputeAnswer):
        return record_status(portfolio, found, InvoiceStatus.DISPUTED, parsed.reason, today, check)
    return record_status(portfolio, found, InvoiceStatus.PAYMENT_SENT, parsed.note, today, check)


def _answer_for(claim: LinkClaim, answer: object, check: AnswerCheck) -> AnyAnswer:
    """The answer read, when it is the one kind the link's purpose allows."""
    expected = KIND_FOR.get(claim.purpose)
    if expected is None:
        check.problem(
            "kind", f"a {claim.purpose} link records nothing; forward the request to a person"
        )
        check.raise_if_any()
    parsed = parse_answer(answer, expected, check)
    if parsed.kind != expected:
        check.problem(
            "kind", f"a {claim.purpose} link takes a {expected} answer, not {parsed.kind}"
        )
        check.raise_if_any()
    return parsed
