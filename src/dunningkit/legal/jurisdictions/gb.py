"""United Kingdom: Late Payment of Commercial Debts (Interest) Act 1998.

References:
    * Late Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002: statutory
      interest at 8 percent over the reference rate, the Bank of England official
      dealing rate in force on 31 December (for debts falling due January to June)
      or 30 June (July to December).
      The rate so found holds for the life of the debt (:attr:`rate_fixed_for_debt`):
      a debt due in November 2024 bears 5.25 + 8 % until paid, in 2025 too.
    * Section 5A of the Act: a fixed sum of £40 for a debt under £1,000, £70 under
      £10,000, and £100 from £10,000; s. 5A (2A): the reasonable costs of recovering
      the debt beyond the fixed sum may be claimed too.

Insolvency: Insolvency (England and Wales) Rules 2016, r. 14.23 (1): interest is
provable as part of the debt except for any period after the relevant date, the day
the company entered administration or went into liquidation (r. 14.1 (3)): interest
counts up to and including that day.

Limitation (England and Wales; Scotland and Northern Ireland have their own acts):
    * Limitation Act 1980, s. 5: an action founded on simple contract cannot be
      brought after six years from the date on which the cause of action accrued,
      the day after the due date.
    * s. 29 (5): a written acknowledgement of the debt, or a payment in respect of
      it, makes the right of action accrue again on that date; s. 30: the
      acknowledgement must be in writing and signed by the debtor.

Hand-over: a money claim names the debtor and its address; the dossier asks for no
VAT number.
"""

from __future__ import annotations

from decimal import Decimal

from dunningkit.legal.jurisdictions._base import (
    DebtorIdentity,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationRule,
)

__all__ = ["UnitedKingdom"]

_BANDS = ((Decimal(1000), Decimal(40)), (Decimal(10000), Decimal(70)))


class UnitedKingdom(Jurisdiction):
    """Bank Rate on 31 December / 30 June + 8 points; £40, £70 or £100 by debt size."""

    code = "GB"
    name = "United Kingdom"
    legal_basis = "Late Payment of Commercial Debts (Interest) Act 1998, s. 4, 5A and 6"
    rate_table_name = "boe_bank_rate"
    margin_business = Decimal(8)
    limitation = LimitationRule(
        years=6,
        basis="Limitation Act 1980, s. 5 (England and Wales)",
        start_offset_days=1,
        restart_basis="Limitation Act 1980, s. 29 and 30",
        promise_needs_writing=True,
    )
    mentions = {  # noqa: RUF012 - read-only class data
        "fr": (
            "En cas de retard de paiement, des intérêts légaux au taux de [rate] l'an et une "
            "indemnité forfaitaire sont dus (Late Payment of Commercial Debts (Interest) Act "
            "1998)."
        ),
        "en": (
            "We are entitled to claim statutory interest at [rate] a year and fixed "
            "compensation under the Late Payment of Commercial Debts (Interest) Act 1998."
        ),
    }
    charge_words = {  # noqa: RUF012 - read-only class data
        "en": (
            "To date, statutory interest amounts to [interest], plus a fixed sum of [fixed] "
            "for the costs of recovering the debt (Late Payment of Commercial Debts "
            "(Interest) Act 1998, s. 5A)."
        ),
        "fr": (
            "À ce jour, les intérêts légaux (statutory interest) s'élèvent à [interest] ; s'y "
            "ajoute une somme forfaitaire (fixed sum) de [fixed] pour frais de recouvrement."
        ),
    }
    notice_words = {  # noqa: RUF012 - read-only class data
        "en": (
            "This letter is a formal demand for payment. Statutory interest and the fixed "
            "sum are claimed under the Late Payment of Commercial Debts (Interest) Act 1998."
        ),
        "fr": (
            "La présente lettre vaut mise en demeure de payer ; les intérêts légaux et la "
            "somme forfaitaire sont réclamés au titre du Late Payment of Commercial Debts "
            "(Interest) Act 1998."
        ),
    }
    reference_day = "eve"
    rate_fixed_for_debt = LegalRule(
        text="the reference rate in force on 31 December or 30 June before the half-year "
        "in which the debt fell due holds for the life of the debt",
        basis="Late Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002",
    )
    interest_stop = InterestStop(
        kinds=frozenset({"receivership", "liquidation"}),
        basis="Insolvency (England and Wales) Rules 2016, r. 14.1 (3) and 14.23 (1): "
        "interest is provable up to the date of the administration or winding-up",
        through_opening_day=True,
    )
    costs_on_top = LegalRule(
        text="the fixed sum, and the reasonable costs of recovering the debt beyond it "
        "(a collection agency's, a solicitor's), with proof",
        basis="Late Payment of Commercial Debts (Interest) Act 1998, s. 5A (2A)",
    )
    fixed_currency = "GBP"

    def fixed_compensation(
        self, amount: Decimal, currency: str, *, consumer: bool, notes: list[str]
    ) -> Decimal:
        """£40 under £1,000, £70 under £10,000, £100 above (section 5A)."""
        if consumer:
            return Decimal(0)
        if currency != "GBP":
            notes.append(f"the fixed sums are in GBP; the invoice is in {currency}")
            return Decimal(0)
        for limit, fixed in _BANDS:
            if amount < limit:
                return fixed
        return Decimal(100)

    def limitation_notes(self) -> tuple[str, ...]:
        """The Limitation Act 1980 covers England and Wales only."""
        return ("England and Wales; Scotland and Northern Ireland have their own periods",)

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """Nothing beyond the address: no VAT number on a money claim."""
        del debtor
        return ()
