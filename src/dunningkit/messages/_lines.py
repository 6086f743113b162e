"""The invoice lines of a reminder, and the figures gathered with them.

One line per invoice (number, issue and due dates, the amount due now, days late,
the order reference), and over all of them: the oldest due date, the most days
late, the late charges (interest, fixed compensation, the statutory rate and its
legal basis and mentions), the invoices' own payment links and order references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunningkit._support._money import money_text
from dunningkit.legal._charges import late_charges
from dunningkit.messages._dates import long_date
from dunningkit.messages._mentions import legal_mentions
from dunningkit.messages._phrases import language, nphrase, phrase

if TYPE_CHECKING:
    from dunningkit.book._portfolio import Portfolio
    from dunningkit.messages._message import MessageSettings
    from dunningkit.model._invoice import Invoice
    from dunningkit.planning._results import Action

__all__ = ["InvoiceFigures", "invoice_figures"]


@dataclass
class InvoiceFigures:
    """What the invoices of one action add up to, in words and figures."""

    lines: list[str] = field(default_factory=list)
    interest: Decimal = Decimal(0)
    fixed: Decimal = Decimal(0)
    rate: Decimal | None = None
    basis: str = ""
    mentions: str = ""
    jurisdiction: str = ""
    oldest: date | None = None
    days_overdue: int = 0
    payment_links: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)


def invoice_figures(
    action: Action, portfolio: Portfolio, policy: MessageSettings, day: date, locale: str
) -> InvoiceFigures:
    """The lines and figures of an action's invoices on ``day``."""
    lang = language(locale)
    figures = InvoiceFigures()
    for invoice_id in action.invoice_ids:
        invoice = portfolio.invoice(invoice_id)
        # The planner's figures: the amount due now (accepted part; instalments due by
        # now) and the date it is late from (each instalment from its own due date).
        due, open_ = portfolio.due_now(invoice_id, day)
        late = max((day - due).days, 0)
        figures.days_overdue = max(figures.days_overdue, late)
        figures.oldest = due if figures.oldest is None else min(figures.oldest, due)
        if invoice.payment_link:
            figures.payment_links.append(invoice.payment_link)
        if invoice.order_reference:
            figures.orders.append(invoice.order_reference)
        amount = money_text(open_, action.currency, locale)
        figures.lines.append(_line(invoice, due, amount, late, lang, locale))
        _add_charges(figures, invoice, portfolio, policy, day, locale)
    return figures


def _line(invoice: Invoice, due: date, amount: str, late: int, lang: str, locale: str) -> str:
    ref = invoice.order_reference
    return phrase(
        lang,
        "invoice_line",
        number=invoice.id,
        issued=long_date(invoice.issue_date, locale),
        due=long_date(due, locale),
        open=amount,
        late=nphrase(lang, "invoice_late", late, days=str(late)) if late else "",
        order=phrase(lang, "invoice_order", ref=ref) if ref else "",
    )


def _add_charges(
    figures: InvoiceFigures,
    invoice: Invoice,
    portfolio: Portfolio,
    policy: MessageSettings,
    day: date,
    locale: str,
) -> None:
    # A letter must go out even when the shipped rates are behind: the figures use
    # the last known rate; `dunningkit charges` and late_charges() warn about it.
    charges = late_charges(
        invoice,
        portfolio,
        day,
        policy.jurisdiction,
        allow_stale=True,
        rate_tables=policy.loaded_rate_tables(),
        creditor_country=policy.creditor.country,
        policy_interest=policy.late_interest,
    )
    figures.interest += charges.interest
    figures.fixed += charges.fixed_compensation
    if charges.legal_basis:  # known rules (a consumer's too: a formal notice cites them)
        figures.jurisdiction = figures.jurisdiction or charges.rules_id
    if charges.statutory:
        figures.rate = charges.rate
        figures.basis = charges.legal_basis
        contract = charges.interest_basis in {"contract", "floor"}
        figures.mentions = legal_mentions(
            charges.rules_id, language(locale), charges.rate, locale, contract=contract
        )
