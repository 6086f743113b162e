"""The one door for optional extras: each is imported here, and a missing one says
which extra to install, in the same words everywhere.

The core depends on pydantic, python-dateutil, babel and holidays only. Everything
else is an extra named in ``pyproject.toml``; a module that needs one calls
:func:`require` where the extra is first needed, never at import time of the core.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from dunningkit.errors import MissingExtraError

__all__ = ["EXTRAS", "available", "require"]

EXTRAS: dict[str, str] = {
    "dask": "dask",
    "defusedxml": "einvoicing",
    "distributed": "dask",
    "jinja2": "report",
    "pandas": "backtest",
    "pyarrow": "parquet",
    "pypdf": "einvoicing",
    "pyarrow.parquet": "parquet",
    "rich": "cli",
}
"""Importable module -> the extra of ``pydunning`` that installs it."""


def require(module: str, what: str) -> ModuleType:
    """Import an optional module, or raise :class:`MissingExtraError` naming the extra.

    Args:
        module: the module to import (a key of :data:`EXTRAS`, or a submodule of one).
        what: what needs it, as the message starts (``"the collections report"``).
    """
    extra = EXTRAS.get(module) or EXTRAS[module.split(".", maxsplit=1)[0]]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{what} needs the '{extra}' extra: from a clone, pip install -e '.[{extra}]' "
            f"(once published: pip install 'pydunning[{extra}]')",
            extra=extra,
        ) from None


def available(module: str) -> bool:
    """Whether an optional module can be imported (no error, no message)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
