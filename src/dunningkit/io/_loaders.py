"""Read and write portfolios in the formats ERPs export: JSON, JSON Lines, CSV.

I/O lives here, at the edge; the rest of the library only sees validated models.
Every loader gathers every problem and raises one
:class:`~dunningkit.errors.InvalidPortfolioError` (or a
:class:`~dunningkit.errors.LoaderError` when the file itself cannot be read).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunningkit._support._json import loads_json
from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._portfolio import SECTIONS, Portfolio, PortfolioBuilder
from dunningkit.errors import InvalidPortfolioError, LoaderError, Problem, TermsError
from dunningkit.model._terms import PaymentTerms, TermsKind

__all__ = [
    "CSV_COLUMNS",
    "dump_csv",
    "dump_json",
    "dump_jsonl",
    "load_csv",
    "load_json",
    "load_jsonl",
    "load_portfolio",
    "loads_json",
]

# -- JSON -----------------------------------------------------------------------


def load_json(path: str | Path) -> Portfolio:
    """Load one JSON document ``{"customers": [...], "invoices": [...], ...}``."""
    path = Path(path)
    try:
        text = path.read_bytes()
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    _refuse_binary(path, text[:_SNIFF_BYTES], "JSON text")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        if not text.strip():
            raise LoaderError("is empty: the export wrote nothing", path=str(path)) from None
        reason = _reason(error)
        raise LoaderError(
            f"is not valid JSON: {reason} at line {error.lineno}, column {error.colno}",
            path=str(path),
        ) from None
    except ValueError as error:
        raise LoaderError(f"is not valid JSON: {error}", path=str(path)) from None
    return Portfolio.model_validate(data)


def dump_json(portfolio: Portfolio, path: str | Path | None = None, *, indent: int = 2) -> str:
    """The portfolio as one JSON document (written to ``path`` when given)."""
    text = portfolio.model_dump_json(indent=indent, exclude_defaults=True)
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text


# -- JSON Lines -------------------------------------------------------------------

_SINGULAR = {record_type: section for section, (record_type, _) in SECTIONS.items()}


_SNIFF_BYTES = 8192


def _refuse_binary(path: Path, head: bytes, expected: str) -> None:
    """One line for a file that is not text at all, instead of one problem per line."""
    if b"\x00" in head:
        raise LoaderError(f"is a binary file, not {expected} (check the export)", path=str(path))


def _reason(error: json.JSONDecodeError) -> str:
    """The parser's complaint in plain words: ``Expecting ',' delimiter`` -> ``expected ','``."""
    reason = error.msg.replace("Expecting", "expected", 1).removesuffix(" delimiter")
    return reason[:1].lower() + reason[1:]


def _json_syntax(line: bytes) -> str:
    """Why a line is not JSON, as ``expected ',' at column 41``."""
    try:
        json.loads(line)
    except json.JSONDecodeError as error:
        return f"{_reason(error)} at column {error.colno}"
    except UnicodeDecodeError as error:
        return f"is not UTF-8 text (byte {error.start + 1}; re-export it as UTF-8)"
    except ValueError as error:  # pragma: no cover - json raises the two above
        return f"is not valid JSON ({error})"
    return "is not valid JSON"


_BLOCK_BYTES = 1 << 18
"""JSON Lines are read and validated in blocks of about this many bytes (256 KiB,
about 1,300 invoices): enough that the call to pydantic-core costs nothing per
record, few enough that its working memory stays small. With 4 MiB blocks a loaded
book kept 0.25 KiB more per invoice (memory the parser used and freed, but the
allocator did not give back), for no gain in speed."""


