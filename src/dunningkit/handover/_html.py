"""The dossier as a printable A4 page: one HTML file, every value from the data escaped.

The page reads top to bottom as a lawyer reads a claim: the parties, what is missing
and doubtful, the amounts claimed, the invoices claimed (what is due on the day), what
is open but not yet due (listed apart, not claimed), instalments and credit notes, the
formal notice, the reminders, the payments, the promises and the disputes. It wears
the shell and style every page of dunningkit shares (:mod:`dunningkit._support._html`),
with a few rules of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dunningkit._support._html import Html, escape, page, table
from dunningkit.handover._csv import cell
from dunningkit.handover._records import DossierParty, DossierView

__all__ = ["dossier_html"]

_STYLE = """
  .parties { display: flex; gap: 6mm; }
  .parties > div { flex: 1; border: 1px solid var(--line); border-radius: 6px; padding: 2mm; }
  .missing { border: 0.5mm solid #b00; padding: 2mm; }
  .warn { color: #7a4b00; }
"""
"""What the dossier adds to the shared style: the parties side by side, what is missing
framed, warnings in amber."""


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: set[int]) -> Html:
    """The shared table, each value written as in the dossier's CSV tables."""
    return table(header, ([cell(v) for v in row] for row in rows), numeric=numeric)


def _party(title: str, party: DossierParty) -> str:
    lines = [f"<strong>{escape(party.name or '(name missing)')}</strong>"]
    for label, value in (
        ("Address", party.address),
        ("SIREN", party.siren),
        ("SIRET", party.siret),
        ("VAT", party.vat_number),
        ("Register", party.company_register or party.registration),
        ("Contact", party.contact_name),
        ("Email", party.email),
        ("Phone", party.phone),
        ("IBAN", party.iban),
    ):
        if value:
            lines.append(f"{escape(label)}: {escape(value)}")
    return f"<div><h3>{escape(title)}</h3>{'<br>'.join(lines)}</div>"


def _parties(d: DossierView) -> list[str]:
    return [
        f"<h1>Hand-over dossier: {escape(d.debtor.name)}</h1>",
        f"<p>Customer {escape(d.customer_id)} · as of {d.on.isoformat()}"
        + (f" · jurisdiction {escape(d.jurisdiction)}" if d.jurisdiction else "")
        + "</p>",
        '<div class="parties">',
        _party("Creditor (créancier, Gläubiger)", d.creditor),
        _party("Debtor (débiteur, Schuldner)", d.debtor),
        "</div>",
    ]


def _missing_and_warnings(d: DossierView) -> list[str]:
    parts = []
    if d.missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in d.missing)
        parts.append(f'<div class="missing"><h2>Missing</h2><ul>{items}</ul></div>')
    if d.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in d.warnings)
        parts.append(f'<h2>Warnings</h2><ul class="warn">{items}</ul>')
    return parts


def _amounts(d: DossierView) -> list[str]:
    rows = [
        (c, r["principal"], r["interest"], r["fixed_compensation"], r["total"])
        for c, r in d.totals.items()
    ]
    header = ("Currency", "Principal due", "Interest", "Fixed compensation", "Total claimed")
    parts = ["<h2>Amounts claimed</h2>", _table(header, rows, {1, 2, 3, 4})]
    later = [(c, r["not_yet_due"]) for c, r in d.totals.items() if r["not_yet_due"] > 0]
    if later:
        text = ", ".join(f"{cell(amount)} {c}" for c, amount in later)
        parts.append(
            f"<p>Open but not yet due on {d.on.isoformat()}, listed below and not claimed: "
            f"{escape(text)}.</p>"
        )
    return parts


_INVOICE_HEADER = (
    "Invoice",
    "Issued",
    "Due",
    "Amount",
    "Open",
    "Claimed",
    "Cur.",
    "Status",
    "Interest",
    "Fixed",
    "Rate",
    "Legal basis",
    "Time-barred after",
)


def _invoices(d: DossierView) -> list[str]:
    rows = [
        (
            i.id,
            i.issue_date,
            i.due_date,
            i.amount,
            i.open_amount,
            i.due_amount,
            i.currency,
            i.status,
            i.charges.interest if i.charges else None,
            i.charges.fixed_compensation if i.charges else None,
            f"{i.charges.rate} %" if i.charges and i.charges.statutory else None,
            i.charges.legal_basis if i.charges else None,
            i.limitation.expires_on if i.limitation else i.limitation_note,
        )
        for i in d.claimed
    ]
    title = f"<h2>Invoices claimed (due on {d.on.isoformat()})</h2>"
    return [title, _table(_INVOICE_HEADER, rows, {3, 4, 5, 8, 9})]


