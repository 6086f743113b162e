"""Germany: Bürgerliches Gesetzbuch, § 288 and § 247.

References:
    * § 288 (1) BGB: Verzugszinsen of 5 percentage points above the base rate.
    * § 288 (2) BGB: 9 percentage points above the base rate for legal transactions
      in which no consumer is involved.
    * § 288 (5) BGB: a flat fee (Pauschale) of 40 euros when the debtor is not a
      consumer.
    * § 288 (5) sentence 3 BGB: the flat fee is set off against damages owed for the
      costs of legal pursuit (a collection agency, a lawyer): those are claimed as
      damages for default (§ 280 (1), (2) and § 286 BGB), proved, less the 40 euros.
    * § 247 BGB: the base rate (Basiszinssatz), set by the Deutsche Bundesbank on
      1 January and 1 July.

Limitation (Verjährung):
    * § 195 BGB: the regular limitation period is three years.
    * § 199 (1) BGB: it starts at the end of the year in which the claim arose (fell
      due) and the creditor knew the debtor.
    * § 212 (1) Nr. 1 BGB: it starts again (Neubeginn) when the debtor acknowledges
      the claim by a part payment, an interest payment, a security or otherwise (a
      payment promise); the new period runs from that day, not from the year's end.

Insolvency: InsO § 39 (1) Nr. 1: the interest running since the opening of the
insolvency proceedings is a subordinated claim; the claim filed (§ 174 InsO) counts
interest up to the day before the opening, the opening order stating its hour
(§ 27 (2) Nr. 3 InsO).

Hand-over:
    * ZPO § 690 (1) Nr. 1: the application for a Mahnbescheid names the parties; a
      registered company is named as entered in the Handelsregister (HGB § 8), so
      the dossier asks for that entry, and for the VAT number.
"""

from __future__ import annotations

from decimal import Decimal

from dunningkit.legal.jurisdictions._base import (
    DebtorIdentity,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationRule,
    vat_number_missing,
)

__all__ = ["Germany"]


class Germany(Jurisdiction):
    """Basiszinssatz + 9 points between businesses, + 5 with consumers; 40 € flat fee."""

    code = "DE"
    name = "Germany"
    legal_basis = "BGB § 288 (Verzugszinsen, Pauschale) and § 247 (Basiszinssatz)"
    rate_table_name = "bundesbank_base_rate"
    margin_business = Decimal(9)
    limitation = LimitationRule(
        years=3,
        basis="BGB § 195 and § 199",
        from_end_of_year=True,
        restart_basis="BGB § 212",
    )
    mentions = {  # noqa: RUF012 - read-only class data
        "de": (
            "Bei Zahlungsverzug schulden Sie Verzugszinsen in Höhe von [rate] jährlich sowie "
            "eine Pauschale von [fixed] (§ 288 BGB)."
        ),
        "fr": (
            "En cas de retard de paiement, des intérêts au taux de [rate] l'an et un forfait "
            "de [fixed] sont dus (§ 288 BGB)."
        ),
        "en": (
            "Late payment: default interest at [rate] a year and a flat fee of [fixed] are "
            "due (§ 288 BGB)."
        ),
    }
    charge_words = {  # noqa: RUF012 - read-only class data
        "de": (
            "Bis heute belaufen sich die Verzugszinsen auf [interest]; hinzu kommt die "
            "Verzugspauschale von [fixed] (§ 288 Abs. 5 BGB)."
        ),
        "en": (
            "To date, default interest (Verzugszinsen) amounts to [interest], plus the "
            "flat-rate default charge (Verzugspauschale) of [fixed] (§ 288(5) BGB)."
        ),
        "fr": (
            "À ce jour, les intérêts moratoires (Verzugszinsen) s'élèvent à [interest] ; s'y "
            "ajoute le forfait de retard (Verzugspauschale) de [fixed] (§ 288 al. 5 BGB)."
        ),
    }
    notice_words = {  # noqa: RUF012 - read-only class data
        "de": (
            "Dieses Schreiben ist eine Mahnung im Sinne von § 286 Abs. 1 BGB; mit seinem "
            "Zugang befinden Sie sich in Verzug, soweit dies nicht bereits der Fall ist."
        ),
        "en": (
            "This letter is a reminder (Mahnung) within the meaning of § 286(1) BGB: from its "
            "receipt you are in default, if you were not already."
        ),
        "fr": ("La présente lettre vaut mise en demeure (Mahnung) au sens du § 286 al. 1 BGB."),
    }
    margin_consumer = Decimal(5)
    interest_stop = InterestStop(
        kinds=frozenset({"safeguard", "receivership", "liquidation"}),
        basis="InsO § 39 (1) Nr. 1: interest running since the opening is a subordinated "
        "claim; the claim counts interest up to the day before the opening",
    )
    costs_on_top = LegalRule(
        text="the 40 € flat fee is set off against the costs of legal pursuit (collection "
        "agency, lawyer), which are claimed as damages, with proof, less the 40 €",
        basis="BGB § 288 (5) sentence 3, § 280 and § 286",
    )

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """A German company's Handelsregister entry, if registered, then its VAT number."""
        missing: tuple[str, ...] = ()
        if debtor.country == self.code and not debtor.company_register:
            missing = ("debtor's Handelsregister entry (company_register), if registered",)
        return (*missing, *vat_number_missing(debtor))
