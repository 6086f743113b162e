"""The customer's answer to a self-service link, recorded as the planner's records.

A promise becomes a :class:`~dunningkit.PaymentPromise`; a dispute moves the
invoices to ``disputed`` with the customer's reason; "payment sent" moves them to
``payment_sent``. Each is checked like any record, and named after a digest of the
link's claim, so the same answer applied twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
)

from dunningkit.book._portfolio import problems_from_validation_error
from dunningkit.errors import InvalidAnswerError, InvalidLink, Problem
from dunningkit.links._links import LinkClaim, LinkFailure, LinkPurpose
from dunningkit.model._invoice import Invoice, InvoiceStatus, StatusChange
from dunningkit.model._payment import PaymentPromise
from dunningkit.model._types import MODEL_CONFIG, Money, RecordId, currency_places, currency_unit

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio

__all__ = [
    "DisputeAnswer",
    "LinkAnswer",
    "PaymentSentAnswer",
    "PromiseAnswer",
    "answer_id",
    "apply_answer",
]

_ID_DOMAIN = b"dunningkit/answer/v1\x00"
_MAX_REASON_CHARS = 2000
_MAX_NOTE_CHARS = 200
_SPACES = {"Zs", "Zl", "Zp"}  # space, line and paragraph separators


def _customer_text(limit: int) -> Any:
    def check(value: str) -> str:
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        # Other spaces (no-break, thin, ideographic...) read as a space: store one,
        # so that what is kept is what a person sees, and trims as a space does.
        text = "".join(
            " " if c != " " and unicodedata.category(c) in _SPACES else c for c in text
        ).strip()
        if not text:
            raise ValueError("must not be blank")
        if len(text) > limit:
            raise ValueError(f"is {len(text)} characters long; at most {limit}")
        for char in text:
            if char in "\n\t":
                continue
            # Control, format (bidi overrides, zero-width), surrogate, private and
            # unassigned characters hide or reorder what a person reads.
            if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
                raise ValueError(f"contains an invisible or control character (U+{ord(char):04X})")
        return text

    return AfterValidator(check)


def _iso_day(value: Any) -> Any:
    # Form data gives text: accept YYYY-MM-DD only, never a number read as a timestamp.
    if isinstance(value, datetime):
        raise ValueError("must be a date, not a date and time")  # noqa: TRY004 - pydantic wants ValueError
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    raise ValueError("must be a date written YYYY-MM-DD")


_Day = Annotated[date, BeforeValidator(_iso_day)]
_Ids = tuple[RecordId, ...]


class PromiseAnswer(BaseModel):
    """The customer promises to pay by ``pay_by`` (``date`` in form data).

    Attributes:
        amount: the sum promised, in the invoices' currency; ``None``: all of it.
        invoice_ids: the invoices promised, among the link's; empty: all of them.
    """

    model_config = MODEL_CONFIG

    kind: Literal["promise"] = "promise"
    pay_by: _Day = Field(validation_alias=AliasChoices("pay_by", "date"))
    amount: Money | None = None
    invoice_ids: _Ids = ()


class DisputeAnswer(BaseModel):
    """The customer disputes the invoices; ``reason`` (``text`` in form data) says why."""

    model_config = MODEL_CONFIG

    kind: Literal["dispute"] = "dispute"
    reason: Annotated[str, _customer_text(_MAX_REASON_CHARS)] = Field(
        validation_alias=AliasChoices("reason", "text")
    )
    invoice_ids: _Ids = ()


class PaymentSentAnswer(BaseModel):
    """The customer says the payment is on its way; ``note`` (e.g. a transfer reference)."""

    model_config = MODEL_CONFIG

    kind: Literal["payment_sent"] = "payment_sent"
    note: Annotated[str, _customer_text(_MAX_NOTE_CHARS)] | None = Field(
        default=None, validation_alias=AliasChoices("note", "reference")
    )
    invoice_ids: _Ids = ()


LinkAnswer = Annotated[
    PromiseAnswer | DisputeAnswer | PaymentSentAnswer, Field(discriminator="kind")
]
"""Any answer :func:`apply_answer` records."""

_ANSWERS: TypeAdapter[PromiseAnswer | DisputeAnswer | PaymentSentAnswer] = TypeAdapter(LinkAnswer)

# The one kind of answer each link may carry: a token speaks for one purpose.
_KIND_FOR: dict[LinkPurpose, str] = {
    LinkPurpose.PAY: "payment_sent",
    LinkPurpose.PROMISE: "promise",
    LinkPurpose.DISPUTE: "dispute",
}

# Statuses an answer may move an invoice from. Anything else (paid, cancelled,
# refused, rejected, suspended) was set by the creditor or the buyer's platform and
# stays until a person changes it.
_ANSWERABLE: dict[str, frozenset[InvoiceStatus]] = {
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


class _Answer:
    """Collects the problems of one answer, then raises them together."""

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem("answer", self.record_id, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidAnswerError(self.problems)


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
    record_id = answer_id(claim)
    check = _Answer(record_id)
    expected = _KIND_FOR.get(claim.purpose)
    if expected is None:
        check.problem(
            "kind", f"a {claim.purpose} link records nothing; forward the request to a person"
        )
        check.raise_if_any()
    parsed = _parse(answer, expected, check)
    if parsed.kind != expected:
        check.problem(
            "kind", f"a {claim.purpose} link takes a {expected} answer, not {parsed.kind}"
        )
        check.raise_if_any()
    if _already_answered(portfolio, claim, parsed, check):
        return portfolio  # the same answer again: nothing changes
    # Problems with the invoices and with the answer's values are reported together.
    targets = _targets(portfolio, claim, parsed, today, check)
    if isinstance(parsed, PromiseAnswer):
        return _promise(portfolio, claim, parsed, targets, today, max_promise_days, check)
    if isinstance(parsed, DisputeAnswer):
        return _status(portfolio, targets, InvoiceStatus.DISPUTED, parsed.reason, today, check)
    return _status(portfolio, targets, InvoiceStatus.PAYMENT_SENT, parsed.note, today, check)


def _already_answered(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: PromiseAnswer | DisputeAnswer | PaymentSentAnswer,
    check: _Answer,
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


def _parse(
    answer: object, expected: str | None, check: _Answer
) -> PromiseAnswer | DisputeAnswer | PaymentSentAnswer:
    if isinstance(answer, (PromiseAnswer, DisputeAnswer, PaymentSentAnswer)):
        return answer
    answer = _shorthand(answer, expected)
    if not isinstance(answer, Mapping):
        check.problem(
            "",
            f"{repr(answer)[:60]} is not an answer: give an answer model, form data, a date "
            "(a promise) or text (a dispute's reason)",
        )
        check.raise_if_any()
    data = _form(dict(answer), expected)  # type: ignore[call-overload]
    if data["kind"] not in _ANSWERABLE:
        check.problem(
            "kind", f"{data['kind']!r} is not an answer (promise, dispute or payment_sent)"
        )
        check.raise_if_any()
    try:
        return _ANSWERS.validate_python(data)
    except ValidationError as error:
        problems = problems_from_validation_error(error, "answer", check.record_id)
        # The union's tag is noise in a field name: "promise.pay_by" -> "pay_by".
        for problem in problems:
            field = problem.field.split(".", 1)[1] if "." in problem.field else problem.field
            check.problem(field, problem.message)
        check.raise_if_any()
        raise  # unreachable: there was at least one problem


# What a form's answer may be called; the models' own names always work.
_KIND_WORDS = {
    "promise": "promise",
    "dispute": "dispute",
    "payment_sent": "payment_sent",
    "payment sent": "payment_sent",
    "payment-sent": "payment_sent",
    "sent": "payment_sent",
    "paid": "payment_sent",
    "pay": "payment_sent",
}


def _shorthand(answer: object, expected: str | None) -> object:
    """A bare answer as a mapping: a date promised, a kind named, or a dispute's words."""
    if isinstance(answer, date) and not isinstance(answer, datetime):
        return {"pay_by": answer}
    if isinstance(answer, str):
        if answer.strip().lower() in _KIND_WORDS:
            return {"kind": answer}
        if expected == "dispute":
            return {"reason": answer}
        if expected == "payment_sent":
            return {"note": answer}
    return answer


