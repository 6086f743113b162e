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

    __slots__ = ("fields_sets", "last_fields", "values")

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}
        self.fields_sets: dict[frozenset[str], set[str]] = {}
        self.last_fields: dict[type, set[str]] = {}


def share_values(record: BaseModel, context: object, names: tuple[str, ...]) -> None:
    """Point ``record``'s fields ``names`` (and its field-name set) at shared copies.

    Does nothing unless ``context`` is a :class:`SharedValues` (a record validated
    outside a load). Safe because the models are frozen: nothing can change a
    shared value through one record (``model_copy`` copies the field-name set first).
    One function, not a method: it runs once per record of a million.
    """
    if type(context) is not SharedValues:
        return
    values = context.values
    fields = record.__dict__
    for name in names:
        value = fields[name]
        if value is not None:
            fields[name] = values.setdefault(value, value)
    # pydantic gives every instance its own set of the names of the fields it was
    # given (~200 bytes); the records of a file share a handful of such sets.
    given = record.__pydantic_fields_set__
    last = context.last_fields.get(type(record))
    if last is None or last != given:
        last = context.fields_sets.setdefault(frozenset(given), given)
        context.last_fields[type(record)] = last
    if last is not given:
        object.__setattr__(record, "__pydantic_fields_set__", last)
