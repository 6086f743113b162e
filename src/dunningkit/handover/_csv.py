"""The dossier as CSV tables: one file per table, for a spreadsheet or an agency's import.

Every value is written as text by :func:`cell` (amounts in plain decimals, booleans
``yes``/``no``, lists space-separated), which the HTML page uses too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from dunningkit._support._csv import csv_writer
from dunningkit.handover._records import (
    DossierParty,
    DossierPayment,
    DossierPromise,
    DossierReminder,
    DossierView,
)

__all__ = ["cell", "csv_tables"]

Table = tuple[Sequence[str], list[Sequence[Any]]]
"""A header and its rows."""


def cell(value: Any) -> str:
    """One value as table text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " ".join(cell(v) for v in value)
    return str(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def _parties(d: DossierView) -> Table:
    return (
        ("role", *DossierParty.model_fields),
        [
            ("creditor", *d.creditor.model_dump().values()),
            ("debtor", *d.debtor.model_dump().values()),
        ],
    )


_INVOICE_COLUMNS = (
    "id",
    "kind",
    "issue_date",
    "due_date",
    "currency",
    "amount",
    "accepted_amount",
    "open_amount",
    "status",
    "status_date",
    "disputed",
    "order_reference",
    "limitation_expires_on",
    "limitation_basis",
    "limitation_restarted_by",
    "due_amount",
)


def _invoices(d: DossierView) -> Table:
    return (
        _INVOICE_COLUMNS,
        [
            (
                i.id,
                i.kind,
                i.issue_date,
                i.due_date,
                i.currency,
                i.amount,
                i.accepted_amount,
                i.open_amount,
                i.status,
                i.status_date,
                i.disputed,
                i.order_reference,
                i.limitation.expires_on if i.limitation else None,
                i.limitation.basis if i.limitation else i.limitation_note,
                i.limitation.restarted_by if i.limitation else None,
                i.due_amount,
            )
            for i in (*d.invoices, *d.credit_notes)
        ],
    )


def _installments(d: DossierView) -> Table:
    return (
        ("invoice_id", "due_date", "amount", "open_amount", "due"),
        [
            (i.id, part.due_date, part.amount, part.open_amount, part.due)
            for i in d.invoices
            for part in i.installments
        ],
    )


_CHARGE_COLUMNS = (
    "invoice_id",
    "jurisdiction",
    "days",
    "rate",
    "interest",
    "fixed_compensation",
    "total",
    "currency",
    "legal_basis",
    "notes",
    "warnings",
)


def _charges(d: DossierView) -> Table:
    return (
        _CHARGE_COLUMNS,
        [
            (
                c.invoice_id,
                c.jurisdiction,
                c.days,
                c.rate,
                c.interest,
                c.fixed_compensation,
                c.total,
                c.currency,
                c.legal_basis,
                " | ".join(c.notes),
                " | ".join(c.warnings),
            )
            for c in (i.charges for i in d.invoices)
            if c is not None
        ],
    )


def _payments(d: DossierView) -> Table:
    return (
        tuple(DossierPayment.model_fields),
        [tuple(p.model_dump().values()) for p in d.payments],
    )


def _reminders(d: DossierView) -> Table:
    notice = d.formal_notice
    return (
        (*DossierReminder.model_fields, "formal_notice"),
        [(*r.model_dump().values(), notice is not None and r.id == notice.id) for r in d.reminders],
    )


def _promises(d: DossierView) -> Table:
    return (
        tuple(DossierPromise.model_fields),
        [tuple(p.model_dump().values()) for p in d.promises],
    )


def _disputes(d: DossierView) -> Table:
    return (
        ("invoice_id", "status", "since", "open_amount", "currency"),
        [(i.id, i.status, i.status_date, i.open_amount, i.currency) for i in d.disputes],
    )


_TOTALS = ("principal", "interest", "fixed_compensation", "total", "not_yet_due")


def _totals(d: DossierView) -> Table:
    return (
        ("currency", *_TOTALS),
        [(currency, *(row[key] for key in _TOTALS)) for currency, row in d.totals.items()],
    )


def _missing(d: DossierView) -> Table:
    return (
        ("kind", "text"),
        [*(("missing", m) for m in d.missing), *(("warning", w) for w in d.warnings)],
    )


_TABLES: dict[str, Callable[[DossierView], Table]] = {
    "parties.csv": _parties,
    "invoices.csv": _invoices,
    "installments.csv": _installments,
    "charges.csv": _charges,
    "payments.csv": _payments,
    "reminders.csv": _reminders,
    "promises.csv": _promises,
    "disputes.csv": _disputes,
    "totals.csv": _totals,
    "missing.csv": _missing,
}


def csv_tables(dossier: DossierView) -> dict[str, str]:
    """One CSV text per table, by file name, in the order above."""
    return {name: _csv(*table(dossier)) for name, table in _TABLES.items()}
