"""European Union: Directive 2011/7/EU on combating late payment in commercial transactions.

References:
    * Directive 2011/7/EU, art. 2(6) and 2(7): statutory interest at the reference
      rate plus at least 8 percentage points; for euro Member States the reference
      rate is the ECB's most recent main refinancing rate in force on the first
      calendar day of the half-year (art. 2(12)).
    * Directive 2011/7/EU, art. 6: a fixed sum of at least 40 euros as compensation
      for recovery costs.
"""

from __future__ import annotations

from decimal import Decimal

from dunningkit.legal.jurisdictions._base import Jurisdiction, LegalRule

__all__ = ["EuropeanUnion"]


class EuropeanUnion(Jurisdiction):
    """The Directive's floor: reference rate + 8 points, 40 € per invoice."""

    code = "EU"
    name = "European Union (Directive 2011/7/EU)"
    legal_basis = "Directive 2011/7/EU, art. 2, 3 and 6"
    rate_table_name = "ecb_main_refinancing"
    margin_business = Decimal(8)
    costs_on_top = LegalRule(
        text="the fixed 40 €, and reasonable compensation for the recovery costs above it, "
        "with proof",
        basis="Directive 2011/7/EU, art. 6 (3)",
    )
    mentions = {  # noqa: RUF012 - read-only class data
        "fr": (
            "En cas de retard de paiement, des intérêts au taux de [rate] l'an et une "
            "indemnité forfaitaire de [fixed] sont dus (directive 2011/7/UE)."
        ),
        "en": (
            "Late payment: interest at [rate] a year and fixed compensation of [fixed] are "
            "due (Directive 2011/7/EU)."
        ),
    }
