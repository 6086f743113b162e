"""The hand-over dossier itself: its records together, and its formats.

Exports are pure (they return text; the CLI writes the files): :meth:`Dossier.to_json`,
:meth:`Dossier.csv_tables` (one CSV file per table) and :meth:`Dossier.to_html` (a
printable A4 page, every value escaped).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from dunningkit.handover._csv import csv_tables
from dunningkit.handover._html import dossier_html
from dunningkit.handover._records import (
    DossierInvoice,
    DossierParty,
    DossierPayment,
    DossierPromise,
    DossierReminder,
)
from dunningkit.model._types import MODEL_CONFIG

__all__ = ["Dossier"]


class Dossier(BaseModel):
    """Everything known about a claim on one customer, as of ``on``, to hand over.

    Attributes:
        invoices: every open invoice (credit notes listed in ``credit_notes``), each
            with the part of it due on ``on`` (``due_amount``, claimed) and the rest
            (``not_yet_due``, listed apart: see :attr:`claimed` and :attr:`not_yet_due`).
        totals: per currency: ``principal`` (what is due on ``on``, less open credit
            notes), ``interest``, ``fixed_compensation``, ``total`` (their sum: the
            claim) and ``not_yet_due`` (open, falling due later, not claimed).
        formal_notice: the latest formal notice sent, with its proof reference.
        missing: what a court form or an agency will ask for and the dossier lacks;
            an entry starting with "formal notice" when none was sent.
        warnings: what makes the claim weaker or the figures doubtful (disputes,
            claims close to or past their limitation date, stale rate tables).
    """

    model_config = MODEL_CONFIG

    customer_id: str
    on: date
    creditor: DossierParty
    debtor: DossierParty
    jurisdiction: str | None = None
    invoices: tuple[DossierInvoice, ...] = ()
    credit_notes: tuple[DossierInvoice, ...] = ()
    payments: tuple[DossierPayment, ...] = ()
    reminders: tuple[DossierReminder, ...] = ()
    formal_notice: DossierReminder | None = None
    promises: tuple[DossierPromise, ...] = ()
    totals: dict[str, dict[str, Decimal]] = Field(default_factory=dict)
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def has_formal_notice(self) -> bool:
        """Whether a formal notice was sent (and not bounced or failed)."""
        return self.formal_notice is not None

    @property
    def claimed(self) -> tuple[DossierInvoice, ...]:
        """The open invoices with something due on ``on``: the claim."""
        return tuple(invoice for invoice in self.invoices if invoice.due_amount > 0)

    @property
    def not_yet_due(self) -> tuple[DossierInvoice, ...]:
        """The open invoices with something not yet due on ``on``: listed, not claimed."""
        return tuple(invoice for invoice in self.invoices if invoice.not_yet_due > 0)

    @property
    def disputes(self) -> tuple[DossierInvoice, ...]:
        """The open invoices the buyer disputed, suspended or refused."""
        return tuple(invoice for invoice in self.invoices if invoice.disputed)

    @property
    def broken_promises(self) -> tuple[DossierPromise, ...]:
        """The promises whose pay-by date passed with their invoices still unpaid."""
        return tuple(p for p in self.promises if p.outcome == "broken")

    # -- exports ---------------------------------------------------------------------

    def to_json(self) -> str:
        """The whole dossier as JSON (amounts as strings, dates ISO)."""
        return self.model_dump_json(indent=2)

    def csv_tables(self) -> dict[str, str]:
        """One CSV text per table, by file name: parties, invoices, instalments,
        charges, payments, reminders, promises, disputes, totals, missing."""
        return csv_tables(self)

    def to_html(self) -> str:
        """A printable A4 page; every value from the data is HTML-escaped."""
        return dossier_html(self)
