"""Property-testing kit: hypothesis strategies and plan invariants for company policies.

Needs the ``testing`` extra (``pip install pydunning[testing]``). Every strategy
takes keyword-only options, checks them up front (raising ``InvalidArgument``
naming the bad one) and shrinks towards small, early, round data: fewer
customers, fewer invoices, smaller amounts, dates close to ``2026-01-01``.

Generated portfolios are consistent: every reference resolves, payments use their
invoice's currency and never exceed it, payments and events come after the issue
date.

The invariants (:func:`check_plan`, :func:`assert_plan_ok` and the rule builders
:func:`never`, :func:`not_before`, :func:`at_most_contacts`, :func:`requires_before`)
are re-exported here, so a company's policy test needs one import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dunningkit.book._portfolio import Portfolio
from dunningkit.model._channel import Channel
from dunningkit.model._customer import CompanySize, Contact, Customer, CustomerKind, Hold
from dunningkit.model._history import DunningEvent, EventOutcome
from dunningkit.model._invoice import Installment, Invoice, InvoiceKind, InvoiceStatus
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._types import currency_places
from dunningkit.planning._plan import Plan
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Grouping, PhoneOverflow, Policy, default_policy
from dunningkit.testing._invariants import (
    PlanContext,
    PlanRule,
    PlanViolationError,
    Violation,
    assert_plan_ok,
    at_most_contacts,
    check_plan,
    never,
    not_before,
    requires_before,
)

__all__ = [
    "PlanContext",
    "PlanRule",
    "PlanViolationError",
    "Violation",
    "amounts",
    "assert_plan_ok",
    "at_most_contacts",
    "check_plan",
    "customers",
    "invoices",
    "never",
    "not_before",
    "payments",
    "policies",
    "portfolios",
    "requires_before",
    "simulate",
]

T = TypeVar("T")
_EPOCH = date(2026, 1, 1)
_IDS = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=8)


def _check_range(name_min: str, low: int, name_max: str, high: int) -> None:
    if low < 0:
        raise InvalidArgument(f"{name_min}={low} must be at least 0")
    if high < low:
        raise InvalidArgument(f"{name_max}={high} must be at least {name_min}={low}")


def amounts(
    *,
    min_value: Decimal | None = None,
    max_value: Decimal = Decimal(100000),
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Positive amounts with ``places`` decimals (2 for EUR, 0 for JPY).

    Shrinks towards ``min_value`` (default: the smallest unit, 0.01 for two places).
    """
    if places < 0:
        raise InvalidArgument(f"places={places} must be at least 0")
    unit = Decimal(1).scaleb(-places)
    low = unit if min_value is None else min_value
    if low <= 0:
        raise InvalidArgument(f"min_value={low} must be positive")
    if max_value < low:
        raise InvalidArgument(f"max_value={max_value} must be at least min_value={low}")
    units = st.integers(
        int((low / unit).to_integral_value(rounding="ROUND_CEILING")),
        int((max_value / unit).to_integral_value(rounding="ROUND_FLOOR")),
    )
    return units.map(lambda n: (Decimal(n) * unit).quantize(unit))


