"""What the dossier lacks: the demand, the parties' identity, the jurisdiction's own asks."""

from __future__ import annotations

from datetime import date

import pytest

from dunningkit import (
    Channel,
    EventOutcome,
    Policy,
    Portfolio,
    UnknownRecordError,
    handover_dossier,
)
from dunningkit.handover import NO_FORMAL_NOTICE, DossierParty, DossierReminder
from dunningkit.handover._completeness import missing
from dunningkit.jurisdictions import rules_for
from tests.handover.test_dossier import ON, POLICY, data

CREDITOR = DossierParty(name="Martin SAS", address="Lyon", siren="732829320")


def debtor(country: str, **extra: str) -> DossierParty:
    return DossierParty(name="Debtor", country=country, address="somewhere", **extra)


def notice(reference: str | None) -> DossierReminder:
    return DossierReminder(
        id="E3",
        date=date(2025, 8, 5),
        step_id="formal_notice",
        channel=Channel.REGISTERED_LETTER,
        outcome=EventOutcome.SENT,
        reference=reference,
        invoice_ids=("F1",),
    )


def test_without_a_formal_notice_the_dossier_says_so() -> None:
    book = Portfolio.model_validate(data(notice=False))
    result = handover_dossier(book, "C1", ON, policy=POLICY)
    assert result.formal_notice is None
    assert result.missing[0].startswith("formal notice")
    assert result.missing[0].startswith(NO_FORMAL_NOTICE)


def test_missing_identity_is_listed() -> None:
    result = handover_dossier(Portfolio.model_validate(data()), "C2", ON)
    assert any("creditor's name" in m for m in result.missing)
    assert any("debtor's SIREN" in m for m in result.missing)
    assert any("debtor's address" in m for m in result.missing)
    assert any("owes nothing" in w for w in result.warnings)
    with pytest.raises(UnknownRecordError):
        handover_dossier(Portfolio.model_validate(data()), "nobody", ON)


def test_a_notice_without_proof_of_delivery() -> None:
    found = missing(CREDITOR, debtor("GB"), notice(None), rules_for(None, "GB"))
    assert len(found) == 1
    assert found[0].startswith("proof of the formal notice of 2025-08-05")
    assert missing(CREDITOR, debtor("GB"), notice("1A 234"), rules_for(None, "GB")) == ()


@pytest.mark.parametrize(
    ("country", "named", "expected"),
    [
        ("FR", None, ["debtor's SIREN", "debtor's VAT number"]),
        ("DE", None, ["debtor's Handelsregister", "debtor's VAT number"]),
        ("IT", None, ["debtor's VAT number"]),
        ("US", None, ["debtor's VAT number"]),  # no rules known: the VAT number only
        ("GB", None, []),
        ("CH", None, []),
        # The dossier's jurisdiction asks, as it gives the charges and limitation: French
        # rules ask no SIREN of a German company, nor a register entry.
        ("DE", "FR", ["debtor's VAT number"]),
        ("FR", "CH", []),
    ],
)
def test_the_jurisdiction_asks_for_its_identifiers(
    country: str, named: str | None, expected: list[str]
) -> None:
    found = missing(CREDITOR, debtor(country), notice("ref"), rules_for(named, country))
    assert len(found) == len(expected)
    assert all(text.startswith(start) for text, start in zip(found, expected, strict=True))


def test_a_person_is_asked_no_register_entry() -> None:
    person = DossierParty(name="Jean", kind="individual", country="FR")
    found = missing(CREDITOR, person, notice("ref"), rules_for(None, "FR"))
    assert found == ("debtor's address: a court serves the order there",)


def test_the_policy_names_the_dossier_jurisdiction() -> None:
    book = Portfolio.model_validate(data())
    german = handover_dossier(book, "C2", ON, policy=Policy(jurisdiction="DE"))
    assert not any("SIREN" in m for m in german.missing)
    assert any("VAT number" in m for m in german.missing)
