"""Read the CSV files central banks publish into rate tables.

Three publishers, the formats as downloaded (see the "Late-payment charges" page):

* **ECB Data Portal** (data.ecb.europa.eu), series ``FM.B.U2.EUR.4F.KR.MRR_FR.LEV``
  (main refinancing operations, fixed rate): either the portal's download, columns
  ``DATE``, ``TIME PERIOD`` and one column titled with the series (its key in
  brackets), or SDMX-CSV from the API, columns ``KEY`` (or ``SERIES_KEY``),
  ``TIME_PERIOD`` and ``OBS_VALUE``.
* **Deutsche Bundesbank** time-series database, series ``BBK01.SU0115``
  (Basiszinssatz gemäß § 247 BGB): a few header lines (title, Einheit, Stand
  vom, Quelle...), then one line per period, ``YYYY-MM`` (or a date) and the value,
  separated by ``;`` with decimal commas or by ``,`` with decimal points; ``.`` marks
  a missing value.
* **Bank of England**: the Bank Rate history (``Date Changed``, ``Rate``, dates like
  ``18 Dec 25``, newest first) or the interactive database's series ``IUDBEDR``
  (``DATE``, ``IUDBEDR``, dates like ``18 Dec 2025``).

Observations are reduced to the dates on which the rate changed. ``as_of`` is the
last date the file covers (its last observation) unless the caller gives the
download date: a list of changes only says the rate held until its last change.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dunningkit.errors import RateImportError
from dunningkit.legal._rates import RateEntry, RateTable

__all__ = [
    "RATE_SOURCES",
    "dump_rate_table",
    "import_rate_table",
    "read_rate_csv",
]


RATE_SOURCES: dict[str, tuple[str, str, str]] = {
    # format -> (table id used by the jurisdictions, table name, source)
    "ecb": (
        "ecb_main_refinancing",
        "ECB main refinancing operations rate",
        "European Central Bank Data Portal, series FM.B.U2.EUR.4F.KR.MRR_FR.LEV",
    ),
    "bundesbank": (
        "bundesbank_base_rate",
        "Basiszinssatz nach § 247 BGB",
        "Deutsche Bundesbank, time series BBK01.SU0115 (Basiszinssatz gemäß § 247 BGB)",
    ),
    "boe": (
        "boe_bank_rate",
        "Bank of England Bank Rate",
        "Bank of England, Official Bank Rate (Bank Rate history / IADB series IUDBEDR)",
    ),
}
"""The formats read, with the table each one fills."""

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %b %y", "%d/%m/%Y", "%d.%m.%Y")


def _day(text: str, where: str) -> date:
    cell = text.strip().strip('"')
    month = _MONTH.match(cell)
    if month:
        return date(int(month.group(1)), int(month.group(2)), 1)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cell, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RateImportError(f"{where}: {text!r} is not a date")


def _rate(text: str, where: str, *, decimal_comma: bool = False) -> Decimal | None:
    cell = text.strip().strip('"').replace("\u00a0", "")
    if cell in {"", ".", "-", "NaN"} or cell.lower().startswith("kein"):
        return None
    if decimal_comma:
        cell = cell.replace(".", "").replace(",", ".")
    try:
        return Decimal(cell)
    except InvalidOperation:
        raise RateImportError(f"{where}: {text!r} is not a rate") from None


def _rows(text: str) -> list[list[str]]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


def _changes(observations: Iterable[tuple[date, Decimal]]) -> list[RateEntry]:
    entries: list[RateEntry] = []
    for day, rate in sorted(observations):
        if entries and entries[-1].from_ == day:
            raise RateImportError(f"two values for {day}")
        if not entries or entries[-1].rate != rate:
            entries.append(RateEntry.model_validate({"from": day, "rate": rate}))
    return entries


def _ecb(rows: list[list[str]], name: str) -> list[tuple[date, Decimal]]:
    header = [cell.strip().upper() for cell in rows[0]]
    if "TIME_PERIOD" in header and "OBS_VALUE" in header:
        when, value = header.index("TIME_PERIOD"), header.index("OBS_VALUE")
        key = next((header.index(k) for k in ("KEY", "SERIES_KEY") if k in header), None)
        found = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if key is not None and "MRR_FR" not in row[key]:
                raise RateImportError(
                    f"{name} line {number}: series {row[key]!r} is not the main refinancing "
                    "rate (MRR_FR)"
                )
            rate = _rate(row[value], f"{name} line {number}")
            if rate is not None:
                found.append((_day(row[when], f"{name} line {number}"), rate))
        return found
    if len(header) < 3 or header[0] != "DATE":
        raise RateImportError(
            f"{name}: not an ECB Data Portal CSV (expected the columns DATE, TIME PERIOD and "
            "the series, or SDMX-CSV with TIME_PERIOD and OBS_VALUE)"
        )
    title = rows[0][2]
    if "MRR_FR" not in title and "main refinancing" not in title.lower():
        raise RateImportError(
            f"{name}: the series {title!r} is not the main refinancing operations rate"
        )
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3 or not row[0].strip():
            continue
        rate = _rate(row[2], f"{name} line {number}")
        if rate is not None:
            found.append((_day(row[0], f"{name} line {number}"), rate))
    return found


def _stand_vom(rows: list[list[str]]) -> date | None:
    """The Bundesbank's "Stand vom" (data as of) header line, if the file has one."""
    for row in rows[:12]:
        if len(row) > 1 and row[0].strip().lower() in {"stand vom", "last update"}:
            match = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})", row[1].strip())
            if match:
                return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def _bundesbank(
    rows: list[list[str]], name: str, *, decimal_comma: bool
) -> list[tuple[date, Decimal]]:
    found = []
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not re.match(r"^\d{4}-\d{2}", row[0].strip()):
            continue  # the header lines: series, title, Einheit, Stand vom, Quelle...
        rate = _rate(row[1], f"{name} line {number}", decimal_comma=decimal_comma)
        if rate is not None:
            found.append((_day(row[0], f"{name} line {number}"), rate))
    return found


