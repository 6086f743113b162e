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
    flat_contact,
    flat_hold,
    write_cell,
)

__all__ = ["dump_csv"]

Tables = dict[str, list[dict[str, Any]]]


def dump_csv(
    portfolio: Portfolio, folder: str | Path, *, delimiter: str = ",", decimal: str = "."
) -> None:
    """Write the portfolio as the CSV folder :func:`load_csv` reads back, losslessly."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables: Tables = {name: [] for name in CSV_COLUMNS}
    _customer_rows(portfolio, tables)
    _invoice_rows(portfolio, tables)
    for section in ("payments", "promises", "events"):
        tables[section] = [record.model_dump() for record in getattr(portfolio, section)]
    for name, rows in tables.items():
        if not rows and name not in REQUIRED_FILES:
            continue
        columns = CSV_COLUMNS[name]
        kinds = [csv_kinds(name)[column] for column in columns]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
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
        if customer.contacts:
            first, *rest = customer.contacts
            row.update(flat_contact(first))
            for contact in rest:
                tables["contacts"].append({"customer_id": customer.id, **contact.model_dump()})
        tables["customers"].append(row)


def _invoice_rows(portfolio: Portfolio, tables: Tables) -> None:
    for invoice in portfolio.invoices:
        row = invoice.model_dump(exclude={"hold", "installments", "status_history"})
        row.update(flat_hold(invoice.hold))
        for installment in invoice.installments:
            tables["installments"].append({"invoice_id": invoice.id, **installment.model_dump()})
        for change in invoice.status_history:
            tables["status_changes"].append({"invoice_id": invoice.id, **change.model_dump()})
        tables["invoices"].append(row)
