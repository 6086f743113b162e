"""The invoice columns keep what the models keep, and refuse what they refuse."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from dunningkit import Invoice
from dunningkit.book._table import INVOICE_RECORDS, InvoiceTable
from dunningkit.testing import portfolios

BASE: dict[str, Any] = {
    "id": "F1",
    "customer_id": "C1",
    "issue_date": "2026-01-05",
    "due_date": "2026-02-04",
    "currency": "EUR",
    "amount": "1234.56",
}


def test_a_record_becomes_the_model_it_was() -> None:
    table = InvoiceTable()
    records = INVOICE_RECORDS.validate_python([BASE, {**BASE, "id": "F2", "status": "paid"}])
    assert table.add_records(records) == []
    assert table.model(0) == Invoice.model_validate(BASE)
    assert table.model(1) == Invoice.model_validate({**BASE, "id": "F2", "status": "paid"})
    assert table.rare == {}


def test_the_rule_refuses_what_the_model_refuses() -> None:
    bad = {**BASE, "due_date": "2026-01-01"}
    with pytest.raises(ValidationError, match="before the issue date"):
        Invoice.model_validate(bad)
    table = InvoiceTable()
    refused = table.add_records(INVOICE_RECORDS.validate_python([BASE, bad]))
    assert [(position, error.field) for position, error in refused] == [(1, "due_date")]
    assert len(table) == 1


def test_field_types_come_from_the_model() -> None:
    with pytest.raises(ValidationError) as caught:
        INVOICE_RECORDS.validate_python([{**BASE, "amount": "-3", "extra": 1}])
    assert {error["loc"][-1] for error in caught.value.errors()} == {"amount", "extra"}


@settings(max_examples=50)
@given(portfolios())
def test_models_round_trip_through_the_columns(book: Any) -> None:
    table = InvoiceTable()
    dumped = [invoice.model_dump(exclude_defaults=True) for invoice in book.invoices]
    assert table.add_records(INVOICE_RECORDS.validate_python(dumped)) == []
    assert [table.model(row) for row in range(len(table))] == list(book.invoices)


def test_a_portfolios_facts_name_the_invoice_record() -> None:
    from dunningkit import Portfolio  # noqa: PLC0415 - only here

    book = Portfolio.model_validate(
        {"customers": [{"id": "C1", "name": "A", "country": "FR"}], "invoices": [BASE]}
    )
    facts = book.facts("F1")
    assert isinstance(facts.invoice, Invoice)
    assert facts.invoice == Invoice.model_validate(BASE)
    assert facts.open == book.open_amount("F1") == facts.invoice.amount


def test_pydantic_serializes_a_book_whose_invoices_are_columns_whole() -> None:
    import pydantic_core  # noqa: PLC0415 - only here
    from pydantic import BaseModel, TypeAdapter  # noqa: PLC0415

    from dunningkit import Portfolio  # noqa: PLC0415

    def loaded() -> Portfolio:
        return Portfolio.model_validate(
            {"customers": [{"id": "C1", "name": "A", "country": "FR"}], "invoices": [BASE]}
        )

    class Response(BaseModel):  # a host's API answer holding a book
        book: Portfolio

    assert [i["id"] for i in TypeAdapter(Portfolio).dump_python(loaded())["invoices"]] == ["F1"]
    assert [i["id"] for i in Response(book=loaded()).model_dump()["book"]["invoices"]] == ["F1"]
    assert b'"F1"' in pydantic_core.to_json(loaded())
    assert "invoices" in loaded().model_dump(exclude_unset=True)