def _blocks(path: Path) -> Iterator[tuple[int, list[bytes]]]:
    """The file's lines in blocks: ``(number of the block's first line, lines)``.

    Lines keep a trailing carriage return (white space to JSON) and may be blank.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    with handle:
        _refuse_binary(path, handle.read(_SNIFF_BYTES), "JSON Lines text")
        handle.seek(0)
        first, rest = 1, b""
        block = handle.read(_BLOCK_BYTES).removeprefix(b"\xef\xbb\xbf")
        while block:
            text = rest + block
            cut = text.rfind(b"\n")
            if cut < 0:  # no line ends in this block yet: read on
                rest = text
            else:
                rest = text[cut + 1 :]
                lines = text[:cut].split(b"\n")
                yield first, lines
                first += len(lines)
            block = handle.read(_BLOCK_BYTES)
        if rest:  # the last line has no line end
            yield first, [rest]


def load_jsonl(path: str | Path) -> Portfolio:
    """Load JSON Lines, read in blocks (memory per record kept, not per file).

    Each block of lines is validated in one call to pydantic-core; a block with a
    problem is read again line by line, so that every problem is reported with its
    record, or its file and line.

    Two layouts are read:

    * a folder with ``customers.jsonl``, ``invoices.jsonl``, ``payments.jsonl``,
      ``promises.jsonl``, ``events.jsonl`` (any may be missing), one record per line;
    * one file whose lines each carry ``"type"``: ``customer``, ``invoice``,
      ``payment``, ``promise`` or ``event``.
    """
    return _load_jsonl(Path(path))


def _load_jsonl(path: Path) -> Portfolio:
    builder = PortfolioBuilder()
    if path.is_dir():
        for section in SECTIONS:
            file = path / f"{section}.jsonl"
            if not file.exists():
                continue
            for first, lines in _blocks(file):
                before = len(builder.problems)
                builder.add_json_lines(section, lines, first_line=first, source=file.name)
                _say_why_not_json(
                    builder.problems, before, file.name, enumerate(lines, start=first)
                )
        return builder.build()
    for first, lines in _blocks(path):
        typed: dict[str, tuple[list[int], list[bytes]]] = {}
        for number, line in enumerate(lines, start=first):
            # The usual line, as dump_jsonl writes it, names its type first: cut
            # it off, so that pydantic-core reads the record with the others of
            # its section. Any other line is read on its own.
            match = _TYPE_FIRST.match(line)
            target = _SINGULAR.get(match[1].decode()) if match else None
            if match and target:
                numbers, bodies = typed.setdefault(target, ([], []))
                numbers.append(number)
                bodies.append(b"{" + line[match.end() :])
            elif line.strip():
                _add_typed_line(builder, number, line.strip(), path.name)
        for target, (numbers, bodies) in typed.items():
            before = len(builder.problems)
            builder.add_json_lines(target, bodies, numbers=numbers)
            _say_why_not_json(
                builder.problems, before, path.name, zip(numbers, bodies, strict=True)
            )
    return builder.build()


_TYPE_FIRST = re.compile(rb'\s*\{\s*"type"\s*:\s*"(\w+)"\s*(?:,|(?=\}))')


def _say_why_not_json(
    problems: list[Problem], before: int, source: str, lines: Iterable[tuple[int, bytes]]
) -> None:
    """Name the file and line of a block's lines that are not JSON objects, and say why
    in the words of the line itself (``invoices.jsonl line 3: expected ',' at column 41``).

    Record problems name their line as ``<file> line <n>`` (a folder of files) or
    ``line <n>`` (one file); this finds them among the problems added since ``before``.
    """
    shapes = {"is not valid JSON", "must be a JSON object"}
    bad = {p.record_id: p.message for p in problems[before:] if p.message in shapes}
    if not bad:
        return
    kept = [p for p in problems[before:] if p.record_id not in bad]
    del problems[before:]
    problems.extend(kept)
    for number, line in lines:
        for named in (f"{source} line {number}", f"line {number}"):
            message = bad.get(named)
            if message is not None:
                why = _json_syntax(line.strip()) if message == "is not valid JSON" else message
                problems.append(Problem(source, f"line {number}", "", why))
                break


def _add_typed_line(
    builder: PortfolioBuilder, number: int, line: bytes, source: str = "line"
) -> None:
    """One line of a single JSON Lines file whose type is not its first field."""
    try:
        record = json.loads(line, parse_float=Decimal)
    except ValueError:
        builder.add_problem(Problem(source, f"line {number}", "", _json_syntax(line)))
        return
    if not isinstance(record, dict):
        builder.add_problem(Problem(source, f"line {number}", "", "must be a JSON object"))
        return
    kind = record.pop("type", None)
    section = _SINGULAR.get(kind, "") if isinstance(kind, str) else ""
    if not section:
        builder.add_problem(
            Problem(
                source,
                f"line {number}",
                "type",
                f"is {kind!r}; expected one of {', '.join(_SINGULAR)}",
            )
        )
        return
    builder.add(section, record, position=f"line {number}")


def dump_jsonl(portfolio: Portfolio | Iterable[CustomerBook], path: str | Path) -> None:
    """Write one JSON Lines file whose records carry ``"type"`` (see :func:`load_jsonl`).

    The lines are grouped by customer, in the portfolio's order: a customer, then its
    invoices, the payments on them, its promises and its events, each section in the
    portfolio's order. So the file streams back through
    :func:`~dunningkit.plan_stream` as it is, and :func:`load_jsonl` reads back an
    equal portfolio when its records were grouped by customer already. ``portfolio``
    may also be customer books (:class:`~dunningkit.CustomerBook`), written as they
    come: a book larger than memory.
    """
    with Path(path).open("w", encoding="utf-8") as out:
        if not isinstance(portfolio, Portfolio):
            for book in portfolio:
                for section, records in book.sections().items():
                    record_type = SECTIONS[section][0]
                    out.writelines(_tagged(record_type, record) for record in records)
            return
        grouped = _by_customer(portfolio)
        for customer in portfolio.customers:
            out.write(_tagged("customer", customer))
            for section in ("invoices", "payments", "promises", "events"):
                record_type = SECTIONS[section][0]
                mine = grouped[section].get(customer.id, [])
                out.writelines(_tagged(record_type, record) for record in mine)


def _by_customer(portfolio: Portfolio) -> dict[str, dict[str, list[Any]]]:
    """Each section's records per customer, in portfolio order."""
    grouped: dict[str, dict[str, list[Any]]] = {
        s: {} for s in ("invoices", "payments", "promises", "events")
    }
    owner = {invoice.id: invoice.customer_id for invoice in portfolio.invoices}
    for section, records in grouped.items():
        for record in getattr(portfolio, section):
            key = owner[record.invoice_id] if section == "payments" else record.customer_id
            records.setdefault(key, []).append(record)
    return grouped


