"""One JSON document: ``{"customers": [...], "invoices": [...], ...}``.

I/O lives at the edge; the rest of the library only sees validated models. The
parser's complaints are said in plain words here, for JSON Lines too.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from dunningkit.book._portfolio import Portfolio
from dunningkit.errors import LoaderError
from dunningkit.io._files import (
    SNIFF_BYTES,
    DuplicateKeyError,
    cannot_open,
    check_block,
    no_duplicate_keys,
    refuse_binary,
    too_deep,
    written_whole,
)

__all__ = ["dump_json", "json_reason", "json_syntax", "load_json"]


def load_json(path: str | Path) -> Portfolio:
    """Load one JSON document ``{"customers": [...], "invoices": [...], ...}``."""
    path = Path(path)
    try:
        text = path.read_bytes()
    except OSError as error:
        raise cannot_open(path, error) from None
    refuse_binary(path, text[:SNIFF_BYTES], "JSON text")
    check_block(path, text)
    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicate_keys)
    except DuplicateKeyError as error:
        raise LoaderError(
            f"gives the key {error.key!r} twice in one object: which value is meant? "
            "(each key once per record)",
            path=str(path),
        ) from None
    except RecursionError:
        raise LoaderError(too_deep(), path=str(path)) from None
    except json.JSONDecodeError as error:
        if not text.strip():
            raise LoaderError("is empty: the export wrote nothing", path=str(path)) from None
        reason = json_reason(error)
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
        with written_whole(path) as out:
            out.write(text + "\n")
    return text


def json_reason(error: json.JSONDecodeError) -> str:
    """The parser's complaint in plain words: ``Expecting ',' delimiter`` -> ``expected ','``."""
    reason = error.msg.replace("Expecting", "expected", 1).removesuffix(" delimiter")
    return reason[:1].lower() + reason[1:]


def json_syntax(line: bytes) -> str:
    """Why a line is not JSON, as ``expected ',' at column 41``."""
    try:
        json.loads(line)
    except RecursionError:
        return too_deep()
    except json.JSONDecodeError as error:
        return f"{json_reason(error)} at column {error.colno}"
    except UnicodeDecodeError as error:
        return f"is not UTF-8 text (byte {error.start + 1}; re-export it as UTF-8)"
    except ValueError as error:  # pragma: no cover - json raises the two above
        return f"is not valid JSON ({error})"
    return "is not valid JSON"
