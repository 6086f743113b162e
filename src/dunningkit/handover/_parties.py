"""The dossier's parties: the creditor from the policy, the debtor from the book."""

from __future__ import annotations

from dunningkit.book._portfolio import Portfolio
from dunningkit.handover._records import DossierParty
from dunningkit.model._customer import customer_country
from dunningkit.policy._policy import Policy

__all__ = ["creditor_party", "debtor_party"]


def debtor_party(
    portfolio: Portfolio, customer_id: str, creditor_country: str | None = None
) -> DossierParty:
    """The customer, with its address (its own, else its first contact's with a postal one).

    Its country is ``dunningkit.model.customer_country`` (the creditor's when it gives none).
    """
    customer = portfolio.customer(customer_id)
    contact = next((c for c in customer.contacts if c.postal_address), None) or (
        customer.contacts[0] if customer.contacts else None
    )
    return DossierParty(
        name=customer.name,
        kind=str(customer.kind),
        country=customer_country(customer, creditor_country),
        address=customer.address or (contact.postal_address if contact else None),
        siren=customer.siren,
        siret=customer.siret,
        vat_number=customer.vat_number,
        company_register=customer.company_register,
        contact_name=contact.name if contact else None,
        email=next((c.email for c in customer.contacts if c.email), None),
        phone=next((c.phone for c in customer.contacts if c.phone), None),
    )


def creditor_party(policy: Policy) -> DossierParty:
    """The creditor as the policy names it (empty values left out)."""
    creditor = policy.creditor
    return DossierParty(
        name=creditor.name,
        country=creditor.country or None,
        address=creditor.address or None,
        siren=creditor.siren or None,
        vat_number=creditor.vat_number or None,
        registration=creditor.registration or None,
        email=creditor.email or None,
        phone=creditor.phone or None,
        iban=creditor.iban or None,
    )
