"""The portfolio: every record the planner needs, checked as a whole.

A portfolio is built from plain data (``Portfolio.model_validate({...})``, as an
ERP integration would) or by the loaders. Each record is validated on its own,
then the records are checked against each other; every problem found is reported
at once in one :class:`~dunningkit.errors.InvalidPortfolioError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Self

from pydantic import BaseModel, SerializerFunctionWrapHandler, model_serializer

from dunningkit._support._json import loads_json
from dunningkit.book._builder import RecordCollector
from dunningkit.book._figures import InvoiceFacts, due_now, open_installments
from dunningkit.book._index import Index, build_index
from dunningkit.book._ledger import Ledger, build_ledger
from dunningkit.book._sections import SECTIONS
from dunningkit.book._table import InvoiceTable
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
        builder = RecordCollector()
        builder.add_sections(data)
        sections, table = builder.checked_parts()
        super().__init__(**sections)
        _keep_invoices(self, table)

    def __getattr__(self, name: str) -> Any:
        # The invoices are kept as columns; the models are built when first asked for.
        if name == "invoices":
            table: InvoiceTable | None = self.__dict__.get("_invoices")
            if table is not None:
                invoices = self.__dict__["invoices"] = table.models()
                return invoices
        return super().__getattr__(name)  # type: ignore[misc]

    @model_serializer(mode="wrap")
    def _serialize_whole(self, handler: SerializerFunctionWrapHandler) -> Any:
        # pydantic's serializer reads the fields from the instance, also when the book is
        # nested in another model or dumped by a TypeAdapter: build the invoices first.
        return handler(self._whole())

    def _whole(self) -> Self:
        """Self, with every section's models built (for pydantic's own methods)."""
        if "invoices" not in self.__dict__:
            self.__getattr__("invoices")
        return self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Portfolio):
            other._whole()
        return super(Portfolio, self._whole()).__eq__(other)

    def __hash__(self) -> int:
        # As pydantic hashes a frozen model: the tuple of its fields' values.
        whole = self._whole().__dict__
        return hash(tuple(whole[name] for name in type(self).model_fields))

    def __getstate__(self) -> dict[Any, Any]:
        return super(Portfolio, self._whole()).__getstate__()

    def __repr_args__(self) -> Any:
        return super(Portfolio, self._whole()).__repr_args__()

    def __iter__(self) -> Any:
        return super(Portfolio, self._whole()).__iter__()

    @property
    def invoice_count(self) -> int:
        """How many invoices and credit notes the book holds (without building them)."""
        return len(self._invoices)

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
            return super(Portfolio, self._whole()).model_copy(deep=deep)
        sections = {name: getattr(self, name) for name in SECTIONS}
        sections.update(update)
        return type(self)(**sections)

    # -- lookups -------------------------------------------------------------

    @cached_property
    def _invoices(self) -> InvoiceTable:
        # Built from the models when the book was made of models (loaders keep the
        # columns they filled instead: see _keep_invoices).
        return InvoiceTable.of(self.__dict__.get("invoices", ()))

    @cached_property
    def _index(self) -> Index:
        return build_index(
            self.customers, self._invoices, self.payments, self.promises, self.events
        )

    @cached_property
    def _ledger(self) -> Ledger:
        # The compact per-customer view every per-day pass reads: built once, kept.
        # The collector is left alone. Freezing the book out of it was measured (300k
        # invoices): building the ledger got faster, but every later run slower, as
        # each full collection then walks the plan's own objects again and again.
        index = self._index
        return build_ledger(
            self.customers,
            self._invoices,
            index.rows_by_customer,
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
            return self._invoices.model(self._index.invoice_rows[invoice_id])
        except KeyError:
            raise UnknownRecordError("invoice", invoice_id) from None

    def invoices_of(self, customer_id: str) -> Sequence[Invoice]:
        """A customer's invoices and credit notes, by due date then id."""
        rows = self._index.rows_by_customer.get(customer_id, ())
        invoices = map(self._invoices.model, rows)
        return sorted(invoices, key=lambda i: (i.due_date, i.id))

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
        ``facts.invoice`` is the :class:`~dunningkit.Invoice` record.
        """
        found = self._facts(invoice_id, on)
        invoice = self.invoice(invoice_id)
        return InvoiceFacts(
            invoice, found.status, found.amount, found.paid, found.settled_on, found.payments
        )

    def _facts(self, invoice_id: str, on: date | None) -> InvoiceFacts:
        """The ledger's facts of an invoice (``invoice`` is the row standing for it)."""
        try:
            at = self._index.invoice_rows[invoice_id]
        except KeyError:
            raise UnknownRecordError("invoice", invoice_id) from None
        customer_id = self._invoices.customer_ids[at]
        row = self._ledger.by_id[customer_id].row(invoice_id)
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
        return self._facts(invoice_id, on).open

    def outstanding_amount(self, invoice_id: str, on: date | None = None) -> Decimal:
        """The invoice's amount minus its payments on ``on``: what the ledger shows unpaid.

        Every invoice outstanding on a day is accounted for in that day's plan, as an
        action or a skip (a cancelled or disputed one too, with its reason).
        """
        invoice = self.invoice(invoice_id)
        if on is not None and invoice.issue_date > on:
            return _ZERO
        return self._facts(invoice_id, on).outstanding

    def open_installments(
        self, invoice_id: str, on: date | None = None
    ) -> list[tuple[Installment, Decimal]]:
        """Each instalment with its open part; payments settle the oldest first."""
        return open_installments(self._facts(invoice_id, on))

    def due_now(self, invoice_id: str, on: date) -> tuple[date, Decimal]:
        """The due date reminders count from on ``on`` and the amount due by then.

        For a payment plan, the earliest instalment still open: each instalment is
        late from its own due date.
        """
        return due_now(self._facts(invoice_id, on), on)

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


class PortfolioBuilder(RecordCollector):
    """Collects records one at a time (as the streaming loaders do) and checks them.

    Problems are gathered, never raised early, so a file with a thousand bad rows
    is reported in one go.
    """

    def build(self) -> Portfolio:
        """The checked portfolio; :class:`InvalidPortfolioError` lists every problem."""
        sections, table = self.checked_parts()
        portfolio = Portfolio.model_construct(None, **sections)
        _keep_invoices(portfolio, table)
        return portfolio


def _keep_invoices(portfolio: Portfolio, table: InvoiceTable) -> None:
    """Keep a portfolio's invoices as columns: models are built when asked for."""
    portfolio.__dict__.pop("invoices", None)
    portfolio.__dict__["_invoices"] = table
    portfolio.__pydantic_fields_set__.add("invoices")  # given, as the other sections


def ledger_of(portfolio: Portfolio) -> Ledger:
    """The portfolio's compact per-customer view (built once, then kept with it).

    The one door to the ledger for the rooms above the book: the planning engine,
    the profiles, the classifier and the back-test read it through here.
    """
    return portfolio._ledger  # noqa: SLF001 - the book room's own cached view
