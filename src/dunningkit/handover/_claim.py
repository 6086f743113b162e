"""The claim a creditor declares in a customer's insolvency proceedings.

Once proceedings are opened (``Customer.proceedings``), the claims born before the
judgment are no longer dunned (the planner skips them as ``insolvency``): the creditor
declares them to the administrator, by the deadline. :func:`claim_declaration` writes
that declaration from the book, as of the day it is made:

* France, *déclaration de créance* (art. L622-24 and R622-23 of the Code de commerce):
  the amount due at the opening judgment, the amounts to fall due later and their
  dates, the nature of any security, the documents proving the claim;
* Germany, *Forderungsanmeldung* (§ 174 InsO): the amount and the ground of each
  claim, with copies of the documents it rests on;
* United Kingdom, proof of debt (Insolvency (England and Wales) Rules 2016, r.14.4):
  the creditor, the debtor, the proceedings, each claim with its principal, interest to
  the opening, compensation, dates and proofs.

Each claim is an open invoice issued before the opening: its principal (what of it
was due on the opening day), what falls due later (its due date or its instalments),
the interest to the opening day (``late_charges`` on that day: interest stops at the
opening) and the fixed compensation. Open credit notes issued before the opening are
set off (a negative principal). The form's title, legal basis and wording follow the
debtor's country (:data:`FORMS`, beside the jurisdiction files, which hold the
charges' rules); other countries get a neutral English declaration.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, Field

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import NoProceedingsError
from dunningkit.handover._claim_page import claim_csv, claim_html
from dunningkit.handover._claim_records import ClaimLine, FallingDue
from dunningkit.handover._history import dossier_reminders
from dunningkit.handover._invoices import open_on
from dunningkit.handover._parties import creditor_party, debtor_party
from dunningkit.handover._records import DossierParty, DossierReminder
from dunningkit.legal._charges import late_charges
from dunningkit.model._customer import Proceedings, usual_locale
from dunningkit.model._day import as_day
from dunningkit.model._history import DONE_OUTCOMES
from dunningkit.model._invoice import DISPUTE_STATUSES, Invoice
from dunningkit.model._types import MODEL_CONFIG, currency_unit
from dunningkit.planning._insolvency import check_opened
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["FORMS", "ClaimDeclaration", "ClaimForm", "ClaimLine", "FallingDue", "claim_declaration"]

_ZERO = Decimal(0)


class ClaimForm(NamedTuple):
    """How one country names and words the declaration."""

    title: str
    legal_basis: str
    statement: str
    late: str


FORMS: dict[str, ClaimForm] = {
    "FR": ClaimForm(
        "Déclaration de créance",
        "Code de commerce, art. L622-24 et R622-23",
        "Le créancier déclare au passif de la procédure les créances ci-dessous, nées "
        "avant le jugement d'ouverture : sommes échues à cette date, sommes à échoir et "
        "leurs échéances, intérêts arrêtés au jour du jugement (art. L622-28).",
        "past the deadline a claim is barred unless the court's juge-commissaire relieves "
        "the creditor (relevé de forclusion, art. L622-26: within six months of the "
        "publication of the judgment)",
    ),
    "DE": ClaimForm(
        "Forderungsanmeldung",
        "§ 174 InsO",
        "Die nachstehenden Forderungen werden mit Betrag und Grund zur Insolvenztabelle "
        "angemeldet; Zinsen bis zur Eröffnung des Verfahrens (§ 39 Abs. 1 Nr. 1 InsO).",
        "a claim filed after the deadline is still examined, at a later hearing and at "
        "the creditor's cost (§ 177 InsO)",
    ),
    "GB": ClaimForm(
        "Proof of debt",
        "Insolvency (England and Wales) Rules 2016, r.14.4",
        "The creditor claims that the company owed it the sums below at the date the "
        "proceedings began, with interest to that date (r.14.23), and attaches the "
        "documents by which they are proved.",
        "a late proof may still be admitted, but it does not disturb a dividend already paid",
    ),
}
"""The declaration's form by the debtor's country (ISO 3166 code)."""

_NEUTRAL = ClaimForm(
    "Declaration of claim",
    "",
    "The creditor declares the claims below, born before the opening of the proceedings, "
    "with the amounts due at the opening, those to fall due later and interest to the "
    "opening.",
    "check with the administrator whether a late claim may still be admitted",
)

SECURITY = (
    "unsecured (chirographaire): no security recorded in the book; add any retention "
    "of title or guarantee by hand"
)
"""What the declaration says of security: the book records none."""


class ClaimDeclaration(BaseModel):
    """The claim a creditor files in a customer's insolvency proceedings, as of ``on``.

    Attributes:
        on: the day the declaration is made (records dated after it are ignored).
        country: the debtor's country, whose form is used (``title``, ``legal_basis``).
        claims: the claims, in the book's order of the invoices.
        totals: per currency: ``principal``, ``to_fall_due``, ``interest``,
            ``compensation`` and ``total``.
        security: the nature of any security (none is recorded in the book).
        deadline: the last day to declare (``None``: not known yet).
        warnings: what the declarant must look at (a passed or unknown deadline,
            disputed claims, stale rate tables).
    """

    model_config = MODEL_CONFIG

    customer_id: str
    on: date
    country: str
    title: str
    legal_basis: str
    statement: str
    creditor: DossierParty
    debtor: DossierParty
    proceedings: Proceedings
    deadline: date | None = None
    claims: tuple[ClaimLine, ...] = ()
    totals: dict[str, dict[str, Decimal]] = Field(default_factory=dict)
    security: str = SECURITY
    warnings: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The declaration as JSON (amounts as strings, dates ISO)."""
        return self.model_dump_json(indent=2)

    def to_csv(self) -> str:
        """One CSV row per claim (the parties and proceedings are on every row)."""
        return claim_csv(self)

    def to_html(self, locale: str | None = None) -> str:
        """A printable A4 page, the dossier's look; every value escaped, amounts
        written for ``locale`` (default: the usual locale of the form's country)."""
        default = usual_locale(self.country) if self.country else "en"
        return claim_html(self, locale or default)


