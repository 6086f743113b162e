"""Public path ``dunningkit.jurisdictions.gb``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions.gb``.
"""

from dunningkit.legal.jurisdictions.gb import (
    UnitedKingdom,
)

__all__ = [
    "UnitedKingdom",
]
