"""Money received against an invoice, and promises to pay."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from dunningkit._types import MODEL_CONFIG, OptionalText, CurrencyCode, Money, RecordId

__all__ = ["Payment", "PaymentPromise"]


class Payment(BaseModel):
    """A payment received on one invoice; partial payments are normal."""

    model_config = MODEL_CONFIG

    id: RecordId
    invoice_id: RecordId
    date: date
    amount: Money
    currency: CurrencyCode
    method: OptionalText = None
    reference: OptionalText = None


class PaymentPromise(BaseModel):
    """A customer said they would pay by ``pay_by``; reminders pause until then.

    Attributes:
        invoice_ids: the invoices promised; empty means every open invoice of
            the customer at the time the promise was made.
        amount: the sum promised, when one was named (in ``currency``).
    """

    model_config = MODEL_CONFIG

    id: RecordId
    customer_id: RecordId
    invoice_ids: tuple[RecordId, ...] = ()
    made_on: date
    pay_by: date
    amount: Money | None = None
    currency: CurrencyCode | None = Field(default=None, validate_default=True)

    @field_validator("pay_by")
    @classmethod
    def _after_made(cls, value: date, info: ValidationInfo) -> date:
        made = info.data.get("made_on")
        if made is not None and value < made:
            raise ValueError(f"pay-by date {value} is before the promise was made ({made})")
        return value

    @field_validator("currency")
    @classmethod
    def _currency_with_amount(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("amount") is not None:
            raise ValueError("a promised amount needs its currency")
        return value


