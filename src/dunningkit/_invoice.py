"""Invoices and credit notes, their e-invoicing status and payment plans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from dunningkit._customer import Hold
from dunningkit._types import MODEL_CONFIG, OptionalText, CurrencyCode, Money, RecordId, currency_places

__all__ = ["Installment", "Invoice", "InvoiceKind", "InvoiceStatus", "StatusChange"]


class InvoiceKind(StrEnum):
    """An invoice asks for money; a credit note gives it back."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceStatus(StrEnum):
    """Lifecycle statuses of the French e-invoicing reform (plus ``issued``/``cancelled``).

    The buyer's platform reports them back; reminders follow them.
    """

    ISSUED = "issued"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    DISPUTED = "disputed"
    SUSPENDED = "suspended"
    REFUSED = "refused"
    REJECTED = "rejected"
    PAYMENT_SENT = "payment_sent"
    PAID = "paid"
    CANCELLED = "cancelled"


class Installment(BaseModel):
    """One instalment of an agreed payment plan (*échéancier*)."""

    model_config = MODEL_CONFIG

    due_date: date
    amount: Money


class StatusChange(BaseModel):
    """An earlier status of an invoice, kept so a plan can be replayed as of any date."""

    model_config = MODEL_CONFIG

    date: date
    status: InvoiceStatus
    accepted_amount: Money | None = Field(default=None, validate_default=True)


def _check_places(amount: Decimal, currency: str | None, what: str) -> None:
    if currency is None:
        return
    places = currency_places(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places and amount != amount.quantize(
        Decimal(1).scaleb(-places)
    ):
        raise ValueError(f"{what} {amount} has more decimals than {currency} allows ({places})")


class Invoice(BaseModel):
    """An invoice (or a credit note, ``kind="credit_note"``) as the ERP holds it.

    ``amount`` is the total including tax, always positive; a credit note is an
    invoice of kind ``credit_note`` and is netted against the customer's balance.

    Attributes:
        status: the latest lifecycle status; ``status_date`` says since when.
        status_history: earlier statuses with their dates, for replays.
        accepted_amount: the part the buyer accepted (``partially_accepted`` only).
        installments: an agreed payment plan; its amounts add up to ``amount``.
        direct_debit: paid by direct debit or another automatic payment: not dunned
            before ``collection_date`` (default: the due date) has passed.
    """

    model_config = MODEL_CONFIG

    id: RecordId
    customer_id: RecordId
    kind: InvoiceKind = InvoiceKind.INVOICE
    issue_date: date
    due_date: date
    currency: CurrencyCode
    amount: Money
    status: InvoiceStatus = InvoiceStatus.ISSUED
    status_date: date | None = None
    status_history: tuple[StatusChange, ...] = ()
    accepted_amount: Money | None = Field(default=None, validate_default=True)
    order_reference: OptionalText = None
    payment_link: OptionalText = None
    hold: Hold | None = None
    installments: tuple[Installment, ...] = ()
    direct_debit: bool = False
    collection_date: date | None = None

    @field_validator("due_date")
    @classmethod
    def _due_after_issue(cls, value: date, info: ValidationInfo) -> date:
        issued = info.data.get("issue_date")
        if issued is not None and value < issued:
            raise ValueError(f"due date {value} is before the issue date {issued}")
        return value

    @field_validator("amount")
    @classmethod
    def _amount_places(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        _check_places(value, info.data.get("currency"), "amount")
        return value

    @field_validator("accepted_amount")
    @classmethod
    def _accepted_part(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        status = info.data.get("status")
        amount = info.data.get("amount")
        if value is None:
            if status is InvoiceStatus.PARTIALLY_ACCEPTED:
                raise ValueError("a partially accepted invoice needs its accepted amount")
            return None
        if amount is not None and value > amount:
            raise ValueError(f"accepted amount {value} is more than the invoice amount {amount}")
        _check_places(value, info.data.get("currency"), "accepted amount")
        return value

    @field_validator("installments")
    @classmethod
    def _plan_adds_up(
        cls, value: tuple[Installment, ...], info: ValidationInfo
    ) -> tuple[Installment, ...]:
        if not value:
            return value
        amount = info.data.get("amount")
        total = sum((i.amount for i in value), Decimal(0))
        if amount is not None and total != amount:
            raise ValueError(f"installments add up to {total}, not to the amount {amount}")
        issued = info.data.get("issue_date")
        if issued is not None and any(i.due_date < issued for i in value):
            raise ValueError("an installment falls due before the issue date")
        return tuple(sorted(value, key=lambda i: i.due_date))

    @field_validator("status_history")
    @classmethod
    def _history_before_status(
        cls, value: tuple[StatusChange, ...], info: ValidationInfo
    ) -> tuple[StatusChange, ...]:
        current = info.data.get("status_date")
        if value and current is not None:
            last = max(change.date for change in value)
            if last > current:
                raise ValueError(f"has a change on {last}, after status_date {current}")
        return value

    @property
    def is_credit_note(self) -> bool:
        """True for a credit note."""
        return self.kind is InvoiceKind.CREDIT_NOTE

    def status_on(self, day: date) -> tuple[InvoiceStatus, Decimal | None]:
        """The status (and accepted amount) known on ``day``; later changes are ignored.

        A status without a date counts from the issue date. Before any known
        status the invoice is ``issued``.
        """
        start = self.status_date or self.issue_date
        if start <= day:
            return self.status, self.accepted_amount
        best: StatusChange | None = None
        for change in self.status_history:
            if change.date <= day and (best is None or change.date >= best.date):
                best = change
        if best is None:
            return InvoiceStatus.ISSUED, None
        return best.status, best.accepted_amount
