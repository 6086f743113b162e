"""What every reader says about a file it cannot read: missing, binary, not UTF-8, a
line or a field past the limits, a JSON object with a key given twice.

The limits are named here, once, for every reader (JSON, JSON Lines, CSV, read whole
or streamed), so that a file gets the same verdict on every path: an export with no
line ends (a CSV linked to ``/dev/zero``, a file with CR-only line ends) is refused
after :data:`MAX_LINE_BYTES`, not read into memory until the machine runs out.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, TextIO, get_args

from pydantic import BaseModel

from dunningkit.errors import LoaderError, Problem
from dunningkit.model._terms import PaymentTerms

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_LINE_BYTES",
    "SNIFF_BYTES",
    "DuplicateKeyError",
    "bounded_lines",
    "bounded_text",
    "cannot_open",
    "check_block",
    "csv_reader_error",
    "duplicate_key",
    "duplicate_problem",
    "keys_read",
    "keys_written",
    "no_duplicate_keys",
    "refuse_binary",
    "too_deep",
    "too_long",
    "written_whole",
]

SNIFF_BYTES = 8192
"""How much of a file is read to tell text from binary."""

MAX_LINE_BYTES = 1 << 20
"""The longest line a reader accepts: 1 MiB. A record is a few hundred bytes; a line
longer than this is a file without line ends (or with CR-only ones), refused."""

MAX_FIELD_CHARS = 131_072
"""The longest CSV cell a reader accepts (128 Ki characters, Python's own CSV limit)."""


def refuse_binary(path: Path, head: bytes, expected: str) -> None:
    """One line for a file that is not text at all, instead of one problem per line."""
    if b"\x00" in head:
        raise LoaderError(f"is a binary file, not {expected} (check the export)", path=str(path))


def _nul(path: Path, line: int | None = None) -> LoaderError:
    where = f"line {line} " if line is not None else ""
    return LoaderError(
        f"{where}holds a NUL byte: not text (a damaged or binary export)", path=str(path)
    )


def too_long(path: Path, line: int | None = None) -> LoaderError:
    """The error for a line longer than :data:`MAX_LINE_BYTES`."""
    where = f"line {line} is" if line is not None else "has a line"
    return LoaderError(
        f"{where} longer than {MAX_LINE_BYTES:,} bytes: a file without line ends, or with "
        "carriage returns only, is not read (re-export it with one record a line)",
        path=str(path),
    )


def check_block(path: Path, block: bytes) -> None:
    """A block of a file holds no NUL byte (one C-speed scan)."""
    if b"\x00" in block:
        raise _nul(path)


def bounded_lines(handle: BinaryIO, path: Path) -> Iterator[tuple[int, bytes]]:
    """``(number, line)`` of a binary file, each line at most :data:`MAX_LINE_BYTES`
    (memory stays bounded on a file without line ends); no NUL byte anywhere."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise too_long(path, number)
        if b"\x00" in raw:
            raise _nul(path, number)
        yield number, raw


def too_deep() -> str:
    """Why a JSON text nested past what a parser follows is refused."""
    return "nests objects or lists too deeply to be a record (a damaged or hostile file)"


def bounded_text(handle: TextIO, path: Path) -> Iterator[str]:
    """The lines of a text file for :mod:`csv`, each at most :data:`MAX_LINE_BYTES`
    characters and without NUL (memory stays bounded on a file without line ends)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise too_long(path, number)
        if "\x00" in line:
            raise _nul(path, number)
        yield line


def csv_reader_error(path: Path, line: int, error: Exception) -> LoaderError:
    """A CSV file the reader gives up on: a cell past :data:`MAX_FIELD_CHARS`, a quote
    left open."""
    text = str(error)
    if "field larger than field limit" in text:
        text = f"a cell is longer than {MAX_FIELD_CHARS:,} characters (a quote left open?)"
    return LoaderError(f"line {line}: {text}", path=str(path))


def cannot_open(path: Path, error: OSError) -> LoaderError:
    """The error for a file the system refuses to open, to raise ``from None``."""
    return LoaderError(error.strerror or str(error), path=str(path))


# -- duplicate keys ---------------------------------------------------------------------

_KEY = re.compile(rb'"((?:[^"\\]|\\.)*)"\s*:')


class DuplicateKeyError(ValueError):
    """A JSON object gives a key twice (raised inside :func:`no_duplicate_keys`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An ``object_pairs_hook`` for :func:`json.loads` that refuses a key given twice."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def keys_written(lines: list[bytes]) -> int:
    """At least the number of keys these JSON lines write: with JSON's white space
    taken out, every key ends with ``":`` (a text value holding ``":`` only counts
    more). Three C-speed passes over the block, no list of matches."""
    return b"\n".join(lines).translate(None, b" \t\r\n").count(b'":')


@lru_cache(maxsize=64)
def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that may hold records of their own."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(
            isinstance(t, type) and issubclass(t, BaseModel) and t is not PaymentTerms
            for t in _types(info.annotation)
        )
    )


def _types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in get_args(annotation):
        yield from _types(arg)


def keys_read(records: Iterable[Any], model: type[BaseModel] | None = None) -> int:
    """The keys validated records were read from (their fields given, nested records'
    too): never more than the distinct keys of their JSON text, so that
    ``keys_written(lines) == keys_read(records)`` proves no key was given twice.
    Payment terms written as text (``"net 30"``) read as two fields: not counted.
    A block's records are of one model: its fields are counted in C-speed passes."""
    records = list(records)
    if not records:
        return 0
    if isinstance(records[0], dict):  # typed records (the book's invoices): their keys
        if model is None:
            return 0
        count = sum(map(len, records))
        field: Callable[[str], Callable[[Any], Any]] = _item_of
    elif isinstance(records[0], BaseModel):
        count = sum(map(len, map(_FIELDS_SET, records)))
        model = type(records[0])
        field = attrgetter
    else:
        return 0
    for name in _nested(model):
        for value in filter(None, map(field(name), records)):
            count += keys_read(value if isinstance(value, tuple | list) else [value])
    return count


_FIELDS_SET = attrgetter("__pydantic_fields_set__")


def _item_of(name: str) -> Callable[[Any], Any]:
    return lambda record: record.get(name)


def duplicate_key(line: bytes) -> str | None:
    """The key a JSON object on this line gives twice, or None.

    The last value would win in silence (``"amount"`` given twice, 3,335.00 then 1.00,
    would load as 1.00). A cheap byte-level test first: only a line naming some key
    twice (anywhere, nested objects included) is parsed again to be sure.
    """
    keys = _KEY.findall(line)
    if len(keys) == len(set(keys)):
        return None
    try:
        json.loads(line, object_pairs_hook=no_duplicate_keys)
    except DuplicateKeyError as error:
        return error.key
    except (ValueError, RecursionError):
        return None  # not JSON: reported as such by the reader
    return None


_ID = re.compile(rb'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')


def duplicate_problem(record_type: str, line: bytes, where: str, key: str) -> Problem:
    """The problem of a record giving ``key`` twice: named by its id (or ``where``)."""
    found = _ID.search(line)
    record_id = found[1].decode("utf-8", "replace") if found else where
    return Problem(
        record_type,
        record_id,
        key,
        f"is given twice in one record ({where}): which value is meant? The record is not read",
    )


@contextmanager
def written_whole(path: str | Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """A text file opened under a temporary name beside ``path``, renamed to ``path``
    only once the block completes: a failed write (a full disk, an interruption)
    leaves the previous file as it was, and no temporary behind."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        with partial.open("w", encoding="utf-8", newline=newline) as out:
            yield out
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
