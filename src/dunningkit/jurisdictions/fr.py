"""France: Code de commerce, article L441-10.

References:
    * Code de commerce, art. L441-10 II: late-payment penalties at the rate of the
      European Central Bank's most recent refinancing operation plus 10 percentage
      points; "le taux applicable pendant le premier semestre de l'année concernée est
      le taux en vigueur au 1er janvier de l'année en question. Pour le second
      semestre de l'année concernée, il est le taux en vigueur au 1er juillet".
    * Code de commerce, art. D441-5: fixed recovery indemnity of 40 euros per invoice.
    * Rates: Banque de France, "Taux de référence BCE" (published each half-year).
"""

from __future__ import annotations

from decimal import Decimal

from dunningkit.jurisdictions._base import Jurisdiction

__all__ = ["France"]


class France(Jurisdiction):
    """ECB refinancing rate in force on 1 January / 1 July + 10 points; 40 € per invoice."""

    code = "FR"
    name = "France"
    legal_basis = "Code de commerce, art. L441-10 and D441-5"
    rate_table_name = "ecb_main_refinancing"
    margin_business = Decimal(10)
    mentions = {  # noqa: RUF012 - read-only class data
        "fr": (
            "Tout retard de paiement entraîne de plein droit des pénalités au taux de [rate] "
            "l'an (taux BCE + 10 points) et une indemnité forfaitaire pour frais de "
            "recouvrement de [fixed] (Code de commerce, art. L441-10 et D441-5)."
        ),
        "en": (
            "Any late payment incurs, by law, penalties at [rate] a year (ECB rate + 10 "
            "points) and a fixed recovery indemnity of [fixed] (French Commercial Code, art. "
            "L441-10 and D441-5)."
        ),
    }
    consumer_note = (
        "the debtor is a consumer: L441-10 governs debts between professionals; the "
        "statutory rate for individuals (taux d'intérêt légal) is not computed"
    )
