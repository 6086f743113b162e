"""France: Code de commerce, article L441-10.

References:
    * Code de commerce, art. L441-10 II: late-payment penalties at the rate of the
      European Central Bank's most recent refinancing operation plus 10 percentage
      points; "le taux applicable pendant le premier semestre de l'année concernée est
      le taux en vigueur au 1er janvier de l'année en question. Pour le second
      semestre de l'année concernée, il est le taux en vigueur au 1er juillet".
    * Code de commerce, art. L441-10 II: a contract may set another rate, never less
      than three times the legal interest rate (taux de l'intérêt légal, the rate
      for creditors other than private individuals, published each half-year:
      Code monétaire et financier, art. L313-2); recovery costs above the fixed
      indemnity may be claimed on proof ("sur justification").
    * Code de commerce, art. D441-5: fixed recovery indemnity of 40 euros per invoice.
    * Rates: Banque de France, "Taux de référence BCE" (published each half-year).

Public buyers (:class:`FrenchPublicBuyer`, a customer of kind ``public_body``):
    * Code de la commande publique, art. L2192-13: late payment makes moratorium
      interest (intérêts moratoires) and a fixed recovery indemnity run by law,
      without any formality.
    * Art. R2192-31: the rate is the ECB's main refinancing rate in force on the first
      day of the half-year in which the interest started to run, plus 8 percentage
      points: fixed for the debt.
    * Art. D2192-35: the fixed indemnity is 40 euros.

Insolvency: Code de commerce, art. L622-28: the opening judgment stops legal and
contractual interest and all late-payment interest (loans of a year or more apart),
in safeguard, receivership (art. L631-14) and liquidation (art. L641-3). The judgment
takes effect at 0 h on its date: the last day of interest is the day before.

Limitation (prescription):
    * Code de commerce, art. L110-4 I: obligations between traders (and between
      traders and non-traders) are time-barred after five years; Code civil, art.
      2224: the five years run from the day the creditor knew or should have known
      the facts allowing it to act, for a claim for payment its due date.
    * Code de la consommation, art. L218-2: a professional's action against a
      consumer for the goods or services supplied is time-barred after two years.
    * Code civil, art. 2240: the debtor's acknowledgement of the creditor's right (a
      part payment, a payment promise) interrupts the period; art. 2231: the
      interruption starts a new period of the same length as the old one.

Hand-over: a French company is identified by its SIREN, the number of its entry in
the register (répertoire SIRENE); the dossier asks for it, and for the VAT number.
"""

from __future__ import annotations

from decimal import Decimal

from dunningkit.legal.jurisdictions._base import (
    DebtorIdentity,
    InterestFloor,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationRule,
    vat_number_missing,
)

__all__ = ["France", "FrenchPublicBuyer"]

_PUBLIC = "Code de la commande publique"


class France(Jurisdiction):
    """ECB refinancing rate in force on 1 January / 1 July + 10 points; 40 € per invoice."""

    code = "FR"
    name = "France"
    legal_basis = "Code de commerce, art. L441-10 and D441-5"
    rate_table_name = "ecb_main_refinancing"
    margin_business = Decimal(10)
    limitation = LimitationRule(
        years=5,
        basis="Code de commerce, art. L110-4; Code civil, art. 2224",
        consumer_years=2,
        consumer_basis="Code de la consommation, art. L218-2",
        restart_basis="Code civil, art. 2240 and 2231",
    )
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
        "de": (
            "Jeder Zahlungsverzug löst von Rechts wegen Verzugsstrafen (pénalités de retard) "
            "von [rate] jährlich (EZB-Satz + 10 Punkte) und eine Pauschale für "
            "Beitreibungskosten von [fixed] aus (französisches Handelsgesetzbuch, "
            "Art. L441-10 und D441-5)."
        ),
        "es": (
            "Todo retraso en el pago genera de pleno derecho penalizaciones al [rate] anual "
            "(tipo del BCE + 10 puntos) y una indemnización a tanto alzado por costes de "
            "cobro de [fixed] (Código de Comercio francés, art. L441-10 y D441-5)."
        ),
        "it": (
            "Ogni ritardo di pagamento comporta di diritto penali al tasso annuo del [rate] "
            "(tasso BCE + 10 punti) e un'indennità forfettaria per i costi di recupero di "
            "[fixed] (Codice di commercio francese, art. L441-10 e D441-5)."
        ),
        "nl": (
            "Elke te late betaling leidt van rechtswege tot boeterente van [rate] per jaar "
            "(ECB-rente + 10 punten) en een forfaitaire vergoeding voor invorderingskosten van "
            "[fixed] (Frans Wetboek van Koophandel, art. L441-10 en D441-5)."
        ),
    }
    charge_words = {  # noqa: RUF012 - read-only class data
        "fr": (
            "À ce jour, les pénalités de retard s'élèvent à [interest] ; s'y ajoute "
            "l'indemnité forfaitaire pour frais de recouvrement de [fixed] (Code de commerce, "
            "art. L441-10 et D441-5)."
        ),
        "en": (
            "To date, late-payment penalties (pénalités de retard) amount to [interest], plus "
            "the fixed recovery indemnity of [fixed] (French Commercial Code, art. L441-10 "
            "and D441-5)."
        ),
    }
    notice_words = {  # noqa: RUF012 - read-only class data
        "fr": (
            "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil "
            "et fait courir les intérêts moratoires (article 1344-1)."
        ),
        "en": (
            "This letter is a formal notice (mise en demeure) within the meaning of article "
            "1344 of the French Civil Code; interest for late payment runs from it "
            "(article 1344-1)."
        ),
        "de": (
            "Dieses Schreiben ist eine Inverzugsetzung (mise en demeure) im Sinne von "
            "Art. 1344 des französischen Code civil."
        ),
        "es": (
            "La presente constituye un requerimiento (mise en demeure) en el sentido del "
            "artículo 1344 del Código Civil francés."
        ),
        "it": (
            "La presente vale quale costituzione in mora (mise en demeure) ai sensi "
            "dell'articolo 1344 del Codice civile francese."
        ),
        "nl": (
            "Deze brief geldt als ingebrekestelling (mise en demeure) in de zin van artikel "
            "1344 van het Franse Burgerlijk Wetboek."
        ),
    }
    consumer_note = (
        "the debtor is a consumer: L441-10 governs debts between professionals; the "
        "statutory rate for individuals (taux d'intérêt légal) is not computed"
    )

    interest_floor = InterestFloor(
        text="three times the legal interest rate (taux de l'intérêt légal) of the half-year",
        basis="Code de commerce, art. L441-10 II",
        multiple=Decimal(3),
        table_name="fr_legal_interest_rate",
    )
    interest_stop = InterestStop(
        kinds=frozenset({"safeguard", "receivership", "liquidation"}),
        basis="Code de commerce, art. L622-28 (with L631-14 and L641-3): the opening "
        "judgment stops legal and contractual interest",
    )
    costs_on_top = LegalRule(
        text="the 40 € indemnity covers recovery costs; more only on proof of higher costs",
        basis="Code de commerce, art. L441-10 II and D441-5",
    )

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """A French company's SIREN (or SIRET), then its VAT number."""
        missing: tuple[str, ...] = ()
        if debtor.country == self.code and not (debtor.siren or debtor.siret):
            missing = ("debtor's SIREN (the court identifies a French company by it)",)
        return (*missing, *vat_number_missing(debtor))


