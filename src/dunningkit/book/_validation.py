"""Problems from pydantic's errors: one :class:`Problem` per field, in plain words."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from dunningkit.errors import Problem
from dunningkit.model._types import PATTERN_MESSAGES, FieldError

__all__ = ["problems_from_json", "problems_from_validation_error", "record_id"]


def _describe_input(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from_validation_error(
    error: ValidationError, record_type: str, record_id: str
) -> list[Problem]:
    """Turn pydantic's errors for one record into :class:`Problem` entries."""
    problems = []
    for item in error.errors(include_url=False):
        parts = list(item["loc"])
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):
            parts.append(cause.field)
        loc = ".".join(str(part) for part in parts)
        message = item["msg"].removeprefix("Value error, ")
        kind = item["type"]
        if kind == "missing":
            message = "is required but missing"
        elif kind == "extra_forbidden":
            message = "is not a known field (check its spelling)"
        elif kind == "string_pattern_mismatch":
            message = PATTERN_MESSAGES.get(str(item.get("ctx", {}).get("pattern")), message)
        elif kind != "value_error":
            message = f"{message} (got {_describe_input(item.get('input'))})"
        problems.append(Problem(record_type, record_id, loc, message))
    return problems


def record_id(item: Any, position: str) -> str:
    """A record's id when it has one, else its position (``line 3``, ``#2``)."""
    if isinstance(item, Mapping):
        value = item.get("id")
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value)
    return position


def problems_from_json(
    error: ValidationError, line: str | bytes, record_type: str, position: str
) -> list[Problem]:
    """The problems of one record given as JSON text (named by its id or ``position``)."""
    named = position
    with contextlib.suppress(ValueError, RecursionError):  # nesting past the parser's limit
        named = record_id(json.loads(line), position)
    if any(item["type"] == "json_invalid" for item in error.errors()):
        return [Problem(record_type, named, "", "is not valid JSON")]
    if any(item["type"] == "model_type" for item in error.errors()):
        return [Problem(record_type, named, "", "must be a JSON object")]
    return problems_from_validation_error(error, record_type, named)