def _mostly(usual: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` about four times in five, else ``rare``; shrinks towards ``usual``."""
    return st.integers(0, 4).flatmap(lambda n: rare if n == 4 else usual)


def _dates(around: date, *, before: int, after: int) -> st.SearchStrategy[date]:
    return st.integers(-before, after).map(lambda d: around + timedelta(days=d))


def customers(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: Sequence[CustomerKind] = tuple(CustomerKind),
    with_contacts: bool = True,
    holds: bool = True,
) -> st.SearchStrategy[Customer]:
    """Customers with plausible contacts; shrinks to a company with one email contact."""
    if not kinds:
        raise InvalidArgument("kinds must name at least one CustomerKind")
    contact = st.builds(
        Contact,
        name=st.sampled_from(["Claire Martin", "Jon Smith", "Service comptable"]),
        # Mostly reachable: a book where nobody has an email tests little else.
        email=_mostly(st.just("ap@example.com"), st.none()),
        phone=_mostly(st.just("+33 1 23 45 67 89"), st.none()),
        postal_address=st.one_of(st.none(), st.just("1 rue de la Paix, 75002 Paris")),
    )
    return st.builds(
        Customer,
        id=ids if ids is not None else _IDS.map(lambda s: f"C-{s}"),
        name=st.sampled_from(["Acme", "Boulangerie Dupont", "Mairie de Lyon", "Globex"]),
        kind=st.sampled_from(list(kinds)),
        size=st.one_of(st.none(), st.sampled_from(list(CompanySize))),
        country=st.sampled_from(["FR", "DE", "GB", "ES", "IT", "BE"]),
        locale=st.sampled_from(["fr_FR", "en_GB", "de_DE"]),
        contacts=st.lists(contact, min_size=1 if with_contacts else 0, max_size=2).map(tuple),
        grace_days=st.integers(0, 30),
        hold=_mostly(st.none(), st.builds(Hold, reason=st.just("litige commercial")))
        if holds
        else st.none(),
        since=st.one_of(st.none(), _dates(_EPOCH, before=2000, after=300)),
        tags=st.lists(
            st.sampled_from(["export", "insolvency", "vip"]), max_size=2, unique=True
        ).map(tuple),
    )


def invoices(
    *,
    customer_id: str = "C-1",
    ids: st.SearchStrategy[str] | None = None,
    currencies: Sequence[str] = ("EUR",),
    statuses: Sequence[InvoiceStatus] = tuple(InvoiceStatus),
    credit_notes: bool = True,
    installments: bool = True,
    around: date = _EPOCH,
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

    usual = [s for s in statuses if s in _OPEN_STATUSES]
    rare = [s for s in statuses if s not in _OPEN_STATUSES]
    parts = _InvoiceParts(
        customer_id=customer_id,
        issue=_dates(around, before=spread_days, after=spread_days),
        due_in=st.integers(0, 90).map(lambda d: (d + 30) % 91),
        currency=st.sampled_from(list(currencies)),
        amount={
            currency: amounts(max_value=Decimal(50000), places=currency_places(currency))
            for currency in currencies
        },
        kind=_mostly(st.just(InvoiceKind.INVOICE), st.just(InvoiceKind.CREDIT_NOTE))
        if credit_notes
        else st.just(InvoiceKind.INVOICE),
        status=_mostly(st.sampled_from(usual), st.sampled_from(rare))
        if usual and rare
        else st.sampled_from(list(statuses)),
        installments=installments,
        id=ids if ids is not None else _IDS.map(lambda s: f"F-{s}"),
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


def payments(
    invoice: Invoice, *, ids: st.SearchStrategy[str] | None = None, max_count: int = 3
) -> st.SearchStrategy[list[Payment]]:
    """Payments on ``invoice``: dated after issue, in its currency, never above its amount."""
    _check_range("min_count", 0, "max_count", max_count)

    return _payments(invoice, ids, max_count)


@st.composite
def _payments(
    draw: st.DrawFn, invoice: Invoice, ids: st.SearchStrategy[str] | None, max_count: int
) -> list[Payment]:
    count = draw(st.integers(0, max_count))
    remaining = invoice.amount
    result = []
    for n in range(count):
        if remaining <= 0:
            break
        amount = draw(amounts(max_value=remaining, places=currency_places(invoice.currency)))
        remaining -= amount
        suffix = draw(ids) if ids is not None else str(n)
        result.append(
            Payment(
                id=f"P-{invoice.id}-{suffix}",
                invoice_id=invoice.id,
                date=invoice.issue_date + timedelta(days=draw(st.integers(0, 120))),
                amount=amount,
                currency=invoice.currency,
            )
        )
    return result


def portfolios(
    *,
    min_customers: int = 1,
    max_customers: int = 4,
    max_invoices: int = 4,
    currencies: Sequence[str] = ("EUR",),
    statuses: Sequence[InvoiceStatus] = tuple(InvoiceStatus),
    credit_notes: bool = True,
    with_payments: bool = True,
    with_promises: bool = True,
    with_events: bool = True,
    holds: bool = True,
    today: date | None = None,
    only_overdue: bool = False,
    segment: str | None = None,
    disputes: bool = False,
    min_invoices: int = 0,
    kinds: Sequence[CustomerKind] = tuple(CustomerKind),
    spread_days: int = 400,
) -> st.SearchStrategy[Portfolio]:
    """Consistent portfolios whose size is bounded by the arguments.

    ``min_invoices``/``max_invoices`` bound the invoices of each customer. Options
    force what a test needs:

    * ``only_overdue=True``: every invoice is issued and due before ``today`` (required
      then), unpaid and not credited (payments, credit notes and statuses other
      than issued/received/accepted are left out);
    * ``segment="bad_payer"``: every customer carries that manual segment;
    * ``disputes=True``: at least one invoice is disputed;
    * ``kinds=[CustomerKind.PUBLIC_BODY]``: only customers of those kinds;
    * ``spread_days=30``: invoices issued within 30 days of ``today`` (default
      2026-01-01), so that a simulation over a few months meets their due dates.

    Shrinks towards one customer with one unpaid invoice and no history.
    """
    _check_range("min_customers", min_customers, "max_customers", max_customers)
    _check_range("min_invoices", min_invoices, "max_invoices", max_invoices)
    if only_overdue and today is None:
        raise InvalidArgument("only_overdue=True needs today= (overdue as of which day?)")
    if disputes and max_invoices == 0:
        raise InvalidArgument("disputes=True needs max_invoices >= 1")
    if only_overdue:
        statuses = [s for s in statuses if s in _OPEN_STATUSES] or list(_OPEN_STATUSES)
        credit_notes = with_payments = False

    # Built once per id and reused by every draw (see _invoice for why).
    @cache
    def customer_strategy(n: int) -> st.SearchStrategy[Customer]:
        return customers(ids=st.just(f"C{n:03d}"), holds=holds, kinds=kinds)

    @cache
    def invoice_strategy(customer_id: str, m: int) -> st.SearchStrategy[Invoice]:
        return invoices(
            customer_id=customer_id,
            ids=st.just(f"{customer_id}-F{m:02d}"),
            currencies=currencies,
            statuses=statuses,
            credit_notes=credit_notes,
            around=today or _EPOCH,
            spread_days=spread_days,
        )

    @st.composite
    def build(draw: st.DrawFn) -> Portfolio:
        count = draw(st.integers(min_customers, max_customers))
        people = [draw(customer_strategy(n)) for n in range(count)]
        if segment is not None:
            people = [p.model_copy(update={"segment": segment}) for p in people]
        min_each = max(min_invoices, 1) if disputes else min_invoices
        all_invoices: list[Invoice] = []
        all_payments: list[Payment] = []
        all_promises: list[PaymentPromise] = []
        all_events: list[DunningEvent] = []
        for customer in people:
            for m in range(draw(st.integers(min_each, max_invoices))):
                invoice = draw(invoice_strategy(customer.id, m))
                if only_overdue and today is not None:
                    invoice = _overdue(invoice, today, draw(st.integers(1, 120)))
                all_invoices.append(invoice)
                if with_payments:
                    all_payments.extend(draw(payments(invoice)))
                if with_events and draw(st.booleans()):
                    all_events.append(
                        DunningEvent(
                            id=f"E-{invoice.id}",
                            customer_id=customer.id,
                            invoice_ids=(invoice.id,),
                            date=max(
                                invoice.issue_date,
                                invoice.due_date + timedelta(days=draw(st.integers(-5, 40))),
                            ),
                            step_id=draw(st.sampled_from(["pre_due", "reminder_1", "call"])),
                            channel=draw(st.sampled_from([Channel.EMAIL, Channel.PHONE])),
                            outcome=draw(st.sampled_from(list(EventOutcome))),
                        )
                    )
                if with_promises and draw(st.integers(0, 5)) == 0:
                    made = invoice.due_date + timedelta(days=draw(st.integers(0, 30)))
                    all_promises.append(
                        PaymentPromise(
                            id=f"PR-{invoice.id}",
                            customer_id=customer.id,
                            invoice_ids=(invoice.id,),
                            made_on=made,
                            pay_by=made + timedelta(days=draw(st.integers(0, 30))),
                        )
                    )
        if (
            disputes
            and all_invoices
            and not any(i.status is InvoiceStatus.DISPUTED for i in all_invoices)
        ):
            index = draw(st.integers(0, len(all_invoices) - 1))
            all_invoices[index] = all_invoices[index].model_copy(
                update={"status": InvoiceStatus.DISPUTED, "accepted_amount": None}
            )
        return Portfolio(
            customers=people,
            invoices=all_invoices,
            payments=all_payments,
            promises=all_promises,
            events=all_events,
        )

    return build()


_OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.RECEIVED, InvoiceStatus.ACCEPTED)


def _overdue(invoice: Invoice, today: date, days_late: int) -> Invoice:
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


def policies(
    *,
    grouping: Sequence[Grouping] = tuple(Grouping),
    max_days_between_contacts: int = 10,
    phone_capacity: bool = True,
    base: Policy | None = None,
) -> st.SearchStrategy[Policy]:
    """Variations of a policy's guardrails (scenarios and segmentation kept from ``base``).

    Draws contact limits, grouping, minimum amounts, phone capacity and overflow,
    payment-sent and promise grace. Shrinks towards the defaults' simplest form:
    no gap between contacts, per-invoice grouping, no phone limit.
    """
    if not grouping:
        raise InvalidArgument("grouping must name at least one Grouping")
    if max_days_between_contacts < 0:
        raise InvalidArgument(f"max_days_between_contacts={max_days_between_contacts} < 0")
    start = base or default_policy()

    @st.composite
    def build(draw: st.DrawFn) -> Policy:
        capacity = draw(st.one_of(st.none(), st.integers(0, 5))) if phone_capacity else None
        return start.model_copy(
            update={
                "min_days_between_contacts": draw(st.integers(0, max_days_between_contacts)),
                "max_contacts_per_30_days": draw(st.integers(1, 6)),
                "grouping": draw(st.sampled_from(sorted(grouping))),
                "min_open_amount": draw(st.sampled_from([Decimal(0), Decimal(50)])),
                "phone_capacity_per_day": capacity,
                "phone_overflow": draw(st.sampled_from(sorted(PhoneOverflow))),
                "payment_sent_grace_days": draw(st.integers(0, 10)),
                "promise_grace_days": draw(st.integers(0, 5)),
            }
        )

    return build()


def simulate(
    portfolio: Portfolio,
    policy: Policy | None = None,
    *,
    start: date,
    days: int,
    every: int = 1,
) -> Iterator[tuple[date, Plan, Portfolio]]:
    """Follow a policy day after day: plan, send everything, record it, move on.

    Yields ``(day, plan, book)`` for each planning day, ``book`` being the history
    as it stood when that plan was made. Every action is recorded as sent (approvals
    granted), so the company rules can be checked on what the policy would really do
    from a given start.
    """
    if days < 0 or every < 1:
        raise InvalidArgument(f"days={days} must be >= 0 and every={every} >= 1")
    book = portfolio
    for offset in range(0, days + 1, every):
        day = start + timedelta(days=offset)
        plan = next_actions(book, day, policy)
        yield day, plan, book
        sent = [
            DunningEvent.for_action(
                action, id=f"sim-{day.isoformat()}-{n}", on=action.scheduled_for
            )
            for n, action in enumerate(plan.actions)
            if action.scheduled_for <= day
        ]
        if sent:
            book = book.model_copy(update={"events": (*book.events, *sent)})
