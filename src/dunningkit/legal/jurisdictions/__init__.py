"""Late-payment and limitation rules, one module per jurisdiction, rules beside their sources.

Built in: ``FR`` (France), ``EU`` (the Directive), ``DE`` (Germany), ``GB`` (United
Kingdom; ``UK`` is read as ``GB``), ``CH`` (Switzerland). Others come as plugins in
the ``dunningkit.jurisdictions`` entry-point group, loaded only when named.

A customer's country picks its rules: its own module when there is one, the
Directive (``EU``) for the other member states of the European Economic Area (the
Directive applies there), and *no rules* anywhere else: dunningkit then says that it
knows no statutory charges rather than applying another country's.

Everything country-specific lives in these modules: rates and fixed sums, the
limitation period (:meth:`Jurisdiction.limitation_period`, with Switzerland reading
the policy's ``ch_limitation_years``) and its notes, and what a hand-over dossier must
hold to identify the debtor (:meth:`Jurisdiction.dossier_requirements`). The code
that computes charges, limitation dates and dossiers asks these hooks; a plugin
overrides them the same way.
"""

from __future__ import annotations

from dunningkit._support._plugins import available_plugins, load_plugin
from dunningkit.errors import PluginError
from dunningkit.legal.jurisdictions._base import (
    DebtorIdentity,
    InterestFloor,
    InterestStop,
    Jurisdiction,
    LegalRule,
    LimitationPeriod,
    LimitationRule,
    vat_number_missing,
)
from dunningkit.legal.jurisdictions.ch import Switzerland
from dunningkit.legal.jurisdictions.de import Germany
from dunningkit.legal.jurisdictions.eu import EuropeanUnion
from dunningkit.legal.jurisdictions.fr import France, FrenchPublicBuyer
from dunningkit.legal.jurisdictions.gb import UnitedKingdom

__all__ = [
    "BUILTIN",
    "DIRECTIVE_COUNTRIES",
    "DebtorIdentity",
    "EuropeanUnion",
    "France",
    "FrenchPublicBuyer",
    "Germany",
    "InterestFloor",
    "InterestStop",
    "Jurisdiction",
    "LegalRule",
    "LimitationPeriod",
    "LimitationRule",
    "Switzerland",
    "UnitedKingdom",
    "resolve",
    "rules_for",
    "vat_number_missing",
]

BUILTIN: dict[str, type[Jurisdiction]] = {
    "CH": Switzerland,
    "DE": Germany,
    "EU": EuropeanUnion,
    "FR": France,
    "GB": UnitedKingdom,
}
_ALIASES = {"UK": "GB"}

DIRECTIVE_COUNTRIES: frozenset[str] = frozenset(
    # The 27 member states of the European Union, then Iceland, Liechtenstein and
    # Norway, which apply Directive 2011/7/EU through the EEA Agreement.
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
        *("IS", "LI", "NO"),
    }
)
"""Countries whose customers fall under the Directive when no module of their own exists."""

_INSTANCES: dict[str, Jurisdiction] = {}


def _builtin(code: str) -> Jurisdiction:
    # The rules are stateless: one instance per code serves every call.
    found = _INSTANCES.get(code)
    if found is None:
        found = _INSTANCES[code] = BUILTIN[code]()
    return found


def rules_for(code: str | None, customer_country: str | None = None) -> Jurisdiction | None:
    """The rules for ``code``, or for a customer's country when no code is given.

    Returns ``None`` when no code is given and dunningkit knows no rules for the
    country (outside the EEA, without a module of its own). A code that is given
    but unknown is an error (:class:`~dunningkit.errors.PluginError`), never a guess.
    A code may name a kind of debtor after a slash (``FR/public_body``, a
    :attr:`Jurisdiction.rules_id`): the rules the law has for that kind.
    """
    if code is not None and "/" in code:
        country_code, kind = code.split("/", 1)
        found = rules_for(country_code, customer_country)
        return None if found is None else found.for_debtor(kind)
    if code is None:
        country = (customer_country or "").upper()
        country = _ALIASES.get(country, country)
        if country in BUILTIN:
            return _builtin(country)
        if country in DIRECTIVE_COUNTRIES:
            return _builtin("EU")
        return None
    wanted = _ALIASES.get(code.upper(), code.upper())
    if wanted in BUILTIN:
        return _builtin(wanted)
    if code in available_plugins("dunningkit.jurisdictions"):
        loaded = load_plugin("dunningkit.jurisdictions", code)
        instance = loaded() if isinstance(loaded, type) else loaded
        if not isinstance(instance, Jurisdiction):
            raise PluginError(f"jurisdiction plugin {code!r} is not a Jurisdiction")
        return instance
    known = ", ".join([*sorted(BUILTIN), *available_plugins("dunningkit.jurisdictions")])
    raise PluginError(f"no late-payment rules for jurisdiction {code!r} (known: {known})")


def resolve(code: str | None, customer_country: str | None = None) -> Jurisdiction:
    """The rules for ``code`` or the customer's country; an error when none are known."""
    found = rules_for(code, customer_country)
    if found is None:
        raise PluginError(
            f"no statutory rules known for country {customer_country!r}; name a "
            f"jurisdiction (known: {', '.join(sorted(BUILTIN))}) or install a plugin"
        )
    return found
