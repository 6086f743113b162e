"""The payer profile and the classifier that puts customers into segments."""

from dunningkit.segmentation._classifier import classify, classify_portfolio
from dunningkit.segmentation._profile import PayerProfile, payer_profile, payer_profiles
from dunningkit.segmentation._rules import (
    Classification,
    Classifier,
    Rule,
    RulesClassifier,
    Segment,
    SegmentationSettings,
)

__all__ = [
    "Classification",
    "Classifier",
    "PayerProfile",
    "Rule",
    "RulesClassifier",
    "Segment",
    "SegmentationSettings",
    "classify",
    "classify_portfolio",
    "payer_profile",
    "payer_profiles",
]
