"""Public path ``dunningkit.jurisdictions.de``, kept for callers.

The code lives in ``dunningkit.legal.jurisdictions.de``.
"""

from dunningkit.legal.jurisdictions.de import (
    Germany,
)

__all__ = [
    "Germany",
]
