"""The dossier's parties: the creditor as the policy names it, the debtor from the book."""

from __future__ import annotations

from dunningkit import Policy, Portfolio
from dunningkit.handover._parties import creditor_party, debtor_party
from tests.handover.test_dossier import POLICY, data


def test_the_debtor_with_its_contact_address() -> None:
    party = debtor_party(Portfolio.model_validate(data()), "C1")
    assert (party.address, party.contact_name, party.email) == (
        "12 rue du Four, 69002 Lyon",
        "Marie Dupont",
        "marie@dupont.fr",
    )
    bare = debtor_party(Portfolio.model_validate(data()), "C2")
    assert (bare.address, bare.contact_name, bare.country) == (None, None, "FR")


def test_the_creditor_leaves_empty_values_out() -> None:
    assert creditor_party(POLICY).siren == "732829320"
    empty = creditor_party(Policy())
    assert (empty.address, empty.iban, empty.registration) == (None, None, None)
