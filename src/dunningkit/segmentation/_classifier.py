"""Segmentation: sort customers into typologies, with the reasons that decided.

A customer's segment is decided on its payer profile
(:mod:`dunningkit.segmentation._profile`): a segment set by hand always wins; else the
classifier the settings name decides, and the default rules
(:mod:`dunningkit.segmentation._rules`) decide whatever it leaves.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from dunningkit.book._portfolio import Portfolio, ledger_of
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS
from dunningkit.book._revenue import book_revenue
from dunningkit.errors import PolicyError
from dunningkit.model._customer import Customer
from dunningkit.segmentation._profile import PayerProfile, customer_facts, profile_of
from dunningkit.segmentation._rules import (
    Classification,
    Classifier,
    Rule,
    RulesClassifier,
    SegmentationSettings,
)

__all__ = ["SegmentationPolicy", "classify", "classify_portfolio", "decide"]


class SegmentationPolicy(Protocol):
    """What classification reads of a policy (a :class:`~dunningkit.Policy` has both)."""

    @property
    def segmentation(self) -> SegmentationSettings:
        """The segmentation settings."""
        ...

    @property
    def promise_grace_days(self) -> int:
        """Days after a promise's pay-by date before it counts as broken."""
        ...


def _settings_and_grace(policy: SegmentationPolicy | None) -> tuple[SegmentationSettings, int]:
    if policy is None:
        return SegmentationSettings(), DEFAULT_PROMISE_GRACE_DAYS
    return policy.segmentation, policy.promise_grace_days


def decide(
    classifier: Classifier,
    fallback: RulesClassifier,
    customer: Customer,
    profile: PayerProfile,
    settings: SegmentationSettings,
) -> Classification:
    """The segment of ``customer``: set by hand, else the ``classifier``'s, else the
    ``fallback`` rules' (when the classifier leaves the customer to them)."""
    # The manual segment always wins, whatever classifier the policy names.
    if customer.segment is not None:
        return fallback.classify(
            customer, profile, settings.model_copy(update={"rules": (Rule.MANUAL,)})
        )
    decided = classifier.classify(customer, profile, settings)
    if decided is None:
        return fallback.classify(customer, profile, settings)
    if not isinstance(decided, Classification):
        raise PolicyError(
            f"classifier {type(classifier).__name__} returned a {type(decided).__name__}, "
            "not a Classification",
            key="segmentation.classifier",
        )
    return decided


def classify_portfolio(
    portfolio: Portfolio, today: date, policy: SegmentationPolicy | None = None
) -> dict[str, Classification]:
    """Classify every customer in one pass over the book (linear in its records).

    Returns a mapping customer id -> :class:`Classification`, in the portfolio's
    customer order.
    """
    settings, grace = _settings_and_grace(policy)
    classifier = settings.resolve_classifier()
    fallback = RulesClassifier()
    ledger = ledger_of(portfolio)
    revenue = book_revenue(ledger, today, settings.reference_currency)
    found = {}
    for customer in portfolio.customers:
        entry = ledger.by_id[customer.id]
        profile = profile_of(entry, customer_facts(entry, today), today, revenue, grace)
        found[customer.id] = decide(classifier, fallback, customer, profile, settings)
    return found


def classify(
    customer: Customer | str,
    portfolio: Portfolio,
    today: date,
    policy: SegmentationPolicy | None = None,
) -> Classification:
    """The segment of one customer on ``today``, with its reasons and profile."""
    customer_id = customer if isinstance(customer, str) else customer.id
    record = portfolio.customer(customer_id)
    settings, grace = _settings_and_grace(policy)
    ledger = ledger_of(portfolio)
    revenue = book_revenue(ledger, today, settings.reference_currency)
    entry = ledger.by_id[customer_id]
    profile = profile_of(entry, customer_facts(entry, today), today, revenue, grace)
    return decide(settings.resolve_classifier(), RulesClassifier(), record, profile, settings)
