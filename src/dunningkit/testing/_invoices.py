"""Invoices of one customer: amounts at their currency's places, statuses mostly open,
credit notes and instalment plans now and then."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.model._invoice import Installment, Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._types import currency_places
from dunningkit.testing._values import EPOCH, IDS, amounts, dates, mostly

__all__ = ["OPEN_STATUSES", "invoices", "overdue"]

OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.RECEIVED, InvoiceStatus.ACCEPTED)


def invoices(
    *,
    customer_id: str = "C-1",
    ids: st.SearchStrategy[str] | None = None,
    currencies: Sequence[str] = ("EUR",),
    statuses: Sequence[InvoiceStatus] = tuple(InvoiceStatus),
    credit_notes: bool = True,
    installments: bool = True,
    around: date = EPOCH,
    spread_days: int = 400,
) -> st.SearchStrategy[Invoice]:
    """Invoices of one customer, issued within ``spread_days`` of ``around``.

    Shrinks to an issued EUR invoice issued on ``around``, due 30 days later.
    """
    if spread_days < 0:
        raise InvalidArgument(f"spread_days={spread_days} must be at least 0")
    if not currencies:
        raise InvalidArgument("currencies must name at least one currency")
    if not statuses:
        raise InvalidArgument("statuses must name at least one InvoiceStatus")

    usual = [s for s in statuses if s in OPEN_STATUSES]
    rare = [s for s in statuses if s not in OPEN_STATUSES]
    parts = _InvoiceParts(
        customer_id=customer_id,
        issue=dates(around, before=spread_days, after=spread_days),
        due_in=st.integers(0, 90).map(lambda d: (d + 30) % 91),
        currency=st.sampled_from(list(currencies)),
        amount={
            currency: amounts(max_value=Decimal(50000), places=currency_places(currency))
            for currency in currencies
        },
        kind=mostly(st.just(InvoiceKind.INVOICE), st.just(InvoiceKind.CREDIT_NOTE))
        if credit_notes
        else st.just(InvoiceKind.INVOICE),
        status=mostly(st.sampled_from(usual), st.sampled_from(rare))
        if usual and rare
        else st.sampled_from(list(statuses)),
        installments=installments,
        id=ids if ids is not None else IDS.map(lambda s: f"F-{s}"),
        order_reference=st.one_of(st.none(), st.just("PO-2026-0042")),
    )
    return _invoice(parts)


@dataclass(frozen=True, slots=True)
class _InvoiceParts:
    """The strategies one invoice is drawn from, built once per :func:`invoices` call."""

    customer_id: str
    issue: st.SearchStrategy[date]
    due_in: st.SearchStrategy[int]
    currency: st.SearchStrategy[str]
    amount: dict[str, st.SearchStrategy[Decimal]]
    kind: st.SearchStrategy[InvoiceKind]
    status: st.SearchStrategy[InvoiceStatus]
    installments: bool
    id: st.SearchStrategy[str]
    order_reference: st.SearchStrategy[str | None]


# Composite strategies are defined once, at module level, and drawn from strategies
# built once: hypothesis reads a composite function's source each time it is
# decorated and validates each new strategy object on its first draw. Doing both for
# every generated invoice cost more than half of the property tests' time.
@st.composite
def _invoice(draw: st.DrawFn, parts: _InvoiceParts) -> Invoice:
    issue = draw(parts.issue)
    due = issue + timedelta(days=draw(parts.due_in))
    currency = draw(parts.currency)
    places = currency_places(currency)
    amount = draw(parts.amount[currency])
    kind = draw(parts.kind)
    status = draw(parts.status)
    accepted = None
    if status is InvoiceStatus.PARTIALLY_ACCEPTED:
        accepted = draw(amounts(max_value=amount, places=places))
    plan: tuple[Installment, ...] = ()
    if parts.installments and kind is InvoiceKind.INVOICE and amount >= 2 and draw(st.booleans()):
        first = (amount / 2).quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
        plan = (
            Installment(due_date=due, amount=first),
            Installment(due_date=due + timedelta(days=30), amount=amount - first),
        )
    return Invoice(
        id=draw(parts.id),
        customer_id=parts.customer_id,
        kind=kind,
        issue_date=issue,
        due_date=due,
        currency=currency,
        amount=amount,
        status=status,
        accepted_amount=accepted,
        order_reference=draw(parts.order_reference),
        installments=plan,
    )


def overdue(invoice: Invoice, today: date, days_late: int) -> Invoice:
    """The same invoice moved so that it is ``days_late`` overdue on ``today``."""
    due = today - timedelta(days=days_late)
    length = invoice.due_date - invoice.issue_date
    return invoice.model_copy(
        update={
            "due_date": due,
            "issue_date": due - length,
            "installments": (),
            "status_date": None,
        }
    )
