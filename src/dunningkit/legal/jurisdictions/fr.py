"""France: Code de commerce, article L441-10.

References:
    * Code de commerce, art. L441-10 II: late-payment penalties at the rate of the
      European Central Bank's most recent refinancing operation plus 10 percentage
      points; "le taux applicable pendant le premier semestre de l'année concernée est
      le taux en vigueur au 1er janvier de l'année en question. Pour le second
      semestre de l'année concernée, il est le taux en vigueur au 1er juillet".
    * Code de commerce, art. D441-5: fixed recovery indemnity of 40 euros per invoice.
    * Rates: Banque de France, "Taux de référence BCE" (published each half-year).

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
    Jurisdiction,
    LimitationRule,
    vat_number_missing,
)

__all__ = ["France"]


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

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """A French company's SIREN (or SIRET), then its VAT number."""
        missing: tuple[str, ...] = ()
        if debtor.country == self.code and not (debtor.siren or debtor.siret):
            missing = ("debtor's SIREN (the court identifies a French company by it)",)
        return (*missing, *vat_number_missing(debtor))
