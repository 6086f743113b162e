"""Public path ``dunningkit.jurisdictions.ch``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions.ch``.
"""

from dunningkit.legal.jurisdictions.ch import (
    Switzerland,
)

__all__ = [
    "Switzerland",
]
