"""Jurisdictions hold their own specifics: the hooks, each country's answers, and plugins.

No code outside ``legal/jurisdictions/`` compares a country's code: limitation and
the hand-over dossier ask the jurisdiction, and a plugin answers the same hooks.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import dunningkit
from dunningkit import Policy, Portfolio, claim_expiry, handover_dossier, late_charges, limitation
from dunningkit.handover import DossierParty
from dunningkit.jurisdictions import (
    BUILTIN,
    DebtorIdentity,
    Jurisdiction,
    LimitationPeriod,
    LimitationRule,
    rules_for,
)
from tests.support.test_plugins import install

SRC = Path(dunningkit.__file__).parent
HOME = SRC / "legal" / "jurisdictions"


# -- no country branch outside the jurisdictions' folder ---------------------------


def _is_code(node: ast.AST) -> bool:
    value = node.value if isinstance(node, ast.Constant) else None
    return isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper()


def _holds_code(node: ast.AST) -> bool:
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_is_code(element) for element in node.elts)
    return _is_code(node)


def _compares_a_code(node: ast.AST) -> bool:
    if isinstance(node, ast.Compare):
        return any(_holds_code(side) for side in (node.left, *node.comparators))
    return isinstance(node, ast.MatchValue) and _is_code(node.value)


def country_comparisons(source: str) -> list[int]:
    """Lines comparing something with a country code (``== "CH"``, ``in {"CH", "GB"}``)."""
    nodes = [node for node in ast.walk(ast.parse(source)) if _compares_a_code(node)]
    return sorted(getattr(node, "lineno", 0) for node in nodes)


def test_no_country_branch_outside_the_jurisdictions() -> None:
    found = {
        path.relative_to(SRC).as_posix(): lines
        for path in sorted(SRC.rglob("*.py"))
        if HOME not in path.parents
        and (lines := country_comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_country_check_can_fail() -> None:
    source = (
        'if rules.code == "CH":\n    pass\n'
        'ok = country not in {"CH", "GB"}\n'
        'same = "FR" != debtor.country\n'
        'fine = currency == "EUR" or language == "fr"\n'
        'match code:\n    case "DE":\n        pass\n'
    )
    assert country_comparisons(source) == [1, 3, 4, 7]


# -- each country's answers ----------------------------------------------------------


class _Policy:
    """A settings object that is not a Policy: the Swiss hook reads what it finds."""

    jurisdiction = None
    ch_limitation_years = 5


@pytest.mark.parametrize(
    ("code", "consumer", "settings", "expected"),
    [
        (
            "FR",
            False,
            None,
            LimitationPeriod(5, "Code de commerce, art. L110-4; Code civil, art. 2224"),
        ),
        ("FR", True, None, LimitationPeriod(2, "Code de la consommation, art. L218-2")),
        ("DE", True, None, LimitationPeriod(3, "BGB § 195 and § 199")),
        ("GB", False, None, LimitationPeriod(6, "Limitation Act 1980, s. 5 (England and Wales)")),
        ("CH", False, None, LimitationPeriod(10, "OR art. 127 and 130")),
        ("CH", True, Policy(), LimitationPeriod(10, "OR art. 127 and 130")),
        ("CH", False, Policy(ch_limitation_years=5), LimitationPeriod(5, "OR art. 128 and 130")),
        ("CH", False, _Policy(), LimitationPeriod(5, "OR art. 128 and 130")),
        (
            "FR",
            False,
            Policy(ch_limitation_years=5),
            LimitationPeriod(5, "Code de commerce, art. L110-4; Code civil, art. 2224"),
        ),
    ],
)
def test_limitation_period_by_country(
    code: str, consumer: bool, settings: object, expected: LimitationPeriod
) -> None:
    assert BUILTIN[code]().limitation_period(consumer=consumer, settings=settings) == expected


def test_the_directive_holds_no_limitation_period() -> None:
    with pytest.raises(dunningkit.JurisdictionError, match="EU rules hold no limitation period"):
        BUILTIN["EU"]().limitation_period(consumer=False)


def test_limitation_notes_by_country() -> None:
    notes = {code: rules().limitation_notes() for code, rules in BUILTIN.items()}
    assert notes == {
        "CH": (),
        "DE": (),
        "EU": (),
        "FR": (),
        "GB": ("England and Wales; Scotland and Northern Ireland have their own periods",),
    }


def party(country: str, **numbers: str) -> DossierParty:
    return DossierParty(name="Debtor", country=country, **numbers)


@pytest.mark.parametrize(
    ("code", "debtor", "expected"),
    [
        ("FR", party("FR"), ("debtor's SIREN", "debtor's VAT number")),
        ("FR", party("FR", siret="73282932000074"), ("debtor's VAT number",)),
        ("FR", party("BE"), ("debtor's VAT number",)),  # a Belgian company has no SIREN
        ("DE", party("DE"), ("debtor's Handelsregister", "debtor's VAT number")),
        ("DE", party("DE", company_register="HRB 1", vat_number="DE1"), ()),
        ("EU", party("IT"), ("debtor's VAT number",)),
        ("EU", party("IT", vat_number="IT1"), ()),
        ("GB", party("GB"), ()),
        ("CH", party("CH"), ()),
    ],
)
def test_dossier_requirements_by_country(
    code: str, debtor: DebtorIdentity, expected: tuple[str, ...]
) -> None:
    found = BUILTIN[code]().dossier_requirements(debtor)
    assert len(found) == len(expected)
    assert all(text.startswith(start) for text, start in zip(found, expected, strict=True))


# -- a plugin supplies its own -------------------------------------------------------


class Atlantis(Jurisdiction):
    """A jurisdiction no one ships: its rules come from a plugin, hooks and all."""

    code = "ATL"
    name = "Atlantis"
    legal_basis = "Atlantean Code, art. 1"
    statutory_rate = Decimal(4)
    margin_business = Decimal(4)
    fixed_amount = Decimal(0)
    limitation = LimitationRule(
        years=4, basis="Atlantean Code, art. 9", restart_basis="Atlantean Code, art. 10"
    )

    def limitation_period(
        self, *, consumer: bool, settings: object | None = None
    ) -> LimitationPeriod:
        del settings
        if consumer:
            return LimitationPeriod(2, "Atlantean Code, art. 9 (2)")
        return LimitationPeriod(4, "Atlantean Code, art. 9 (1)")

    def limitation_notes(self) -> tuple[str, ...]:
        return ("the harbour court hears every claim",)

    def dossier_requirements(self, debtor: DebtorIdentity) -> tuple[str, ...]:
        if debtor.company_register:
            return ()
        return ("debtor's entry in the harbour register",)


@pytest.fixture
def atlantis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The plugin, installed as pip would: an entry point naming the class above."""
    monkeypatch.syspath_prepend(str(tmp_path))
    install(
        tmp_path,
        "dunningkit-atlantis",
        {"dunningkit.jurisdictions": {"ATL": f"{__name__}:Atlantis"}},
        None,
    )
    importlib.invalidate_caches()
    yield "ATL"
    importlib.invalidate_caches()


