"""The rate of each stretch of interest: the statute's, the contract's, or the floor under it.

* The statute: the jurisdiction's reference rate for the half-year (or the one fixed
  for the debt, :attr:`~dunningkit.jurisdictions.Jurisdiction.rate_fixed_for_debt`)
  plus its margin, or the rate the law fixes (Switzerland's 5 %).
* A contract (:class:`~dunningkit.InterestTerms`, the customer's or the policy's):
  a fixed annual rate, or points over the same reference rate.
* The floor: where the law sets the least a contract may set
  (:attr:`~dunningkit.jurisdictions.Jurisdiction.interest_floor`), a contract's rate
  below it gives way to it, stretch by stretch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from dunningkit.legal._rates import RateTable
from dunningkit.legal.jurisdictions import Jurisdiction
from dunningkit.model._terms import InterestTerms

__all__ = ["Basis", "PeriodRate", "Pricing"]

Basis = Literal["statute", "contract", "floor"]
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PeriodRate:
    """The rate of one stretch, the reference rate under it, and where it comes from."""

    reference: Decimal
    rate: Decimal
    basis: Basis


@dataclass(frozen=True, slots=True)
class Pricing:
    """What decides the rate of each stretch of a debt.

    Attributes:
        rules: the jurisdiction's rules (``None``: dunningkit knows none for the
            customer's country; only a contract can then give a rate).
        table: the reference-rate table (``None``: a rate fixed by law, or none known).
        margin: the statutory margin for this debtor (``None``: the statute gives
            no interest, e.g. a consumer under commercial rules).
        contract: the contract's interest, if any.
        floor_table: the table a floor reads (France's legal interest rate).
    """

    rules: Jurisdiction | None
    table: RateTable | None
    margin: Decimal | None
    contract: InterestTerms | None = None
    floor_table: RateTable | None = None

    @property
    def bears_interest(self) -> bool:
        """Whether any rate applies: the statute's, or a contract's that can be priced."""
        if self.contract is None:
            return self.margin is not None
        return self.contract.rate is not None or self.knows_reference

    @property
    def knows_reference(self) -> bool:
        """Whether a reference rate is known (a table, or a rate fixed by law)."""
        return self.table is not None or (
            self.rules is not None and self.rules.statutory_rate is not None
        )

    def _reference_day(self, half_year: date, due: date) -> date | None:
        """The day whose reference rate applies to a stretch of ``half_year``."""
        if self.table is None:
            return None
        if self.rules is None:
            return half_year
        return self.rules.rate_day(self.rules.rate_half_year(half_year, due))

    def rate_days(self, half_year: date, due: date) -> list[tuple[RateTable, date]]:
        """The (table, day) pairs whose rates a stretch of ``half_year`` reads."""
        days: list[tuple[RateTable, date]] = []
        reference_day = self._reference_day(half_year, due)
        if self.table is not None and reference_day is not None and self._reads_reference:
            days.append((self.table, reference_day))
        if self.floor_table is not None and self._floored:
            days.append((self.floor_table, half_year))
        return days

    @property
    def _reads_reference(self) -> bool:
        """Whether the rate depends on the reference rate (a contract's fixed rate does
        not, unless its floor is the statute's own rate)."""
        contract = self.contract
        if contract is None or contract.margin is not None:
            return True
        floor = self.rules.interest_floor if self.rules is not None else None
        return floor is not None and floor.statutory and self.margin is not None

    @property
    def _floored(self) -> bool:
        floor = self.rules.interest_floor if self.rules is not None else None
        return floor is not None and self.contract is not None and self.margin is not None

    def rate(self, half_year: date, due: date) -> PeriodRate:
        """The rate of a stretch of the half-year starting on ``half_year``, for a part
        of the debt due on ``due``."""
        reference_day = self._reference_day(half_year, due)
        reference = _ZERO
        if self.table is not None and reference_day is not None:
            reference = self.table.in_force(reference_day)
        statutory = None if self.margin is None else reference + self.margin
        if self.contract is None:
            return PeriodRate(reference, statutory or _ZERO, "statute")
        agreed = self.contract.rate
        if agreed is None:
            agreed = reference + (self.contract.margin or _ZERO)
        floor = self._floor(half_year, statutory)
        if floor is not None and floor > agreed:
            return PeriodRate(reference, floor, "floor")
        return PeriodRate(reference, agreed, "contract")

    def _floor(self, half_year: date, statutory: Decimal | None) -> Decimal | None:
        """The least rate the law lets a contract set for the half-year, if any."""
        floor = self.rules.interest_floor if self.rules is not None else None
        if floor is None or statutory is None:
            return None
        if floor.statutory:
            return statutory
        if floor.multiple is None or self.floor_table is None:
            return None
        return floor.multiple * self.floor_table.in_force(half_year)
