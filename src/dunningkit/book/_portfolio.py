"""The portfolio: every record the planner needs, checked as a whole.

A portfolio is built from plain data (``Portfolio.model_validate({...})``, as an
ERP integration would) or by the loaders. Each record is validated on its own,
then the records are checked against each other; every problem found is reported
at once in one :class:`~dunningkit.errors.InvalidPortfolioError`.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from operator import attrgetter, gt
from typing import Any, Self

from pydantic import BaseModel, TypeAdapter, ValidationError

from dunningkit._support._json import loads_json
from dunningkit._support._sharing import SharedValues
from dunningkit.book._figures import InvoiceFacts, due_now, open_parts
from dunningkit.book._ledger import Ledger, build_ledger
from dunningkit.errors import InvalidPortfolioError, Problem, UnknownRecordError
from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Installment, Invoice
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._types import MODEL_CONFIG, FieldError

__all__ = [
    "SECTIONS",
    "Portfolio",
    "PortfolioBuilder",
    "problems_from_validation_error",
]

_ZERO = Decimal(0)

# Section name -> (record type used in messages, model).
SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "customers": ("customer", Customer),
    "invoices": ("invoice", Invoice),
    "payments": ("payment", Payment),
    "promises": ("promise", PaymentPromise),
    "events": ("event", DunningEvent),
}

# One validator per section for a list of records: pydantic-core then reads a
# whole block of JSON Lines (joined as one array) without Python between records.
_LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    section: TypeAdapter(list[model])  # type: ignore[valid-type]
    for section, (_, model) in SECTIONS.items()
}


def _describe_input(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from_validation_error(
    error: ValidationError, record_type: str, record_id: str
) -> list[Problem]:
    """Turn pydantic's errors for one record into :class:`Problem` entries."""
    problems = []
    for item in error.errors(include_url=False):
        parts = list(item["loc"])
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):
            parts.append(cause.field)
        loc = ".".join(str(part) for part in parts)
        message = item["msg"].removeprefix("Value error, ")
        kind = item["type"]
        if kind == "missing":
            message = "is required but missing"
        elif kind == "extra_forbidden":
            message = "is not a known field (check its spelling)"
        elif kind != "value_error":
            message = f"{message} (got {_describe_input(item.get('input'))})"
        problems.append(Problem(record_type, record_id, loc, message))
    return problems


@dataclass
class _Index:
    """Lookups by id and per customer, built once per portfolio."""

    customers: dict[str, Customer] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    payments_by_invoice: dict[str, list[Payment]] = field(default_factory=dict)
    invoices_by_customer: dict[str, list[Invoice]] = field(default_factory=dict)
    promises_by_customer: dict[str, list[PaymentPromise]] = field(default_factory=dict)
    events_by_customer: dict[str, list[DunningEvent]] = field(default_factory=dict)


