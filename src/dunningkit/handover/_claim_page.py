"""The claim declaration as a CSV table and as a printable A4 page.

The CSV has one row per claim, each naming the debtor and the proceedings, with every
value written as the dossier's tables write it (:func:`~dunningkit.handover._csv.cell`).
The page wears the shell every page of dunningkit shares
(:mod:`dunningkit._support._html`) and reads as the form does: the title and legal
basis, the parties, the proceedings and the administrator, the claims with what falls
due later, the totals, the last day of interest and the rule that stops it there, the
security, the statement and the warnings. Its amounts are written for a person in the
locale asked (:func:`~dunningkit._support._money.money_text`); the CSV's, for a
machine, with the currency's places.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dunningkit._support._csv import csv_writer
from dunningkit._support._html import Html, escape, page, table
from dunningkit._support._money import money_text
from dunningkit.handover._csv import cell

if TYPE_CHECKING:
    from dunningkit.handover._claim_records import ClaimLine, ClaimView
    from dunningkit.handover._records import DossierParty

__all__ = ["CLAIM_COLUMNS", "claim_csv", "claim_html"]

CLAIM_COLUMNS = (
    "customer_id",
    "debtor",
    "proceedings_kind",
    "proceedings_opened_on",
    "proceedings_reference",
    "invoice_id",
    "kind",
    "issue_date",
    "due_date",
    "currency",
    "amount",
    "principal",
    "to_fall_due",
    "falls_due_on",
    "interest",
    "compensation",
    "total",
    "status",
    "disputed",
    "legal_basis",
    "ground",
    "proofs",
)
"""The columns of the claim's CSV, one row per claim."""


def _row(d: ClaimView, line: ClaimLine) -> list[Any]:
    return [
        d.customer_id,
        d.debtor.name,
        d.proceedings.kind,
        d.proceedings.opened_on,
        d.proceedings.reference,
        line.invoice_id,
        line.kind,
        line.issue_date,
        line.due_date,
        line.currency,
        line.amount,
        line.principal,
        sum((p.amount for p in line.to_fall_due), line.principal - line.principal),
        [p.due_date for p in line.to_fall_due],
        line.interest,
        line.compensation,
        line.total,
        line.status,
        line.disputed,
        line.legal_basis,
        line.ground,
        "; ".join(line.proofs),
    ]


