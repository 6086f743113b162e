"""CSV folders written: the layout :func:`~dunningkit.loaders.load_csv` reads back.

Cells are written by the one column spec (:mod:`dunningkit.io._columns`); nested
values go to their own columns (hold, first contact) or side files (other contacts,
instalments, status changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dunningkit._support._csv import csv_writer
from dunningkit.book._portfolio import Portfolio
from dunningkit.io._columns import (
    CSV_COLUMNS,
    REQUIRED_FILES,
    csv_kinds,
    write_cell,
)
from dunningkit.io._files import written_whole
from dunningkit.io._flat import flat_contact, flat_customer, flat_hold

__all__ = ["dump_csv"]

Tables = dict[str, list[dict[str, Any]]]


def dump_csv(
    portfolio: Portfolio, folder: str | Path, *, delimiter: str = ",", decimal: str = "."
) -> None:
    """Write the portfolio as the CSV folder :func:`load_csv` reads back, losslessly.

    Every file lists its rows grouped by customer, in the order of ``customers.csv``
    (payments in the order of the invoices they pay; each customer's records keep
    the portfolio's order), so that the folder also streams back as it is
    (``plan --stream``, :func:`~dunningkit.plan_stream`). Cells a spreadsheet would
    evaluate are neutralised (:mod:`dunningkit._support._csv`), and read back as
    written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables: Tables = {name: [] for name in CSV_COLUMNS}
    grouped = _grouped(portfolio)
    _customer_rows(portfolio, tables)
    _invoice_rows(grouped["invoices"], tables)
    for section in ("payments", "promises", "events"):
        tables[section] = [record.model_dump() for record in grouped[section]]
    for name, rows in tables.items():
        if not rows and name not in REQUIRED_FILES:
            continue
        columns = CSV_COLUMNS[name]
        kinds = [csv_kinds(name)[column] for column in columns]
        with written_whole(folder / f"{name}.csv", newline="") as out:
            writer = csv_writer(out, delimiter=delimiter)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(
                    [
                        write_cell(kind, row.get(column), decimal)
                        for column, kind in zip(columns, kinds, strict=True)
                    ]
                )


def _customer_rows(portfolio: Portfolio, tables: Tables) -> None:
    for customer in portfolio.customers:
        row = customer.model_dump(exclude={"contacts", "hold"})
        row["payment_terms"] = str(customer.payment_terms) if customer.payment_terms else None
        row.update(flat_hold(customer.hold))
        row.update(flat_customer(customer))
        if customer.contacts:
            first, *rest = customer.contacts
            row.update(flat_contact(first))
            for contact in rest:
                tables["contacts"].append({"customer_id": customer.id, **contact.model_dump()})
        tables["customers"].append(row)


def _grouped(portfolio: Portfolio) -> dict[str, list[Any]]:
    """Each section's records in the customers' order (a stable sort: each customer's
    records keep their order); payments in their invoices' order."""
    rank = {customer.id: n for n, customer in enumerate(portfolio.customers)}
    last = len(rank)
    invoices = sorted(portfolio.invoices, key=lambda i: rank.get(i.customer_id, last))
    place = {invoice.id: n for n, invoice in enumerate(invoices)}
    return {
        "invoices": invoices,
        "payments": sorted(portfolio.payments, key=lambda p: place.get(p.invoice_id, len(place))),
        "promises": sorted(portfolio.promises, key=lambda p: rank.get(p.customer_id, last)),
        "events": sorted(portfolio.events, key=lambda e: rank.get(e.customer_id, last)),
    }


def _invoice_rows(invoices: list[Any], tables: Tables) -> None:
    for invoice in invoices:
        row = invoice.model_dump(exclude={"hold", "installments", "status_history"})
        row.update(flat_hold(invoice.hold))
        for installment in invoice.installments:
            tables["installments"].append({"invoice_id": invoice.id, **installment.model_dump()})
        for change in invoice.status_history:
            tables["status_changes"].append({"invoice_id": invoice.id, **change.model_dump()})
        tables["invoices"].append(row)