class Portfolio(BaseModel):
    """Customers, invoices, payments, promises and dunning events, checked together.

    Build it from plain data with ``Portfolio.model_validate({...})`` or
    ``Portfolio(customers=[...], invoices=[...])``; both raise
    :class:`~dunningkit.errors.InvalidPortfolioError` listing every problem.
    Records keep the order they were given in; every derived figure and every
    plan is independent of that order.
    """

    model_config = MODEL_CONFIG

    customers: tuple[Customer, ...] = ()
    invoices: tuple[Invoice, ...] = ()
    payments: tuple[Payment, ...] = ()
    promises: tuple[PaymentPromise, ...] = ()
    events: tuple[DunningEvent, ...] = ()

    def __init__(self, **data: Any) -> None:
        builder = PortfolioBuilder()
        builder.add_sections(data)
        super().__init__(**builder.checked_sections())

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,  # noqa: ARG003 - same signature as pydantic's
        extra: Any = None,  # noqa: ARG003
        from_attributes: bool | None = None,  # noqa: ARG003
        context: Any | None = None,  # noqa: ARG003
        by_alias: bool | None = None,  # noqa: ARG003
        by_name: bool | None = None,  # noqa: ARG003
    ) -> Self:
        """Build a portfolio from a mapping of sections, reporting every problem."""
        if isinstance(obj, cls):
            return obj
        if not isinstance(obj, Mapping):
            raise InvalidPortfolioError(
                [Problem("portfolio", "-", "", "expected a mapping of sections")]
            )
        return cls(**obj)

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,  # noqa: ARG003
        extra: Any = None,  # noqa: ARG003
        context: Any | None = None,  # noqa: ARG003
        by_alias: bool | None = None,  # noqa: ARG003
        by_name: bool | None = None,  # noqa: ARG003
    ) -> Self:
        """Build a portfolio from a JSON document, reporting every problem."""
        return cls.model_validate(loads_json(json_data))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update`` the result is checked again like a new portfolio."""
        if not update:
            return super().model_copy(deep=deep)
        sections = {name: getattr(self, name) for name in SECTIONS}
        sections.update(update)
        return type(self)(**sections)

    # -- lookups -------------------------------------------------------------

    @cached_property
    def _index(self) -> _Index:
        index = _Index()
        index.customers = {c.id: c for c in self.customers}
        index.invoices = {i.id: i for i in self.invoices}
        by_customer: defaultdict[str, list[Invoice]] = defaultdict(list)
        for invoice in self.invoices:
            by_customer[invoice.customer_id].append(invoice)
        payments: defaultdict[str, list[Payment]] = defaultdict(list)
        for payment in self.payments:
            payments[payment.invoice_id].append(payment)
        promises: defaultdict[str, list[PaymentPromise]] = defaultdict(list)
        for promise in self.promises:
            promises[promise.customer_id].append(promise)
        events: defaultdict[str, list[DunningEvent]] = defaultdict(list)
        for event in self.events:
            events[event.customer_id].append(event)
        # Sorted so that anything derived is independent of record order.
        index.invoices_by_customer = {
            k: sorted(v, key=lambda i: (i.due_date, i.id)) for k, v in by_customer.items()
        }
        index.payments_by_invoice = {
            k: sorted(v, key=lambda p: (p.date, p.id)) for k, v in payments.items()
        }
        index.promises_by_customer = {
            k: sorted(v, key=lambda p: (p.made_on, p.id)) for k, v in promises.items()
        }
        index.events_by_customer = {
            k: sorted(v, key=lambda e: (e.date, e.id)) for k, v in events.items()
        }
        return index

    @cached_property
    def _ledger(self) -> Ledger:
        # The compact per-customer view every per-day pass reads: built once, kept.
        # The collector is left alone. Freezing the book out of it was measured (300k
        # invoices): building the ledger got faster, but every later run slower, as
        # each full collection then walks the plan's own objects again and again.
        index = self._index
        return build_ledger(
            self.customers,
            index.invoices_by_customer,
            index.payments_by_invoice,
            index.promises_by_customer,
            index.events_by_customer,
        )

    def customer(self, customer_id: str) -> Customer:
        """The customer with that id; :class:`UnknownRecordError` if none."""
        try:
            return self._index.customers[customer_id]
        except KeyError:
            raise UnknownRecordError("customer", customer_id) from None

    def invoice(self, invoice_id: str) -> Invoice:
        """The invoice (or credit note) with that id; :class:`UnknownRecordError` if none."""
        try:
            return self._index.invoices[invoice_id]
        except KeyError:
            raise UnknownRecordError("invoice", invoice_id) from None

    def invoices_of(self, customer_id: str) -> Sequence[Invoice]:
        """A customer's invoices and credit notes, by due date then id."""
        return self._index.invoices_by_customer.get(customer_id, [])

    def payments_of(self, invoice_id: str) -> Sequence[Payment]:
        """Payments on an invoice, by date then id."""
        return self._index.payments_by_invoice.get(invoice_id, [])

    def payments_by_invoice(self) -> Mapping[str, Sequence[Payment]]:
        """Every invoice's payments, by date then id (a read-only view for bulk work)."""
        return self._index.payments_by_invoice

    def promises_of(self, customer_id: str) -> Sequence[PaymentPromise]:
        """A customer's payment promises, by date made then id."""
        return self._index.promises_by_customer.get(customer_id, [])

    def events_of(self, customer_id: str) -> Sequence[DunningEvent]:
        """A customer's dunning history, by date then id."""
        return self._index.events_by_customer.get(customer_id, [])

    # -- derived figures ------------------------------------------------------

    def paid_amount(self, invoice_id: str, on: date | None = None) -> Decimal:
        """Total paid on an invoice, counting payments dated on or before ``on``."""
        self.invoice(invoice_id)
        return sum(
            (p.amount for p in self.payments_of(invoice_id) if on is None or p.date <= on),
            _ZERO,
        )

    def facts(self, invoice_id: str, on: date | None = None) -> InvoiceFacts:
        """What is known of an invoice on ``on`` (status, amount asked, paid, open...).

        The one definition every part of the library reads; see
        :mod:`dunningkit.book._figures`. Without ``on``, every record counts.
        """
        invoice = self.invoice(invoice_id)
        row = self._ledger.by_id[invoice.customer_id].row(invoice_id)
        return row.final if on is None else row.facts_on(on)

    def open_amount(self, invoice_id: str, on: date | None = None) -> Decimal:
        """What a reminder may still ask for on ``on``: the amount asked minus payments.

        The amount asked is the accepted part of a partially accepted invoice. Zero
        once settled or marked paid, and on a day before the invoice was issued.
        For an invoice with a payment plan it is the sum of the open parts of its
        instalments (see :meth:`open_installments`).
        """
        invoice = self.invoice(invoice_id)
        if on is not None and invoice.issue_date > on:
            return _ZERO  # not issued yet on that day
        return self.facts(invoice_id, on).open

    def outstanding_amount(self, invoice_id: str, on: date | None = None) -> Decimal:
        """The invoice's amount minus its payments on ``on``: what the ledger shows unpaid.

        Every invoice outstanding on a day is accounted for in that day's plan, as an
        action or a skip (a cancelled or disputed one too, with its reason).
        """
        invoice = self.invoice(invoice_id)
        if on is not None and invoice.issue_date > on:
            return _ZERO
        return self.facts(invoice_id, on).outstanding

    def open_installments(
        self, invoice_id: str, on: date | None = None
    ) -> list[tuple[Installment, Decimal]]:
        """Each instalment with its open part; payments settle the oldest first."""
        return open_parts(self.facts(invoice_id, on))

    def due_now(self, invoice_id: str, on: date) -> tuple[date, Decimal]:
        """The due date reminders count from on ``on`` and the amount due by then.

        For a payment plan, the earliest instalment still open: each instalment is
        late from its own due date.
        """
        return due_now(self.facts(invoice_id, on), on)

    def days_overdue(self, invoice_id: str, on: date) -> int:
        """Days past :meth:`due_now`'s date on ``on`` (0 when not yet due)."""
        return max((on - self.due_now(invoice_id, on)[0]).days, 0)

    def balance(self, customer_id: str, on: date | None = None) -> dict[str, Decimal]:
        """Open balance per currency, credit notes netted (may be negative).

        Currencies are never added together: the result has one entry per
        currency the customer has documents in.
        """
        self.customer(customer_id)
        totals: dict[str, Decimal] = {}
        for invoice in self.invoices_of(customer_id):
            if on is not None and invoice.issue_date > on:
                continue
            open_ = self.open_amount(invoice.id, on)
            signed = -open_ if invoice.is_credit_note else open_
            totals[invoice.currency] = totals.get(invoice.currency, _ZERO) + signed
        return dict(sorted(totals.items()))


