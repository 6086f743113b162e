"""What a jurisdiction's rules say, as data and small hooks.

Three sets of rules live here: late-payment charges (interest and fixed
compensation), the limitation period of a claim (how long a creditor may still
start proceedings), and what a hand-over dossier must hold to identify the debtor.
Each country's module sets the data and overrides the hooks its statutes need; the
code that computes charges, limitation dates and dossiers asks these hooks and never
tests a country's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar, Literal, Protocol

from dunningkit.errors import JurisdictionError
from dunningkit.legal._rates import RateTable, builtin_rate_table, half_year_start

__all__ = [
    "DebtorIdentity",
    "InterestFloor",
    "InterestStop",
    "Jurisdiction",
    "LegalRule",
    "LimitationPeriod",
    "LimitationRule",
    "vat_number_missing",
]


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


@dataclass(frozen=True, slots=True)
class LegalRule:
    """A rule of law in a sentence a credit manager reads, and the texts that set it."""

    text: str
    basis: str


@dataclass(frozen=True, slots=True)
class InterestFloor:
    """The least interest a contract may set: below it, the floor applies.

    Attributes:
        text: the rule in a sentence.
        basis: the texts that set it.
        multiple: the floor is this multiple of a published rate (France: three
            times the legal interest rate)...
        table_name: ...read from this rate table, the rate in force on the first day
            of each half-year.
        statutory: ...or the statutory rate itself (a contract may set more, never
            less: Switzerland, French public buyers).
    """

    text: str
    basis: str
    multiple: Decimal | None = None
    table_name: str = ""
    statutory: bool = False


@dataclass(frozen=True, slots=True)
class InterestStop:
    """Insolvency proceedings stop the interest on claims born before their opening.

    Attributes:
        kinds: the kinds of proceedings that stop it (``ProceedingsKind`` values).
        basis: the texts that say so.
        through_opening_day: the opening day still bears interest (the United
            Kingdom's proof counts interest up to the relevant date); otherwise the
            last day of interest is the day before the opening.
    """

    kinds: frozenset[str]
    basis: str
    through_opening_day: bool = False

    def last_day(self, opened_on: date) -> date:
        """The last day that bears interest under proceedings opened on ``opened_on``."""
        return opened_on if self.through_opening_day else opened_on - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class LimitationPeriod:
    """The period that applies to one claim: its length and the statutes that set it."""

    years: int
    basis: str


class DebtorIdentity(Protocol):
    """What the dossier hook reads of a debtor (a ``DossierParty`` or a ``Customer``)."""

    @property
    def country(self) -> str | None: ...

    @property
    def siren(self) -> str | None: ...

    @property
    def siret(self) -> str | None: ...

    @property
    def vat_number(self) -> str | None: ...

    @property
    def company_register(self) -> str | None: ...


def vat_number_missing(debtor: DebtorIdentity) -> tuple[str, ...]:
    """The identifier asked of a company debtor unless a jurisdiction says otherwise."""
    return () if debtor.vat_number else ("debtor's VAT number",)


class Jurisdiction:
    """Late-payment, limitation and hand-over rules of one jurisdiction.

    Subclasses set the class attributes; most need no code. ``reference_day`` says
    which day's rate applies to a half-year: its first day (``"start"``) or the day
    before it (``"eve"``, the United Kingdom's 31 December / 30 June).

    Rules that are data carry their source with them: :attr:`rate_fixed_for_debt`
    (one half-year's rate for the life of the debt), :attr:`interest_floor` (the least
    a contract may set), :attr:`interest_stop` (insolvency proceedings stop interest),
    :attr:`costs_on_top` (what may be charged beyond the fixed compensation); a kind of
    debtor with rules of its own is in :attr:`debtor_rules` (:meth:`for_debtor`).

    The hooks a country overrides when its statutes need more than data:
    :meth:`fixed_compensation`, :meth:`limitation_period` (the length may depend on
    the creditor's settings, as Switzerland's does), :meth:`limitation_notes` and
    :meth:`dossier_requirements`. A plugin (entry-point group
    ``dunningkit.jurisdictions``) overrides the same hooks.
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
    rate_fixed_for_debt: ClassVar[LegalRule | None] = None
    """Set when the rate of one half-year holds for the life of the debt (the United
    Kingdom, French public buyers), with its source; ``None``: each half-year of
    interest takes its own reference rate."""
    rate_fixed_from: ClassVar[Literal["due_date", "first_day_late"]] = "due_date"
    """With :attr:`rate_fixed_for_debt`, the day whose half-year fixes the rate: the
    day the debt fell due, or the first day interest runs (the day after it)."""
    interest_floor: ClassVar[InterestFloor | None] = None
    """The least interest a contract may set (``None``: the law sets no figure)."""
    interest_stop: ClassVar[InterestStop | None] = None
    """Whether insolvency proceedings stop interest on earlier claims (``None``: the
    rules here do not; the law of the proceedings may)."""
    costs_on_top: ClassVar[LegalRule | None] = None
    """What a creditor may charge on top of the statutory compensation (fees,
    collection costs), and on which basis."""
    debtor_kind: ClassVar[str] = ""
    """The kind of debtor these rules are for, when the law has rules of their own
    for it (``public_body``); empty for the general rules."""
    debtor_rules: ClassVar[dict[str, type[Jurisdiction]]] = {}
    """Rules of their own by kind of debtor (France: ``public_body``)."""
    fixed_amount: ClassVar[Decimal] = Decimal(40)
    fixed_currency: ClassVar[str] = "EUR"
    mentions: ClassVar[dict[str, str]] = {
        "en": "Late payment: statutory interest at [rate] a year and a fixed compensation "
        "for recovery costs of [fixed] per invoice are due.",
        "fr": "En cas de retard de paiement, des pénalités au taux de [rate] l'an et une "
        "indemnité forfaitaire pour frais de recouvrement de [fixed] par facture sont dues.",
        "de": "Bei Zahlungsverzug sind Verzugszinsen von [rate] jährlich sowie eine Pauschale "
        "für Beitreibungskosten von [fixed] je Rechnung geschuldet.",
        "es": "En caso de demora en el pago, se devengan intereses de demora al [rate] anual y "
        "una indemnización por costes de cobro de [fixed] por factura.",
        "it": "In caso di ritardato pagamento sono dovuti interessi di mora al tasso annuo del "
        "[rate] e un importo forfettario per i costi di recupero di [fixed] per fattura.",
        "nl": "Bij te late betaling zijn wettelijke handelsrente van [rate] per jaar en een "
        "vergoeding voor invorderingskosten van [fixed] per factuur verschuldigd.",
    }
    """The late-payment mentions of a reminder, by language; [rate] and [fixed] are
    filled in. A country's own mentions replace these in the languages it writes."""
    contract_mentions: ClassVar[dict[str, str]] = {
        "en": "Late payment: interest at the contractual rate of [rate] a year is due.",
        "fr": "En cas de retard de paiement, des pénalités au taux contractuel de [rate] l'an "
        "sont dues.",
        "de": "Bei Zahlungsverzug sind Verzugszinsen zum vertraglich vereinbarten Satz von "
        "[rate] jährlich geschuldet.",
        "es": "En caso de demora en el pago, se devengan intereses de demora al tipo "
        "contractual del [rate] anual.",
        "it": "In caso di ritardato pagamento sono dovuti interessi di mora al tasso "
        "contrattuale annuo del [rate].",
        "nl": "Bij te late betaling is rente tegen het contractuele tarief van [rate] per jaar "
        "verschuldigd.",
    }
    """The mention when a contract sets the rate (the statute's wording would cite its
    own rate), by language; [rate] is filled in; :attr:`fixed_words` follows it."""
    fixed_words: ClassVar[dict[str, str]] = {
        "en": "A fixed compensation for recovery costs of [fixed] per invoice is also due.",
        "fr": "Une indemnité forfaitaire pour frais de recouvrement de [fixed] par facture "
        "est également due.",
        "de": "Zudem ist eine Pauschale für Beitreibungskosten von [fixed] je Rechnung geschuldet.",
        "es": "Se devenga además una indemnización por costes de cobro de [fixed] por factura.",
        "it": "È inoltre dovuto un importo forfettario per i costi di recupero di [fixed] per "
        "fattura.",
        "nl": "Daarnaast is een vergoeding voor invorderingskosten van [fixed] per factuur "
        "verschuldigd.",
    }
    """The statutory fixed compensation after a contract's mention, by language."""
    charge_words: ClassVar[dict[str, str]] = {
        "en": "To date, late-payment interest amounts to [interest], plus a fixed "
        "compensation for recovery costs of [fixed].",
        "fr": "À ce jour, les intérêts de retard s'élèvent à [interest] ; s'y ajoute une "
        "indemnité forfaitaire pour frais de recouvrement de [fixed].",
        "de": "Bis heute belaufen sich die Verzugszinsen auf [interest]; hinzu kommt eine "
        "Pauschale für Beitreibungskosten von [fixed].",
        "es": "A día de hoy, los intereses de demora ascienden a [interest], a los que se "
        "añade una indemnización por costes de cobro de [fixed].",
        "it": "Ad oggi gli interessi di mora ammontano a [interest], cui si aggiunge un "
        "importo forfettario per i costi di recupero di [fixed].",
        "nl": "Tot op heden bedraagt de handelsrente [interest]; daarbij komt een vergoeding "
        "voor invorderingskosten van [fixed].",
    }
    """The late charges owed to date, interest and fixed compensation named apart, by
    language; [interest] and [fixed] are filled in."""
    interest_words: ClassVar[dict[str, str]] = {
        "en": "To date, late-payment interest amounts to [interest].",
        "fr": "À ce jour, les intérêts de retard s'élèvent à [interest].",
        "de": "Bis heute belaufen sich die Verzugszinsen auf [interest].",
        "es": "A día de hoy, los intereses de demora ascienden a [interest].",
        "it": "Ad oggi gli interessi di mora ammontano a [interest].",
        "nl": "Tot op heden bedraagt de handelsrente [interest].",
    }
    """The same, where the law grants no fixed compensation."""
    notice_words: ClassVar[dict[str, str]] = {
        "en": "This letter is a formal demand for payment.",
        "fr": "La présente lettre vaut mise en demeure de payer.",
        "de": "Dieses Schreiben ist eine förmliche Zahlungsaufforderung.",
        "es": "La presente constituye un requerimiento formal de pago.",
        "it": "La presente costituisce formale diffida ad adempiere.",
        "nl": "Deze brief geldt als ingebrekestelling.",
    }
    """What a formal notice must say under the law, by language."""
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

    def rate_half_year(self, half_year: date, due: date) -> date:
        """The half-year whose reference rate applies to a period of ``half_year`` of a
        debt due on ``due``: the period's own, or the one that fixed the debt's rate."""
        if self.rate_fixed_for_debt is None:
            return half_year
        first_day = due if self.rate_fixed_from == "due_date" else due + timedelta(days=1)
        return half_year_start(first_day)

    @property
    def rules_id(self) -> str:
        """The code, with the kind of debtor for rules of their own (``FR/public_body``)."""
        return f"{self.code}/{self.debtor_kind}" if self.debtor_kind else self.code

    def for_debtor(self, kind: str) -> Jurisdiction:
        """The rules for a debtor of ``kind`` (a ``CustomerKind`` value): these, or the
        rules of its own the law has for it (:attr:`debtor_rules`)."""
        own = self.debtor_rules.get(str(kind))
        return self if own is None else _instance(own)

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

    def limitation_period(
        self, *, consumer: bool, settings: object | None = None
    ) -> LimitationPeriod:
        """The limitation period of a claim, from :attr:`limitation`.

        ``settings`` is the creditor's policy (or any object) when one is given: a
        jurisdiction reads the settings it defines there (Switzerland:
        ``ch_limitation_years``); the default reads none. With a consumer debtor,
        the consumer period and basis apply when the rules have them.

        Raises:
            JurisdictionError: the rules hold no limitation period.
        """
        del settings
        rule = self.limitation
        if rule is None:
            raise JurisdictionError(f"the {self.code} rules hold no limitation period")
        years = rule.consumer_years if consumer and rule.consumer_years is not None else rule.years
        basis = rule.consumer_basis if consumer and rule.consumer_basis else rule.basis
        return LimitationPeriod(years, basis)

    def limitation_notes(self) -> tuple[str, ...]:
        """What every limitation answer under these rules must tell its reader."""
        return ()

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        """What a court or agency here asks to identify a company debtor, and it lacks.

        One entry of the dossier's ``missing`` list each, in order. The default asks
        for the debtor's VAT number.
        """
        return vat_number_missing(debtor)


_DEBTOR_RULES: dict[type[Jurisdiction], Jurisdiction] = {}


def _instance(rules: type[Jurisdiction]) -> Jurisdiction:
    # The rules are stateless: one instance per class serves every call.
    found = _DEBTOR_RULES.get(rules)
    if found is None:
        found = _DEBTOR_RULES[rules] = rules()
    return found
