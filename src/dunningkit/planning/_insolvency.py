"""Insolvency proceedings: claims born before the opening are declared, not dunned.

Once collective proceedings are opened against a customer (``Customer.proceedings``:
safeguard, receivership, liquidation), the law forbids paying the claims born before
the judgment (France: art. L622-7 of the Code de commerce; Germany: § 87 InsO; the
United Kingdom: the moratorium of an administration, the stay of a winding-up): the
creditor declares them to the administrator by a deadline, and reminding the debtor
of them is pointless at best. So, from the opening day:

* an invoice issued before ``opened_on`` (a credit note, or one paid or cancelled,
  excepted) is skipped as ``insolvency``; the detail says to declare the claim, to whom
  (the administrator, named when the book names them) and by when (the deadline, or
  that it is not known yet; once passed, that a late claim needs the court's leave);
* an invoice issued on or after the opening is dunned as usual: the company goes on
  trading, and what it buys now it must pay;
* :attr:`Plan.alerts <dunningkit.Plan.alerts>` holds one ``insolvency`` alert per such
  customer, every day up to the deadline (dated the deadline), or every day while the
  deadline is not known (dated the opening). Nothing in the book records that a claim
  was declared, so the alert runs to the deadline: it then stops, and the skips say
  the deadline has passed.

Proceedings opened after the planning day are an error in the book
(:func:`check_opened`, a :class:`~dunningkit.errors.ProceedingsError` naming every such
customer): ``next_actions``, ``replan``, ``plan_stream`` (and the partitioned
engines, one customer at a time), ``claim_declaration`` and ``dunningkit validate
--today`` raise or report it; a streamed plan with ``skip_bad_customers`` lists such a
customer with the bad ones (:func:`opened_problems`) and plans the others. The back-test replays
past days without that check: there, proceedings not yet opened on the replayed day do
not apply yet (:func:`in_force`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from dunningkit.book._figures import InvoiceFacts
from dunningkit.book._ledger import CustomerLedger, InvoiceRow
from dunningkit.errors import Problem, ProceedingsError
from dunningkit.model._customer import Customer, Proceedings, ProceedingsKind
from dunningkit.model._invoice import InvoiceStatus
from dunningkit.planning._results import Alert
from dunningkit.policy._policy import Policy

__all__ = [
    "INSOLVENCY_ALERT",
    "check_opened",
    "claim_detail",
    "in_force",
    "insolvency_days",
    "is_prior_claim",
    "note_proceedings",
    "opened_problems",
    "proceedings_words",
]

INSOLVENCY_ALERT = "insolvency"
"""The code of the alert: claims to declare to a customer's administrator."""

_NOTHING_TO_CLAIM = frozenset({InvoiceStatus.PAID, InvoiceStatus.CANCELLED})
_WORDS = {
    ProceedingsKind.SAFEGUARD: "safeguard proceedings",
    ProceedingsKind.RECEIVERSHIP: "receivership",
    ProceedingsKind.LIQUIDATION: "liquidation",
    ProceedingsKind.OTHER: "insolvency proceedings",
}


def proceedings_words(proceedings: Proceedings) -> str:
    """``receivership opened on 2026-11-03 (Tribunal de commerce de Lyon, RJ 2026/0412)``."""
    where = ", ".join(p for p in (proceedings.court, proceedings.reference) if p)
    return f"{_WORDS[proceedings.kind]} opened on {proceedings.opened_on}" + (
        f" ({where})" if where else ""
    )


def in_force(customer: Customer, today: date) -> Proceedings | None:
    """The customer's proceedings when they are opened by ``today``, else ``None``."""
    proceedings = customer.proceedings
    if proceedings is None or proceedings.opened_on > today:
        return None
    return proceedings


def is_prior_claim(f: InvoiceFacts, proceedings: Proceedings) -> bool:
    """Whether an open document is a claim to declare: an invoice (not a credit note,
    not paid or cancelled) issued before the opening."""
    return (
        not f.credit
        and f.status not in _NOTHING_TO_CLAIM
        and proceedings.covers(f.invoice.issue_date)
    )


