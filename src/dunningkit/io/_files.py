"""What every reader says about a file it cannot read: missing, binary, not UTF-8."""

from __future__ import annotations

from pathlib import Path

from dunningkit.errors import LoaderError

__all__ = ["SNIFF_BYTES", "cannot_open", "refuse_binary"]

SNIFF_BYTES = 8192
"""How much of a file is read to tell text from binary."""


def refuse_binary(path: Path, head: bytes, expected: str) -> None:
    """One line for a file that is not text at all, instead of one problem per line."""
    if b"\x00" in head:
        raise LoaderError(f"is a binary file, not {expected} (check the export)", path=str(path))


def cannot_open(path: Path, error: OSError) -> LoaderError:
    """The error for a file the system refuses to open, to raise ``from None``."""
    return LoaderError(error.strerror or str(error), path=str(path))
