"""Public path ``dunningkit.jurisdictions.eu``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions.eu``.
"""

from dunningkit.legal.jurisdictions.eu import (
    EuropeanUnion,
)

__all__ = [
    "EuropeanUnion",
]