def _to_whom(proceedings: Proceedings) -> str:
    administrator = proceedings.administrator
    if administrator is None:
        return "the administrator (not named in the book yet)"
    reach = administrator.email or administrator.postal_address or administrator.phone
    return f"the administrator, {administrator.name}" + (f" ({reach})" if reach else "")


def claim_detail(proceedings: Proceedings, today: date) -> str:
    """The ``insolvency`` skip's detail: the proceedings, to whom and by when to declare."""
    deadline = proceedings.claims_deadline
    if deadline is None:
        when = "; the deadline is not known yet"
    elif today <= deadline:
        when = f" by {deadline}"
    else:
        when = f"; the deadline was {deadline}: a late claim needs the court's leave"
    return (
        f"claim born before the {proceedings_words(proceedings)}: no more reminders; "
        f"declare it to {_to_whom(proceedings)}{when}"
    )


def _alert_words(customer: Customer, proceedings: Proceedings, claims: list[InvoiceFacts]) -> str:
    totals: dict[str, Decimal] = {}
    for f in claims:
        totals[f.invoice.currency] = totals.get(f.invoice.currency, Decimal(0)) + f.open
    amounts = ", ".join(f"{amount:,.2f} {currency}" for currency, amount in sorted(totals.items()))
    count = f"{len(claims)} claim{'s' if len(claims) > 1 else ''}"
    deadline = proceedings.claims_deadline
    when = (
        f"by {deadline}" if deadline is not None else "(the deadline is not known yet: ask for it)"
    )
    return (
        f"{customer.name} is in {proceedings_words(proceedings)}: declare {count} "
        f"({amounts}) to {_to_whom(proceedings)} {when}; claim_declaration() writes it"
    )


def note_proceedings(
    alerts: list[Alert],
    entry: CustomerLedger,
    outstanding: Iterable[tuple[InvoiceRow, InvoiceFacts]],
    today: date,
) -> Proceedings | None:
    """The customer's proceedings in force on ``today`` (``None``: none), adding its
    ``insolvency`` alert to ``alerts`` while claims are to be declared and the deadline
    has not passed (or is not known)."""
    proceedings = in_force(entry.customer, today)
    if proceedings is None:
        return None
    deadline = proceedings.claims_deadline
    if deadline is not None and today > deadline:
        return proceedings
    claims = [f for _, f in outstanding if f.open > 0 and is_prior_claim(f, proceedings)]
    if claims:
        words = _alert_words(entry.customer, proceedings, claims)
        on = deadline or proceedings.opened_on
        alerts.append(Alert(INSOLVENCY_ALERT, entry.id, None, on, words))
    return proceedings


def insolvency_days(entry: CustomerLedger, policy: Policy) -> Iterator[date]:
    """The days the guardrail changes its answer by itself: the opening (the skips
    start), the day after the deadline (the alert stops, the detail changes)."""
    del policy
    proceedings = entry.customer.proceedings
    if proceedings is not None:
        yield proceedings.opened_on
        if proceedings.claims_deadline is not None:
            yield proceedings.claims_deadline + timedelta(days=1)


def opened_problems(
    customers: Iterable[Customer], today: date, what: str = "the plan"
) -> list[Problem]:
    """One :class:`~dunningkit.errors.Problem` per customer whose proceedings open after
    ``today`` (``what`` says whose day it is): what :func:`check_opened` raises, for
    callers that list bad customers rather than stop (the streamed plan)."""
    return [
        Problem(
            "customer",
            customer.id,
            "proceedings.opened_on",
            f"the proceedings open on {customer.proceedings.opened_on}, after {what}'s day "
            f"({today}): proceedings not yet opened cannot apply; correct the date, or use "
            "a day on or after the opening",
        )
        for customer in customers
        if customer.proceedings is not None and customer.proceedings.opened_on > today
    ]


def check_opened(customers: Iterable[Customer], today: date, what: str = "the plan") -> None:
    """Raise :class:`~dunningkit.errors.ProceedingsError` naming every customer whose
    proceedings open after ``today`` (``what`` says whose day it is)."""
    problems = opened_problems(customers, today, what)
    if problems:
        raise ProceedingsError(problems)