class FrenchPublicBuyer(France):
    """A French public buyer: ECB rate of the half-year interest started + 8, fixed; 40 €."""

    name = "France (public buyers)"
    legal_basis = f"{_PUBLIC}, art. L2192-13, R2192-31 and D2192-35"
    margin_business = Decimal(8)
    margin_consumer = Decimal(8)  # a public body is never a consumer
    debtor_kind = "public_body"
    rate_fixed_for_debt = LegalRule(
        text="the ECB main refinancing rate in force on the first day of the half-year in "
        "which interest started to run holds for the life of the debt",
        basis=f"{_PUBLIC}, art. R2192-31",
    )
    rate_fixed_from = "first_day_late"
    interest_floor = InterestFloor(
        text="the moratorium interest of the Code, owed by law: a contract may set more, "
        "never less",
        basis=f"{_PUBLIC}, art. L2192-13 and R2192-31",
        statutory=True,
    )
    costs_on_top = LegalRule(
        text="the 40 € indemnity covers recovery costs; more only on proof of higher costs",
        basis=f"{_PUBLIC}, art. L2192-13 and D2192-35",
    )
    mentions = {  # noqa: RUF012 - read-only class data
        "fr": (
            "Tout retard de paiement fait courir de plein droit des intérêts moratoires au "
            "taux de [rate] l'an (taux BCE + 8 points) et une indemnité forfaitaire pour "
            "frais de recouvrement de [fixed] (Code de la commande publique, art. L2192-13, "
            "R2192-31 et D2192-35)."
        ),
        "en": (
            "Any late payment incurs, by law, moratorium interest at [rate] a year (ECB "
            "rate + 8 points) and a fixed recovery indemnity of [fixed] (French Public "
            "Procurement Code, art. L2192-13, R2192-31 and D2192-35)."
        ),
    }
    charge_words = {  # noqa: RUF012 - read-only class data
        "fr": (
            "À ce jour, les intérêts moratoires s'élèvent à [interest] ; s'y ajoute "
            "l'indemnité forfaitaire pour frais de recouvrement de [fixed] (Code de la "
            "commande publique, art. L2192-13, R2192-31 et D2192-35)."
        ),
        "en": (
            "To date, moratorium interest (intérêts moratoires) amounts to [interest], plus "
            "the fixed recovery indemnity of [fixed] (French Public Procurement Code, art. "
            "L2192-13, R2192-31 and D2192-35)."
        ),
    }
    notice_words = {  # noqa: RUF012 - read-only class data
        "fr": (
            "La présente lettre vaut mise en demeure de payer ; les intérêts moratoires "
            "courent de plein droit depuis l'échéance (Code de la commande publique, "
            "art. L2192-13)."
        ),
        "en": (
            "This letter is a formal demand for payment; moratorium interest runs by law "
            "from the due date (French Public Procurement Code, art. L2192-13)."
        ),
    }


France.debtor_rules = {"public_body": FrenchPublicBuyer}
"""A public buyer has rules of its own (Code de la commande publique)."""