def _places(amount: Decimal, currency: str) -> Decimal:
    """An amount with its currency's places (``40`` -> ``40.00`` in EUR): every amount
    of the declaration, in JSON and CSV alike."""
    return amount.quantize(currency_unit(currency))


def _proofs(invoice: Invoice, reminders: tuple[DossierReminder, ...]) -> tuple[str, ...]:
    proofs = [f"invoice {invoice.id} of {invoice.issue_date}"]
    if invoice.order_reference:
        proofs.append(f"purchase order {invoice.order_reference}")
    proofs.extend(
        f"{r.channel} reminder of {r.date}" + (f" ({r.reference})" if r.reference else "")
        for r in reminders
        if invoice.id in r.invoice_ids and r.outcome in DONE_OUTCOMES
    )
    return tuple(proofs)


def _split(
    portfolio: Portfolio, invoice: Invoice, on: date, opened: date, left: Decimal
) -> tuple[Decimal, tuple[FallingDue, ...]]:
    """What of ``left`` was due on the opening day, and the parts falling due later."""
    if invoice.is_credit_note:
        return -left, ()
    if not invoice.installments:
        if invoice.due_date <= opened:
            return left, ()
        return left - left, (FallingDue(due_date=invoice.due_date, amount=left),)
    parts = portfolio.open_installments(invoice.id, on)
    due = sum((rest for part, rest in parts if part.due_date <= opened), left - left)
    later = tuple(
        FallingDue(due_date=part.due_date, amount=rest)
        for part, rest in parts
        if part.due_date > opened and rest > 0
    )
    return due, later


class _Charged(NamedTuple):
    """A claim's charges to the opening: interest, compensation, their legal basis, the
    last day of interest and the text that stops it there."""

    interest: Decimal = _ZERO
    compensation: Decimal = _ZERO
    basis: str = ""
    until: date | None = None
    stop: str = ""


def _charged(
    portfolio: Portfolio,
    invoice: Invoice,
    proceedings: Proceedings,
    policy: Policy,
    warnings: list[str],
) -> _Charged:
    """The charges on a claim as of the opening (none on a credit note)."""
    if invoice.is_credit_note:
        return _Charged()
    charges = late_charges(
        invoice,
        portfolio,
        proceedings.opened_on,
        policy.jurisdiction,
        allow_stale=True,
        rate_tables=policy.loaded_rate_tables(),
        creditor_country=policy.creditor.country,
    )
    warnings.extend(f"invoice {invoice.id}: {w}" for w in charges.warnings)
    return _Charged(
        charges.interest,
        charges.fixed_compensation,
        charges.legal_basis if charges.statutory else "",
        charges.interest_until or proceedings.opened_on,
        charges.interest_stop,
    )