def book(kind: str = "company") -> Portfolio:
    record: dict[str, Any] = {
        "customers": [{"id": "C", "name": "Harbour Ltd", "country": "US", "kind": kind}],
        "invoices": [
            {
                "id": "F",
                "customer_id": "C",
                "issue_date": "2020-01-01",
                "due_date": "2020-03-15",
                "amount": "1000.00",
                "currency": "EUR",
            }
        ],
    }
    return Portfolio.model_validate(record)


def test_a_plugin_supplies_its_limitation_period_and_notes(atlantis: str) -> None:
    assert isinstance(rules_for(atlantis), Atlantis)
    policy = Policy(jurisdiction=atlantis)
    result = limitation(book(), "F", policy=policy)
    assert (result.jurisdiction, result.expires_on) == ("ATL", date(2024, 3, 15))
    assert (result.period, result.basis) == ("4 years", "Atlantean Code, art. 9 (1)")
    assert result.notes == ("the harbour court hears every claim",)
    consumer = limitation(book("individual"), "F", jurisdiction=atlantis)
    assert (consumer.expires_on, consumer.basis) == (
        date(2022, 3, 15),
        "Atlantean Code, art. 9 (2)",
    )
    portfolio = book()
    expiry = claim_expiry(
        portfolio.invoice("F"),
        portfolio.customer("C"),
        (),
        (),
        date(2023, 1, 1),
        jurisdiction=atlantis,
    )
    assert expiry == date(2024, 3, 15)


def test_a_plugin_supplies_its_dossier_requirements(atlantis: str) -> None:
    on = date(2023, 6, 1)
    dossier = handover_dossier(book(), "C", on, policy=Policy(jurisdiction=atlantis))
    assert dossier.jurisdiction == "ATL"
    assert "debtor's entry in the harbour register" in dossier.missing
    assert "debtor's VAT number" not in dossier.missing
    assert late_charges("F", book(), on, atlantis).rate == Decimal(4)  # fixed by its law
    # Without the plugin named, a US debtor has no known rules: only its VAT number is asked.
    plain = handover_dossier(book(), "C", on)
    assert "debtor's VAT number" in plain.missing
    assert "debtor's entry in the harbour register" not in plain.missing