class PortfolioBuilder:
    """Collects records one at a time (as the streaming loaders do) and checks them.

    Problems are gathered, never raised early, so a file with a thousand bad rows
    is reported in one go.
    """

    def __init__(self) -> None:
        self.records: dict[str, list[Any]] = {name: [] for name in SECTIONS}
        self.problems: list[Problem] = []
        # Ids of records that failed their own checks: still counted for duplicates,
        # and references to them are not reported a second time as "unknown".
        self.rejected: dict[str, list[str]] = {name: [] for name in SECTIONS}
        # Repeated values (customer ids, dates, field-name sets) kept once per load.
        self._shared = SharedValues()

    def add_problem(self, problem: Problem) -> None:
        """Record a problem found outside model validation (a bad CSV cell, a bad line)."""
        self.problems.append(problem)

    def add_sections(self, data: Mapping[str, Any]) -> None:
        """Add every record of a mapping ``{"customers": [...], "invoices": [...]}``."""
        for name, items in data.items():
            if name not in SECTIONS:
                self.problems.append(
                    Problem(
                        "portfolio",
                        "-",
                        str(name),
                        f"is not a known section (expected one of {', '.join(SECTIONS)})",
                    )
                )
                continue
            if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
                self.problems.append(Problem("portfolio", "-", name, "must be a list of records"))
                continue
            records = list(items)
            try:  # the whole section in one call to pydantic-core
                self.records[name].extend(
                    _LIST_ADAPTERS[name].validate_python(records, context=self._shared)
                )
            except ValidationError:  # record by record, to report every problem
                for position, item in enumerate(records, start=1):
                    self.add(name, item, position=f"#{position}")

    def add(self, section: str, item: Any, *, position: str = "?") -> None:
        """Validate one record of ``section`` and keep it (or its problems)."""
        record_type, model = SECTIONS[section]
        if isinstance(item, model):
            self.records[section].append(item)
            return
        try:
            self.records[section].append(model.model_validate(item, context=self._shared))
        except ValidationError as error:
            record_id = _record_id(item, position)
            if record_id != position:
                self.rejected[section].append(record_id)
            self.problems.extend(problems_from_validation_error(error, record_type, record_id))

    def add_json(self, section: str, line: str | bytes, *, position: str | int) -> None:
        """Validate one record given as JSON text (the fast path of JSON Lines).

        ``position`` (a line number, or text) names the record if it has no id.
        """
        record_type, model = SECTIONS[section]
        try:
            record = model.model_validate_json(line, context=self._shared)
        except ValidationError as error:
            position = f"line {position}" if isinstance(position, int) else position
            problems = _problems_from_json(error, line, record_type, position)
            if problems[0].record_id != position:
                self.rejected[section].append(problems[0].record_id)
            self.problems.extend(problems)
        else:
            self.records[section].append(record)

    def add_json_lines(
        self,
        section: str,
        lines: Sequence[bytes],
        *,
        first_line: int = 1,
        numbers: Sequence[int] | None = None,
        source: str = "",
    ) -> None:
        """Validate a block of JSON Lines of ``section``, one record per line.

        The lines are read as one JSON array in one call to pydantic-core. If
        anything is wrong in the block, each line is read again on its own, so
        that every problem is reported with its record (or file and line).
        Blank lines are skipped. Lines are numbered from ``first_line``, or by
        ``numbers`` (one per line) when they were picked out of a larger file.
        """
        body = lines
        if b"" in body or b"\r" in body:
            body = [line for line in lines if line.strip()]
        if not body:
            return
        records: list[Any] | None
        try:
            records = _LIST_ADAPTERS[section].validate_json(
                b"[" + b",".join(body) + b"]", context=self._shared
            )
        except ValidationError:
            records = None
        # A line holding two records, or a record split over two lines, changes
        # the count: such a block is read line by line too, to be reported.
        if records is not None and len(records) == len(body):
            self.records[section].extend(records)
            return
        numbered = zip(numbers, lines, strict=True) if numbers else enumerate(lines, first_line)
        for number, line in numbered:
            stripped = line.strip()
            if stripped:
                position = f"{source} line {number}" if source else number
                self.add_json(section, stripped, position=position)

    def checked_sections(self) -> dict[str, tuple[Any, ...]]:
        """The records, once checked against each other; raises if anything is wrong."""
        self.problems.extend(cross_check(**self.records, rejected=self.rejected))
        if self.problems:
            raise InvalidPortfolioError(self.problems)
        sections = {name: tuple(items) for name, items in self.records.items()}
        sections["promises"] = _with_currencies(sections["promises"], sections["invoices"])
        return sections

    def build(self) -> Portfolio:
        """The checked portfolio; :class:`InvalidPortfolioError` lists every problem."""
        sections = self.checked_sections()
        return Portfolio.model_construct(None, **sections)


