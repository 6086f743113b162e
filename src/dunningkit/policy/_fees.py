"""Fees a step charges: a fixed amount per currency and/or a share of the open amount.

Tryton, OCA ``credit-control``, ERPNext, Invoice Ninja and SAP all charge a dunning fee
at some levels. A creditor's right to do so depends on the jurisdiction (France: the
40 € fixed compensation already covers recovery costs up to that amount); the
jurisdiction files say what each law allows, the docs explain it (``docs/fees.md``).

The one rule of what a step charges on an invoice (:func:`charge`), read by the planner
(``Action.fees``, recorded on the event of the reminder sent, ``DunningEvent.fees``,
which the hand-over dossier shows) and ``explain``:

* an action charges the fee of **its own step** (the step the message is) on each
  invoice due today that it covers; a ``per_customer`` message at the highest step due
  charges that step on its lower invoices too, and nothing on those it merely lists;

* a step's fee is charged **once per invoice**: when the invoice's history shows the
  step done (sent or answered) already, the step is charged nothing again, whether it
  is planned again (a repeat of the last step, a step set back by hand) or re-planned.
  A step tried and failed (or bounced) was not done: its fee goes with the attempt
  that is finally sent;
* the fixed part is the amount listed for the invoice's currency; an invoice in a
  currency the fee does not list gets no fixed part (``Charge.unlisted``);
* the percentage applies to the amount the reminder asks on the invoice when the step
  is reached (its open amount; for a payment plan, the open instalments due);
* the sum is rounded to the currency's places, half-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, NamedTuple

from pydantic import BaseModel, Field, model_validator

from dunningkit.model._types import (
    MODEL_CONFIG,
    CurrencyCode,
    FieldError,
    NonNegativeMoney,
    currency_unit,
)

__all__ = ["NO_CHARGE", "Charge", "Fee", "charge"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


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


class Charge(NamedTuple):
    """What a step charges on one invoice.

    Attributes:
        amount: the fee, in the invoice's currency, rounded to its places (a step
            without a fee: zero, :data:`NO_CHARGE`).
        unlisted: the fee lists fixed amounts, none in the invoice's currency.
        again: the step was done on the invoice already: its fee was charged then.
    """

    amount: Decimal
    unlisted: bool = False
    again: bool = False


NO_CHARGE = Charge(_ZERO)
"""What a step without a fee charges: nothing (one value, shared: the hot path asks
for it on every invoice due)."""


def charge(fee: Fee | None, currency: str, amount: Decimal, *, done: bool = False) -> Charge:
    """What a step with ``fee`` charges on an invoice in ``currency`` asking ``amount``.

    ``done``: the invoice's history shows the step done already (then nothing more).
    """
    if fee is None:
        return NO_CHARGE
    unit = currency_unit(currency)
    if done:
        return Charge(_ZERO.quantize(unit), again=True)
    fixed = fee.fixed.get(currency)
    total = fixed if fixed is not None else _ZERO
    if fee.percent is not None and amount > 0:
        total += amount * fee.percent / _HUNDRED
    return Charge(total.quantize(unit, ROUND_HALF_UP), unlisted=bool(fee.fixed) and fixed is None)
