"""Money received against an invoice, and promises to pay."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ValidationInfo, model_validator

from dunningkit._support._sharing import share_values
from dunningkit.model._types import (
    MODEL_CONFIG,
    CurrencyCode,
    FieldError,
    Money,
    RecordId,
    check_record_text,
)

__all__ = ["Payment", "PaymentPromise"]


class Payment(BaseModel):
    """A payment received on one invoice; partial payments are normal."""

    model_config = MODEL_CONFIG

    id: RecordId
    invoice_id: RecordId
    date: date
    amount: Money
    currency: str
    method: str | None = None
    reference: str | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Payment:
        check_record_text(self, "currency", ("method", "reference"))
        share_values(self, info.context, ("invoice_id", "date", "method"))
        return self


class PaymentPromise(BaseModel):
    """A customer said they would pay by ``pay_by``; reminders pause until then.

    Attributes:
        invoice_ids: the invoices promised; empty means every open invoice of
            the customer at the time the promise was made.
        amount: the sum promised, when one was named (in ``currency``).
        currency: the currency of ``amount``. It may be left out when the promised
            invoices (every invoice of the customer when ``invoice_ids`` is empty)
            are all in one currency: the portfolio then fills it in, so every
            promise with an amount in a built portfolio names its currency. With
            invoices in several currencies the portfolio reports the promise.
    """

    model_config = MODEL_CONFIG

    id: RecordId
    customer_id: RecordId
    invoice_ids: tuple[RecordId, ...] = ()
    made_on: date
    pay_by: date
    amount: Money | None = None
    currency: CurrencyCode | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> PaymentPromise:
        share_values(self, info.context, ("customer_id", "made_on", "pay_by", "currency"))
        if self.pay_by < self.made_on:
            raise FieldError(
                "pay_by",
                f"pay-by date {self.pay_by} is before the promise was made ({self.made_on})",
            )
        # An amount without a currency is accepted here: the currency is the one
        # the promised invoices share, which only the portfolio knows (it fills it in).
        return self

    def covers(self, invoice_id: str, issued_on: date) -> bool:
        """Whether the promise covers a document: it names it, or names none and the
        document was issued by the day the promise was made."""
        if self.invoice_ids:
            return invoice_id in self.invoice_ids
        return issued_on <= self.made_on

    def deadline(self, grace_days: int) -> date:
        """The last day a payment keeps the promise: ``pay_by`` plus the grace."""
        return self.pay_by + timedelta(days=grace_days)

    def running_on(self, day: date, grace_days: int) -> bool:
        """Whether the promise holds reminders back on ``day``: made by then, and the
        deadline (``pay_by`` plus the grace) not passed."""
        return self.made_on <= day <= self.deadline(grace_days)
