"""Plugins: named extensions found through entry points, loaded only when asked for.

No third-party code runs unless a policy names it. Groups:
``dunningkit.scenarios``, ``dunningkit.classifiers``, ``dunningkit.templates``,
``dunningkit.jurisdictions``, ``dunningkit.calendars``. Set the environment
variable ``DUNNINGKIT_NO_PLUGINS=1`` to refuse every plugin (built-ins still work).
"""

from __future__ import annotations

import os
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from dunningkit.errors import PluginError

__all__ = ["GROUPS", "available_plugins", "load_plugin"]

GROUPS = (
    "dunningkit.scenarios",
    "dunningkit.classifiers",
    "dunningkit.templates",
    "dunningkit.jurisdictions",
    "dunningkit.calendars",
)


def _entry_points(group: str) -> dict[str, EntryPoint]:
    if group not in GROUPS:
        raise PluginError(f"unknown plugin group {group!r}; expected one of {', '.join(GROUPS)}")
    found: dict[str, EntryPoint] = {}
    for point in sorted(entry_points(group=group), key=lambda p: (p.name, p.value)):
        found.setdefault(point.name, point)
    return found


def available_plugins(group: str) -> list[str]:
    """Names of the installed plugins of a group (nothing is imported)."""
    return sorted(_entry_points(group))


def load_plugin(group: str, name: str) -> Any:
    """Import the plugin ``name`` of ``group`` and return the object it points to."""
    if os.environ.get("DUNNINGKIT_NO_PLUGINS"):
        raise PluginError(f"plugin {name!r} ({group}) refused: DUNNINGKIT_NO_PLUGINS is set")
    point = _entry_points(group).get(name)
    if point is None:
        known = ", ".join(available_plugins(group)) or "none installed"
        raise PluginError(f"no plugin named {name!r} in {group} (installed: {known})")
    package = point.dist.name if point.dist is not None else "an unknown package"
    try:
        return point.load()
    except Exception as error:
        raise PluginError(
            f"plugin {name!r} ({group}) from {package} failed to load: "
            f"{type(error).__name__}: {error}"
        ) from error