def _not_yet_due(d: DossierView) -> list[str]:
    """The open amounts that fall due after the dossier's day: listed, not claimed."""
    rows = []
    for i in d.not_yet_due:
        later = [p.due_date for p in i.installments if not p.due and p.open_amount > 0]
        rows.append((i.id, i.issue_date, min(later, default=i.due_date), i.not_yet_due, i.currency))
    if not rows:
        return []
    header = ("Invoice", "Issued", "Falls due", "Not yet due", "Cur.")
    return ["<h2>Open but not yet due (not claimed)</h2>", _table(header, rows, {3})]


def _instalments_and_credit_notes(d: DossierView) -> list[str]:
    parts = []
    instalments = [
        (i.id, p.due_date, p.amount, p.open_amount, p.due)
        for i in d.invoices
        for p in i.installments
    ]
    if instalments:
        parts.append("<h2>Instalments</h2>")
        header = ("Invoice", "Due", "Amount", "Open", f"Due by {d.on.isoformat()}")
        parts.append(_table(header, instalments, {2, 3}))
    if d.credit_notes:
        parts.append("<h2>Open credit notes (to deduct)</h2>")
        rows = [(c.id, c.issue_date, c.open_amount, c.currency) for c in d.credit_notes]
        parts.append(_table(("Credit note", "Issued", "Open", "Cur."), rows, {2}))
    return parts


def _formal_notice(d: DossierView) -> list[str]:
    n = d.formal_notice
    if n is None:
        return ["<h2>Formal notice</h2>", "<p><strong>None sent.</strong></p>"]
    return [
        "<h2>Formal notice</h2>",
        (
            f"<p>{n.date.isoformat()}, {escape(str(n.channel))}, proof reference: "
            f"{escape(n.reference or '(none recorded)')}; invoices "
            f"{escape(', '.join(n.invoice_ids))}</p>"
        ),
    ]


def _reminders(d: DossierView) -> list[str]:
    rows: list[tuple[Any, ...]] = [
        (
            r.date,
            r.step_label or r.step_id,
            r.channel,
            r.tone,
            r.outcome,
            r.reference,
            ", ".join(r.invoice_ids),
        )
        for r in d.reminders
    ]
    header: tuple[str, ...] = (
        "Date",
        "Step",
        "Channel",
        "Tone",
        "Outcome",
        "Reference",
        "Invoices",
    )
    if any(r.fees for r in d.reminders):  # the fees the steps charged, when some did
        header = (*header, "Fees", "Cur.")
        rows = [(*row, r.fees, r.fees_currency) for row, r in zip(rows, d.reminders, strict=True)]
        return ["<h2>Reminders sent</h2>", _table(header, rows, {7})]
    return ["<h2>Reminders sent</h2>", _table(header, rows, set())]


def _payments(d: DossierView) -> list[str]:
    rows = [(p.date, p.invoice_id, p.amount, p.currency, p.method, p.reference) for p in d.payments]
    header = ("Date", "Invoice", "Amount", "Cur.", "Method", "Reference")
    return ["<h2>Payments received</h2>", _table(header, rows, {2})]


def _promises(d: DossierView) -> list[str]:
    rows = [
        (p.made_on, p.pay_by, p.amount, ", ".join(p.invoice_ids) or "all open", p.outcome)
        for p in d.promises
    ]
    header = ("Made on", "Pay by", "Amount", "Invoices", "Outcome")
    return ["<h2>Payment promises</h2>", _table(header, rows, {2})]


def _disputes(d: DossierView) -> list[str]:
    if not d.disputes:
        return []
    rows = [(i.id, i.status, i.status_date, i.open_amount) for i in d.disputes]
    return ["<h2>Disputes</h2>", _table(("Invoice", "Status", "Since", "Open"), rows, {3})]


_SECTIONS = (
    _parties,
    _missing_and_warnings,
    _amounts,
    _invoices,
    _not_yet_due,
    _instalments_and_credit_notes,
    _formal_notice,
    _reminders,
    _payments,
    _promises,
    _disputes,
)


def dossier_html(dossier: DossierView) -> str:
    """The page: the shared shell around each section in order, one line per element."""
    title = f"Hand-over dossier {dossier.customer_id} {dossier.on.isoformat()}"
    body = [line for section in _SECTIONS for line in section(dossier)]
    return page(title, body, style=_STYLE)
