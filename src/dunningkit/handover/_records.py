"""The records a hand-over dossier is made of, and what its formats read of it.

A party (creditor or debtor, with the numbers a court form asks for), an open invoice
as the claim states it (with its instalments, late charges and limitation date), a
payment, a reminder sent, a promise and what became of it. :class:`DossierView` is
what the formats (CSV tables, HTML page) read of the whole dossier.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Protocol

from pydantic import BaseModel

from dunningkit.legal._charges import LateCharges
from dunningkit.legal._limitation import Limitation
from dunningkit.model._channel import Channel, Tone
from dunningkit.model._history import EventOutcome
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.model._types import MODEL_CONFIG

__all__ = [
    "DossierInstallment",
    "DossierInvoice",
    "DossierParty",
    "DossierPayment",
    "DossierPromise",
    "DossierReminder",
    "DossierView",
]


class DossierParty(BaseModel):
    """The creditor or the debtor, as a court form asks for them."""

    model_config = MODEL_CONFIG

    name: str
    kind: str = "company"
    country: str | None = None
    address: str | None = None
    siren: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    company_register: str | None = None
    registration: str | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    iban: str | None = None


class DossierInstallment(BaseModel):
    """One instalment of a payment plan, with what remains open on it.

    Attributes:
        due: its due date is on or before the dossier's day: its open part is claimed
            (otherwise it is listed, not claimed).
    """

    model_config = MODEL_CONFIG

    due_date: date
    amount: Decimal
    open_amount: Decimal
    due: bool = True


class DossierPayment(BaseModel):
    """A payment received on one of the customer's invoices."""

    model_config = MODEL_CONFIG

    id: str
    invoice_id: str
    date: date
    amount: Decimal
    currency: str
    method: str | None = None
    reference: str | None = None


class DossierReminder(BaseModel):
    """A reminder sent (or tried): date, step, channel, tone, outcome, delivery reference,
    and the fees it charged as its event recorded them (``fees`` in ``fees_currency``;
    ``None`` when the event recorded none)."""

    model_config = MODEL_CONFIG

    id: str
    date: date
    step_id: str
    step_label: str | None = None
    channel: Channel
    tone: Tone | None = None
    outcome: EventOutcome
    reference: str | None = None
    invoice_ids: tuple[str, ...]
    fees: Decimal | None = None
    fees_currency: str | None = None


class DossierPromise(BaseModel):
    """A promise to pay and what became of it: ``kept``, ``broken`` or ``pending``."""

    model_config = MODEL_CONFIG

    id: str
    made_on: date
    pay_by: date
    amount: Decimal | None = None
    currency: str | None = None
    invoice_ids: tuple[str, ...] = ()
    outcome: str


class DossierInvoice(BaseModel):
    """An open invoice as the claim will state it.

    Attributes:
        open_amount: what is still open on it, due or not.
        due_amount: the part of ``open_amount`` due on the dossier's day: the principal
            claimed. The rest (``not_yet_due``) falls due later and is listed apart.
        disputed: the buyer disputed, suspended or refused it (status and date in
            ``status``/``status_date``): not an undisputed claim.
        charges: statutory interest and fixed compensation as of the dossier's date.
        limitation: when the claim becomes time-barred (``None`` when no rules are
            known for the jurisdiction; ``limitation_note`` says why).
    """

    model_config = MODEL_CONFIG

    id: str
    kind: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    accepted_amount: Decimal | None = None
    open_amount: Decimal
    due_amount: Decimal
    status: InvoiceStatus
    status_date: date | None = None
    disputed: bool = False
    order_reference: str | None = None
    installments: tuple[DossierInstallment, ...] = ()
    charges: LateCharges | None = None
    limitation: Limitation | None = None
    limitation_note: str | None = None

    @property
    def not_yet_due(self) -> Decimal:
        """What is open on it but not due yet on the dossier's day (not claimed)."""
        return self.open_amount - self.due_amount


class DossierView(Protocol):
    """What the formats read of a dossier (a :class:`~dunningkit.Dossier` is one)."""

    @property
    def customer_id(self) -> str: ...

    @property
    def on(self) -> date: ...

    @property
    def creditor(self) -> DossierParty: ...

    @property
    def debtor(self) -> DossierParty: ...

    @property
    def jurisdiction(self) -> str | None: ...

    @property
    def invoices(self) -> tuple[DossierInvoice, ...]: ...

    @property
    def credit_notes(self) -> tuple[DossierInvoice, ...]: ...

    @property
    def payments(self) -> tuple[DossierPayment, ...]: ...

    @property
    def reminders(self) -> tuple[DossierReminder, ...]: ...

    @property
    def formal_notice(self) -> DossierReminder | None: ...

    @property
    def promises(self) -> tuple[DossierPromise, ...]: ...

    @property
    def totals(self) -> Mapping[str, Mapping[str, Decimal]]: ...

    @property
    def missing(self) -> tuple[str, ...]: ...

    @property
    def warnings(self) -> tuple[str, ...]: ...

    @property
    def disputes(self) -> tuple[DossierInvoice, ...]: ...

    @property
    def claimed(self) -> tuple[DossierInvoice, ...]: ...

    @property
    def not_yet_due(self) -> tuple[DossierInvoice, ...]: ...
