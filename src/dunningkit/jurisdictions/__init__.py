"""Late-payment rules, one module per jurisdiction, rules as data beside their sources.

Built in: ``FR`` (France), ``EU`` (the Directive, the default), ``DE`` (Germany),
``GB`` (United Kingdom; ``UK`` is read as ``GB``). Others come as plugins in the
``dunningkit.jurisdictions`` entry-point group, loaded only when named.
"""

from __future__ import annotations

from dunningkit.jurisdictions._base import Jurisdiction
from dunningkit.jurisdictions.de import Germany
from dunningkit.jurisdictions.eu import EuropeanUnion
from dunningkit.jurisdictions.fr import France
from dunningkit.jurisdictions.gb import UnitedKingdom

__all__ = [
    "BUILTIN",
    "EuropeanUnion",
    "France",
    "Germany",
    "Jurisdiction",
    "UnitedKingdom",
    "resolve",
]

BUILTIN: dict[str, type[Jurisdiction]] = {
    "DE": Germany,
    "EU": EuropeanUnion,
    "FR": France,
    "GB": UnitedKingdom,
}
_ALIASES = {"UK": "GB"}


def resolve(code: str | None, customer_country: str | None = None) -> Jurisdiction:
    """The rules for ``code``; without one, the customer's country if known, else ``EU``."""
    from dunningkit._plugins import available_plugins, load_plugin  # noqa: PLC0415
    from dunningkit.errors import PluginError  # noqa: PLC0415

    if code is None:
        country = _ALIASES.get(customer_country or "", customer_country or "")
        if country in BUILTIN:
            return BUILTIN[country]()
        return EuropeanUnion()
    wanted = _ALIASES.get(code.upper(), code.upper())
    if wanted in BUILTIN:
        return BUILTIN[wanted]()
    if code in available_plugins("dunningkit.jurisdictions"):
        loaded = load_plugin("dunningkit.jurisdictions", code)
        instance = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(instance, Jurisdiction):
            raise PluginError(f"jurisdiction plugin {code!r} is not a Jurisdiction")
        return instance
    known = ", ".join([*sorted(BUILTIN), *available_plugins("dunningkit.jurisdictions")])
    raise PluginError(f"no late-payment rules for jurisdiction {code!r} (known: {known})")
