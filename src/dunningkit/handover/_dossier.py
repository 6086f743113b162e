"""The hand-over dossier: everything a collection agency or a lawyer needs, in one file.

Dunning ends in payment or in a hand-over. :func:`handover_dossier` gathers, for one
customer and as of one date, the parties with their registration numbers, every
open invoice (instalments and open amounts), payments, reminders sent, the formal
notice and its proof, promises made and broken, disputes, late charges and
limitation dates, and says what is missing. Records dated after ``on`` are ignored.

It reads in steps, each in its own module: the open documents (``_invoices``), what
happened on them (``_history``), the parties (``_parties``) and what the dossier
lacks (``_completeness``, with the jurisdiction's own requirements). The
:class:`~dunningkit.Dossier` it returns (``_document``) writes itself as JSON, CSV
tables (``_csv``) and a printable page (``_html``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from dunningkit.book._portfolio import Portfolio
from dunningkit.handover._completeness import missing
from dunningkit.handover._document import Dossier
from dunningkit.handover._history import (
    dossier_payments,
    dossier_promises,
    dossier_reminders,
    formal_notice,
)
from dunningkit.handover._invoices import dossier_invoice, open_on
from dunningkit.handover._parties import creditor_party, debtor_party
from dunningkit.handover._records import DossierInvoice
from dunningkit.legal.jurisdictions import rules_for
from dunningkit.model._invoice import Invoice
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["handover_dossier"]

_ZERO = Decimal(0)


def _open_documents(
    portfolio: Portfolio,
    documents: Sequence[Invoice],
    on: date,
    policy: Policy,
    warnings: list[str],
) -> tuple[list[DossierInvoice], list[DossierInvoice]]:
    """The open invoices and the open credit notes, in the book's order."""
    open_invoices: list[DossierInvoice] = []
    credit_notes: list[DossierInvoice] = []
    for invoice in documents:
        left = open_on(portfolio, invoice, on)
        if left <= 0:
            continue
        entry = dossier_invoice(portfolio, invoice, on, policy, left, warnings)
        (credit_notes if invoice.is_credit_note else open_invoices).append(entry)
    return open_invoices, credit_notes


def _totals(entries: Iterable[DossierInvoice]) -> dict[str, dict[str, Decimal]]:
    """Per currency: principal (what is due, less credit notes), interest, fixed, total,
    and what is open but not yet due (listed apart, not in the total)."""
    keys = ("principal", "interest", "fixed_compensation", "total", "not_yet_due")
    totals: dict[str, dict[str, Decimal]] = {}
    for entry in entries:
        row = totals.setdefault(entry.currency, dict.fromkeys(keys, _ZERO))
        sign = -1 if entry.kind == "credit_note" else 1
        row["principal"] += sign * entry.due_amount
        row["not_yet_due"] += entry.not_yet_due
        if entry.charges is not None:
            row["interest"] += entry.charges.interest
            row["fixed_compensation"] += entry.charges.fixed_compensation
    for row in totals.values():
        row["total"] = row["principal"] + row["interest"] + row["fixed_compensation"]
    return dict(sorted(totals.items()))


def _nothing_due(customer_id: str, on: date, invoices: Sequence[DossierInvoice]) -> str | None:
    """The warning when nothing is due on ``on`` (what is open later, if anything)."""
    if any(i.due_amount > 0 for i in invoices):
        return None
    later = [i.id for i in invoices if i.not_yet_due > 0]
    if not later:
        return f"customer {customer_id} owes nothing on {on}: nothing to hand over"
    return (
        f"customer {customer_id} has nothing due on {on} (open but not yet due: "
        f"{', '.join(later)}): nothing to hand over yet"
    )


def handover_dossier(
    portfolio: Portfolio, customer_id: str, on: date, *, policy: Policy | None = None
) -> Dossier:
    """Everything about a customer's open claim, as of ``on``, to hand over.

    Args:
        portfolio: the book.
        customer_id: the debtor.
        on: the dossier's date; records dated after it are ignored.
        policy: gives the creditor's identity, the scenarios (to name each
            reminder's step and tone), the jurisdiction, rate tables and the
            limitation settings; default: :func:`default_policy`.

    Raises:
        UnknownRecordError: no such customer.
    """
    policy = policy or default_policy()
    debtor = debtor_party(portfolio, customer_id, policy.creditor.country)
    creditor = creditor_party(policy)
    documents = [i for i in portfolio.invoices_of(customer_id) if i.issue_date <= on]
    warnings: list[str] = []
    invoices, credit_notes = _open_documents(portfolio, documents, on, policy, warnings)
    nothing = _nothing_due(customer_id, on, invoices)
    if nothing:
        warnings.append(nothing)
    reminders = dossier_reminders(portfolio, customer_id, on, policy)
    notice = formal_notice(reminders, {i.id for i in invoices})
    jurisdiction = next(
        (i.charges.jurisdiction for i in invoices if i.charges is not None), policy.jurisdiction
    )
    return Dossier(
        customer_id=customer_id,
        on=on,
        creditor=creditor,
        debtor=debtor,
        jurisdiction=jurisdiction,
        invoices=tuple(invoices),
        credit_notes=tuple(credit_notes),
        payments=dossier_payments(portfolio, documents, on),
        reminders=reminders,
        formal_notice=notice,
        promises=dossier_promises(portfolio, customer_id, documents, on, policy),
        totals=_totals((*invoices, *credit_notes)),
        missing=missing(creditor, debtor, notice, rules_for(policy.jurisdiction, debtor.country)),
        warnings=tuple(warnings),
    )