def _tagged(record_type: str, record: Any) -> str:
    body = record.model_dump(mode="json", exclude_defaults=True)
    return json.dumps({"type": record_type, **body}, ensure_ascii=False) + "\n"


# -- CSV ------------------------------------------------------------------------

_HOLD = ("hold_reason", "hold_until", "hold_since")
_CONTACT = (
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_postal_address",
    "contact_locale",
)

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id",
        "name",
        "kind",
        "size",
        "country",
        "locale",
        "payment_terms",
        "grace_days",
        "segment",
        *_HOLD,
        "tags",
        "since",
        "preferred_channels",
        *_CONTACT,
        "siren",
        "siret",
        "vat_number",
        "company_register",
        "address",
    ),
    "contacts": ("customer_id", "name", "role", "email", "phone", "postal_address", "locale"),
    "invoices": (
        "id",
        "customer_id",
        "kind",
        "issue_date",
        "due_date",
        "currency",
        "amount",
        "status",
        "status_date",
        "accepted_amount",
        "order_reference",
        "payment_link",
        *_HOLD,
        "direct_debit",
        "collection_date",
        "payment_terms",
    ),
    "installments": ("invoice_id", "due_date", "amount"),
    "status_changes": ("invoice_id", "date", "status", "accepted_amount", "note", "reference"),
    "payments": ("id", "invoice_id", "date", "amount", "currency", "method", "reference"),
    "promises": ("id", "customer_id", "invoice_ids", "made_on", "pay_by", "amount", "currency"),
    "events": (
        "id",
        "customer_id",
        "invoice_ids",
        "date",
        "step_id",
        "channel",
        "outcome",
        "scenario_id",
        "action_key",
        "reference",
    ),
}
"""Columns of each CSV file; ``contacts``, ``installments`` and ``status_changes``
are optional files for the records that do not fit on one row. The invoices'
``payment_terms`` column is read only to compute an empty ``due_date``."""

