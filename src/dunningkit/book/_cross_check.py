"""The records checked against each other: unknown references, duplicates, overpayment,
currencies. Every problem is gathered; none is raised early.

The checks run in this order, which is the order problems are reported in: duplicate
ids per section, invoices of unknown customers, payments (unknown invoice, currency,
overpayment), promises (references, currency), events (references).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter, gt
from typing import Any, Protocol

from dunningkit.errors import Problem
from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._payment import Payment, PaymentPromise

__all__ = ["cross_check", "with_currencies"]

_ZERO = Decimal(0)


class InvoiceRef(Protocol):
    """What the checks read of an invoice: its model, or the columns' view of it."""

    @property
    def id(self) -> str: ...
    @property
    def customer_id(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...


_ID = attrgetter("id")
_CUSTOMER_ID = attrgetter("customer_id")
_INVOICE_ID = attrgetter("invoice_id")
_CURRENCY = attrgetter("currency")
_AMOUNT = attrgetter("amount")


def _duplicates(
    record_type: str, records: Sequence[Any], rejected: Iterable[str], problems: list[Problem]
) -> dict[str, Any]:
    # map/zip over attrgetter: the checks of a million records stay in C.
    seen: dict[str, Any] = dict(zip(map(_ID, records), records, strict=True))
    rejected = list(rejected)
    rejected_set = set(rejected)
    distinct = len(seen) == len(records) and len(rejected_set) == len(rejected)
    if distinct and not seen.keys() & rejected_set:
        return seen  # the usual case: nothing to count
    counts: dict[str, int] = {}
    for record_id in [*(record.id for record in records), *rejected]:
        counts[record_id] = counts.get(record_id, 0) + 1
    problems.extend(
        Problem(record_type, record_id, "id", f"is used by {count} records")
        for record_id, count in counts.items()
        if count > 1
    )
    return seen


def _payments_fit(payments: Sequence[Payment], invoice_by_id: Mapping[str, InvoiceRef]) -> bool:
    """True when every payment names a known invoice in its currency, one payment each,
    none above its invoice: the usual book, checked without a Python loop. Anything
    else is checked (and reported) payment by payment."""
    invoice_ids = list(map(_INVOICE_ID, payments))
    if len(set(invoice_ids)) != len(invoice_ids):
        return False
    targets = list(map(invoice_by_id.get, invoice_ids))
    if not all(targets):
        return False
    if list(map(_CURRENCY, payments)) != list(map(_CURRENCY, targets)):
        return False
    return not any(map(gt, map(_AMOUNT, payments), map(_AMOUNT, targets)))


@dataclass(frozen=True, slots=True)
class _Known:
    """What references may point at: records that exist, or failed their own checks
    (already reported: never called unknown as well)."""

    customer_ids: Mapping[str, Any]
    invoice_by_id: Mapping[str, InvoiceRef]
    rejected_invoices: frozenset[str]


def cross_check(
    customers: Sequence[Customer],
    invoices: Sequence[InvoiceRef],
    payments: Sequence[Payment],
    promises: Sequence[PaymentPromise],
    events: Sequence[DunningEvent],
    rejected: Mapping[str, Sequence[str]] | None = None,
) -> list[Problem]:
    """Every problem between records: unknown references, duplicates, overpayment..."""
    problems: list[Problem] = []
    rejected = rejected or {}
    customer_ids = _duplicates("customer", customers, rejected.get("customers", ()), problems)
    invoice_by_id: dict[str, InvoiceRef] = _duplicates(
        "invoice", invoices, rejected.get("invoices", ()), problems
    )
    _duplicates("payment", payments, rejected.get("payments", ()), problems)
    _duplicates("promise", promises, rejected.get("promises", ()), problems)
    _duplicates("event", events, rejected.get("events", ()), problems)
    known = _Known(
        {**dict.fromkeys(rejected.get("customers", ())), **customer_ids},
        invoice_by_id,
        frozenset(rejected.get("invoices", ())),
    )
    problems.extend(_invoices_of_unknown_customers(invoices, known))
    problems.extend(_payment_problems(payments, known))
    problems.extend(_promise_problems(promises, invoices, known))
    for event in events:
        problems.extend(
            _reference_problems("event", event.id, event.customer_id, event.invoice_ids, known)
        )
    return problems


def _invoices_of_unknown_customers(invoices: Sequence[InvoiceRef], known: _Known) -> list[Problem]:
    unknown = set(map(_CUSTOMER_ID, invoices)).difference(known.customer_ids)
    return [
        Problem(
            "invoice",
            invoice.id,
            "customer_id",
            f"refers to customer {invoice.customer_id!r}, which is not in the portfolio",
        )
        for invoice in invoices
        if unknown and invoice.customer_id in unknown
    ]


def _payment_problems(payments: Sequence[Payment], known: _Known) -> Iterator[Problem]:
    """Payments of unknown invoices or in another currency; then overpaid invoices."""
    paid: dict[str, Decimal] = {}
    for payment in () if _payments_fit(payments, known.invoice_by_id) else payments:
        target = known.invoice_by_id.get(payment.invoice_id)
        if target is None and payment.invoice_id in known.rejected_invoices:
            continue
        if target is None:
            yield Problem(
                "payment",
                payment.id,
                "invoice_id",
                f"refers to invoice {payment.invoice_id!r}, which is not in the portfolio",
            )
        elif payment.currency != target.currency:
            yield Problem(
                "payment",
                payment.id,
                "currency",
                f"is {payment.currency} but invoice {target.id} is in {target.currency}",
            )
        else:
            paid[target.id] = paid.get(target.id, _ZERO) + payment.amount
    for invoice_id, total in paid.items():
        invoice = known.invoice_by_id[invoice_id]
        if total > invoice.amount:
            yield Problem(
                "invoice",
                invoice_id,
                "amount",
                f"is {invoice.amount} {invoice.currency} but payments on it add up to "
                f"{total} (overpaid by {total - invoice.amount})",
            )


def _reference_problems(
    record_type: str, record_id: str, customer_id: str, invoice_ids: Sequence[str], known: _Known
) -> Iterator[Problem]:
    """A promise's or an event's customer and invoices: known, and the customer's own."""
    if customer_id not in known.customer_ids:
        yield Problem(
            record_type,
            record_id,
            "customer_id",
            f"refers to customer {customer_id!r}, which is not in the portfolio",
        )
    for invoice_id in invoice_ids:
        target = known.invoice_by_id.get(invoice_id)
        if target is None and invoice_id in known.rejected_invoices:
            continue
        if target is None:
            yield Problem(
                record_type,
                record_id,
                "invoice_ids",
                f"refers to invoice {invoice_id!r}, which is not in the portfolio",
            )
        elif target.customer_id != customer_id:
            yield Problem(
                record_type,
                record_id,
                "invoice_ids",
                f"invoice {invoice_id} belongs to customer {target.customer_id}, not {customer_id}",
            )


def _promise_problems(
    promises: Sequence[PaymentPromise], invoices: Sequence[InvoiceRef], known: _Known
) -> Iterator[Problem]:
    """Each promise's references, then its currency: told, or shared by its invoices."""
    currencies_of_customer: dict[str, set[str]] | None = None
    for promise in promises:
        yield from _reference_problems(
            "promise", promise.id, promise.customer_id, promise.invoice_ids, known
        )
        if promise.currency is None and promise.amount is not None:
            if promise.customer_id not in known.customer_ids:
                continue  # reported above; its invoices cannot be known
            if not promise.invoice_ids and currencies_of_customer is None:
                currencies_of_customer = _currencies_by_customer(invoices)
            problem = _unresolved_currency(
                promise, known.invoice_by_id, known.rejected_invoices, currencies_of_customer or {}
            )
            if problem is not None:
                yield problem
        elif promise.currency is not None:
            yield from _other_currency(promise, known.invoice_by_id)


def _other_currency(
    promise: PaymentPromise, invoice_by_id: Mapping[str, InvoiceRef]
) -> Iterator[Problem]:
    for invoice_id in promise.invoice_ids:
        target = invoice_by_id.get(invoice_id)
        if target is not None and target.currency != promise.currency:
            yield Problem(
                "promise",
                promise.id,
                "currency",
                f"is {promise.currency} but invoice {invoice_id} is in {target.currency}",
            )


def _currencies_by_customer(invoices: Iterable[InvoiceRef]) -> dict[str, set[str]]:
    currencies: defaultdict[str, set[str]] = defaultdict(set)
    for invoice in invoices:
        currencies[invoice.customer_id].add(invoice.currency)
    return currencies


def _promised_currencies(
    promise: PaymentPromise,
    invoice_by_id: Mapping[str, InvoiceRef],
    currencies_of_customer: Mapping[str, set[str]],
) -> set[str]:
    """Currencies of the invoices a promise covers (all the customer's when it names none)."""
    if not promise.invoice_ids:
        return set(currencies_of_customer.get(promise.customer_id, ()))
    return {
        invoice_by_id[invoice_id].currency
        for invoice_id in promise.invoice_ids
        if invoice_id in invoice_by_id
    }


def _unresolved_currency(
    promise: PaymentPromise,
    invoice_by_id: Mapping[str, InvoiceRef],
    rejected_invoices: frozenset[str],
    currencies_of_customer: Mapping[str, set[str]],
) -> Problem | None:
    """The problem with a promised amount whose currency cannot be told, if any."""
    if any(invoice_id in rejected_invoices for invoice_id in promise.invoice_ids):
        return None  # that invoice's own problems are reported already
    currencies = _promised_currencies(promise, invoice_by_id, currencies_of_customer)
    if len(currencies) == 1:
        return None
    if promise.invoice_ids and not currencies:
        return None  # unknown invoices, reported as such
    if not currencies:
        why = f"customer {promise.customer_id} has no invoices"
    elif promise.invoice_ids:
        why = f"the promised invoices are in {', '.join(sorted(currencies))}"
    else:
        why = (
            f"the promise names no invoice and customer {promise.customer_id} has "
            f"invoices in {', '.join(sorted(currencies))}"
        )
    return Problem(
        "promise",
        promise.id,
        "currency",
        f"is needed for the promised amount {promise.amount}: {why}",
    )


def with_currencies(
    promises: tuple[PaymentPromise, ...], invoices: Sequence[InvoiceRef]
) -> tuple[PaymentPromise, ...]:
    """The promises, each amount given its currency when the record left it out.

    Called once the portfolio is known to be consistent, so the currency is the
    one shared by the promised invoices. A filled-in promise is a new (frozen)
    record; the others are kept as they are.
    """
    if all(p.amount is None or p.currency is not None for p in promises):
        return promises  # the usual case: nothing to fill in
    invoice_by_id = {invoice.id: invoice for invoice in invoices}
    currencies_of_customer = _currencies_by_customer(invoices)
    filled = []
    for promise in promises:
        if promise.amount is not None and promise.currency is None:
            (currency,) = _promised_currencies(promise, invoice_by_id, currencies_of_customer)
            promise = promise.model_copy(update={"currency": currency})  # noqa: PLW2901
        filled.append(promise)
    return tuple(filled)
