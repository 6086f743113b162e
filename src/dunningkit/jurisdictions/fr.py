"""Public path ``dunningkit.jurisdictions.fr``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions.fr``.
"""

from dunningkit.legal.jurisdictions.fr import (
    France,
    FrenchPublicBuyer,
)

__all__ = [
    "France",
    "FrenchPublicBuyer",
]
