"""What the dossier lacks: what a court form or a collection agency will ask for.

Proof of a prior demand (the formal notice and its delivery reference), the
creditor's identity, the debtor's address, and the identifiers the jurisdiction asks
of a company debtor (:meth:`~dunningkit.jurisdictions.Jurisdiction.dossier_requirements`:
a French company's SIREN, a German one's Handelsregister entry, a VAT number...).
"""

from __future__ import annotations

from dunningkit.handover._records import DossierParty, DossierReminder
from dunningkit.legal.jurisdictions import Jurisdiction, vat_number_missing

__all__ = ["NO_FORMAL_NOTICE", "missing"]

NO_FORMAL_NOTICE = "formal notice"
"""The first words of the ``missing`` entry written when no formal notice was sent."""


def _demand(notice: DossierReminder | None) -> list[str]:
    if notice is None:
        return [
            (
                f"{NO_FORMAL_NOTICE} (mise en demeure, Mahnung, letter before action): none was "
                "sent; courts and agencies expect proof of a prior demand, and without it the "
                "reminders' dates are the only evidence of the demand"
            )
        ]
    if not notice.reference:
        return [
            (
                f"proof of the formal notice of {notice.date}: no delivery reference (registered "
                "letter number or acknowledgement of receipt) was recorded"
            )
        ]
    return []


def _creditor(creditor: DossierParty) -> list[str]:
    missing = []
    if not creditor.name:
        missing.append("creditor's name (policy.creditor.name)")
    if not creditor.address:
        missing.append("creditor's address (policy.creditor.address)")
    if not (creditor.siren or creditor.registration or creditor.vat_number):
        missing.append("creditor's registration number (policy.creditor.siren or registration)")
    return missing


def _debtor(debtor: DossierParty, rules: Jurisdiction | None) -> list[str]:
    missing = [] if debtor.address else ["debtor's address: a court serves the order there"]
    if debtor.kind != "individual":
        # A person has no register entry; a company is identified as its rules say.
        missing += rules.dossier_requirements(debtor) if rules else vat_number_missing(debtor)
    return missing


def missing(
    creditor: DossierParty,
    debtor: DossierParty,
    notice: DossierReminder | None,
    rules: Jurisdiction | None,
) -> tuple[str, ...]:
    """Every entry of the dossier's ``missing`` list, in order.

    ``rules`` are the dossier's jurisdiction (``None``: no rules known for the
    debtor's country, and only its VAT number is asked).
    """
    return (*_demand(notice), *_creditor(creditor), *_debtor(debtor, rules))
