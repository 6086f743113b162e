"""A folder of e-invoices as one book: :func:`load_einvoices`.

Every file is read before anything is returned: the problems of all of them come in
one :class:`~dunningkit.errors.EInvoiceError`, and nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from dunningkit.book._portfolio import Portfolio
from dunningkit.einvoicing._invoice import EInvoice, read_invoice
from dunningkit.einvoicing._xml import gathered
from dunningkit.errors import EInvoiceError, EInvoiceProblem
from dunningkit.model._customer import Customer

__all__ = ["EINVOICE_SUFFIXES", "files_of", "load_einvoices", "read_einvoices"]

EINVOICE_SUFFIXES = (".xml", ".pdf")
"""The files of a folder that are read: XML invoices and Factur-X PDFs."""


def files_of(
    folder_or_paths: str | Path | Iterable[str | Path], suffixes: Sequence[str]
) -> list[Path]:
    """The files to read: a folder's files with one of ``suffixes`` (by name), or the
    paths given. A missing folder is an :class:`EInvoiceError`."""
    if isinstance(folder_or_paths, str | Path):
        folder = Path(folder_or_paths)
        if not folder.is_dir():
            raise EInvoiceError([EInvoiceProblem(str(folder), "folder", "not a folder")])
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return [Path(p) for p in folder_or_paths]


def read_einvoices(paths: Iterable[str | Path]) -> list[EInvoice]:
    """Every e-invoice of ``paths``; every problem of every file in one error."""
    read, errors = _read_all(paths)
    if errors:
        raise gathered(errors)
    return read


def _read_all(paths: Iterable[str | Path]) -> tuple[list[EInvoice], list[EInvoiceError]]:
    read: list[EInvoice] = []
    errors: list[EInvoiceError] = []
    for path in paths:
        try:
            read.append(read_invoice(path))
        except EInvoiceError as error:
            errors.append(error)
    return read, errors


def load_einvoices(folder_or_paths: str | Path | Iterable[str | Path]) -> Portfolio:
    """Every e-invoice of a folder (``.xml`` and ``.pdf``) or of a list of files, as a book.

    Customers are merged by identifier (each field as the latest invoice giving it says);
    every invoice must come from one seller, and each invoice number appear once.

    Raises:
        EInvoiceError: every problem of every file at once (each naming the file and
            the element), with the files of another seller and the numbers met twice.
        HostileXmlError: the same, when one of the files was refused unread.
    """
    einvoices, errors = _read_all(files_of(folder_or_paths, EINVOICE_SUFFIXES))
    problems = _seller_problems(einvoices) + _duplicate_problems(einvoices)
    if problems:
        errors.append(EInvoiceError(problems))
    if errors:
        raise gathered(errors)
    return Portfolio(
        customers=_customers(einvoices),
        invoices=[e.invoice for e in einvoices],
        payments=[p for e in einvoices for p in e.payments],
    )


def _customers(einvoices: Sequence[EInvoice]) -> list[Customer]:
    """One customer per identifier: each field as the latest invoice that gives it says
    (a credit note naming only the buyer does not erase the contact of an invoice)."""
    merged: dict[str, dict[str, object]] = {}
    for e in sorted(einvoices, key=lambda e: (e.invoice.issue_date, e.invoice.id)):
        merged.setdefault(e.customer.id, {}).update(e.customer.model_dump(exclude_defaults=True))
    return [Customer.model_validate(merged[key]) for key in sorted(merged)]


def _seller_problems(einvoices: Sequence[EInvoice]) -> list[EInvoiceProblem]:
    """One seller per book: each file of a seller other than the most frequent is named."""
    counts: dict[str, int] = {}
    for e in einvoices:
        counts[e.seller.id] = counts.get(e.seller.id, 0) + 1
    if len(counts) <= 1:
        return []
    main = min(counts, key=lambda seller: (-counts[seller], seller))
    name = next(e.seller.name for e in einvoices if e.seller.id == main)
    return [
        EInvoiceProblem(
            e.source,
            "seller (BG-4)",
            f"seller {e.seller.name!r} ({e.seller.id}) is not the book's seller {name!r} ({main})",
        )
        for e in einvoices
        if e.seller.id != main
    ]


def _duplicate_problems(einvoices: Sequence[EInvoice]) -> list[EInvoiceProblem]:
    first: dict[str, str] = {}
    problems = []
    for e in einvoices:
        number = e.invoice.id
        if number in first:
            problems.append(
                EInvoiceProblem(
                    e.source, "invoice number (BT-1)", f"{number!r} is also in {first[number]}"
                )
            )
        else:
            first[number] = e.source
    return problems
