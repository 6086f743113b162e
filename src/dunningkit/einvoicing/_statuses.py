"""The French lifecycle statuses (XP Z12-012, codes 200 to 228) and what each means
for reminders: the one table :func:`read_lifecycle` and :func:`apply_lifecycle` read.

Source: the status code list of the AFNOR XP Z12-012 standard (V1.4) as checked by the
FNFE-MPE's BR-FR-CDV schematron (rule BR-FR-CDV-CL-06 lists the codes; the CL-09 rules
name 206 "Approuvée partiellement", 207 "En litige", 208 "Suspendue", 210 "Refusée",
213 "Rejetée", 221 "Erreur de routage").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from dunningkit.model._invoice import InvoiceStatus

__all__ = ["FACTORED", "FR_STATUSES", "NOT_FACTORED", "LifecycleStatus", "StatusCode"]


@dataclass(frozen=True, slots=True)
class StatusCode:
    """One official status: its code, its French label, and the dunningkit status it
    sets (``None``: informative, the invoice's status is left as it is)."""

    code: str
    label: str
    status: InvoiceStatus | None


_S = InvoiceStatus
FR_STATUSES: dict[str, StatusCode] = {
    s.code: s
    for s in (
        StatusCode("200", "Déposée", _S.ISSUED),
        StatusCode("201", "Émise par la plateforme", _S.ISSUED),
        StatusCode("202", "Reçue par la plateforme", _S.RECEIVED),
        StatusCode("203", "Mise à disposition", _S.RECEIVED),
        StatusCode("204", "Prise en charge", _S.RECEIVED),
        StatusCode("205", "Approuvée", _S.ACCEPTED),
        StatusCode("206", "Approuvée partiellement", _S.PARTIALLY_ACCEPTED),
        StatusCode("207", "En litige", _S.DISPUTED),
        StatusCode("208", "Suspendue", _S.SUSPENDED),
        StatusCode("209", "Complétée", _S.RECEIVED),
        StatusCode("210", "Refusée", _S.REFUSED),
        StatusCode("211", "Paiement transmis", _S.PAYMENT_SENT),
        StatusCode("212", "Encaissée", _S.PAID),
        StatusCode("213", "Rejetée", _S.REJECTED),
        StatusCode("214", "Visée", None),
        StatusCode("220", "Annulée", _S.CANCELLED),
        StatusCode("221", "Erreur de routage", _S.REJECTED),
        StatusCode("224", "Demande de paiement direct", None),
        StatusCode("225", "Affacturée", None),
        StatusCode("226", "Affacturée confidentiel", None),
        StatusCode("227", "Changement de compte à payer", None),
        StatusCode("228", "Non affacturée", None),
    )
}
"""Every status code of the official list, by code."""

FACTORED = "225"
""""Affacturée": the invoice was sold to a factor, who collects it. The seller stops
reminding (a hold on the invoice)."""
NOT_FACTORED = "228"
""""Non affacturée": the invoice is back with the seller; the factoring hold is lifted."""


class LifecycleStatus(BaseModel):
    """One status of one invoice, as a CDAR lifecycle message reports it.

    Attributes:
        invoice_id: the invoice number (BT-1) the status is about.
        code: the French status code (``"205"``).
        label: its official label (``"Approuvée"``).
        status: the dunningkit status it sets; ``None`` for an informative status.
        date: the day of the status.
        reason_code: the reason code (``"DOUBLON"``, ``"TX_TVA_ERR"``), when given.
        reason: the reason in words, when given.
        amount: the amount collected (212, "Encaissée") or approved (206, with VAT).
        currency: the currency the message gives the amount in (its ``currencyID``),
            when it gives one.
        reference: where it came from: the message id and its status (idempotency).
        source: the file it was read from.
    """

    model_config = ConfigDict(frozen=True)

    invoice_id: str
    code: str
    label: str
    status: InvoiceStatus | None
    date: date
    reason_code: str | None = None
    reason: str | None = None
    amount: Decimal | None = None
    reference: str | None = None
    source: str | None = None
    currency: str | None = None
