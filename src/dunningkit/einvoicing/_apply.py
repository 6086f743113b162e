"""Lifecycle statuses onto a book: :func:`apply_lifecycle`.

Each invoice's statuses are taken in date order (on one day, in code order: the
lifecycle runs from 200 up). A status newer than the invoice's own becomes its status
and the old one goes to its history; an older status arriving late only joins the
history. A status seen before (same message and code) is not applied twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dunningkit.book._figures import invoice_facts
from dunningkit.book._portfolio import Portfolio
from dunningkit.einvoicing._statuses import FACTORED, NOT_FACTORED, LifecycleStatus
from dunningkit.errors import EInvoiceError, EInvoiceProblem, UnmatchedStatusError
from dunningkit.model._customer import Hold
from dunningkit.model._invoice import Invoice, InvoiceStatus, StatusChange
from dunningkit.model._payment import Payment

__all__ = ["apply_lifecycle", "unmatched_statuses"]

_COLLECTED = "212"
_FACTORED_HOLD = "Affacturée (225)"


def unmatched_statuses(
    portfolio: Portfolio, statuses: Iterable[LifecycleStatus]
) -> list[LifecycleStatus]:
    """The statuses naming an invoice that is not in the book."""
    ids = {invoice.id for invoice in portfolio.invoices}
    return [status for status in statuses if status.invoice_id not in ids]


def apply_lifecycle(
    portfolio: Portfolio, statuses: Iterable[LifecycleStatus], *, skip_unknown: bool = False
) -> Portfolio:
    """A new book where each invoice follows its lifecycle statuses.

    ``status``, ``status_date`` and ``status_history`` follow the statuses in date
    order (a later status wins; an older one arriving late joins the history only);
    "Encaissée" (212) records a payment of the amount collected, and marks the invoice
    paid once nothing is left open; "Approuvée partiellement" (206) sets the accepted
    amount; "Affacturée" (225) puts the invoice on hold (the factor collects) and
    "Non affacturée" (228) lifts that hold. Informative statuses change nothing.

    Args:
        portfolio: the book; it is not changed.
        statuses: the statuses, in any order (from :func:`read_lifecycle`).
        skip_unknown: leave out statuses of invoices that are not in the book (find
            them first with :func:`unmatched_statuses` to report them); by default
            they raise.

    Raises:
        UnmatchedStatusError: statuses name invoices not in the book (each named).
        EInvoiceError: a status cannot apply (an approved part above the amount).
    """
    statuses = list(statuses)
    unknown = unmatched_statuses(portfolio, statuses)
    if unknown and not skip_unknown:
        raise _unmatched(unknown)
    by_invoice: dict[str, list[LifecycleStatus]] = {}
    for status in statuses:
        by_invoice.setdefault(status.invoice_id, []).append(status)
    problems: list[EInvoiceProblem] = []
    invoices: list[Invoice] = []
    payments = list(portfolio.payments)
    for invoice in portfolio.invoices:
        mine = by_invoice.get(invoice.id)
        if not mine:
            invoices.append(invoice)
            continue
        ordered = sorted(mine, key=lambda s: (s.date, s.code, s.reference or ""))
        state = _State.of(invoice, portfolio.payments_of(invoice.id))
        for status in ordered:
            state.apply(status, problems)
        invoices.append(state.invoice())
        payments.extend(state.new_payments)
    if problems:
        raise EInvoiceError(problems)
    return Portfolio(
        customers=portfolio.customers,
        invoices=invoices,
        payments=payments,
        promises=portfolio.promises,
        events=portfolio.events,
    )


def _unmatched(unknown: Sequence[LifecycleStatus]) -> UnmatchedStatusError:
    return UnmatchedStatusError(
        [
            EInvoiceProblem(
                s.source or "<statuses>",
                f"invoice {s.invoice_id!r}",
                f"status {s.code} ({s.label}) of {s.date}: no such invoice in the book",
            )
            for s in unknown
        ]
    )


@dataclass
class _State:
    """One invoice's status while its lifecycle statuses are applied."""

    original: Invoice
    payments: list[Payment]
    status: InvoiceStatus
    status_date: date | None
    accepted: Decimal | None
    hold: Hold | None
    history: list[StatusChange]
    new_payments: list[Payment] = field(default_factory=list)
    current: StatusChange | None = None  # the change that set the status, once one did

    @classmethod
    def of(cls, invoice: Invoice, payments: Sequence[Payment]) -> _State:
        return cls(
            original=invoice,
            payments=list(payments),
            status=invoice.status,
            status_date=invoice.status_date,
            accepted=invoice.accepted_amount,
            hold=invoice.hold,
            history=list(invoice.status_history),
        )

    def seen(self, s: LifecycleStatus) -> bool:
        """Whether the status is already known: by its reference, or as a change of the
        same status on the same day (a book saved and read back keeps no reference for
        its current status)."""
        changes = [*self.history, *([self.current] if self.current else [])]
        references = {change.reference for change in changes}
        references |= {payment.reference for payment in self.payments}
        if s.reference is not None and s.reference in references:
            return True
        same_day = {(change.date, change.status) for change in changes}
        return (s.date, s.status) in same_day or (s.status, s.date) == (
            self.status,
            self.status_date,
        )

    def apply(self, s: LifecycleStatus, problems: list[EInvoiceProblem]) -> None:
        if self.seen(s):
            return
        if s.code == FACTORED:
            reason = f"{_FACTORED_HOLD} on {s.date}: the factor collects this invoice"
            self.hold = Hold(reason=reason, since=s.date)
        elif s.code == NOT_FACTORED and self.hold and self.hold.reason.startswith(_FACTORED_HOLD):
            self.hold = None
        if s.status is None:
            return
        if s.code == _COLLECTED and not self._collect(s):
            return  # a part collected: recorded as a payment, the status stays
        if s.status is InvoiceStatus.PARTIALLY_ACCEPTED:
            assert s.amount is not None  # noqa: S101 - read_lifecycle requires it
            if s.amount > self.original.amount:
                problems.append(
                    EInvoiceProblem(
                        s.source or "<statuses>",
                        f"invoice {s.invoice_id!r}",
                        f"approved amount {s.amount} is more than the invoice's "
                        f"{self.original.amount}",
                    )
                )
                return
        change = StatusChange(
            date=s.date,
            status=s.status,
            accepted_amount=s.amount if s.status is InvoiceStatus.PARTIALLY_ACCEPTED else None,
            note=" ".join(t for t in (s.reason_code, s.reason) if t) or f"{s.code} {s.label}",
            reference=s.reference,
        )
        current = self.status_date or self.original.issue_date
        if s.date < current:
            self.history.append(change)  # older news arriving late: history only
            return
        self.history.append(
            self.current
            or StatusChange(
                date=current,
                status=self.status,
                accepted_amount=self.accepted
                if self.status is InvoiceStatus.PARTIALLY_ACCEPTED
                else None,
            )
        )
        self.current = change
        self.status, self.status_date = s.status, s.date
        if s.status is InvoiceStatus.PARTIALLY_ACCEPTED:
            self.accepted = s.amount
        elif s.status is not InvoiceStatus.PAID:
            self.accepted = None

    def _collect(self, s: LifecycleStatus) -> bool:
        """Record the amount collected; whether the invoice is now paid in full."""
        assert s.amount is not None  # noqa: S101 - read_lifecycle requires it
        payment = Payment(
            id=f"{s.invoice_id}/{s.reference or s.date.isoformat()}",
            invoice_id=s.invoice_id,
            date=s.date,
            amount=s.amount,
            currency=self.original.currency,
            method="collected (212 Encaissée)",
            reference=s.reference,
        )
        self.payments.append(payment)
        self.new_payments.append(payment)
        self.payments.sort(key=lambda p: (p.date, p.id))
        facts = invoice_facts(self._current(), self.payments, s.date)
        return facts.open <= 0

    def _current(self) -> Invoice:
        return self.original.model_copy(
            update={"status": self.status, "accepted_amount": self.accepted, "status_date": None}
        )

    def invoice(self) -> Invoice:
        """The invoice with its new status, validated again."""
        data = self.original.model_dump()
        data.update(
            status=self.status,
            status_date=self.status_date,
            accepted_amount=self.accepted,
            hold=self.hold,
            status_history=sorted(self.history, key=lambda c: (c.date, c.status)),
        )
        return Invoice.model_validate(data)
