"""The book's invoices as columns, not objects (issue 21, first piece).

A loaded invoice costs a pydantic model (an object, its dictionary, its field set:
three objects the collector walks at every full collection, about a kilobyte) while
the planner reads eight of its seventeen fields. Here the records of a load are
validated by pydantic-core into plain typed dictionaries, in blocks (the same field
types and error messages as :class:`~dunningkit.model.Invoice`: the record type is
derived from the model), checked by the model's own whole-record rule
(:func:`~dunningkit.model._invoice.invoice_rule`), and kept as columns: ids, dates as
day ordinals, amounts, statuses as small codes; the rare fields (status history,
holds, instalments...) in a sparse side table. A model is built only when someone
asks for one.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple, NotRequired

from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypedDict

from dunningkit.model._invoice import Invoice, InvoiceKind, InvoiceStatus, invoice_rule
from dunningkit.model._types import FieldError

__all__ = ["INVOICE_RECORDS", "STATUSES", "InvoiceRef", "InvoiceTable", "record_type_of"]


def record_type_of(model: type[BaseModel]) -> Any:
    """A typed dictionary with the fields of ``model``: same types, same constraints.

    pydantic-core validates it without building an object per record, and says the
    same things about a bad value as the model would (the field types are the
    model's own, read from it: one definition).
    """
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        for meta in info.metadata:
            annotation = _annotated(annotation, meta)
        fields[name] = annotation if info.is_required() else NotRequired[annotation]
    record = TypedDict(f"{model.__name__}Record", fields)  # type: ignore[misc]
    record.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    return record


def _annotated(annotation: Any, meta: Any) -> Any:
    from typing import Annotated  # noqa: PLC0415 - only while deriving the record type

    return Annotated[annotation, meta]


INVOICE_RECORD = record_type_of(Invoice)
INVOICE_RECORDS: TypeAdapter[list[dict[str, Any]]] = TypeAdapter(
    list[INVOICE_RECORD]  # type: ignore[valid-type]
)
"""Validates a block of invoice records (a JSON array or a list of mappings) at once."""

STATUSES = tuple(InvoiceStatus)
_STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
_ISSUED = _STATUS_CODE[InvoiceStatus.ISSUED]
_COMMON = ("id", "customer_id", "kind", "issue_date", "due_date", "currency", "amount", "status")
_RARE = tuple(name for name in Invoice.model_fields if name not in _COMMON)
_RARE_SET = frozenset(_RARE)
_ID, _CUSTOMER, _CURRENCY, _AMOUNT = (
    itemgetter("id"),
    itemgetter("customer_id"),
    itemgetter("currency"),
    itemgetter("amount"),
)
_ISSUE, _DUE = itemgetter("issue_date"), itemgetter("due_date")


class InvoiceRef(NamedTuple):
    """What the checks between records read of an invoice (made on the fly, not kept)."""

    id: str
    customer_id: str
    currency: str
    amount: Decimal


class InvoiceTable:
    """Invoices as columns; row ``n`` is the ``n``-th invoice kept.

    Attributes:
        ids, customer_ids, currencies, amounts: one entry per invoice.
        issue, due: dates as day ordinals (``date.toordinal``).
        status: codes into the statuses in declaration order; credit: 1 for a
            credit note.
        rare: the fields most invoices leave out (status date and history,
            accepted amount, references, hold, instalments, direct debit), by row.
    """

    __slots__ = (
        "_days",
        "_fields_sets",
        "_models",
        "_shared",
        "amounts",
        "credit",
        "currencies",
        "customer_ids",
        "due",
        "ids",
        "issue",
        "rare",
        "status",
    )

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.customer_ids: list[str] = []
        self.currencies: list[str] = []
        self.amounts: list[Decimal] = []
        self.issue = array("i")
        self.due = array("i")
        self.status = bytearray()
        self.credit = bytearray()
        self.rare: dict[int, dict[str, Any]] = {}
        self._models: dict[int, Invoice] = {}
        # Values met again and again, kept once: customer ids (shared with the
        # customers' own when the loader passes its values), and, in the models
        # built on access, dates and the sets of field names.
        self._shared: dict[Any, Any] = {}
        self._days: dict[int, date] = {}
        self._fields_sets: dict[frozenset[str], set[str]] = {}

    def share_with(self, values: dict[Any, Any]) -> None:
        """Keep repeated values in ``values`` (a loader's, shared by all its records)."""
        self._shared = values

    def __len__(self) -> int:
        return len(self.ids)

    def add_records(self, records: Sequence[dict[str, Any]]) -> list[tuple[int, FieldError]]:
        """Keep validated records (``INVOICE_RECORDS`` output) that pass the invoice rule.

        Returns the position and error of each record the rule refuses (not kept).
        """
        refused: list[tuple[int, FieldError]] = []
        kept: list[dict[str, Any]] = []
        for position, record in enumerate(records):
            try:
                kept.append(invoice_rule(record))
            except FieldError as error:
                refused.append((position, error))
        self._extend(kept)
        return refused

    def add_models(self, invoices: Iterable[Invoice]) -> None:
        """Keep invoices given as models (they are kept too: no need to build them again)."""
        for invoice in invoices:
            self._models[len(self.ids)] = invoice
            self._extend([invoice.__dict__])

    def _extend(self, records: Sequence[Mapping[str, Any]]) -> None:
        base = len(self.ids)
        self.ids += map(_ID, records)
        customer_ids = list(map(_CUSTOMER, records))
        self.customer_ids += map(self._shared.setdefault, customer_ids, customer_ids)
        self.currencies += map(_CURRENCY, records)
        self.amounts += map(_AMOUNT, records)
        self.issue.extend(map(date.toordinal, map(_ISSUE, records)))
        self.due.extend(map(date.toordinal, map(_DUE, records)))
        code = _STATUS_CODE
        self.status.extend(code[r.get("status", InvoiceStatus.ISSUED)] for r in records)
        self.credit.extend(r.get("kind") is InvoiceKind.CREDIT_NOTE for r in records)
        for offset, record in enumerate(records):
            if len(record) > len(_COMMON) or not _RARE_SET.isdisjoint(record):
                extra = {k: v for k in _RARE if (v := record.get(k, _ABSENT)) is not _ABSENT}
                defaults = {k: v for k, v in extra.items() if v == _DEFAULTS[k]}
                for k in defaults:
                    del extra[k]
                if extra:
                    self.rare[base + offset] = extra

    def truncate(self, rows: int) -> None:
        """Keep only the first ``rows`` invoices (a loader taking back a block)."""
        for column in (self.ids, self.customer_ids, self.currencies, self.amounts):
            del column[rows:]
        for packed in (self.issue, self.due, self.status, self.credit):
            del packed[rows:]
        for table in (self.rare, self._models):
            for row in [row for row in table if row >= rows]:
                del table[row]

    def models(self) -> tuple[Invoice, ...]:
        """Every invoice as a model, in the order kept (built on first use)."""
        return tuple(map(self.model, range(len(self.ids))))

    def refs(self) -> list[InvoiceRef]:
        """Every invoice's id, customer, currency and amount, for the cross checks."""
        return list(map(InvoiceRef, self.ids, self.customer_ids, self.currencies, self.amounts))

    @classmethod
    def of(cls, invoices: Iterable[Invoice]) -> InvoiceTable:
        """A table of invoices given as models."""
        table = cls()
        table.add_models(invoices)
        return table

    def model(self, row: int) -> Invoice:
        """The invoice of ``row`` as a model, built once on first use."""
        found = self._models.get(row)
        if found is None:
            fields = self.record(row)
            names = frozenset(fields)
            given = self._fields_sets.get(names)
            if given is None:
                given = self._fields_sets[names] = set(names)
            built = Invoice.model_construct(given, **fields)
            # One model per row, whichever thread built it first.
            found = self._models.setdefault(row, built)
        return found

    def _day(self, ordinal: int) -> date:
        day = self._days.get(ordinal)
        if day is None:
            day = self._days[ordinal] = date.fromordinal(ordinal)
        return day

    def record(self, row: int) -> dict[str, Any]:
        """The fields of ``row`` (those given, and the common ones)."""
        fields: dict[str, Any] = {
            "id": self.ids[row],
            "customer_id": self.customer_ids[row],
            "issue_date": self._day(self.issue[row]),
            "due_date": self._day(self.due[row]),
            "currency": self.currencies[row],
            "amount": self.amounts[row],
        }
        if self.credit[row]:
            fields["kind"] = InvoiceKind.CREDIT_NOTE
        if self.status[row] != _ISSUED:
            fields["status"] = STATUSES[self.status[row]]
        fields.update(self.rare.get(row, ()))
        return fields


_ABSENT = object()
_DEFAULTS = {name: Invoice.model_fields[name].default for name in _RARE}