def _form(data: dict[str, Any], expected: str | None) -> dict[str, Any]:
    """Form fields in the models' shape: ``kind`` named or implied, nesting undone.

    ``{"answer": "paid"}`` and ``{"kind": "payment sent"}`` name the kind;
    ``{"promise": {"date": ...}}`` and ``{"dispute": "the reason"}`` nest the answer
    under it; without any, the link's purpose says which answer it is.
    """
    for name in ("answer", "type"):
        if "kind" not in data and isinstance(data.get(name), str):
            data["kind"] = data.pop(name)
    if "kind" not in data:
        nested = [key for key in ("promise", "dispute", "payment_sent") if key in data]
        if len(nested) == 1:
            wrapper = nested[0]
            inner = data.pop(wrapper)
            if isinstance(inner, Mapping):
                data.update(inner)
            elif wrapper == "dispute" and isinstance(inner, str):
                data["reason"] = inner
            elif wrapper == "payment_sent" and isinstance(inner, str):
                data["note"] = inner
            data["kind"] = wrapper
    kind: object = data.get("kind", expected)
    if isinstance(kind, str):
        kind = _KIND_WORDS.get(kind.strip().lower(), kind)
    data["kind"] = kind
    return data


def _targets(
    portfolio: Portfolio,
    claim: LinkClaim,
    parsed: PromiseAnswer | DisputeAnswer | PaymentSentAnswer,
    today: date,
    check: _Answer,
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
    allowed = _ANSWERABLE[parsed.kind]
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


def _promise(
    portfolio: Portfolio,
    claim: LinkClaim,
    answer: PromiseAnswer,
    targets: list[Invoice],
    today: date,
    max_days: int,
    check: _Answer,
) -> Portfolio:
    if answer.pay_by < today:
        check.problem("pay_by", f"{answer.pay_by} is in the past (today is {today})")
    latest = today + timedelta(days=max_days)
    if answer.pay_by > latest:
        check.problem(
            "pay_by",
            f"{answer.pay_by} is more than {max_days} days away (at the latest {latest}); "
            "a longer delay needs a person",
        )
    currencies = sorted({invoice.currency for invoice in targets})
    currency: str | None = None
    if answer.amount is not None:
        if len(currencies) > 1:
            check.problem(
                "amount", f"the invoices are in {', '.join(currencies)}; promise one currency"
            )
        elif currencies:  # none when every invoice was refused above
            currency = currencies[0]
            if answer.amount.quantize(currency_unit(currency)) != answer.amount:
                check.problem(
                    "amount",
                    f"{answer.amount} has more decimals than {currency} allows "
                    f"({currency_places(currency)})",
                )
            open_total = sum(
                (portfolio.open_amount(invoice.id, today) for invoice in targets), Decimal(0)
            )
            if answer.amount > open_total:
                check.problem(
                    "amount", f"{answer.amount} {currency} is more than is open ({open_total})"
                )
    check.raise_if_any()
    ids = tuple(invoice.id for invoice in targets)
    try:
        promise = PaymentPromise(
            id=check.record_id,
            customer_id=claim.customer_id,
            invoice_ids=ids,
            made_on=today,
            pay_by=answer.pay_by,
            amount=answer.amount,
            currency=currency,
        )
    except ValidationError as error:
        raise InvalidAnswerError(
            problems_from_validation_error(error, "answer", check.record_id)
        ) from None
    return portfolio.model_copy(update={"promises": (*portfolio.promises, promise)})


def _status(
    portfolio: Portfolio,
    targets: list[Invoice],
    status: InvoiceStatus,
    note: str | None,
    today: date,
    check: _Answer,
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