_REQUIRED_FILES = ("customers", "invoices")
_LIST_COLUMNS = frozenset({"tags", "preferred_channels", "invoice_ids"})
_LIST_SEPARATOR = "|"
_MONEY_COLUMNS = frozenset({"amount", "accepted_amount"})
_DATE_COLUMNS = frozenset(
    {
        "since",
        "hold_until",
        "hold_since",
        "issue_date",
        "due_date",
        "status_date",
        "collection_date",
        "date",
        "made_on",
        "pay_by",
    }
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def _parse_money(text: str, decimal: str) -> str:
    """Read ``1 234,56`` (decimal comma) or ``1,234.56`` (decimal point) exactly.

    Group separators are only accepted in groups of three, so ``1,5`` in a file
    that uses a decimal point is an error, never fifteen.
    """
    compact = _SPACES.sub("", text)
    group = "." if decimal == "," else ","
    pattern = (
        rf"^[+-]?(\d+|\d{{1,3}}(\{group}\d{{3}})+)(\{decimal}\d+)?$"
        if group in compact
        else rf"^[+-]?\d+(\{decimal}\d+)?$"
    )
    if not re.match(pattern, compact):
        raise ValueError(f"cannot read {text!r} as an amount with decimal separator {decimal!r}")
    return compact.replace(group, "").replace(decimal, ".")


def _parse_date(text: str) -> str:
    stripped = text.strip()
    if _ISO_DATE.match(stripped):
        return stripped
    match = _DAY_FIRST.match(stripped)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return stripped  # left for the model to report with the field's name


def _nest(row: dict[str, Any], prefix: str, target: str) -> None:
    parts = {k.removeprefix(prefix): row.pop(k) for k in list(row) if k.startswith(prefix)}
    present = {k: v for k, v in parts.items() if v is not None}
    if present:
        row[target] = present


def _header_problems(path: Path, known: tuple[str, ...]) -> list[Problem]:
    """Columns of a CSV file's header that the loader does not know, with a suggestion."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            first = head.split(b"\n", 1)[0] if b"\n" in head else head + handle.readline()
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    _refuse_binary(path, head, "CSV text")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    header = next(csv.reader([text.rstrip("\r")], delimiter=delimiter), [])
    problems = []
    for raw in header:
        name = raw.strip()
        if name in known:
            continue
        hint = " (check its spelling)"
        close = [c for c in known if c.lower() == name.lower()] or difflib.get_close_matches(
            name, known, n=1, cutoff=0.6
        )
        if close:
            hint = f"; did you mean {close[0]}?"
        problems.append(Problem("file", path.name, name, f"is not a known column{hint}"))
    return problems


def _read_rows(
    path: Path, file: str, decimal: str | None, builder: PortfolioBuilder
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows of one CSV file as dicts of non-empty cells, numbers and dates normalised."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LoaderError("is not UTF-8 text (re-export it as UTF-8)", path=str(path)) from None
    except OSError as error:
        raise LoaderError(error.strerror or str(error), path=str(path)) from None
    header_line = raw.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    separator = decimal or ("," if delimiter == ";" else ".")
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    known = CSV_COLUMNS[file]
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = [name for name in header if name not in known]
    for name in unknown:
        builder.add_problem(
            Problem("file", path.name, name, "is not a known column (check its spelling)")
        )
    if unknown:
        return
    try:
        yield from _cells(reader, path, file, separator, builder)
    except csv.Error as error:
        raise LoaderError(f"line {reader.line_num}: {error}", path=str(path)) from None


def _cells(
    reader: csv.DictReader[str], path: Path, file: str, separator: str, builder: PortfolioBuilder
) -> Iterator[tuple[str, dict[str, Any]]]:
    for line, row in enumerate(reader, start=2):
        position = f"{path.name} line {line}"
        if None in row:
            builder.add_problem(Problem("file", path.name, "", f"line {line} has extra cells"))
            continue
        cells: dict[str, Any] = {}
        bad = False
        for column, value in row.items():
            if value is None or not value.strip():
                continue
            if column in _MONEY_COLUMNS:
                try:
                    cells[column] = _parse_money(value, separator)
                except ValueError as error:
                    builder.add_problem(
                        Problem(file.rstrip("s"), row.get("id") or position, column, str(error))
                    )
                    bad = True
            elif column in _DATE_COLUMNS:
                cells[column] = _parse_date(value)
            elif column in _LIST_COLUMNS:
                cells[column] = [part.strip() for part in value.split(_LIST_SEPARATOR)]
            else:
                cells[column] = value
        if not bad:
            yield position, cells
        elif file in builder.rejected and row.get("id"):
            builder.rejected[file].append(str(row["id"]))


def load_csv(
    folder: str | Path,
    *,
    decimal: str | None = None,
    eom_reading: TermsKind | str = TermsKind.DAYS_END_OF_MONTH,
) -> Portfolio:
    """Load a folder of CSV files as spreadsheets and ERPs export them.

    Files: ``customers.csv`` and ``invoices.csv`` (required), ``payments.csv``,
    ``promises.csv``, ``events.csv``, and the optional ``contacts.csv``,
    ``installments.csv``, ``status_changes.csv``. UTF-8 with or without BOM;
    ``,`` or ``;`` separators (detected from the header); a ``;`` file reads
    decimal commas (``1 234,56``) unless ``decimal`` says otherwise. Dates are
    ``YYYY-MM-DD`` or day first (``31/01/2026``, ``31.01.2026``). Lists (tags,
    channels, invoice ids) are separated by ``|``. Columns are listed in
    :data:`CSV_COLUMNS` and documented in the "Loading data" page.

    Payment terms (the customers' ``payment_terms`` column, and the invoices' when
    an invoice has no ``due_date``) are read in the words ERPs use, in French,
    English or German (see :meth:`PaymentTerms.parse`); ``eom_reading`` says how
    "45 jours fin de mois" is computed (a policy's ``eom_reading``). An invoice
    without a due date falls due by its own terms, else by its customer's.
    """
    return _load_csv(Path(folder), decimal, TermsKind(str(eom_reading)))


def _terms_cell(
    text: str, eom_reading: TermsKind, record: str, record_id: str, builder: PortfolioBuilder
) -> PaymentTerms | None:
    try:
        return PaymentTerms.parse(text, eom_reading=eom_reading)
    except TermsError as error:
        builder.add_problem(Problem(record, record_id, "payment_terms", str(error)))
        return None


def _load_csv(folder: Path, decimal: str | None, eom_reading: TermsKind) -> Portfolio:
    if not folder.is_dir():
        raise LoaderError("is not a folder of CSV files", path=str(folder))
    builder = PortfolioBuilder()
    files = {name: folder / f"{name}.csv" for name in CSV_COLUMNS}
    for name in _REQUIRED_FILES:
        if not files[name].exists():
            raise LoaderError(f"{name}.csv is missing", path=str(folder))
    # A misspelled column would drop its whole file and bury the cause under one
    # "not in the portfolio" error per record that refers to it: stop at the header.
    header_problems = [
        problem
        for name, file in files.items()
        if file.exists()
        for problem in _header_problems(file, CSV_COLUMNS[name])
    ]
    if header_problems:
        raise InvalidPortfolioError(header_problems)

    def rows(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if files[name].exists():
            yield from _read_rows(files[name], name, decimal, builder)

    extra_contacts: dict[str, list[dict[str, Any]]] = {}
    for _, row in rows("contacts"):
        extra_contacts.setdefault(row.pop("customer_id", ""), []).append(row)
    installments: dict[str, list[dict[str, Any]]] = {}
    for _, row in rows("installments"):
        installments.setdefault(row.pop("invoice_id", ""), []).append(row)
    changes: dict[str, list[dict[str, Any]]] = {}
    for _, row in rows("status_changes"):
        changes.setdefault(row.pop("invoice_id", ""), []).append(row)

    customer_terms: dict[str, PaymentTerms] = {}
    for position, row in rows("customers"):
        _nest(row, "hold_", "hold")
        if "payment_terms" in row:
            try:
                terms = PaymentTerms.parse(row["payment_terms"], eom_reading=eom_reading)
            except TermsError:
                pass  # left as text: the model reports it with the record and the field
            else:
                row["payment_terms"] = {"kind": terms.kind, "days": terms.days}
                customer_terms[row.get("id", "")] = terms
        contact = {k.removeprefix("contact_"): row.pop(k) for k in list(row) if k in _CONTACT}
        contacts = ([contact] if contact else []) + extra_contacts.pop(row.get("id", ""), [])
        if contacts:
            row["contacts"] = contacts
        builder.add("customers", row, position=position)
    for position, row in rows("invoices"):
        _nest(row, "hold_", "hold")
        text = row.pop("payment_terms", None)
        if "due_date" not in row and _ISO_DATE.match(row.get("issue_date", "")):
            found = (
                _terms_cell(text, eom_reading, "invoice", row.get("id", position), builder)
                if text
                else customer_terms.get(row.get("customer_id", ""))
            )
            if found is not None:
                row["due_date"] = found.due_date(date.fromisoformat(row["issue_date"])).isoformat()
        if row.get("id") in installments:
            row["installments"] = installments.pop(row["id"])
        if row.get("id") in changes:
            row["status_history"] = changes.pop(row["id"])
        builder.add("invoices", row, position=position)
    for section in ("payments", "promises", "events"):
        for position, row in rows(section):
            builder.add(section, row, position=position)
    orphans: list[tuple[str, str, Iterable[str]]] = [
        ("contacts.csv", "customer_id", extra_contacts),
        ("installments.csv", "invoice_id", installments),
        ("status_changes.csv", "invoice_id", changes),
    ]
    for file, column, keys in orphans:
        for key in keys:
            builder.add_problem(
                Problem("file", file, column, f"{key!r} matches no row of the main file")
            )
    return builder.build()


def _csv_cell(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal)
    if isinstance(value, (list, tuple)):
        return _LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def dump_csv(
    portfolio: Portfolio, folder: str | Path, *, delimiter: str = ",", decimal: str = "."
) -> None:
    """Write the portfolio as the CSV folder :func:`load_csv` reads back, losslessly."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in CSV_COLUMNS}
    for customer in portfolio.customers:
        row = customer.model_dump(exclude={"contacts", "hold"})
        row["payment_terms"] = str(customer.payment_terms) if customer.payment_terms else None
        if customer.hold is not None:
            row.update({f"hold_{k}": v for k, v in customer.hold.model_dump().items()})
        if customer.contacts:
            first, *rest = customer.contacts
            row.update({f"contact_{k}": v for k, v in first.model_dump().items()})
            for contact in rest:
                tables["contacts"].append({"customer_id": customer.id, **contact.model_dump()})
        tables["customers"].append(row)
    for invoice in portfolio.invoices:
        row = invoice.model_dump(exclude={"hold", "installments", "status_history"})
        if invoice.hold is not None:
            row.update({f"hold_{k}": v for k, v in invoice.hold.model_dump().items()})
        for installment in invoice.installments:
            tables["installments"].append({"invoice_id": invoice.id, **installment.model_dump()})
        for change in invoice.status_history:
            tables["status_changes"].append({"invoice_id": invoice.id, **change.model_dump()})
        tables["invoices"].append(row)
    for section in ("payments", "promises", "events"):
        tables[section] = [record.model_dump() for record in getattr(portfolio, section)]
    for name, rows in tables.items():
        if not rows and name not in _REQUIRED_FILES:
            continue
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerow(CSV_COLUMNS[name])
            for row in rows:
                writer.writerow([_csv_cell(row.get(col), decimal) for col in CSV_COLUMNS[name]])


# -- any of them ----------------------------------------------------------------

_BY_SUFFIX: dict[str, Callable[[Path], Portfolio]] = {
    ".json": load_json,
    ".jsonl": load_jsonl,
    ".ndjson": load_jsonl,
}


def load_portfolio(
    path: str | Path,
    *,
    allow_empty: bool = True,
    eom_reading: TermsKind | str = TermsKind.DAYS_END_OF_MONTH,
) -> Portfolio:
    """Load a portfolio from a JSON file, a JSON Lines file or folder, or a CSV folder.

    Args:
        path: the file or folder.
        allow_empty: when False, a book without a single invoice raises
            :class:`~dunningkit.errors.LoaderError`: a failed ERP export (a zero-byte
            file, CSV files with a header and no rows) must not make a nightly job
            plan nothing in silence.
        eom_reading: passed to :func:`load_csv` for a CSV folder.
    """
    portfolio = _load_any(Path(path), eom_reading)
    if not allow_empty and not portfolio.invoices:
        raise LoaderError(
            f"holds no invoices ({len(portfolio.customers)} customers): an empty export "
            "usually means the export failed",
            path=str(path),
        )
    return portfolio


def _load_any(path: Path, eom_reading: TermsKind | str) -> Portfolio:
    if path.is_dir():
        if (path / "customers.csv").exists():
            return load_csv(path, eom_reading=eom_reading)
        if any((path / f"{section}.jsonl").exists() for section in SECTIONS):
            return load_jsonl(path)
        raise LoaderError("holds neither customers.csv nor <section>.jsonl files", path=str(path))
    if not path.exists():
        raise LoaderError("no such file or folder", path=str(path))
    loader = _BY_SUFFIX.get(path.suffix.lower())
    if loader is None:
        raise LoaderError("unknown format; use .json, .jsonl or a CSV folder", path=str(path))
    return loader(path)


def iter_records(portfolio: Portfolio) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every record as ``(section, plain dict)``, in portfolio order."""
    for section in SECTIONS:
        for record in getattr(portfolio, section):
            yield section, record.model_dump(mode="json")
