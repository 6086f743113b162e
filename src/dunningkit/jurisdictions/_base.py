"""What a jurisdiction's late-payment rules say, as data and three small hooks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from dunningkit._charges import RateTable, builtin_rate_table

__all__ = ["Jurisdiction"]


class Jurisdiction:
    """Late-payment rules of one jurisdiction.

    Subclasses set the class attributes; most need no code. ``reference_day`` says
    which day's rate applies to a half-year: its first day (``"start"``) or the day
    before it (``"eve"``, the United Kingdom's 31 December / 30 June).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    legal_basis: ClassVar[str]
    rate_table_name: ClassVar[str]
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

    def rate_table(self) -> RateTable:
        """The shipped reference-rate table."""
        return builtin_rate_table(self.rate_table_name)

    def margin(self, *, consumer: bool) -> Decimal | None:
        """Points added to the reference rate; ``None`` when the rules do not apply."""
        return self.margin_consumer if consumer else self.margin_business

    def reference_rate(self, table: RateTable, half_year: date) -> Decimal:
        """The reference rate that applies to the half-year starting on ``half_year``."""
        day = half_year - timedelta(days=1) if self.reference_day == "eve" else half_year
        return table.in_force(day)

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