def _record_id(item: Any, position: str) -> str:
    if isinstance(item, Mapping):
        value = item.get("id")
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value)
    return position


def _problems_from_json(
    error: ValidationError, line: str | bytes, record_type: str, position: str
) -> list[Problem]:
    import json  # noqa: PLC0415 - only on the error path

    record_id = position
    with contextlib.suppress(ValueError):
        record_id = _record_id(json.loads(line), position)
    if any(item["type"] == "json_invalid" for item in error.errors()):
        return [Problem(record_type, record_id, "", "is not valid JSON")]
    if any(item["type"] == "model_type" for item in error.errors()):
        return [Problem(record_type, record_id, "", "must be a JSON object")]
    return problems_from_validation_error(error, record_type, record_id)


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


def _payments_fit(payments: Sequence[Payment], invoice_by_id: Mapping[str, Invoice]) -> bool:
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


def cross_check(
    customers: Sequence[Customer],
    invoices: Sequence[Invoice],
    payments: Sequence[Payment],
    promises: Sequence[PaymentPromise],
    events: Sequence[DunningEvent],
    rejected: Mapping[str, Sequence[str]] | None = None,
) -> list[Problem]:
    """Every problem between records: unknown references, duplicates, overpayment..."""
    problems: list[Problem] = []
    rejected = rejected or {}
    customer_ids = _duplicates("customer", customers, rejected.get("customers", ()), problems)
    invoice_by_id: dict[str, Invoice] = _duplicates(
        "invoice", invoices, rejected.get("invoices", ()), problems
    )
    _duplicates("payment", payments, rejected.get("payments", ()), problems)
    _duplicates("promise", promises, rejected.get("promises", ()), problems)
    _duplicates("event", events, rejected.get("events", ()), problems)
    # Records that failed their own checks are already reported; do not call them unknown.
    customer_ids = {**dict.fromkeys(rejected.get("customers", ())), **customer_ids}
    rejected_invoices = frozenset(rejected.get("invoices", ()))

    unknown_customers = set(map(_CUSTOMER_ID, invoices)).difference(customer_ids)
    problems.extend(
        Problem(
            "invoice",
            invoice.id,
            "customer_id",
            f"refers to customer {invoice.customer_id!r}, which is not in the portfolio",
        )
        for invoice in invoices
        if unknown_customers and invoice.customer_id in unknown_customers
    )

    paid: dict[str, Decimal] = {}
    for payment in () if _payments_fit(payments, invoice_by_id) else payments:
        target = invoice_by_id.get(payment.invoice_id)
        if target is None and payment.invoice_id in rejected_invoices:
            continue
        if target is None:
            problems.append(
                Problem(
                    "payment",
                    payment.id,
                    "invoice_id",
                    f"refers to invoice {payment.invoice_id!r}, which is not in the portfolio",
                )
            )
            continue
        if payment.currency != target.currency:
            problems.append(
                Problem(
                    "payment",
                    payment.id,
                    "currency",
                    f"is {payment.currency} but invoice {target.id} is in {target.currency}",
                )
            )
            continue
        paid[target.id] = paid.get(target.id, _ZERO) + payment.amount
    for invoice_id, total in paid.items():
        invoice = invoice_by_id[invoice_id]
        if total > invoice.amount:
            problems.append(
                Problem(
                    "invoice",
                    invoice_id,
                    "amount",
                    f"is {invoice.amount} {invoice.currency} but payments on it add up to "
                    f"{total} (overpaid by {total - invoice.amount})",
                )
            )

    def check_refs(
        record_type: str, record_id: str, customer_id: str, invoice_ids: Sequence[str]
    ) -> None:
        if customer_id not in customer_ids:
            problems.append(
                Problem(
                    record_type,
                    record_id,
                    "customer_id",
                    f"refers to customer {customer_id!r}, which is not in the portfolio",
                )
            )
        for invoice_id in invoice_ids:
            target = invoice_by_id.get(invoice_id)
            if target is None and invoice_id in rejected_invoices:
                continue
            if target is None:
                problems.append(
                    Problem(
                        record_type,
                        record_id,
                        "invoice_ids",
                        f"refers to invoice {invoice_id!r}, which is not in the portfolio",
                    )
                )
            elif target.customer_id != customer_id:
                problems.append(
                    Problem(
                        record_type,
                        record_id,
                        "invoice_ids",
                        f"invoice {invoice_id} belongs to customer {target.customer_id}, "
                        f"not {customer_id}",
                    )
                )

    currencies_of_customer: dict[str, set[str]] | None = None
    for promise in promises:
        check_refs("promise", promise.id, promise.customer_id, promise.invoice_ids)
        if promise.currency is None and promise.amount is not None:
            if promise.customer_id not in customer_ids:
                continue  # reported above; its invoices cannot be known
            if not promise.invoice_ids and currencies_of_customer is None:
                currencies_of_customer = _currencies_by_customer(invoices)
            problem = _unresolved_currency(
                promise, invoice_by_id, rejected_invoices, currencies_of_customer or {}
            )
            if problem is not None:
                problems.append(problem)
        elif promise.currency is not None:
            for invoice_id in promise.invoice_ids:
                target = invoice_by_id.get(invoice_id)
                if target is not None and target.currency != promise.currency:
                    problems.append(
                        Problem(
                            "promise",
                            promise.id,
                            "currency",
                            f"is {promise.currency} but invoice {invoice_id} is in "
                            f"{target.currency}",
                        )
                    )
    for event in events:
        check_refs("event", event.id, event.customer_id, event.invoice_ids)
    return problems


def _currencies_by_customer(invoices: Iterable[Invoice]) -> dict[str, set[str]]:
    currencies: defaultdict[str, set[str]] = defaultdict(set)
    for invoice in invoices:
        currencies[invoice.customer_id].add(invoice.currency)
    return currencies


def _promised_currencies(
    promise: PaymentPromise,
    invoice_by_id: Mapping[str, Invoice],
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
    invoice_by_id: Mapping[str, Invoice],
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


def _with_currencies(
    promises: tuple[PaymentPromise, ...], invoices: Sequence[Invoice]
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


def ledger_of(portfolio: Portfolio) -> Ledger:
    """The portfolio's compact per-customer view (built once, then kept with it).

    The one door to the ledger for the rooms above the book: the planning engine,
    the profiles, the classifier and the back-test read it through here.
    """
    return portfolio._ledger  # noqa: SLF001 - the book room's own cached view
