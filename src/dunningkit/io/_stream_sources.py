"""Choosing how to read a streamed plan's source: an iterable of customer books, a
JSON Lines file or folder, a CSV folder, or a Parquet dataset (optional extra)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dunningkit.book._sections import SECTIONS
from dunningkit.errors import LoaderError
from dunningkit.io._external_sort import sorted_copy
from dunningkit.io._stream_csv import csv_batches
from dunningkit.io._stream_io import Batch, Source, jsonl_batches, jsonl_folder_batches

__all__ = ["Reader", "batches"]


class Reader:
    """Two passes over a source: the revenue, then the plan.

    A one-shot iterator (a generator of customer books) is read once: the first pass
    spills each book to a temporary file (pickled, one after the other, on disk) and
    the second pass reads them back, so that memory stays bounded by one customer.
    """

    def __init__(
        self, factory: Callable[[], Iterator[Batch]], path: Path | None, *, once: bool
    ) -> None:
        self._factory = factory
        self.path = path
        self._once = once
        self._spill: Path | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def first_pass(self) -> Iterator[Batch]:
        """The batches, read for the book's revenue."""
        if not self._once:
            return self._factory()
        self._folder = tempfile.TemporaryDirectory(prefix="dunningkit-spill-")
        self._spill = Path(self._folder.name) / "books.pickle"
        return self._spilled(self._spill)

    def _spilled(self, spill: Path) -> Iterator[Batch]:
        with spill.open("wb") as out:
            for batch in self._factory():
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                yield batch

    def second_pass(self) -> Iterator[Batch]:
        """The batches, read for the plan."""
        if self._spill is None:
            return self._factory()
        return self._unspilled(self._spill)

    @staticmethod
    def _unspilled(spill: Path) -> Iterator[Batch]:
        with spill.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)  # noqa: S301 - our own file, written just now
                except EOFError:
                    return

    def close(self) -> None:
        """Remove the spill file, if any."""
        if self._folder is not None:
            self._folder.cleanup()


@contextmanager
def batches(
    source: Source, *, external_sort: bool = False, date_format: str | None = None
) -> Iterator[Reader]:
    """A :class:`Reader` over any source ``plan_stream`` accepts (``date_format``: a
    CSV folder's, as :func:`~dunningkit.loaders.load_csv` reads it)."""
    if not isinstance(source, (str, Path)):
        books = source
        reader = Reader(lambda: (Batch.of(book) for book in books), None, once=iter(books) is books)
        try:
            yield reader
        finally:
            reader.close()
        return
    path = Path(source)
    if path.is_dir():
        if any(path.glob("*.parquet")):
            from dunningkit.io._parquet import parquet_batches  # noqa: PLC0415 - optional extra

            yield Reader(lambda: parquet_batches(path), path, once=False)
            return
        if any((path / f"{section}.jsonl").exists() for section in SECTIONS):
            yield Reader(lambda: jsonl_folder_batches(path), path, once=False)
            return
        if (path / "customers.csv").exists():
            yield Reader(lambda: csv_batches(path, date_format=date_format), path, once=False)
            return
        raise LoaderError(
            "streams from a JSON Lines file, a folder of <section>.jsonl or <section>.csv "
            "files, or a Parquet dataset",
            path=str(path),
        )
    if not path.exists():
        raise LoaderError("no such file or folder", path=str(path))
    if path.suffix.lower() not in {".jsonl", ".ndjson"}:
        raise LoaderError(
            "streams .jsonl files, <section>.jsonl folders or Parquet", path=str(path)
        )
    if external_sort:
        with sorted_copy(path) as copy:
            yield Reader(lambda: jsonl_batches(copy, original=path), path, once=False)
        return
    yield Reader(lambda: jsonl_batches(path), path, once=False)
