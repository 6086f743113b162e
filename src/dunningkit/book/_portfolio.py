"""The portfolio: every record the planner needs, checked as a whole.

A portfolio is built from plain data (``Portfolio.model_validate({...})``, as an
ERP integration would) or by the loaders. Each record is validated on its own,
then the records are checked against each other; every problem found is reported
at once in one :class:`~dunningkit.errors.InvalidPortfolioError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Self

from pydantic import BaseModel, ValidationError

from dunningkit._support._json import loads_json
from dunningkit._support._sharing import SharedValues
from dunningkit.book._cross_check import cross_check, with_currencies
from dunningkit.book._figures import InvoiceFacts, due_now, open_installments
from dunningkit.book._index import Index, build_index
from dunningkit.book._ledger import Ledger, build_ledger
from dunningkit.book._sections import LIST_ADAPTERS, SECTIONS
from dunningkit.book._validation import (
    problems_from_json,
    problems_from_validation_error,
    record_id,
)
from dunningkit.errors import InvalidPortfolioError, Problem, UnknownRecordError
from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Installment, Invoice
from dunningkit.model._payment import Payment, PaymentPromise
from dunningkit.model._types import MODEL_CONFIG

__all__ = ["Portfolio", "PortfolioBuilder", "ledger_of"]

_ZERO = Decimal(0)


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
    def _index(self) -> Index:
        return build_index(self.customers, self.invoices, self.payments, self.promises, self.events)

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
        return open_installments(self.facts(invoice_id, on))

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
                    LIST_ADAPTERS[name].validate_python(records, context=self._shared)
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
            named = record_id(item, position)
            if named != position:
                self.rejected[section].append(named)
            self.problems.extend(problems_from_validation_error(error, record_type, named))

    def add_json(self, section: str, line: str | bytes, *, position: str | int) -> None:
        """Validate one record given as JSON text (the fast path of JSON Lines).

        ``position`` (a line number, or text) names the record if it has no id.
        """
        record_type, model = SECTIONS[section]
        try:
            record = model.model_validate_json(line, context=self._shared)
        except ValidationError as error:
            position = f"line {position}" if isinstance(position, int) else position
            problems = problems_from_json(error, line, record_type, position)
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
            records = LIST_ADAPTERS[section].validate_json(
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
        sections["promises"] = with_currencies(sections["promises"], sections["invoices"])
        return sections

    def build(self) -> Portfolio:
        """The checked portfolio; :class:`InvalidPortfolioError` lists every problem."""
        sections = self.checked_sections()
        return Portfolio.model_construct(None, **sections)


def ledger_of(portfolio: Portfolio) -> Ledger:
    """The portfolio's compact per-customer view (built once, then kept with it).

    The one door to the ledger for the rooms above the book: the planning engine,
    the profiles, the classifier and the back-test read it through here.
    """
    return portfolio._ledger  # noqa: SLF001 - the book room's own cached view
