"""Every CSV file dunningkit writes goes through :func:`csv_writer`: cells a spreadsheet
would evaluate are neutralised, in this one place.

The rule is OWASP's for CSV injection: a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading apostrophe, so that
Excel, LibreOffice and Google Sheets show it as text instead of running it as a
formula (``=HYPERLINK(...)`` as a customer name). Plain numbers (``-12.50``) are
left as they are: a spreadsheet reads them as numbers, and so do the loaders. A cell
that begins with an apostrophe already gets a second one, so :func:`unquote_cell`
(which the CSV loader applies) gives back exactly what was written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["FORMULA_STARTS", "csv_writer", "spreadsheet_safe", "unquote_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a cell begins with when a spreadsheet would evaluate it (OWASP)."""

_NUMBER = re.compile(r"^[+-]?\d[\d ]*(?:[.,]\d+)?$")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates (see the module)."""
    if text.startswith("'") or (text.startswith(FORMULA_STARTS) and not _NUMBER.match(text)):
        return "'" + text
    return text


def unquote_cell(text: str) -> str:
    """A cell as it was before :func:`spreadsheet_safe` (for the CSV loader)."""
    if len(text) > 1 and text[0] == "'" and text[1] in "'=+-@\t\r":
        return text[1:]
    return text


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`spreadsheet_safe`."""

    __slots__ = ("_writer",)

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row, each cell made safe."""
        self._writer.writerow([_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write rows, each cell made safe."""
        for row in rows:
            self.writerow(row)


def _safe(cell: Any) -> Any:
    return spreadsheet_safe(cell) if isinstance(cell, str) else cell


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    """``csv.writer(out, **options)``, with every cell neutralised (see the module)."""
    return SafeWriter(csv.writer(out, **options))
