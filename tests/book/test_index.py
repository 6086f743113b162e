"""The portfolio's index: lookups by id and each customer's records, sorted."""

from __future__ import annotations

from dunningkit.book._index import build_index
from dunningkit.book._table import InvoiceTable
from tests.builders import Book, d


def test_each_customers_records_are_sorted_whatever_their_order() -> None:
    book = Book().customer("C1").customer("C2")
    book.invoice("F2", "C1", due=d(-5))
    book.invoice("F1", "C1", due=d(-5))
    book.invoice("F0", "C1", due=d(-30))
    book.invoice("G1", "C2", due=d(-1))
    p = book.build()
    table = InvoiceTable.of(p.invoices)
    index = build_index(p.customers, table, p.payments, p.promises, p.events)
    assert [table.ids[r] for r in index.rows_by_customer["C1"]] == ["F0", "F1", "F2"]
    assert [table.ids[r] for r in index.rows_by_customer["C2"]] == ["G1"]
    assert index.customers.keys() == {"C1", "C2"}
    assert table.customer_ids[index.invoice_rows["F1"]] == "C1"
    assert [i.id for i in p.invoices_of("C1")] == ["F0", "F1", "F2"]
    assert index.payments_by_invoice == {}
