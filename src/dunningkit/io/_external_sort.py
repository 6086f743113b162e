"""An external sort of a JSON Lines book by customer, for files not grouped by customer.

Lines are read in chunks, each chunk sorted by (customer, section, position) and
written to a temporary file; the chunks are then merged into one grouped file.
Memory: one chunk, plus the invoice -> customer map that places payments (a payment
names only its invoice), about 150 bytes per invoice. Disk: one copy of the book.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dunningkit.errors import LoaderError

__all__ = ["sorted_copy"]

CHUNK_LINES = 500_000
_RANK = {"customer": 0, "invoice": 1, "payment": 2, "promise": 3, "event": 4}


def _keyed(path: Path) -> Iterator[tuple[str, int, int, bytes]]:
    """(customer, section rank, line number, line) for every line of ``path``."""
    owner: dict[str, str] = {}
    pending: list[tuple[int, bytes, str]] = []  # payments met before their invoice
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                yield "", -1, number, line  # reported by the grouped reader
                continue
            kind = record.get("type")
            if kind == "payment":
                pending.append((number, line, str(record.get("invoice_id"))))
                continue
            key = record.get("id") if kind == "customer" else record.get("customer_id")
            if kind == "invoice" and isinstance(record.get("id"), str):
                owner[record["id"]] = str(key)
            yield str(key), _RANK.get(str(kind), 5), number, line
    for number, line, invoice_id in pending:
        yield owner.get(invoice_id, ""), 2, number, line


@contextmanager
def sorted_copy(path: Path) -> Iterator[Path]:
    """A temporary copy of ``path`` grouped (sorted) by customer, each line prefixed
    with its original number and a tab; removed on exit."""
    if not path.exists():
        raise LoaderError("no such file", path=str(path))
    with tempfile.TemporaryDirectory(prefix="dunningkit-sort-") as folder:
        chunks: list[Path] = []
        chunk: list[tuple[str, int, int, bytes]] = []

        def spill() -> None:
            chunk.sort()
            file = Path(folder) / f"chunk-{len(chunks)}.jsonl"
            with file.open("wb") as out:
                for key, rank, number, line in chunk:
                    out.write(json.dumps([key, rank, number]).encode() + b"\t" + line + b"\n")
            chunks.append(file)
            chunk.clear()

        for item in _keyed(path):
            chunk.append(item)
            if len(chunk) >= CHUNK_LINES:
                spill()
        if chunk or not chunks:
            spill()

        def read(file: Path) -> Iterator[tuple[tuple[str, int, int], bytes]]:
            with file.open("rb") as handle:
                for raw in handle:
                    head, _, line = raw.rstrip(b"\n").partition(b"\t")
                    key, rank, number = json.loads(head)
                    yield (key, rank, number), line

        target = Path(folder) / path.name
        with target.open("wb") as out:
            # Each line keeps its number in the original file, for error messages.
            for (_, _, number), line in heapq.merge(*(read(c) for c in chunks)):
                out.write(b"%d\t%s\n" % (number, line))
        yield target
