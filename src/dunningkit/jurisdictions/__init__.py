"""Public path ``dunningkit.jurisdictions``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions``.
"""

from dunningkit.legal.jurisdictions import (
    BUILTIN,
    DIRECTIVE_COUNTRIES,
    EuropeanUnion,
    France,
    Germany,
    Jurisdiction,
    LimitationRule,
    Switzerland,
    UnitedKingdom,
    resolve,
    rules_for,
)

__all__ = [
    "BUILTIN",
    "DIRECTIVE_COUNTRIES",
    "EuropeanUnion",
    "France",
    "Germany",
    "Jurisdiction",
    "LimitationRule",
    "Switzerland",
    "UnitedKingdom",
    "resolve",
    "rules_for",
]
