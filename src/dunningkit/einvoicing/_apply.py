"""Lifecycle statuses onto a book: :func:`apply_lifecycle`.

Each invoice's life is one timeline: the changes it already has (its history and its
current status) and the new statuses, without repeats, in date order (on one day, the
status further along the lifecycle last: see ``_RANK``). The last change is the
invoice's status, the others its history. So an older status arriving late joins the
history and never overwrites a newer one, and applying messages at once or in any
batches, in any order, gives the same book.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
_COLLECTED_METHOD = "collected (212 Encaissée)"
_FACTORED_HOLD = "Affacturée (225)"
_S = InvoiceStatus
_RANK = {
    status: rank
    for rank, status in enumerate(
        (_S.ISSUED, _S.RECEIVED, _S.SUSPENDED, _S.DISPUTED, _S.PARTIALLY_ACCEPTED, _S.ACCEPTED,
         _S.PAYMENT_SENT, _S.PAID, _S.REFUSED, _S.REJECTED, _S.CANCELLED)
    )
}  # fmt: skip
"""On one day, the status further along the lifecycle comes last (and so wins): a
book keeps days, not hours, and the order must not depend on how messages arrived."""


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
    paid on the day nothing is left open; "Approuvée partiellement" (206) sets the
    accepted amount; "Affacturée" (225) puts the invoice on hold (the factor collects)
    and "Non affacturée" (228) lifts that hold. Informative statuses change nothing. A
    status already applied (same message and code, or the same status on the same day)
    is not applied twice.

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
        followed, new_payments = _one(invoice, mine, portfolio.payments_of(invoice.id), problems)
        invoices.append(followed)
        payments += new_payments
    if problems:
        raise EInvoiceError(problems)
    return Portfolio(
        customers=portfolio.customers,
        invoices=invoices,
        payments=payments,
        promises=portfolio.promises,
        events=portfolio.events,
    )


def _one(
    invoice: Invoice,
    statuses: Sequence[LifecycleStatus],
    known: Sequence[Payment],
    problems: list[EInvoiceProblem],
) -> tuple[Invoice, list[Payment]]:
    """The invoice following its statuses and the payments they add; on a problem
    (added to ``problems``), the invoice unchanged."""
    wrong = _checks(invoice, statuses)
    new_payments = [] if wrong else _collections(invoice, statuses, known)
    wrong += _overpaid(invoice, known, new_payments, statuses)
    if wrong:
        problems += wrong
        return invoice, []
    return _followed(invoice, statuses, [*known, *new_payments]), new_payments


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


def _checks(invoice: Invoice, statuses: Sequence[LifecycleStatus]) -> list[EInvoiceProblem]:
    over = [
        EInvoiceProblem(
            s.source or "<statuses>",
            f"invoice {s.invoice_id!r}",
            f"approved amount {s.amount} is more than the invoice's {invoice.amount}",
        )
        for s in statuses
        if s.status is InvoiceStatus.PARTIALLY_ACCEPTED and (s.amount or 0) > invoice.amount
    ]
    # Currencies are never mixed: an amount in another currency is not the invoice's.
    other = [
        EInvoiceProblem(
            s.source or "<statuses>",
            f"invoice {s.invoice_id!r}",
            f"status {s.code} gives {s.amount} {s.currency}, but the invoice is in "
            f"{invoice.currency}",
        )
        for s in statuses
        if s.amount is not None and s.currency is not None and s.currency != invoice.currency
    ]
    return over + other


def _overpaid(
    invoice: Invoice,
    known: Sequence[Payment],
    new: Sequence[Payment],
    statuses: Sequence[LifecycleStatus],
) -> list[EInvoiceProblem]:
    """A problem per new "Encaissée" when the payments would add up to more than the
    invoice (the book refuses an overpaid invoice; the messages say which)."""
    total = sum((p.amount for p in [*known, *new]), Decimal(0))
    if total <= invoice.amount:
        return []
    references = {p.reference for p in new}
    return [
        EInvoiceProblem(
            s.source or "<statuses>",
            f"invoice {s.invoice_id!r}",
            f"collected {s.amount} (212): the payments would add up to {total}, "
            f"more than the invoice's {invoice.amount}",
        )
        for s in statuses
        if s.code == _COLLECTED and s.reference in references
    ]


def _collections(
    invoice: Invoice, statuses: Sequence[LifecycleStatus], known: Sequence[Payment]
) -> list[Payment]:
    """A payment for each "Encaissée" not recorded yet (by its reference)."""
    seen = {payment.reference for payment in known} | {payment.id for payment in known}
    new: list[Payment] = []
    for s in sorted(statuses, key=_status_key):
        if s.code != _COLLECTED or s.amount is None:
            continue
        pid = f"{s.invoice_id}/{s.reference or s.date.isoformat()}"
        if pid in seen or (s.reference is not None and s.reference in seen):
            continue
        seen |= {pid, s.reference}
        new.append(
            Payment(
                id=pid,
                invoice_id=s.invoice_id,
                date=s.date,
                amount=s.amount,
                currency=invoice.currency,
                method=_COLLECTED_METHOD,
                reference=s.reference,
            )
        )
    return new


def _status_key(s: LifecycleStatus) -> tuple[object, ...]:
    return (s.date, s.code, s.reference or "")


def _change_key(change: StatusChange) -> tuple[object, ...]:
    amount = change.accepted_amount
    return (
        change.date,
        _RANK[change.status],
        change.reference or "",
        change.note or "",
        amount or 0,
    )


def _followed(
    invoice: Invoice, statuses: Sequence[LifecycleStatus], payments: Sequence[Payment]
) -> Invoice:
    """The invoice whose status and history follow its whole timeline."""
    current = StatusChange(
        date=invoice.status_date or invoice.issue_date,
        status=invoice.status,
        accepted_amount=invoice.accepted_amount
        if invoice.status is InvoiceStatus.PARTIALLY_ACCEPTED
        else None,
    )
    timeline = list(invoice.status_history)
    dated = invoice.status_date is not None or invoice.status is not InvoiceStatus.ISSUED
    if dated or not timeline:  # else: issued on its issue date, already in the history
        timeline.append(current)
    # "paid" on a collection's day is derived again below, from every collection known.
    collections = [p for p in payments if p.method == _COLLECTED_METHOD]
    derived = ({p.reference for p in collections} | {p.date for p in collections}) - {None}
    timeline = [
        c
        for c in timeline
        if c.status is not InvoiceStatus.PAID or not ({c.reference, c.date} & derived)
    ] or [StatusChange(date=invoice.issue_date, status=InvoiceStatus.ISSUED)]
    timeline += [_change_of(s) for s in statuses if s.status and s.code != _COLLECTED]
    timeline = _without_repeats(timeline)
    timeline += _paid(invoice, timeline, payments)
    timeline = sorted(_without_repeats(timeline), key=_change_key)
    last = timeline[-1]
    return Invoice.model_validate(
        {
            **invoice.model_dump(),
            "status": last.status,
            "status_date": last.date,
            "accepted_amount": _accepted(timeline),
            "status_history": timeline[:-1],
            "hold": _hold(invoice.hold, statuses),
        }
    )


def _change_of(s: LifecycleStatus) -> StatusChange:
    partial = s.status is InvoiceStatus.PARTIALLY_ACCEPTED
    return StatusChange(
        date=s.date,
        status=s.status or InvoiceStatus.ISSUED,
        accepted_amount=s.amount if partial else None,
        note=" ".join(t for t in (s.reason_code, s.reason) if t) or f"{s.code} {s.label}",
        reference=s.reference,
    )


def _without_repeats(changes: Iterable[StatusChange]) -> list[StatusChange]:
    """The changes without repeats: one per reference, and one per day and status."""
    seen: set[object] = set()
    kept: list[StatusChange] = []
    for change in sorted(changes, key=_change_key):
        keys: set[object] = {(change.date, change.status)}
        if change.reference:
            keys.add(change.reference)
        if keys & seen:
            continue
        seen |= keys
        kept.append(change)
    return kept


def _paid(
    invoice: Invoice, timeline: Sequence[StatusChange], payments: Sequence[Payment]
) -> list[StatusChange]:
    """``paid`` on the first collection after which nothing is left open, if any."""
    ordered = sorted(timeline, key=_change_key)
    as_recorded = invoice.model_copy(
        update={
            "status": ordered[-1].status,
            "status_date": ordered[-1].date,
            "accepted_amount": ordered[-1].accepted_amount,
            "status_history": tuple(ordered[:-1]),
        }
    )
    by_date = sorted(payments, key=lambda p: (p.date, p.id))
    for payment in by_date:
        if payment.method != _COLLECTED_METHOD:
            continue
        if invoice_facts(as_recorded, by_date, payment.date).open <= 0:
            note = f"{_COLLECTED} Encaissée: nothing left open"
            return [
                StatusChange(
                    date=payment.date,
                    status=InvoiceStatus.PAID,
                    note=note,
                    reference=payment.reference,
                )
            ]
    return []


def _accepted(timeline: Sequence[StatusChange]) -> Decimal | None:
    """The accepted amount of the last partial approval, unless a full one followed."""
    accepted: Decimal | None = None
    for change in timeline:
        if change.status is InvoiceStatus.PARTIALLY_ACCEPTED:
            accepted = change.accepted_amount
        elif change.status is not InvoiceStatus.PAID:
            accepted = None
    return accepted


def _hold(hold: Hold | None, statuses: Sequence[LifecycleStatus]) -> Hold | None:
    """The factoring hold as the latest of 225 and 228 says; any other hold stays."""
    factoring = [s for s in statuses if s.code in {FACTORED, NOT_FACTORED}]
    if not factoring or (hold is not None and not hold.reason.startswith(_FACTORED_HOLD)):
        return hold
    latest = max(factoring, key=_status_key)
    if hold is not None and hold.since is not None and hold.since > latest.date:
        return hold
    if latest.code == NOT_FACTORED:
        return None
    reason = f"{_FACTORED_HOLD} on {latest.date}: the factor collects this invoice"
    return Hold(reason=reason, since=latest.date)
