"""JSON Lines: a folder of one file per section, or one file of typed lines.

Read in blocks, each validated in one call to pydantic-core; every problem is
reported with its record, or its file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunningkit.book._customer_book import CustomerBook
from dunningkit.book._portfolio import Portfolio, PortfolioBuilder
from dunningkit.book._sections import SECTIONS
from dunningkit.errors import Problem
from dunningkit.io._files import (
    MAX_LINE_BYTES,
    SNIFF_BYTES,
    DuplicateKeyError,
    cannot_open,
    check_block,
    duplicate_key,
    duplicate_problem,
    keys_read,
    keys_written,
    no_duplicate_keys,
    refuse_binary,
    too_long,
    written_whole,
)
from dunningkit.io._json import json_syntax

__all__ = ["dump_jsonl", "load_jsonl"]

_SINGULAR = {record_type: section for section, (record_type, _) in SECTIONS.items()}
_RECORD_TYPE = {section: record_type for record_type, section in _SINGULAR.items()}

_BLOCK_BYTES = 1 << 18
"""JSON Lines are read and validated in blocks of about this many bytes (256 KiB,
about 1,300 invoices): enough that the call to pydantic-core costs nothing per
record, few enough that its working memory stays small. With 4 MiB blocks a loaded
book kept 0.25 KiB more per invoice (memory the parser used and freed, but the
allocator did not give back), for no gain in speed."""


def _blocks(path: Path) -> Iterator[tuple[int, list[bytes]]]:
    """The file's lines in blocks: ``(number of the block's first line, lines)``.

    Lines keep a trailing carriage return (white space to JSON) and may be blank. A
    NUL byte, or a line longer than :data:`~dunningkit.io._files.MAX_LINE_BYTES`, is
    refused (:class:`~dunningkit.errors.LoaderError`), as the streamed reader does.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise cannot_open(path, error) from None
    with handle:
        refuse_binary(path, handle.read(SNIFF_BYTES), "JSON Lines text")
        handle.seek(0)
        first, rest = 1, b""
        block = handle.read(_BLOCK_BYTES).removeprefix(b"\xef\xbb\xbf")
        while block:
            check_block(path, block)
            text = rest + block
            cut = text.rfind(b"\n")
            if cut < 0:  # no line ends in this block yet: read on
                rest = text
            else:
                rest = text[cut + 1 :]
                lines = text[:cut].split(b"\n")
                yield first, lines
                first += len(lines)
            if len(rest) > MAX_LINE_BYTES:
                raise too_long(path, first)
            block = handle.read(_BLOCK_BYTES)
        if rest:  # the last line has no line end
            yield first, [rest]


def _add_block(
    builder: PortfolioBuilder,
    section: str,
    numbers: Sequence[int],
    lines: list[bytes],
    name: str,
    *,
    source: str = "",
) -> None:
    """Validate a block of one section's lines, refusing a record that gives a key twice.

    The block is validated in one call to pydantic-core (which would let the last value
    win in silence); a byte count of the keys written then proves no line gave a key
    twice. When the count does not add up (a key given twice, or a text value holding
    ``":``), the block is read again: each line checked on its own, and a line giving a
    key twice is a problem naming its record and the key, never read.
    """
    start, before = builder.mark(section), len(builder.problems)
    rejected = len(builder.rejected[section])
    read = builder.add_json_lines(section, lines, numbers=numbers, source=source)
    if keys_written(lines) == keys_read(read, SECTIONS[section][1]):
        _say_why_not_json(builder.problems, before, name, zip(numbers, lines, strict=True))
        return
    builder.rollback(section, start)
    del builder.problems[before:], builder.rejected[section][rejected:]
    kept_numbers, kept = [], []
    for number, line in zip(numbers, lines, strict=True):
        key = duplicate_key(line)
        if key is None:
            kept_numbers.append(number)
            kept.append(line)
            continue
        where = f"{source} line {number}" if source else f"line {number}"
        problem = duplicate_problem(_RECORD_TYPE[section], line, where, key)
        builder.add_problem(problem)
        if problem.record_id != where:  # its id is known: no echo of "not found"
            builder.rejected[section].append(problem.record_id)
    before = len(builder.problems)
    builder.add_json_lines(section, kept, numbers=kept_numbers, source=source)
    _say_why_not_json(builder.problems, before, name, zip(kept_numbers, kept, strict=True))


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
        _read_folder(path, builder)
    else:
        _read_typed_file(path, builder)
    return builder.build()


def _read_folder(path: Path, builder: PortfolioBuilder) -> None:
    """A folder of ``<section>.jsonl`` files, one record per line."""
    for section in SECTIONS:
        file = path / f"{section}.jsonl"
        if not file.exists():
            continue
        for first, lines in _blocks(file):
            _add_block(
                builder,
                section,
                range(first, first + len(lines)),
                lines,
                file.name,
                source=file.name,
            )


def _read_typed_file(path: Path, builder: PortfolioBuilder) -> None:
    """One file whose lines each carry their ``"type"``."""
    for first, lines in _blocks(path):
        typed: dict[str, tuple[list[int], list[bytes]]] = {}
        for number, line in enumerate(lines, start=first):
            # The usual line, as dump_jsonl writes it, names its type first: cut
            # it off, so that pydantic-core reads the record with the others of
            # its section. Any other line is read on its own.
            head = line[: line.find(b",") + 2]
            target = _WRITTEN.get(head)
            if target is not None:
                numbers, bodies = typed.setdefault(target, ([], []))
                numbers.append(number)
                bodies.append(b"{" + line[len(head) :])
                continue
            match = _TYPE_FIRST.match(line)
            target = _SINGULAR.get(match[1].decode()) if match else None
            if match and target:
                numbers, bodies = typed.setdefault(target, ([], []))
                numbers.append(number)
                bodies.append(b"{" + line[match.end() :])
            elif line.strip():
                _add_typed_line(builder, number, line.strip(), path.name)
        for target, (numbers, bodies) in typed.items():
            _add_block(builder, target, numbers, bodies, path.name)


_TYPE_FIRST = re.compile(rb'\s*\{\s*"type"\s*:\s*"(\w+)"\s*(?:,|(?=\}))')
_WRITTEN = {f'{{"type": "{kind}", '.encode(): section for kind, section in _SINGULAR.items()}
"""The start of a line exactly as :func:`dump_jsonl` writes it, by section: found
without the regular expression (a million lines a night)."""


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
                why = json_syntax(line.strip()) if message == "is not valid JSON" else message
                problems.append(Problem(source, f"line {number}", "", why))
                break


def _add_typed_line(
    builder: PortfolioBuilder, number: int, line: bytes, source: str = "line"
) -> None:
    """One line of a single JSON Lines file whose type is not its first field."""
    try:
        record = json.loads(line, parse_float=Decimal, object_pairs_hook=no_duplicate_keys)
    except DuplicateKeyError as error:
        builder.add_problem(duplicate_problem("record", line, f"line {number}", error.key))
        return
    except (ValueError, RecursionError):
        builder.add_problem(Problem(source, f"line {number}", "", json_syntax(line)))
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
    with written_whole(path) as out:
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
