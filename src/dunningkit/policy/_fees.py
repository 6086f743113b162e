"""Fees a step charges: a fixed amount per currency and/or a share of the open amount.

Tryton, OCA ``credit-control``, ERPNext, Invoice Ninja and SAP all charge a dunning fee
at some levels. A creditor's right to do so depends on the jurisdiction (France: the
40 € fixed compensation already covers recovery costs up to that amount); the
jurisdiction files say what each law allows, the docs explain it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from dunningkit.model._types import MODEL_CONFIG, CurrencyCode, FieldError, NonNegativeMoney

__all__ = ["Fee"]


class Fee(BaseModel):
    """What a step charges on each invoice it reaches, once per invoice and step.

    Attributes:
        fixed: an amount per currency (``{"EUR": "15", "USD": "18"}``); an invoice in a
            currency not listed gets no fixed part (and a reason saying so).
        percent: a percentage of the invoice's open amount when the step is reached
            (``1.5`` for 1.5 %), in any currency.
    """

    model_config = MODEL_CONFIG

    fixed: dict[CurrencyCode, NonNegativeMoney] = Field(default_factory=dict)
    percent: Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _charges_something(self) -> Fee:
        if not self.fixed and self.percent is None:
            raise FieldError("fixed", "a fee needs a fixed amount per currency, a percent, or both")
        return self
