"""Each jurisdiction's rules as data with their sources: what a creditor may charge on
top of the statutory compensation, the floor under a contract's rate, the rate fixed for
the debt."""

from __future__ import annotations

import pytest

from dunningkit.jurisdictions import BUILTIN, FrenchPublicBuyer, Jurisdiction, resolve


@pytest.mark.parametrize(
    ("code", "words", "source"),
    [
        ("FR", "on proof", "L441-10 II"),
        ("DE", "set off", "§ 288 (5)"),
        ("GB", "reasonable costs", "s. 5A (2A)"),
        ("CH", "no statutory lump sum", "OR art. 106"),
        ("EU", "reasonable compensation", "art. 6 (3)"),
        ("FR/public_body", "on proof", "D2192-35"),
    ],
)
def test_what_a_creditor_may_charge_on_top(code: str, words: str, source: str) -> None:
    rule = resolve(code).costs_on_top
    assert rule is not None
    assert words in rule.text
    assert source in rule.basis


def test_every_rule_names_its_source() -> None:
    every: list[Jurisdiction] = [rules() for rules in BUILTIN.values()]
    every.append(FrenchPublicBuyer())
    for rules in every:
        for rule in (rules.costs_on_top, rules.rate_fixed_for_debt, rules.interest_floor):
            if rule is not None:
                assert rule.text
                assert rule.basis, f"{rules.rules_id}: a rule without its source"
    assert {r.rules_id for r in every if r.interest_floor is not None} == {
        "FR",
        "CH",
        "FR/public_body",
    }
    assert {r.rules_id for r in every if r.rate_fixed_for_debt is not None} == {
        "GB",
        "FR/public_body",
    }
