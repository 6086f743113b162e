"""Reference-rate tables: central-bank rates with their source and as-of date.

They live apart from the charge computation so that the jurisdictions (which name
their table) and ``late_charges`` (which uses the jurisdictions) import in one
direction only: ``_rates`` <- ``jurisdictions`` <- ``_charges``.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from dunningkit.errors import DunningkitError, PolicyError
from dunningkit.model._types import MODEL_CONFIG

__all__ = ["RateEntry", "RateTable", "builtin_rate_table", "half_year_start", "load_rate_table"]


def half_year_start(day: date) -> date:
    """1 January or 1 July: the first day of the half-year holding ``day``."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


class RateEntry(BaseModel):
    """A reference rate (percent per year) in force from a date."""

    model_config = MODEL_CONFIG

    from_: date = Field(alias="from")
    rate: Decimal


class RateTable(BaseModel):
    """A reference-rate history with its source, as published.

    ``as_of`` is the last day on which the table is known to be complete: a rate
    in force on a later day may have changed.
    """

    model_config = MODEL_CONFIG | {"populate_by_name": True}

    name: str
    unit: str = "percent per year"
    source: str
    as_of: date
    note: str = ""
    rates: tuple[RateEntry, ...] = Field(min_length=1)

    def in_force(self, day: date) -> Decimal:
        """The rate in force on ``day`` (the last entry starting on or before it)."""
        starts = [entry.from_ for entry in self.rates]
        index = bisect_right(starts, day) - 1
        if index < 0:
            raise DunningkitError(f"{self.name}: no rate known on {day} (table starts {starts[0]})")
        return self.rates[index].rate

    def covers(self, day: date) -> bool:
        """Whether the rate in force on ``day`` is known (``day`` is on or before ``as_of``)."""
        return day <= self.as_of


@lru_cache(maxsize=8)
def builtin_rate_table(name: str) -> RateTable:
    """A rate table shipped with dunningkit: ``ecb_main_refinancing``,
    ``bundesbank_base_rate`` or ``boe_bank_rate``."""
    resource = files("dunningkit").joinpath("data", "rates", f"{name}.json")
    return RateTable.model_validate(json.loads(resource.read_text(encoding="utf-8")))


def load_rate_table(path: str | Path) -> RateTable:
    """Read a rate table from a JSON file of the shipped format."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
        return RateTable.model_validate(data)
    except (OSError, ValueError) as error:
        detail = (
            "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
            if isinstance(error, ValidationError)
            else str(error)
        )
        raise PolicyError(f"{path}: cannot be read as a rate table: {detail}") from None