def _boe(rows: list[list[str]], name: str) -> list[tuple[date, Decimal]]:
    header = [cell.strip().upper() for cell in rows[0]]
    if header[:2] not in (["DATE CHANGED", "RATE"], ["DATE", "IUDBEDR"]):
        raise RateImportError(
            f"{name}: not a Bank of England CSV (expected the columns 'Date Changed, Rate' "
            "or 'DATE, IUDBEDR')"
        )
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not row[0].strip():
            continue
        rate = _rate(row[1], f"{name} line {number}")
        if rate is not None:
            found.append((_day(row[0], f"{name} line {number}"), rate))
    return found


def _detect(rows: list[list[str]], text: str) -> str:
    header = " ".join(rows[0]).upper() if rows else ""
    if "IUDBEDR" in header or "DATE CHANGED" in header:
        return "boe"
    if "MRR_FR" in text[:2000] or "TIME_PERIOD" in header or header.startswith("DATE"):
        return "ecb"
    if "BBK01" in text[:2000] or "Basiszins" in text[:2000]:
        return "bundesbank"
    raise RateImportError(
        "cannot tell which publisher's CSV this is; name it: ecb, bundesbank or boe"
    )


def read_rate_csv(
    text: str, *, fmt: str | None = None, as_of: date | None = None, name: str = "file"
) -> tuple[str, RateTable]:
    """Read a central bank's CSV: ``(table id, table)``.

    Args:
        text: the file's content.
        fmt: ``ecb``, ``bundesbank`` or ``boe``; ``None`` detects it from the header.
        as_of: the last date the table is complete (the download date); default:
            the last observation in the file.
        name: the file's name, for messages.

    Raises:
        RateImportError: the file is not in the publisher's format, has no rate, or
            a cell cannot be read (the message names the line).
    """
    rows = [row for row in _rows(text) if row]
    if not rows:
        raise RateImportError(f"{name}: the file is empty")
    kind = fmt or _detect(rows, text)
    if kind not in RATE_SOURCES:
        raise RateImportError(f"{name}: unknown format {kind!r}; use ecb, bundesbank or boe")
    if kind == "ecb":
        observations = _ecb(rows, name)
    elif kind == "boe":
        observations = _boe(rows, name)
    else:
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        semicolons = first.count(";") > first.count(",")
        observations = _bundesbank(rows, name, decimal_comma=semicolons)
    if not observations:
        raise RateImportError(f"{name}: no rate found in the file")
    table_id, title, source = RATE_SOURCES[kind]
    last = max(day for day, _ in observations)
    if kind == "bundesbank":
        last = max(last, _stand_vom(rows) or last)
    table = RateTable(
        name=title,
        source=source,
        as_of=as_of or last,
        note=f"Imported from {name}; each entry is the rate in force from that date.",
        rates=tuple(_changes(observations)),
    )
    return table_id, table


def import_rate_table(
    path: str | Path, *, fmt: str | None = None, as_of: date | None = None
) -> tuple[str, RateTable]:
    """Read a central bank's CSV file: ``(table id, table)``; see :func:`read_rate_csv`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_text(encoding="cp1252")  # the Bundesbank's German download
        except OSError as error:
            raise RateImportError(f"{path}: {error.strerror or error}") from None
    except OSError as error:
        raise RateImportError(f"{path}: {error.strerror or error}") from None
    return read_rate_csv(text, fmt=fmt, as_of=as_of, name=str(path))


def dump_rate_table(table: RateTable) -> str:
    """The table as JSON in the shipped format, one rate per line."""
    head = table.model_dump(mode="json", exclude={"rates"})
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    rates = ",\n".join(
        f'    {{"from": "{entry.from_.isoformat()}", "rate": "{entry.rate}"}}'
        for entry in table.rates
    )
    return "{\n" + "\n".join(lines) + '\n  "rates": [\n' + rates + "\n  ]\n}\n"