def _line(
    portfolio: Portfolio,
    invoice: Invoice,
    declaration: tuple[date, Proceedings, Policy],
    reminders: tuple[DossierReminder, ...],
    warnings: list[str],
) -> ClaimLine | None:
    on, proceedings, policy = declaration
    left = open_on(portfolio, invoice, on)
    if left <= 0:
        return None
    principal, later = _split(portfolio, invoice, on, proceedings.opened_on, left)
    charged = _charged(portfolio, invoice, proceedings, policy, warnings)
    interest, compensation = charged.interest, charged.compensation
    status, _ = invoice.status_on(on)
    disputed = status in DISPUTE_STATUSES
    if disputed:
        warnings.append(
            f"invoice {invoice.id} is {status}: declare it all the same; the administrator "
            "or the court rules on the dispute"
        )
    total = principal + sum((p.amount for p in later), _ZERO) + interest + compensation
    kind = "credit note" if invoice.is_credit_note else "invoice"
    cur = invoice.currency
    return ClaimLine(
        invoice_id=invoice.id,
        kind=str(invoice.kind),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=cur,
        amount=_places(invoice.amount, cur),
        principal=_places(principal, cur),
        to_fall_due=tuple(p.model_copy(update={"amount": _places(p.amount, cur)}) for p in later),
        interest=_places(interest, cur),
        interest_until=charged.until,
        interest_stop=charged.stop,
        compensation=_places(compensation, cur),
        legal_basis=charged.basis,
        total=_places(total, cur),
        status=str(status),
        disputed=disputed,
        ground=f"{kind} {invoice.id} of {invoice.issue_date} (goods or services supplied)",
        proofs=_proofs(invoice, reminders),
    )


def _totals(claims: tuple[ClaimLine, ...]) -> dict[str, dict[str, Decimal]]:
    keys = ("principal", "to_fall_due", "interest", "compensation", "total")
    totals: dict[str, dict[str, Decimal]] = {}
    for line in claims:
        row = totals.setdefault(line.currency, dict.fromkeys(keys, _ZERO))
        row["principal"] += line.principal
        row["to_fall_due"] += sum((p.amount for p in line.to_fall_due), _ZERO)
        row["interest"] += line.interest
        row["compensation"] += line.compensation
        row["total"] += line.total
    return {
        currency: {key: _places(value, currency) for key, value in row.items()}
        for currency, row in sorted(totals.items())
    }


def _deadline_warning(proceedings: Proceedings, on: date, form: ClaimForm) -> str | None:
    deadline = proceedings.claims_deadline
    if deadline is None:
        return (
            "the deadline to declare is not known yet: ask the administrator, or watch the "
            "publication of the judgment (France: BODACC, two months from it)"
        )
    if on > deadline:
        return f"the deadline to declare was {deadline}: {form.late}"
    return None


def claim_declaration(
    portfolio: Portfolio, customer_id: str, on: date | str, *, policy: Policy | None = None
) -> ClaimDeclaration:
    """The claim to declare in ``customer_id``'s insolvency proceedings, as of ``on``.

    Args:
        portfolio: the book.
        customer_id: the debtor, whose ``proceedings`` the book records.
        on: the day of the declaration, a date or ``YYYY-MM-DD``; records dated after
            it are ignored.
        policy: the creditor's identity, the jurisdiction and rate tables (for the
            interest to the opening); default: :func:`default_policy`.

    Raises:
        UnknownRecordError: no such customer.
        NoProceedingsError: the customer is in no proceedings.
        ProceedingsError: its proceedings open after ``on``.
    """
    on = as_day(on, "on")
    policy = policy or default_policy()
    customer = portfolio.customer(customer_id)
    proceedings = customer.proceedings
    if proceedings is None:
        raise NoProceedingsError(customer_id)
    check_opened([customer], on, "the declaration")
    debtor = debtor_party(portfolio, customer_id, policy.creditor.country)
    country = debtor.country or ""
    form = FORMS.get(country, _NEUTRAL)
    warnings: list[str] = []
    reminders = dossier_reminders(portfolio, customer_id, on, policy)
    declared = (on, proceedings, policy)
    lines = [
        _line(portfolio, invoice, declared, reminders, warnings)
        for invoice in portfolio.invoices_of(customer_id)
        if proceedings.covers(invoice.issue_date)
    ]
    claims = tuple(line for line in lines if line is not None)
    if not claims:
        warnings.append(
            f"customer {customer_id} has no open invoice issued before the opening on "
            f"{proceedings.opened_on}: nothing to declare"
        )
    late = _deadline_warning(proceedings, on, form)
    return ClaimDeclaration(
        customer_id=customer_id,
        on=on,
        country=country,
        title=form.title,
        legal_basis=form.legal_basis,
        statement=form.statement,
        creditor=creditor_party(policy),
        debtor=debtor,
        proceedings=proceedings,
        deadline=proceedings.claims_deadline,
        claims=claims,
        totals=_totals(claims),
        warnings=(*([late] if late else []), *warnings),
    )
