"""Switzerland: Code des obligations / Obligationenrecht (OR).

References:
    * OR art. 104 (1): a debtor in default owes default interest of 5 % a year, even
      where the contract set a lower rate: 5 % is the floor of a contractual rate
      (:attr:`Switzerland.interest_floor`); OR art. 104 (2): a higher contractual
      rate may be claimed as default interest.
    * OR art. 102 (2): when a due date was agreed (a Verfalltag, an invoice's
      payment term), the debtor is in default once it has passed, without a
      reminder; without one, only from the creditor's reminder (OR 102 (1)).
    * No fixed recovery compensation: the EU Directive's 40 euros do not apply in
      Switzerland; collection costs are a damage to prove (OR 106); the debt
      enforcement's costs are borne by the debtor (SchKG art. 68 (1)).
    * Insolvency: SchKG art. 209 (1): with the opening of the bankruptcy, interest
      stops running against the debtor; the composition moratorium stops it on
      unsecured claims (SchKG art. 297). dunningkit counts interest up to the day
      before the opening.
    * Day count: OR 104 states a rate "per year" and no conventional year; periods
      are counted in calendar days (OR 77). dunningkit counts actual days over 365,
      the plain reading and the convention of every other jurisdiction here. A
      contract may agree another day count (some Swiss practice uses 360 days).

Limitation (Verjährung / prescription):
    * OR art. 127: ten years, unless federal civil law provides otherwise.
    * OR art. 128: five years for periodic payments, food and lodging, craftsmen's
      work, retail sales of goods and the professional services listed there; a
      policy says when its claims fall under it (``ch_limitation_years = 5``; the
      default is 10): :meth:`Switzerland.limitation_period` reads it.
    * OR art. 130: the period runs from the claim's due date.
    * OR art. 135 Ziff. 1: interrupted by the debtor's acknowledgement (interest or
      part payment, a promise, a pledge); art. 137: a new period starts.

Hand-over: a Swiss company is identified by its UID and commercial register entry,
not by an EU VAT number: the dossier does not ask for one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, runtime_checkable

from dunningkit.legal.jurisdictions._base import (
    DebtorIdentity,
    InterestFloor,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationPeriod,
    LimitationRule,
)

__all__ = ["SwissSettings", "Switzerland"]

_SHORT_YEARS = 5
"""OR art. 128's period; any other setting is OR art. 127's."""


@runtime_checkable
class SwissSettings(Protocol):
    """What the Swiss rules read of a policy: the period its claims fall under."""

    @property
    def ch_limitation_years(self) -> int: ...


class Switzerland(Jurisdiction):
    """5 % a year from the agreed due date (OR 104, 102 (2)); no fixed compensation."""

    code = "CH"
    name = "Switzerland"
    legal_basis = "OR art. 104 (default interest) and 102 (2) (default on an agreed due date)"
    statutory_rate = Decimal(5)
    margin_business = Decimal(5)
    margin_consumer = Decimal(5)  # OR 104 applies to every debtor, consumers included
    fixed_amount = Decimal(0)
    fixed_currency = "CHF"
    interest_floor = InterestFloor(
        text="5 % a year, even where the contract set less",
        basis="OR art. 104 (1)",
        statutory=True,
    )
    interest_stop = InterestStop(
        kinds=frozenset({"safeguard", "receivership", "liquidation"}),
        basis="SchKG art. 209 (1) (bankruptcy) and art. 297 (composition moratorium)",
    )
    costs_on_top = LegalRule(
        text="no statutory lump sum: collection costs are a damage to prove; the costs of "
        "debt enforcement are the debtor's",
        basis="OR art. 106; SchKG art. 68 (1)",
    )
    limitation = LimitationRule(
        years=10,
        basis="OR art. 127 and 130",
        restart_basis="OR art. 135 and 137",
    )
    mentions = {  # noqa: RUF012 - read-only class data
        "de": "Bei Zahlungsverzug schulden Sie Verzugszinsen von [rate] jährlich (Art. 104 OR).",
        "fr": (
            "En cas de retard de paiement, un intérêt moratoire de [rate] l'an est dû "
            "(art. 104 CO)."
        ),
        "en": "Late payment: default interest at [rate] a year is due (art. 104 Swiss CO).",
        "it": "In caso di ritardo nel pagamento sono dovuti interessi di mora del [rate] annuo "
        "(art. 104 CO).",
    }
    notice_words = {  # noqa: RUF012 - read-only class data
        "de": "Dieses Schreiben gilt als Mahnung im Sinne von Art. 102 Abs. 1 OR.",
        "fr": "La présente lettre vaut interpellation au sens de l'article 102 al. 1 CO.",
        "it": "La presente vale quale diffida ai sensi dell'art. 102 cpv. 1 CO.",
        "en": "This letter is a demand for payment within the meaning of art. 102(1) of the "
        "Swiss Code of Obligations.",
    }

    def fixed_compensation(
        self, amount: Decimal, currency: str, *, consumer: bool, notes: list[str]
    ) -> Decimal:
        """None in Switzerland: collection costs are a damage to prove (OR 106)."""
        del amount, currency, consumer, notes
        return Decimal(0)

    def limitation_period(
        self, *, consumer: bool, settings: object | None = None
    ) -> LimitationPeriod:
        """10 years (OR 127), or 5 (OR 128) when the settings say so; consumers alike."""
        regular = super().limitation_period(consumer=consumer)
        if not isinstance(settings, SwissSettings):
            return regular
        years = settings.ch_limitation_years
        if years == _SHORT_YEARS:
            return LimitationPeriod(years, "OR art. 128 and 130")
        return LimitationPeriod(years, regular.basis)

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """Nothing beyond the address: no EU VAT number for a Swiss claim."""
        del debtor
        return ()
