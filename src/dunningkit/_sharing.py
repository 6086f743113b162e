"""Equal values met while loading one book, kept once.

A million invoices of ten thousand customers name ten thousand customer ids and a
few hundred dates; validated one by one they would hold a million copies of each.
The loaders pass a :class:`SharedValues` to validation as pydantic's context, and
the high-volume models hand it their repeated fields. It lives as long as one
load (no global state) and only ever replaces a value by an equal one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["SharedValues", "share_values"]


class SharedValues:
    """The values and field-name sets already seen during one load."""

    __slots__ = ("_fields_sets", "_last_fields", "_values")

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._fields_sets: dict[frozenset[str], set[str]] = {}
        self._last_fields: dict[type, set[str]] = {}

    def keep(self, record: BaseModel, names: tuple[str, ...]) -> None:
        """Point ``record``'s fields ``names`` (and its field-name set) at shared copies.

        Safe because the models are frozen: nothing can change a shared value
        through one record (``model_copy`` copies the field-name set first).
        """
        values = self._values
        fields = record.__dict__
        for name in names:
            value = fields[name]
            if value is not None:
                fields[name] = values.setdefault(value, value)
        # pydantic gives every instance its own set of the names of the fields it
        # was given (~200 bytes); records of a file share a handful of such sets.
        given = record.__pydantic_fields_set__
        last = self._last_fields.get(type(record))
        if last is not None and last == given:
            shared = last
        else:
            shared = self._fields_sets.setdefault(frozenset(given), given)
            self._last_fields[type(record)] = shared
        if shared is not given:
            object.__setattr__(record, "__pydantic_fields_set__", shared)


def share_values(record: BaseModel, context: object, names: tuple[str, ...]) -> None:
    """Share ``record``'s repeated fields when it is validated within a load."""
    if isinstance(context, SharedValues):
        context.keep(record, names)
