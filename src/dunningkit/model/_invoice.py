"""Invoices and credit notes, their e-invoicing status and payment plans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationInfo, model_validator

from dunningkit._support._sharing import share_values
from dunningkit.model._customer import Hold
from dunningkit.model._types import (
    MODEL_CONFIG,
    FieldError,
    Money,
    OptionalText,
    RecordId,
    check_currency_code,
    currency_places,
    currency_unit,
)

__all__ = [
    "DISPUTE_STATUSES",
    "NEVER_DUNNED",
    "Installment",
    "Invoice",
    "InvoiceKind",
    "InvoiceStatus",
    "StatusChange",
    "invoice_rule",
]


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


NEVER_DUNNED: frozenset[InvoiceStatus] = frozenset(
    {
        InvoiceStatus.PAID,
        InvoiceStatus.CANCELLED,
        InvoiceStatus.DISPUTED,
        InvoiceStatus.SUSPENDED,
        InvoiceStatus.REFUSED,
        InvoiceStatus.REJECTED,
    }
)
"""Statuses under which no reminder goes out (fix, resolve or record the payment first)."""

DISPUTE_STATUSES: frozenset[InvoiceStatus] = frozenset(
    {InvoiceStatus.DISPUTED, InvoiceStatus.SUSPENDED, InvoiceStatus.REFUSED}
)
"""Statuses that say the customer contests the claim (a dossier or a declaration says so)."""


class Installment(BaseModel):
    """One instalment of an agreed payment plan (*échéancier*)."""

    model_config = MODEL_CONFIG

    due_date: date
    amount: Money


class StatusChange(BaseModel):
    """An earlier status of an invoice, kept so a plan can be replayed as of any date.

    Attributes:
        note: words that came with the change (a customer's reason for a dispute).
        reference: where the change came from, for idempotency and audit (the id of
            the answer to a self-service link that made it).
    """

    model_config = MODEL_CONFIG

    date: date
    status: InvoiceStatus
    accepted_amount: Money | None = None
    note: OptionalText = None
    reference: OptionalText = None


_UNITS: dict[str, Decimal] = {}
"""Smallest amount of each ISO 4217 currency met so far (a memo of :func:`currency_unit`)."""


def _unit_of(currency: str) -> Decimal:
    """The currency's smallest amount; :class:`FieldError` if it is not ISO 4217."""
    check_currency_code(currency, "currency")
    unit = _UNITS[currency] = currency_unit(currency)
    return unit


def _check_places(amount: Decimal, currency: str, field: str) -> None:
    unit = currency_unit(currency)
    if amount.quantize(unit) != amount:
        raise FieldError(
            field,
            f"{amount} has more decimals than {currency} allows ({currency_places(currency)})",
        )


_SHARED = ("id", "customer_id", "issue_date", "due_date", "status_date", "collection_date")
"""Fields whose values repeat across a book (see :mod:`dunningkit._support._sharing`); the id
is kept so that the payments, promises and events naming the invoice share it."""


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
    currency: str
    amount: Money
    status: InvoiceStatus = InvoiceStatus.ISSUED
    status_date: date | None = None
    status_history: tuple[StatusChange, ...] = ()
    accepted_amount: Money | None = None
    order_reference: str | None = None
    payment_link: str | None = None
    hold: Hold | None = None
    installments: tuple[Installment, ...] = ()
    direct_debit: bool = False
    collection_date: date | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Invoice:
        # One whole-record check instead of one validator per field: a million
        # invoices load in seconds only if Python runs once per record. Fields are
        # read from the instance dictionary: attribute access on a model costs more.
        invoice_rule(self.__dict__)
        share_values(self, info.context, _SHARED)
        return self

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


def invoice_rule(fields: dict[str, Any]) -> dict[str, Any]:
    """The whole-record rule of an invoice, on its fields (a model's, or a record's).

    Blank references count as absent (set to ``None`` in ``fields``); raises
    :class:`FieldError` naming the field at fault. The one definition: the model's
    validator and the book's columns (:mod:`dunningkit.book._table`) both call it.
    """
    currency = fields["currency"]
    unit = _UNITS.get(currency) or _unit_of(currency)
    issue, due = fields["issue_date"], fields["due_date"]
    if due < issue:
        raise FieldError("due_date", f"due date {due} is before the issue date {issue}")
    amount = fields["amount"]
    if amount.quantize(unit) != amount:
        _check_places(amount, currency, "amount")
    if fields.keys() <= _COMMON_FIELDS:  # the usual record: nothing else to check
        if fields.get("status") is InvoiceStatus.PARTIALLY_ACCEPTED:
            raise FieldError(
                "accepted_amount", "a partially accepted invoice needs its accepted amount"
            )
        return fields
    _check_rare_fields(fields, amount, currency, issue)
    return fields


_COMMON_FIELDS = frozenset(
    ("id", "customer_id", "kind", "issue_date", "due_date", "currency", "amount", "status")
)


def _check_rare_fields(fields: dict[str, Any], amount: Decimal, currency: str, issue: date) -> None:
    get = fields.get
    for name in ("order_reference", "payment_link"):
        text = get(name)
        if text is not None and not text.strip():
            fields[name] = None  # blank counts as absent
    accepted = get("accepted_amount")
    if accepted is None:
        if get("status") is InvoiceStatus.PARTIALLY_ACCEPTED:
            raise FieldError(
                "accepted_amount", "a partially accepted invoice needs its accepted amount"
            )
    else:
        if accepted > amount:
            raise FieldError(
                "accepted_amount",
                f"accepted amount {accepted} is more than the invoice amount {amount}",
            )
        _check_places(accepted, currency, "accepted_amount")
    installments = get("installments")
    if installments:
        _check_plan(installments, amount, issue)
    history, status_date = get("status_history"), get("status_date")
    if history and status_date is not None:
        last = max(change.date for change in history)
        if last > status_date:
            raise FieldError(
                "status_history", f"has a change on {last}, after status_date {status_date}"
            )


def _check_plan(installments: tuple[Installment, ...], amount: Decimal, issue: date) -> None:
    total = sum((i.amount for i in installments), Decimal(0))
    if total != amount:
        raise FieldError(
            "installments", f"installments add up to {total}, not to the amount {amount}"
        )
    if any(i.due_date < issue for i in installments):
        raise FieldError("installments", "an installment falls due before the issue date")
    if list(installments) != sorted(installments, key=lambda i: i.due_date):
        raise FieldError("installments", "must be listed in order of due date")