def claim_csv(declaration: ClaimView) -> str:
    """The claims as one CSV text (a header and one row per claim)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    writer.writerows([cell(v) for v in _row(declaration, line)] for line in declaration.claims)
    return out.getvalue()


_STYLE = """
  .parties { display: flex; gap: 6mm; }
  .parties > div { flex: 1; border: 1px solid var(--line); border-radius: 6px; padding: 2mm; }
  .deadline { border: 0.5mm solid #b00; padding: 2mm; }
  .warn { color: #7a4b00; }
  .sign { margin-top: 14mm; display: flex; justify-content: space-between; }
"""
"""What the declaration adds to the shared style: the parties side by side, the
deadline framed, warnings in amber, room to sign."""


def _block(title: str, name: str | None, pairs: Iterable[tuple[str, str | None]]) -> str:
    lines = [f"<strong>{escape(name or '(name missing)')}</strong>"]
    lines.extend(f"{escape(label)}: {escape(value)}" for label, value in pairs if value)
    return f"<div><h3>{escape(title)}</h3>{'<br>'.join(lines)}</div>"


def _party(title: str, party: DossierParty) -> str:
    return _block(
        title,
        party.name,
        (
            ("Address", party.address),
            ("SIREN", party.siren),
            ("SIRET", party.siret),
            ("VAT", party.vat_number),
            ("Register", party.company_register or party.registration),
            ("Email", party.email),
            ("Phone", party.phone),
        ),
    )


def _head(d: ClaimView) -> list[str]:
    p = d.proceedings
    admin = p.administrator
    administrator = (
        _block(
            "Administrator (mandataire, Verwalter)",
            admin.name,
            (
                ("Role", admin.role),
                ("Address", admin.postal_address),
                ("Email", admin.email),
                ("Phone", admin.phone),
            ),
        )
        if admin is not None
        else _block("Administrator (mandataire, Verwalter)", "(not named in the book yet)", ())
    )
    deadline = p.claims_deadline.isoformat() if p.claims_deadline else "not known yet"
    basis = f" · {escape(d.legal_basis)}" if d.legal_basis else ""
    return [
        f"<h1>{escape(d.title)}: {escape(d.debtor.name)}</h1>",
        f"<p>Customer {escape(d.customer_id)} · declared on {d.on.isoformat()}{basis}</p>",
        '<div class="parties">',
        _party("Creditor (créancier, Gläubiger)", d.creditor),
        _party("Debtor (débiteur, Schuldner)", d.debtor),
        administrator,
        "</div>",
        "<h2>Proceedings</h2>",
        _table(
            ("Kind", "Opened on", "Court", "Reference", "Deadline to declare"),
            [(p.kind, p.opened_on, p.court, p.reference, deadline)],
            set(),
        ),
    ]


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: set[int]) -> Html:
    return table(header, ([cell(v) for v in row] for row in rows), numeric=numeric)


_CLAIM_HEADER = (
    "Invoice",
    "Issued",
    "Due",
    "Cur.",
    "Due at opening",
    "To fall due",
    "Interest",
    "Compensation",
    "Total",
    "Status",
    "Proofs",
)


def _claims(d: ClaimView, locale: str) -> list[str]:
    def money(amount: Decimal, currency: str) -> str:
        return money_text(amount, currency, locale)

    rows = [
        (
            c.invoice_id,
            c.issue_date,
            c.due_date,
            c.currency,
            money(c.principal, c.currency),
            "; ".join(f"{money(p.amount, c.currency)} on {p.due_date}" for p in c.to_fall_due),
            money(c.interest, c.currency),
            money(c.compensation, c.currency),
            money(c.total, c.currency),
            f"{c.status} (disputed)" if c.disputed else c.status,
            "; ".join(c.proofs),
        )
        for c in d.claims
    ]
    keys = ("principal", "to_fall_due", "interest", "compensation", "total")
    totals = [(c, *(money(t[key], c) for key in keys)) for c, t in d.totals.items()]
    header = ("Currency", "Due at opening", "To fall due", "Interest", "Compensation", "Total")
    opened = d.proceedings.opened_on.isoformat()
    return [
        f"<h2>Claims born before the opening ({opened})</h2>",
        _table(_CLAIM_HEADER, rows, {4, 6, 7, 8}),
        "<h2>Totals declared</h2>",
        _table(header, totals, {1, 2, 3, 4, 5}),
        f"<p><strong>Security:</strong> {escape(d.security)}</p>",
        *_interest_stop(d),
    ]


def _interest_stop(d: ClaimView) -> list[str]:
    """Where the interest of the claims stops, as computed, and the rule that says so."""
    opened = d.proceedings.opened_on
    stops = dict.fromkeys(
        (c.interest_until, c.interest_stop) for c in d.claims if c.interest_until is not None
    )
    lines = []
    for until, rule in stops:
        if until is None:
            continue
        day = "the opening day" if until == opened else "the day before the opening"
        why = (
            f"where the proceedings stop it ({rule})"
            if rule
            else "the rules applied do not stop it at the opening; the law of the "
            "proceedings may (ask the administrator)"
        )
        lines.append(
            f"<p>Interest is counted up to and including {until.isoformat()}, {day} "
            f"({opened.isoformat()}): {escape(why)}.</p>"
        )
    return lines


def _tail(d: ClaimView) -> list[str]:
    parts = [f"<h2>Statement</h2><p>{escape(d.statement)}</p>"]
    if d.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in d.warnings)
        parts.insert(
            0, f'<div class="deadline"><h2>Warnings</h2><ul class="warn">{items}</ul></div>'
        )
    parts.append(
        '<div class="sign"><span>Place and date:</span><span>Signature of the creditor '
        "or its representative:</span></div>"
    )
    return parts


def claim_html(declaration: ClaimView, locale: str = "en") -> str:
    """The page: the shared shell around the head, the claims and the tail; amounts
    written for ``locale``."""
    d = declaration
    title = f"{d.title} {d.customer_id} {d.on.isoformat()}"
    body = [*_head(d), *_claims(d, locale), *_tail(d)]
    return page(title, body, style=_STYLE)
