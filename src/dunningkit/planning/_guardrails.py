"""Guardrails: what keeps reminders off an invoice, and off a customer.

Decides, for one invoice, the first reason in the documented order that stops it
(a claim born before insolvency proceedings, :mod:`~dunningkit.planning._insolvency`;
its status, holds, a reported payment, a pending promise, a direct debit, credit notes
covering the balance, an accepted part already paid, a time-barred claim); the
claims about to expire, which a plan flags; and, for one customer, whether today's
messages respect the contact limits (days between contacts, contacts in any 30 days).

:data:`GUARDRAILS` is the one table of the invoice guardrails: in :func:`blocked`'s
order, each with the skip reason it gives and the days its answer may change by
itself (beside the invoices' own record dates). The review dates read it (a
guardrail's skip means the segment cannot matter; its days are review days), so a
new guardrail is added here, in :func:`blocked` and in the table (a test holds the
two in step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from dunningkit.book._figures import InvoiceFacts
from dunningkit.book._ledger import CustomerLedger, InvoiceRow
from dunningkit.legal._limitation import claim_expiry, expiry_detail
from dunningkit.legal.jurisdictions import BUILTIN
from dunningkit.model._customer import Hold, Proceedings
from dunningkit.model._history import DONE_OUTCOMES, DunningEvent
from dunningkit.model._invoice import NEVER_DUNNED, InvoiceStatus
from dunningkit.planning._insolvency import claim_detail, insolvency_days, is_prior_claim
from dunningkit.planning._results import Alert, SkipReason
from dunningkit.policy._policy import Policy

__all__ = [
    "GUARDRAILS",
    "GUARDRAIL_REASONS",
    "PLAIN",
    "SHORTEST_PERIOD_DAYS",
    "STATUS_SKIPS",
    "Blocked",
    "ContactLimits",
    "Guardrail",
    "Limitations",
    "blocked",
    "guardrail_days",
    "held_for_payment",
    "money",
    "owed_and_credit",
    "payment_sent_waits",
    "pending_promises",
]

_ZERO = Decimal(0)
Blocked = tuple[SkipReason, str] | None

STATUS_SKIPS: dict[InvoiceStatus, tuple[SkipReason, str]] = {
    InvoiceStatus.PAID: (
        SkipReason.PAID,
        "marked paid by the buyer's platform; record the payment to close it",
    ),
    InvoiceStatus.CANCELLED: (SkipReason.CANCELLED, "cancelled: nothing to collect"),
    InvoiceStatus.REFUSED: (
        SkipReason.REFUSED,
        (
            "refused by the buyer: the invoice must be fixed (credit note and new invoice) "
            "before any reminder"
        ),
    ),
    InvoiceStatus.REJECTED: (
        SkipReason.REJECTED,
        (
            "rejected by the e-invoicing platform: the invoice must be fixed and sent again "
            "before any reminder"
        ),
    ),
    InvoiceStatus.DISPUTED: (
        SkipReason.DISPUTED,
        "disputed by the customer: reminders pause until a person resolves the dispute",
    ),
    InvoiceStatus.SUSPENDED: (
        SkipReason.SUSPENDED,
        "suspended by the buyer (missing information): answer the buyer before reminding",
    ),
}
# Statuses that by themselves neither stop nor delay a reminder.
PLAIN = frozenset(InvoiceStatus) - NEVER_DUNNED - {InvoiceStatus.PAYMENT_SENT}


def money(amount: Decimal, currency: str) -> str:
    """An amount as the reasons write it: ``1,234.50 EUR``."""
    return f"{amount:,.2f} {currency}"


def owed_and_credit(
    facts: Iterable[InvoiceFacts],
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """What the customer owes, and the open credit notes, per currency.

    ``facts`` are the customer's outstanding documents. What the customer is not
    asked to pay (never-dunned statuses) counts nowhere.
    """
    owed: dict[str, Decimal] = {}
    credit: dict[str, Decimal] = {}
    for f in facts:
        currency = f.invoice.currency
        if f.credit:
            if f.status is not InvoiceStatus.CANCELLED:
                credit[currency] = credit.get(currency, _ZERO) + f.outstanding
        elif f.status not in NEVER_DUNNED:
            owed[currency] = owed.get(currency, _ZERO) + f.open
    return owed, credit


def pending_promises(entry: CustomerLedger, today: date, policy: Policy) -> dict[str, str]:
    """Invoice id -> why a promise holds it, for promises still running today."""
    held: dict[str, str] = {}
    grace = policy.promise_grace_days
    for promise in entry.promises:
        if not promise.running_on(today, grace):
            continue
        detail = (
            f"payment promised on {promise.made_on} by {promise.pay_by}; reminders resume "
            f"after {promise.deadline(grace)}"
        )
        for row in entry.rows:
            if promise.covers(row.id, row.issue):
                held.setdefault(row.id, detail)
    return held


def payment_sent_waits(f: InvoiceFacts, today: date, policy: Policy) -> bool:
    """Whether a payment reported sent still holds reminders back on ``today``: the
    status is ``payment_sent`` and its date (unknown: always) plus the policy's grace
    has not passed."""
    if f.status is not InvoiceStatus.PAYMENT_SENT:
        return False
    sent_on = f.invoice.status_date
    return sent_on is None or today <= sent_on + timedelta(days=policy.payment_sent_grace_days)


def held_for_payment(
    entry: CustomerLedger, invoice_ids: Iterable[str], today: date, policy: Policy
) -> bool:
    """Whether a payment reported sent (:func:`payment_sent_waits`) or a running promise
    (:func:`pending_promises`) holds any of these invoices of the customer on ``today``:
    the two guardrails the back-test checks its contacts against."""
    ids = list(invoice_ids)
    if any(payment_sent_waits(entry.row(i).facts_on(today), today, policy) for i in ids):
        return True
    if not entry.promises:
        return False
    promised = pending_promises(entry, today, policy)
    return any(i in promised for i in ids)


def blocked(
    f: InvoiceFacts,
    today: date,
    policy: Policy,
    hold: Hold | None,
    promises: dict[str, str],
    owed: dict[str, Decimal],
    credit: dict[str, Decimal],
    proceedings: Proceedings | None = None,
) -> Blocked:
    """The first reason, in the documented order, that keeps reminders off an invoice
    (``proceedings``: the customer's, when opened by ``today``)."""
    inv = f.invoice
    currency = inv.currency
    if f.credit:
        return SkipReason.CREDIT_NOTE, (
            f"credit note of {money(f.outstanding, currency)} still open: netted against "
            "the customer's balance, never reminded"
        )
    if proceedings is not None and is_prior_claim(f, proceedings):
        return SkipReason.INSOLVENCY, claim_detail(proceedings, today)
    status_skip = STATUS_SKIPS.get(f.status)
    if status_skip is not None:
        return status_skip
    if inv.hold is not None and inv.hold.active_on(today):
        until = f" until {inv.hold.until}" if inv.hold.until else ""
        return SkipReason.INVOICE_ON_HOLD, f"invoice on hold{until}: {inv.hold.reason}"
    if hold is not None:
        until = f" until {hold.until}" if hold.until else ""
        return SkipReason.CUSTOMER_ON_HOLD, f"customer on hold{until}: {hold.reason}"
    if f.status is InvoiceStatus.PAYMENT_SENT and payment_sent_waits(f, today, policy):
        sent_on = inv.status_date
        when = f"on {sent_on}" if sent_on else "(date unknown)"
        return SkipReason.PAYMENT_SENT, (
            f"the buyer reported the payment as sent {when}; waiting "
            f"{policy.payment_sent_grace_days} days for it to arrive"
        )
    promise = promises.get(inv.id)
    if promise is not None:
        return SkipReason.PROMISE_PENDING, promise
    if inv.direct_debit:
        collection = inv.collection_date or inv.due_date
        if today <= collection:
            return SkipReason.DIRECT_DEBIT_PENDING, (
                f"paid by direct debit, collected on {collection}"
            )
    credited = credit.get(currency, _ZERO)
    if credited and owed.get(currency, _ZERO) - credited <= 0:
        return SkipReason.CREDIT_COVERS_BALANCE, (
            f"open credit notes of {money(credited, currency)} cover the customer's "
            f"balance in {currency}"
        )
    if f.open <= 0:
        return SkipReason.ACCEPTED_PART_PAID, (
            "the accepted part is paid; the rest awaits the buyer's acceptance"
        )
    return None


_DAY = timedelta(days=1)


def _records(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """Moves only with the invoices' facts: their record dates."""
    del entry, policy
    return iter(())


def _hold(hold: Hold | None) -> Iterator[date]:
    if hold is not None:
        if hold.since is not None:
            yield hold.since
        if hold.until is not None:
            yield hold.until + _DAY


def _invoice_holds(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """A hold starts on its first day and ends the day after its last."""
    del policy
    for row in entry.rows:
        yield from _hold(row.invoice.hold)


def _customer_hold(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    del policy
    return _hold(entry.customer.hold)


def _payment_sent(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """The grace after a status date runs out (:func:`payment_sent_waits`)."""
    after = timedelta(days=policy.payment_sent_grace_days + 1)
    for row in entry.rows:
        inv = row.invoice
        for change in inv.status_history:
            yield change.date + after
        if inv.status_date is not None:
            yield inv.status_date + after


def _promises(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """A promise runs from the day it is made to its deadline (``running_on``)."""
    grace = policy.promise_grace_days
    for promise in entry.promises:
        yield promise.made_on
        yield promise.deadline(grace) + _DAY


def _direct_debit(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """Pending up to its collection day (the due date when none is given)."""
    del policy
    for row in entry.rows:
        inv = row.invoice
        if inv.direct_debit:
            collection = inv.collection_date or inv.due_date
            yield collection
            yield collection + _DAY


class Guardrail(NamedTuple):
    """One invoice guardrail: the skip it gives, and the days its answer may change for
    a customer besides its invoices' record dates (issue, status and payment dates)."""

    reason: SkipReason
    changes_on: Callable[[CustomerLedger, Policy], Iterable[date]]


GUARDRAILS: tuple[Guardrail, ...] = (
    Guardrail(SkipReason.CREDIT_NOTE, _records),
    Guardrail(SkipReason.INSOLVENCY, insolvency_days),
    *(Guardrail(reason, _records) for reason, _ in STATUS_SKIPS.values()),
    Guardrail(SkipReason.INVOICE_ON_HOLD, _invoice_holds),
    Guardrail(SkipReason.CUSTOMER_ON_HOLD, _customer_hold),
    Guardrail(SkipReason.PAYMENT_SENT, _payment_sent),
    Guardrail(SkipReason.PROMISE_PENDING, _promises),
    Guardrail(SkipReason.DIRECT_DEBIT_PENDING, _direct_debit),
    Guardrail(SkipReason.CREDIT_COVERS_BALANCE, _records),
    Guardrail(SkipReason.ACCEPTED_PART_PAID, _records),
)
"""The invoice guardrails, in :func:`blocked`'s order."""

GUARDRAIL_REASONS = frozenset(g.reason for g in GUARDRAILS)
"""The skips decided before the segment is read."""


def guardrail_days(entry: CustomerLedger, policy: Policy) -> set[date]:
    """Every day one of the customer's guardrails may change its answer by itself."""
    days: set[date] = set()
    for guardrail in GUARDRAILS:
        days.update(guardrail.changes_on(entry, policy))
    return days


class ContactLimits:
    """A customer's room for contacts today: spacing since the last one, and the cap
    on contacts in any 30 days. Each action is one contact."""

    __slots__ = ("last", "policy", "recent", "today")

    def __init__(self, events: Sequence[DunningEvent], today: date, policy: Policy) -> None:
        self.today = today
        self.policy = policy
        window_start = today - timedelta(days=29)
        last: date | None = None
        recent = 0
        for event in events:
            if event.date > today:
                break  # events come sorted by date
            if event.outcome in DONE_OUTCOMES:
                last = event.date
                if event.date >= window_start:
                    recent += 1
        self.last = last
        self.recent = recent

    def too_soon(self) -> str | None:
        """Why no contact is possible today (the last one was too recent), or ``None``."""
        spacing = self.policy.min_days_between_contacts
        if self.last is None or (self.today - self.last).days >= spacing:
            return None
        resume = self.last + timedelta(days=spacing)
        return f"the customer was contacted on {self.last}; next contact possible on {resume}"

    @property
    def room(self) -> int:
        """How many more contacts the 30-day cap allows today."""
        return self.policy.max_contacts_per_30_days - self.recent


def _shortest_years() -> int:
    rules = [jurisdiction.limitation for jurisdiction in BUILTIN.values()]
    return min(
        min(rule.years, rule.consumer_years or rule.years) for rule in rules if rule is not None
    )


SHORTEST_PERIOD_DAYS = 365 * _shortest_years()
"""No built-in claim expires sooner than this after its due date."""


class Limitations:
    """Claims that expire soon (flagged) or have expired (no more reminders).

    An invoice whose claim expires within ``policy.limitation_warning_days`` keeps its
    action or skip, which says the expiry date, and the plan lists an :class:`Alert`;
    an expired one is skipped as ``time_barred``. ``notes`` holds the current
    customer's flagged invoices (invoice id -> words).
    """

    __slots__ = ("alerts", "floor", "notes", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.alerts: list[Alert] = []
        self.notes: dict[str, str] = {}
        builtin = policy.jurisdiction is None or policy.jurisdiction.upper() in BUILTIN
        # Younger invoices cannot be near expiry: they skip the look-up (the hot path).
        days = SHORTEST_PERIOD_DAYS - policy.limitation_warning_days - 1 if builtin else 0
        self.floor = timedelta(days=max(days, 0))

    def check(self, entry: CustomerLedger, row: InvoiceRow, today: date) -> Blocked:
        """The time-barred skip, or ``None`` (noting a claim that expires soon)."""
        expires = claim_expiry(
            row.invoice,
            entry.customer,
            row.payments,
            entry.promises,
            today,
            jurisdiction=self.policy.jurisdiction,
            ch_limitation_years=self.policy.ch_limitation_years,
            creditor_country=self.policy.creditor.country,
        )
        if expires is None:
            return None
        words = expiry_detail(expires, today)
        if today > expires:
            return SkipReason.TIME_BARRED, f"{words}: no more reminders; a person decides"
        if (expires - today).days <= self.policy.limitation_warning_days:
            self.notes[row.id] = words
            self.alerts.append(Alert("limitation", entry.id, row.id, expires, words))
        return None
