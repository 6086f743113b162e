"""The book's sections: their names, the record type each holds, and its model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter

from dunningkit.model._customer import Customer
from dunningkit.model._history import DunningEvent
from dunningkit.model._invoice import Invoice
from dunningkit.model._payment import Payment, PaymentPromise

__all__ = ["LIST_ADAPTERS", "SECTIONS"]

# Section name -> (record type used in messages, model).
SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "customers": ("customer", Customer),
    "invoices": ("invoice", Invoice),
    "payments": ("payment", Payment),
    "promises": ("promise", PaymentPromise),
    "events": ("event", DunningEvent),
}

# One validator per section for a list of records: pydantic-core then reads a
# whole block of JSON Lines (joined as one array) without Python between records.
LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    section: TypeAdapter(list[model])  # type: ignore[valid-type]
    for section, (_, model) in SECTIONS.items()
}
