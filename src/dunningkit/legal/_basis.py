"""Where a late charge's interest rate comes from, in words a credit manager reads.

``statute`` (the law's rate), ``contract`` (the customer's contract or the
creditor's terms), ``floor`` (the contract's rate was below the least the law
allows, so the floor applies) or ``none`` (no interest is owed on the day).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from dunningkit.legal._interest import ChargePeriod
from dunningkit.legal._pricing import Pricing

__all__ = ["InterestBasis", "basis_text", "interest_basis"]

InterestBasis = Literal["statute", "contract", "floor", "none"]


def interest_basis(periods: Sequence[ChargePeriod]) -> InterestBasis:
    """The basis of the latest period (as ``rate`` is its rate); ``none`` without one."""
    return periods[-1].basis if periods else "none"


def _percent(rate: Decimal) -> str:
    return f"{rate.normalize():f} %"


def basis_text(pricing: Pricing, periods: Sequence[ChargePeriod], *, own: bool) -> str:
    """The interest's basis in a sentence: the rate, where it comes from, its source.

    ``own``: the contract is the customer's own (else the creditor's terms).
    """
    if not periods:
        return ""
    rules = pricing.rules
    rates = ", ".join(dict.fromkeys(_percent(p.rate) for p in periods))
    bases = {p.basis for p in periods}
    if bases == {"statute"}:
        text = f"statutory interest at {rates} a year"
        if rules is not None:
            text += f" ({rules.legal_basis})"
            fixed = rules.rate_fixed_for_debt
            if fixed is not None:
                text += f"; {fixed.text} ({fixed.basis})"
        return text
    contract = pricing.contract
    source = "the customer's contract" if own else "the creditor's terms"
    agreed = "" if contract is None else _agreed(contract.rate, contract.margin)
    floor = None if rules is None else rules.interest_floor
    if "floor" not in bases or floor is None:
        text = f"contractual interest at {rates} a year ({source}: {agreed})"
        if floor is not None:
            text += f", not below the statutory floor: {floor.text} ({floor.basis})"
        return text
    part = "" if bases == {"floor"} else " for part of the time"
    return (
        f"the statutory floor applies{part}: {rates} a year, as {source} set less "
        f"({agreed}) than {floor.text} ({floor.basis})"
    )


def _agreed(rate: Decimal | None, margin: Decimal | None) -> str:
    if rate is not None:
        return f"{_percent(rate)} a year"
    return f"the reference rate + {(margin or Decimal(0)).normalize():f} points"
