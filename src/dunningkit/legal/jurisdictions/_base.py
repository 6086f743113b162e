"""What a jurisdiction's rules say, as data and three small hooks.

Two sets of rules live here: late-payment charges (interest and fixed
compensation) and the limitation period of a claim (how long a creditor may still
start proceedings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from dunningkit.legal._rates import RateTable, builtin_rate_table

__all__ = ["Jurisdiction", "LimitationRule"]


@dataclass(frozen=True, slots=True)
class LimitationRule:
    """How long a claim for payment can be enforced, and what restarts the clock.

    Attributes:
        years: the period between businesses.
        consumer_years: the period when the debtor is a consumer (``None``: ``years``).
        from_end_of_year: the period starts at the end of the year in which the claim
            fell due (Germany) instead of on the due date.
        start_offset_days: days after the due date on which the period starts (1 in
            England and Wales: the day after the due date).
        basis: the statutes that set the period.
        restart_basis: the statutes by which an acknowledgement restarts it.
        promise_needs_writing: a promise restarts the period only if written and signed.
    """

    years: int
    basis: str
    restart_basis: str
    consumer_years: int | None = None
    consumer_basis: str = ""
    from_end_of_year: bool = False
    start_offset_days: int = 0
    promise_needs_writing: bool = False


class Jurisdiction:
    """Late-payment rules of one jurisdiction.

    Subclasses set the class attributes; most need no code. ``reference_day`` says
    which day's rate applies to a half-year: its first day (``"start"``) or the day
    before it (``"eve"``, the United Kingdom's 31 December / 30 June).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    legal_basis: ClassVar[str]
    rate_table_name: ClassVar[str] = ""
    statutory_rate: ClassVar[Decimal | None] = None
    """A rate fixed by law (Switzerland's 5 %); no reference-rate table then."""
    day_count: ClassVar[str] = "actual/365"
    limitation: ClassVar[LimitationRule | None] = None
    margin_business: ClassVar[Decimal]
    margin_consumer: ClassVar[Decimal | None] = None
    reference_day: ClassVar[str] = "start"
    fixed_amount: ClassVar[Decimal] = Decimal(40)
    fixed_currency: ClassVar[str] = "EUR"
    mentions: ClassVar[dict[str, str]] = {
        "en": "Late payment: statutory interest at [rate] a year and a fixed compensation "
        "for recovery costs of [fixed] per invoice are due.",
        "fr": "En cas de retard de paiement, des pénalités au taux de [rate] l'an et une "
        "indemnité forfaitaire pour frais de recouvrement de [fixed] par facture sont dues.",
    }
    consumer_note: ClassVar[str] = (
        "the debtor is a consumer: these rules govern debts between businesses, so no "
        "statutory late-payment interest is computed"
    )

    def rate_table(self) -> RateTable | None:
        """The shipped reference-rate table (``None`` for a rate fixed by law)."""
        if self.statutory_rate is not None:
            return None
        return builtin_rate_table(self.rate_table_name)

    def rate_day(self, half_year: date) -> date:
        """The day whose rate applies to the half-year starting on ``half_year``."""
        return half_year - timedelta(days=1) if self.reference_day == "eve" else half_year

    def margin(self, *, consumer: bool) -> Decimal | None:
        """Points added to the reference rate; ``None`` when the rules do not apply."""
        return self.margin_consumer if consumer else self.margin_business

    def reference_rate(self, table: RateTable, half_year: date) -> Decimal:
        """The reference rate that applies to the half-year starting on ``half_year``."""
        return table.in_force(self.rate_day(half_year))

    def fixed_compensation(
        self, amount: Decimal, currency: str, *, consumer: bool, notes: list[str]
    ) -> Decimal:
        """The fixed recovery compensation per invoice, in the invoice's currency."""
        del amount
        if consumer:
            return Decimal(0)
        if currency != self.fixed_currency:
            notes.append(
                f"the fixed compensation is {self.fixed_amount} {self.fixed_currency}; the "
                f"invoice is in {currency}: convert it at the rate of the day"
            )
            return Decimal(0)
        return self.fixed_amount
