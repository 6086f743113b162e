"""The language a customer reads: an alert when dunningkit does not write theirs.

A customer whose locale's language has no catalog reads the policy's default
language (``policy.locale``, else English). Rendering does that
(:func:`~dunningkit.policy._catalogs.reader_locale`); the plan says so, once per
customer, so a credit manager sees it before the messages go.
"""

from __future__ import annotations

from dunningkit.model._customer import Customer
from dunningkit.planning._results import Action, Alert
from dunningkit.policy._catalogs import (
    language_name,
    shipped_languages,
    wanted_locale,
    writing_locale,
)
from dunningkit.policy._policy import Policy

__all__ = ["LANGUAGE_ALERT", "note_language"]

LANGUAGE_ALERT = "language"
"""The code of the alert: a customer reads a language dunningkit does not write."""


def note_language(alerts: list[Alert], customer: Customer, action: Action, policy: Policy) -> None:
    """Add the customer's language alert to ``alerts`` when the action's message is written
    in another language than the customer's, unless the customer already has one."""
    default = policy.locale
    wanted = wanted_locale(customer, action.contact, policy.creditor.country)
    used = writing_locale(wanted, default)
    if used == wanted or _noted(alerts, customer.id):
        return
    source = "the policy's locale" if default and used == default else "English by default"
    words = (
        f"{customer.name} reads {language_name(wanted)} ({wanted}), which dunningkit does not "
        f"write: messages go in {language_name(used)} ({used}, {source}); dunningkit writes "
        f"{', '.join(shipped_languages())}. Set policy.locale to choose the language"
    )
    alerts.append(Alert(LANGUAGE_ALERT, customer.id, None, action.scheduled_for, words))


def _noted(alerts: list[Alert], customer_id: str) -> bool:
    """Whether the customer has its language alert: a customer's alerts come together."""
    for alert in reversed(alerts):
        if alert.customer_id != customer_id:
            return False
        if alert.code == LANGUAGE_ALERT:
            return True
    return False
