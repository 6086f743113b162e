"""Reading JSON text exactly: the one parser the portfolio and the loaders share.

Its own module so that the portfolio (``Portfolio.model_validate_json``) and the
loaders both import it, and neither has to import the other.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from dunningkit.errors import LoaderError

__all__ = ["loads_json"]


def loads_json(data: str | bytes | bytearray) -> Any:
    """Parse JSON text, reading numbers with decimals as exact ``Decimal``."""
    try:
        return json.loads(data, parse_float=Decimal)
    except ValueError as error:
        raise LoaderError(f"not valid JSON: {error}") from None
