"""The hand-over dossier: everything a collection agency or a lawyer needs, in one file.

Dunning ends in payment or in a hand-over. :func:`handover_dossier` gathers, for one
customer and as of one date, the parties with their registration numbers, every
open invoice (instalments and open amounts), payments, reminders sent, the formal
notice and its proof, promises made and broken, disputes, late charges and
limitation dates, and says what is missing. Records dated after ``on`` are ignored.

Exports (pure: they return text; the CLI writes the files): :meth:`Dossier.to_json`,
:meth:`Dossier.csv_tables` (one CSV file per table) and :meth:`Dossier.to_html` (a
printable A4 page, every value escaped).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from pydantic import BaseModel, Field

from dunningkit.book._portfolio import Portfolio
from dunningkit.book._promises import promise_outcome
from dunningkit.errors import JurisdictionError
from dunningkit.legal._charges import LateCharges, late_charges
from dunningkit.legal._limitation import Limitation, limitation
from dunningkit.model._channel import Channel, Tone
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Invoice, InvoiceStatus
from dunningkit.model._types import MODEL_CONFIG
from dunningkit.policy._policy import Policy, default_policy
from dunningkit.policy._scenario import Step

__all__ = [
    "Dossier",
    "DossierInstallment",
    "DossierInvoice",
    "DossierParty",
    "DossierPayment",
    "DossierPromise",
    "DossierReminder",
    "handover_dossier",
]

_ZERO = Decimal(0)
_DISPUTE_STATUSES = frozenset(
    {InvoiceStatus.DISPUTED, InvoiceStatus.SUSPENDED, InvoiceStatus.REFUSED}
)
_DONE = frozenset({EventOutcome.SENT, EventOutcome.ANSWERED})
NO_FORMAL_NOTICE = "formal notice"
"""The first words of the ``missing`` entry written when no formal notice was sent."""


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
    """One instalment of a payment plan, with what remains open on it."""

    model_config = MODEL_CONFIG

    due_date: date
    amount: Decimal
    open_amount: Decimal


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
    """A reminder sent (or tried): date, step, channel, tone, outcome, delivery reference."""

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
        open_amount: the principal still claimed.
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
    status: InvoiceStatus
    status_date: date | None = None
    disputed: bool = False
    order_reference: str | None = None
    installments: tuple[DossierInstallment, ...] = ()
    charges: LateCharges | None = None
    limitation: Limitation | None = None
    limitation_note: str | None = None


class Dossier(BaseModel):
    """Everything known about a claim on one customer, as of ``on``, to hand over.

    Attributes:
        invoices: every open invoice (credit notes listed in ``credit_notes``).
        totals: per currency: ``principal`` (open invoices less open credit
            notes), ``interest``, ``fixed_compensation`` and ``total``.
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
        tables: dict[str, tuple[Sequence[str], list[Sequence[Any]]]] = {
            "parties.csv": (
                ("role", *DossierParty.model_fields),
                [
                    ("creditor", *self.creditor.model_dump().values()),
                    ("debtor", *self.debtor.model_dump().values()),
                ],
            ),
            "invoices.csv": (
                (
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
                ),
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
                    )
                    for i in (*self.invoices, *self.credit_notes)
                ],
            ),
            "installments.csv": (
                ("invoice_id", "due_date", "amount", "open_amount"),
                [
                    (i.id, part.due_date, part.amount, part.open_amount)
                    for i in self.invoices
                    for part in i.installments
                ],
            ),
            "charges.csv": (
                (
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
                ),
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
                    for c in (i.charges for i in self.invoices)
                    if c is not None
                ],
            ),
            "payments.csv": (
                tuple(DossierPayment.model_fields),
                [tuple(p.model_dump().values()) for p in self.payments],
            ),
            "reminders.csv": (
                (*DossierReminder.model_fields, "formal_notice"),
                [
                    (
                        *r.model_dump().values(),
                        self.formal_notice is not None and r.id == self.formal_notice.id,
                    )
                    for r in self.reminders
                ],
            ),
            "promises.csv": (
                tuple(DossierPromise.model_fields),
                [tuple(p.model_dump().values()) for p in self.promises],
            ),
            "disputes.csv": (
                ("invoice_id", "status", "since", "open_amount", "currency"),
                [(i.id, i.status, i.status_date, i.open_amount, i.currency) for i in self.disputes],
            ),
            "totals.csv": (
                ("currency", "principal", "interest", "fixed_compensation", "total"),
                [
                    (
                        currency,
                        row["principal"],
                        row["interest"],
                        row["fixed_compensation"],
                        row["total"],
                    )
                    for currency, row in self.totals.items()
                ],
            ),
            "missing.csv": (
                ("kind", "text"),
                [
                    *(("missing", m) for m in self.missing),
                    *(("warning", w) for w in self.warnings),
                ],
            ),
        }
        return {name: _csv(header, rows) for name, (header, rows) in tables.items()}

    def to_html(self) -> str:
        """A printable A4 page; every value from the data is HTML-escaped."""
        return _html(self)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " ".join(_cell(v) for v in value)
    return str(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


# -- building the dossier -----------------------------------------------------------


def _steps(policy: Policy) -> tuple[dict[tuple[str, str], Step], dict[str, Step]]:
    by_scenario: dict[tuple[str, str], Step] = {}
    by_id: dict[str, Step] = {}
    for scenario in policy.scenarios.values():
        for step in scenario.steps:
            by_scenario[scenario.id, step.id] = step
            by_id.setdefault(step.id, step)
    return by_scenario, by_id


def _reminder(
    event: DunningEvent, steps: tuple[dict[tuple[str, str], Step], dict[str, Step]]
) -> DossierReminder:
    by_scenario, by_id = steps
    step = (
        by_scenario.get((event.scenario_id, event.step_id)) if event.scenario_id else None
    ) or by_id.get(event.step_id)
    return DossierReminder(
        id=event.id,
        date=event.date,
        step_id=event.step_id,
        step_label=step.title if step else None,
        channel=event.channel,
        tone=step.tone if step else None,
        outcome=event.outcome,
        reference=event.reference,
        invoice_ids=event.invoice_ids,
    )


def _is_formal_notice(reminder: DossierReminder) -> bool:
    return reminder.outcome in _DONE and (
        reminder.tone in (Tone.FORMAL_NOTICE, Tone.FINAL) or reminder.step_id == "formal_notice"
    )


def _party_from_customer(portfolio: Portfolio, customer_id: str) -> DossierParty:
    customer = portfolio.customer(customer_id)
    contact = next((c for c in customer.contacts if c.postal_address), None) or (
        customer.contacts[0] if customer.contacts else None
    )
    return DossierParty(
        name=customer.name,
        kind=str(customer.kind),
        country=customer.country,
        address=customer.address or (contact.postal_address if contact else None),
        siren=customer.siren,
        siret=customer.siret,
        vat_number=customer.vat_number,
        company_register=customer.company_register,
        contact_name=contact.name if contact else None,
        email=next((c.email for c in customer.contacts if c.email), None),
        phone=next((c.phone for c in customer.contacts if c.phone), None),
    )


def _creditor(policy: Policy) -> DossierParty:
    creditor = policy.creditor
    return DossierParty(
        name=creditor.name,
        address=creditor.address or None,
        siren=creditor.siren or None,
        vat_number=creditor.vat_number or None,
        registration=creditor.registration or None,
        email=creditor.email or None,
        phone=creditor.phone or None,
        iban=creditor.iban or None,
    )


def _open_on(portfolio: Portfolio, invoice: Invoice, day: date) -> Decimal:
    status, _ = invoice.status_on(day)
    if status in (InvoiceStatus.PAID, InvoiceStatus.CANCELLED):
        return _ZERO
    return portfolio.open_amount(invoice.id, day)


def _dossier_invoice(
    portfolio: Portfolio,
    invoice: Invoice,
    on: date,
    policy: Policy,
    open_amount: Decimal,
    warnings: list[str],
) -> DossierInvoice:
    status, accepted = invoice.status_on(on)
    charges = None
    expiry: Limitation | None = None
    expiry_note: str | None = None
    if not invoice.is_credit_note:
        charges = late_charges(
            invoice,
            portfolio,
            on,
            policy.jurisdiction,
            allow_stale=True,
            rate_tables=policy.loaded_rate_tables(),
        )
        warnings.extend(f"invoice {invoice.id}: {w}" for w in charges.warnings)
        try:
            expiry = limitation(portfolio, invoice.id, on=on, policy=policy)
        except JurisdictionError as error:
            expiry_note = str(error)
        if expiry is not None:
            if expiry.expired(on):
                warnings.append(
                    f"invoice {invoice.id}: the claim was time-barred on {expiry.expires_on} "
                    f"({expiry.basis}); a court will dismiss it if the debtor objects"
                )
            elif expiry.days_left(on) <= policy.limitation_warning_days:
                warnings.append(
                    f"invoice {invoice.id}: the claim becomes time-barred after "
                    f"{expiry.expires_on} ({expiry.days_left(on)} days left): start proceedings "
                    "before then"
                )
    parts: tuple[DossierInstallment, ...] = ()
    if invoice.installments:
        parts = tuple(
            DossierInstallment(due_date=i.due_date, amount=i.amount, open_amount=left)
            for i, left in portfolio.open_installments(invoice.id, on)
        )
    disputed = status in _DISPUTE_STATUSES
    if disputed:
        warnings.append(
            f"invoice {invoice.id} is {status} (since {invoice.status_date or invoice.issue_date}):"
            " a payment order is for undisputed claims; settle the dispute or go to court on it"
        )
    return DossierInvoice(
        id=invoice.id,
        kind=str(invoice.kind),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        amount=invoice.amount,
        accepted_amount=accepted,
        open_amount=open_amount,
        status=status,
        status_date=invoice.status_date if status is invoice.status else None,
        disputed=disputed,
        order_reference=invoice.order_reference,
        installments=parts,
        charges=charges,
        limitation=expiry,
        limitation_note=expiry_note,
    )


def _missing(dossier_parts: dict[str, Any]) -> list[str]:
    creditor: DossierParty = dossier_parts["creditor"]
    debtor: DossierParty = dossier_parts["debtor"]
    notice: DossierReminder | None = dossier_parts["formal_notice"]
    missing: list[str] = []
    if notice is None:
        missing.append(
            "formal notice (mise en demeure, Mahnung, letter before action): none was sent; "
            "courts and agencies expect proof of a prior demand, and without it the "
            "reminders' dates are the only evidence of the demand"
        )
    elif not notice.reference:
        missing.append(
            f"proof of the formal notice of {notice.date}: no delivery reference (registered "
            "letter number or acknowledgement of receipt) was recorded"
        )
    if not creditor.name:
        missing.append("creditor's name (policy.creditor.name)")
    if not creditor.address:
        missing.append("creditor's address (policy.creditor.address)")
    if not (creditor.siren or creditor.registration or creditor.vat_number):
        missing.append("creditor's registration number (policy.creditor.siren or registration)")
    if not debtor.address:
        missing.append("debtor's address: a court serves the order there")
    if debtor.kind != "individual":
        if debtor.country == "FR" and not (debtor.siren or debtor.siret):
            missing.append("debtor's SIREN (the court identifies a French company by it)")
        if debtor.country == "DE" and not debtor.company_register:
            missing.append("debtor's Handelsregister entry (company_register), if registered")
        if not debtor.vat_number and debtor.country not in {"CH", "GB"}:
            missing.append("debtor's VAT number")
    return missing


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
    portfolio.customer(customer_id)
    warnings: list[str] = []
    documents = [i for i in portfolio.invoices_of(customer_id) if i.issue_date <= on]
    open_invoices: list[DossierInvoice] = []
    credit_notes: list[DossierInvoice] = []
    for invoice in documents:
        left = _open_on(portfolio, invoice, on)
        if left <= 0:
            continue
        entry = _dossier_invoice(portfolio, invoice, on, policy, left, warnings)
        (credit_notes if invoice.is_credit_note else open_invoices).append(entry)
    payments = [
        DossierPayment(
            id=p.id,
            invoice_id=p.invoice_id,
            date=p.date,
            amount=p.amount,
            currency=p.currency,
            method=p.method,
            reference=p.reference,
        )
        for invoice in documents
        for p in portfolio.payments_of(invoice.id)
        if p.date <= on
    ]
    payments.sort(key=lambda p: (p.date, p.id))
    steps = _steps(policy)
    reminders = [_reminder(e, steps) for e in portfolio.events_of(customer_id) if e.date <= on]
    open_ids = {i.id for i in open_invoices}
    notices = [r for r in reminders if _is_formal_notice(r) and (open_ids & set(r.invoice_ids))]
    promises = []
    for promise in portfolio.promises_of(customer_id):
        if promise.made_on > on:
            continue
        outcome = promise_outcome(
            promise,
            (portfolio.facts(d.id, on) for d in documents),
            on,
            policy.promise_grace_days,
        )
        promises.append(
            DossierPromise(
                id=promise.id,
                made_on=promise.made_on,
                pay_by=promise.pay_by,
                amount=promise.amount,
                currency=promise.currency,
                invoice_ids=promise.invoice_ids,
                outcome=outcome,
            )
        )
    totals: dict[str, dict[str, Decimal]] = {}
    for entry in (*open_invoices, *credit_notes):
        row = totals.setdefault(
            entry.currency,
            {"principal": _ZERO, "interest": _ZERO, "fixed_compensation": _ZERO, "total": _ZERO},
        )
        sign = -1 if entry.kind == "credit_note" else 1
        row["principal"] += sign * entry.open_amount
        if entry.charges is not None:
            row["interest"] += entry.charges.interest
            row["fixed_compensation"] += entry.charges.fixed_compensation
    for row in totals.values():
        row["total"] = row["principal"] + row["interest"] + row["fixed_compensation"]
    if not open_invoices:
        warnings.append(f"customer {customer_id} owes nothing on {on}: nothing to hand over")
    parts: dict[str, Any] = {
        "creditor": _creditor(policy),
        "debtor": _party_from_customer(portfolio, customer_id),
        "formal_notice": notices[-1] if notices else None,
    }
    jurisdiction = next(
        (i.charges.jurisdiction for i in open_invoices if i.charges is not None),
        policy.jurisdiction,
    )
    return Dossier(
        customer_id=customer_id,
        on=on,
        jurisdiction=jurisdiction,
        invoices=tuple(open_invoices),
        credit_notes=tuple(credit_notes),
        payments=tuple(payments),
        reminders=tuple(reminders),
        promises=tuple(promises),
        totals=dict(sorted(totals.items())),
        missing=tuple(_missing(parts)),
        warnings=tuple(warnings),
        **parts,
    )


# -- the printable page ---------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 16mm 14mm; }
body { font: 10pt/1.35 "Helvetica Neue", Arial, sans-serif; color: #111; max-width: 182mm;
       margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 6mm 0 2mm;
     border-bottom: 0.3mm solid #444; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
tr { page-break-inside: avoid; } th, td { border: 0.2mm solid #999; padding: 1mm 1.5mm;
     text-align: left; vertical-align: top; } th { background: #eee; }
td.n { text-align: right; white-space: nowrap; } .parties { display: flex; gap: 6mm; }
.parties > div { flex: 1; border: 0.2mm solid #999; padding: 2mm; }
.missing { border: 0.5mm solid #b00; padding: 2mm; } .warn { color: #7a4b00; }
"""


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(_cell(v))}</td>'
            if n in numeric
            else f"<td>{escape(_cell(v))}</td>"
            for n, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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


def _html(d: Dossier) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Hand-over dossier {escape(d.customer_id)} {d.on.isoformat()}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Hand-over dossier: {escape(d.debtor.name)}</h1>",
        f"<p>Customer {escape(d.customer_id)} · as of {d.on.isoformat()}"
        + (f" · jurisdiction {escape(d.jurisdiction)}" if d.jurisdiction else "")
        + "</p>",
        '<div class="parties">',
        _party("Creditor (créancier, Gläubiger)", d.creditor),
        _party("Debtor (débiteur, Schuldner)", d.debtor),
        "</div>",
    ]
    if d.missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in d.missing)
        parts.append(f'<div class="missing"><h2>Missing</h2><ul>{items}</ul></div>')
    if d.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in d.warnings)
        parts.append(f'<h2>Warnings</h2><ul class="warn">{items}</ul>')
    parts.append("<h2>Amounts claimed</h2>")
    parts.append(
        _table(
            ("Currency", "Principal", "Interest", "Fixed compensation", "Total"),
            [
                (c, r["principal"], r["interest"], r["fixed_compensation"], r["total"])
                for c, r in d.totals.items()
            ],
            {1, 2, 3, 4},
        )
    )
    parts.append("<h2>Open invoices</h2>")
    parts.append(
        _table(
            (
                "Invoice",
                "Issued",
                "Due",
                "Amount",
                "Open",
                "Cur.",
                "Status",
                "Interest",
                "Fixed",
                "Rate",
                "Legal basis",
                "Time-barred after",
            ),
            [
                (
                    i.id,
                    i.issue_date,
                    i.due_date,
                    i.amount,
                    i.open_amount,
                    i.currency,
                    i.status,
                    i.charges.interest if i.charges else None,
                    i.charges.fixed_compensation if i.charges else None,
                    f"{i.charges.rate} %" if i.charges and i.charges.statutory else None,
                    i.charges.legal_basis if i.charges else None,
                    i.limitation.expires_on if i.limitation else i.limitation_note,
                )
                for i in d.invoices
            ],
            {3, 4, 7, 8},
        )
    )
    instalments = [
        (i.id, p.due_date, p.amount, p.open_amount) for i in d.invoices for p in i.installments
    ]
    if instalments:
        parts.append("<h2>Instalments</h2>")
        parts.append(_table(("Invoice", "Due", "Amount", "Open"), instalments, {2, 3}))
    if d.credit_notes:
        parts.append("<h2>Open credit notes (to deduct)</h2>")
        parts.append(
            _table(
                ("Credit note", "Issued", "Open", "Cur."),
                [(c.id, c.issue_date, c.open_amount, c.currency) for c in d.credit_notes],
                {2},
            )
        )
    parts.append("<h2>Formal notice</h2>")
    if d.formal_notice is None:
        parts.append("<p><strong>None sent.</strong></p>")
    else:
        n = d.formal_notice
        parts.append(
            f"<p>{n.date.isoformat()}, {escape(str(n.channel))}, proof reference: "
            f"{escape(n.reference or '(none recorded)')}; invoices "
            f"{escape(', '.join(n.invoice_ids))}</p>"
        )
    parts.append("<h2>Reminders sent</h2>")
    parts.append(
        _table(
            ("Date", "Step", "Channel", "Tone", "Outcome", "Reference", "Invoices"),
            [
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
            ],
            set(),
        )
    )
    parts.append("<h2>Payments received</h2>")
    parts.append(
        _table(
            ("Date", "Invoice", "Amount", "Cur.", "Method", "Reference"),
            [
                (p.date, p.invoice_id, p.amount, p.currency, p.method, p.reference)
                for p in d.payments
            ],
            {2},
        )
    )
    parts.append("<h2>Payment promises</h2>")
    parts.append(
        _table(
            ("Made on", "Pay by", "Amount", "Invoices", "Outcome"),
            [
                (p.made_on, p.pay_by, p.amount, ", ".join(p.invoice_ids) or "all open", p.outcome)
                for p in d.promises
            ],
            {2},
        )
    )
    if d.disputes:
        parts.append("<h2>Disputes</h2>")
        parts.append(
            _table(
                ("Invoice", "Status", "Since", "Open"),
                [(i.id, i.status, i.status_date, i.open_amount) for i in d.disputes],
                {3},
            )
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)
