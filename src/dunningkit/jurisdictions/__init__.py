"""Public path ``dunningkit.jurisdictions``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions``.
"""

from dunningkit.legal.jurisdictions import (
    BUILTIN,
    DIRECTIVE_COUNTRIES,
    DebtorIdentity,
    EuropeanUnion,
    France,
    FrenchPublicBuyer,
    Germany,
    InterestFloor,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationPeriod,
    LimitationRule,
    Switzerland,
    UnitedKingdom,
    resolve,
    rules_for,
    vat_number_missing,
)

__all__ = [
    "BUILTIN",
    "DIRECTIVE_COUNTRIES",
    "DebtorIdentity",
    "EuropeanUnion",
    "France",
    "FrenchPublicBuyer",
    "Germany",
    "InterestFloor",
    "InterestStop",
    "Jurisdiction",
    "LegalRule",
    "LimitationPeriod",
    "LimitationRule",
    "Switzerland",
    "UnitedKingdom",
    "resolve",
    "rules_for",
    "vat_number_missing",
]
