"""The default rules: the segments, their settings, and the classifier that applies them.

The default classifier applies ordered rules; the first that matches wins. Every
threshold is a field of :class:`SegmentationSettings`, which a policy carries and
which loads from TOML; the settings also name the classifier to run (these rules, a
plugin, or a host's own :class:`Classifier`).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dunningkit._support._plugins import load_plugin
from dunningkit.errors import PluginError
from dunningkit.model._customer import CompanySize, Customer, CustomerKind
from dunningkit.model._types import MODEL_CONFIG, CachedModel, trusted
from dunningkit.segmentation._profile import PayerProfile

__all__ = [
    "DEFAULT_AT_RISK_TAGS",
    "DEFAULT_RULES",
    "Classification",
    "Classifier",
    "Rule",
    "RulesClassifier",
    "Segment",
    "SegmentationSettings",
    "threshold_tests",
]


class Segment(StrEnum):
    """The default segments. Custom classifiers may return other segment ids."""

    KEY_ACCOUNT = "key_account"
    PUBLIC_BODY = "public_body"
    NEW = "new"
    GOOD_PAYER = "good_payer"
    OCCASIONAL_LATE = "occasional_late"
    BAD_PAYER = "bad_payer"
    AT_RISK = "at_risk"


class Rule(StrEnum):
    """The rules of the default classifier; their order is a setting."""

    MANUAL = "manual"
    AT_RISK = "at_risk"
    PUBLIC_BODY = "public_body"
    KEY_ACCOUNT_SIZE = "key_account_size"
    NEW = "new"
    KEY_ACCOUNT_WEIGHT = "key_account_weight"
    PAYMENT_BEHAVIOUR = "payment_behaviour"


DEFAULT_RULES = tuple(Rule)

DEFAULT_AT_RISK_TAGS = (
    "at_risk",
    "financial_difficulty",
    "insolvency",
    "insolvency_proceedings",
    "liquidation judiciaire",
    "procédure de sauvegarde",
    "redressement judiciaire",
)


class Classification(BaseModel):
    """The segment of a customer, why, and the figures it was decided on."""

    model_config = MODEL_CONFIG

    customer_id: str
    segment: str
    reasons: tuple[str, ...]
    profile: PayerProfile
    rule: str = Field(description="the rule (or classifier) that decided")


@runtime_checkable
class Classifier(Protocol):
    """A host's own segmentation logic (an external credit score, a CRM flag...).

    Return a :class:`Classification` to decide, or ``None`` to leave the customer to
    the default rules.
    """

    def classify(
        self, customer: Customer, profile: PayerProfile, settings: SegmentationSettings
    ) -> Classification | None:
        """Decide the segment of ``customer``, or return ``None``."""
        ...


class SegmentationSettings(CachedModel):
    """Thresholds and order of the default rules; loads from a policy's ``[segmentation]``.

    Attributes:
        rules: the rules in the order they are tried; the first that matches wins.
        classifier: ``"rules"`` (the default rules), the name of a classifier plugin,
            or a :class:`Classifier` object set from code.
        at_risk_tags: customer tags that signal financial difficulty (any case).
        at_risk_broken_promises: broken promises in 12 months that make a customer at risk.
        at_risk_worsening_days: rise of the average lateness over the last 90 days,
            against the 9 months before, that signals difficulty...
        at_risk_recent_days_late: ...provided the recent average is at least this.
        key_account_sizes: company sizes that make a key account.
        new_customer_days: a customer for fewer days than this is new...
        new_customer_min_invoices: ...and so is one with fewer invoices due in 12 months.
        key_account_min_revenue_share: share of the revenue over 12 months, in the
            reference currency, that makes a key account (0.10 is 10 %).
        reference_currency: currency in which revenue shares are measured; None uses
            the one most of the book's invoices are issued in.
        bad_payer_min_average_days_late: average days late from which a customer is a
            bad payer...
        bad_payer_max_on_time_ratio: ...or the on-time ratio at or below which it is.
        good_payer_min_on_time_ratio: a good payer pays at least this share on time...
        good_payer_max_average_days_late: ...and is late by at most this on average.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    rules: tuple[Rule, ...] = DEFAULT_RULES
    classifier: str | Any = "rules"
    at_risk_tags: tuple[str, ...] = DEFAULT_AT_RISK_TAGS
    at_risk_broken_promises: int = Field(default=1, ge=1)
    at_risk_worsening_days: float = Field(default=20.0, gt=0)
    at_risk_recent_days_late: float = Field(default=30.0, ge=0)
    key_account_sizes: tuple[CompanySize, ...] = (CompanySize.LARGE,)
    new_customer_days: int = Field(default=183, ge=0)
    new_customer_min_invoices: int = Field(default=3, ge=0)
    key_account_min_revenue_share: float = Field(default=0.10, gt=0, le=1)
    reference_currency: str | None = None
    bad_payer_min_average_days_late: float = Field(default=15.0, gt=0)
    bad_payer_max_on_time_ratio: float = Field(default=0.3, ge=0, le=1)
    good_payer_min_on_time_ratio: float = Field(default=0.9, ge=0, le=1)
    good_payer_max_average_days_late: float = Field(default=3.0, ge=0)

    @field_validator("classifier")
    @classmethod
    def _classifier_shape(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value:
                raise ValueError("name a classifier ('rules' or a plugin's name)")
            return value
        if not isinstance(value, Classifier):
            raise ValueError(  # noqa: TRY004 - pydantic reports ValueError with the key
                f"{type(value).__name__} is not a Classifier (it needs a classify() method)"
            )
        return value

    @field_validator("rules")
    @classmethod
    def _rules_once(cls, value: tuple[Rule, ...]) -> tuple[Rule, ...]:
        if len(set(value)) != len(value):
            raise ValueError("each rule may appear once")
        return value

    @cached_property
    def at_risk_signals(self) -> frozenset[str]:
        """``at_risk_tags`` case-folded, as the at-risk rule compares them (worked out once)."""
        return frozenset(tag.casefold() for tag in self.at_risk_tags)

    def resolve_classifier(self) -> Classifier:
        """The classifier to run: the rules, a plugin (loaded now), or the object given."""
        if not isinstance(self.classifier, str):
            return self.classifier  # type: ignore[no-any-return]
        if self.classifier == "rules":
            return RulesClassifier()
        loaded = load_plugin("dunningkit.classifiers", self.classifier)
        instance = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(instance, Classifier):
            raise PluginError(
                f"classifier plugin {self.classifier!r} gave a {type(instance).__name__}, "
                "which has no classify() method"
            )
        return instance


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %"


def _days(value: float) -> str:
    return f"{value:.1f}"


class RulesClassifier:
    """The default, ordered rules. See :class:`SegmentationSettings` for thresholds."""

    def classify(
        self, customer: Customer, profile: PayerProfile, settings: SegmentationSettings
    ) -> Classification:
        """Try each rule in order; the payment-behaviour rule decides when none did."""
        decided: tuple[Rule, tuple[str, list[str]]] | None = None
        for rule in settings.rules:
            found = _RULES[rule](customer, profile, settings)
            if found is not None:
                decided = rule, found
                break
        rule, (segment, reasons) = decided or (
            Rule.PAYMENT_BEHAVIOUR,
            _payment_behaviour(customer, profile, settings),
        )
        return trusted(
            Classification,
            customer_id=customer.id,
            segment=segment,
            reasons=tuple(reasons),
            profile=profile,
            rule=str(rule),
        )


Decision = tuple[str, list[str]] | None


def _manual(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    del profile, s
    if customer.segment is None:
        return None
    return customer.segment, [f"segment set by hand on the customer record: {customer.segment}"]


def _at_risk(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    reasons = []
    signals = s.at_risk_signals
    reasons += [
        f"tagged '{tag}', a sign of financial difficulty"
        for tag in customer.tags
        if tag.casefold() in signals
    ]
    if profile.broken_promises_12m >= s.at_risk_broken_promises:
        n = profile.broken_promises_12m
        reasons.append(
            f"{n} broken payment promise{'s' if n > 1 else ''} in the last 12 months "
            f"(threshold {s.at_risk_broken_promises})"
        )
    recent, earlier = profile.recent_average_days_late, profile.earlier_average_days_late
    if (
        recent is not None
        and earlier is not None
        and recent >= s.at_risk_recent_days_late
        and recent - earlier >= s.at_risk_worsening_days
    ):
        reasons.append(
            f"lateness worsening sharply: {_days(recent)} days late on average over the last "
            f"90 days against {_days(earlier)} before "
            f"(threshold +{_days(s.at_risk_worsening_days)})"
        )
    return (Segment.AT_RISK.value, reasons) if reasons else None


def _public_body(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    del profile, s
    if customer.kind is not CustomerKind.PUBLIC_BODY:
        return None
    return Segment.PUBLIC_BODY.value, ["public body: long, formal invoice circuit"]


def _key_size(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    del profile
    if customer.size is None or customer.size not in s.key_account_sizes:
        return None
    return Segment.KEY_ACCOUNT.value, [f"company size {customer.size.value}"]


def _new(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    del customer
    reasons = []
    if profile.seniority_days is None or profile.seniority_days < s.new_customer_days:
        known = (
            "no start date and no invoice yet"
            if profile.seniority_days is None
            else f"customer for {profile.seniority_days} days"
        )
        reasons.append(f"{known} (new below {s.new_customer_days} days)")
    if profile.invoices_due_12m < s.new_customer_min_invoices:
        n = profile.invoices_due_12m
        reasons.append(
            f"only {n} invoice{'s' if n != 1 else ''} due in the last 12 months "
            f"(fewer than {s.new_customer_min_invoices} is too little history)"
        )
    return (Segment.NEW.value, reasons) if reasons else None


def _key_weight(customer: Customer, profile: PayerProfile, s: SegmentationSettings) -> Decision:
    del customer
    if profile.revenue_share < s.key_account_min_revenue_share:
        return None
    return Segment.KEY_ACCOUNT.value, [
        (
            f"{_pct(profile.revenue_share)} of the revenue of the last 12 months "
            f"(threshold {_pct(s.key_account_min_revenue_share)})"
        )
    ]


def _payment_behaviour(
    customer: Customer, profile: PayerProfile, s: SegmentationSettings
) -> tuple[str, list[str]]:
    del customer
    n = profile.invoices_due_12m
    ratio = profile.on_time_ratio
    average = profile.average_days_late
    over = f"over {n} invoice{'s' if n != 1 else ''} due in the last 12 months"
    on_time = (
        f"on time for {n - profile.late_invoices} of {n} invoices ({_pct(ratio)})"
        if ratio is not None
        else "no invoice due in the last 12 months"
    )
    if average >= s.bad_payer_min_average_days_late:
        return Segment.BAD_PAYER.value, [
            (
                f"average {_days(average)} days late {over} "
                f"(threshold {_days(s.bad_payer_min_average_days_late)})"
            ),
            f"at worst {profile.max_days_late} days late",
        ]
    if ratio is not None and ratio <= s.bad_payer_max_on_time_ratio:
        return Segment.BAD_PAYER.value, [
            f"{on_time}, at or below {_pct(s.bad_payer_max_on_time_ratio)}",
            f"average {_days(average)} days late",
        ]
    if (ratio is not None and ratio < s.good_payer_min_on_time_ratio) or (
        average > s.good_payer_max_average_days_late
    ):
        return Segment.OCCASIONAL_LATE.value, [
            f"{on_time} (good payers: at least {_pct(s.good_payer_min_on_time_ratio)})",
            (
                f"average {_days(average)} days late (good payers: at most "
                f"{_days(s.good_payer_max_average_days_late)}), at worst {profile.max_days_late}"
            ),
        ]
    return Segment.GOOD_PAYER.value, [
        f"{on_time}",
        f"average {_days(average)} days late {over}",
    ]


_RULES = {
    Rule.MANUAL: _manual,
    Rule.AT_RISK: _at_risk,
    Rule.PUBLIC_BODY: _public_body,
    Rule.KEY_ACCOUNT_SIZE: _key_size,
    Rule.NEW: _new,
    Rule.KEY_ACCOUNT_WEIGHT: _key_weight,
    Rule.PAYMENT_BEHAVIOUR: _payment_behaviour,
}


def threshold_tests(profile: PayerProfile, s: SegmentationSettings) -> tuple[bool, ...]:
    """The tests the default rules make on a profile, but the revenue share: the review
    dates compare them across days (:mod:`dunningkit.planning._review`), so a new
    test of a rule is added here too.

    Between two dates of the customer's calendar each is constant or monotone in the
    day (open overdue invoices get later by one day a day; nothing else moves), so
    equal answers on two days mean equal answers on every day between.
    """
    recent, earlier = profile.recent_average_days_late, profile.earlier_average_days_late
    seniority, ratio = profile.seniority_days, profile.on_time_ratio
    average = profile.average_days_late
    return (
        profile.broken_promises_12m >= s.at_risk_broken_promises,
        recent is not None and recent >= s.at_risk_recent_days_late,
        recent is not None and earlier is not None and recent - earlier >= s.at_risk_worsening_days,
        seniority is None or seniority < s.new_customer_days,
        profile.invoices_due_12m < s.new_customer_min_invoices,
        average >= s.bad_payer_min_average_days_late,
        average > s.good_payer_max_average_days_late,
        ratio is not None and ratio <= s.bad_payer_max_on_time_ratio,
        ratio is not None and ratio < s.good_payer_min_on_time_ratio,
    )
