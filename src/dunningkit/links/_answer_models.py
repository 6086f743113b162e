"""The three answers a customer may give through a link, as models.

A promise (pay-by date, optional amount), a dispute (the customer's reason), and
"payment sent" (an optional note). The customer's own text is checked for what a
person could not see (control, format and private characters) and kept as read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, Field, TypeAdapter

from dunningkit.model._types import MODEL_CONFIG, Money, RecordId

__all__ = [
    "ANSWERS",
    "AnyAnswer",
    "DisputeAnswer",
    "LinkAnswer",
    "PaymentSentAnswer",
    "PromiseAnswer",
]

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

AnyAnswer = PromiseAnswer | DisputeAnswer | PaymentSentAnswer

ANSWERS: TypeAdapter[AnyAnswer] = TypeAdapter(LinkAnswer)
