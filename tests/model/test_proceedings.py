"""Insolvency proceedings and contractual interest on the customer record."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from dunningkit import Customer, InterestTerms, Proceedings, ProceedingsKind
from dunningkit.handover import _claim
from dunningkit.legal import _charges
from dunningkit.planning import _insolvency


def test_a_customer_carries_its_proceedings_and_interest() -> None:
    customer = Customer.model_validate(
        {
            "id": "C1",
            "name": "Atelier Dupont",
            "late_interest": {"margin": "7"},
            "proceedings": {
                "kind": "receivership",
                "opened_on": "2026-10-01",
                "claims_deadline": "2026-12-10",
                "administrator": {"name": "Me Martin", "email": "mj@example.fr"},
                "reference": "RJ 2026/123",
            },
        }
    )
    assert customer.proceedings is not None
    assert customer.proceedings.kind is ProceedingsKind.RECEIVERSHIP
    assert customer.proceedings.opened_on == date(2026, 10, 1)
    assert customer.late_interest == InterestTerms(margin=Decimal(7))


def test_a_deadline_before_the_opening_is_refused() -> None:
    with pytest.raises(ValidationError, match="comes before the proceedings were opened"):
        Proceedings(
            kind=ProceedingsKind.SAFEGUARD,
            opened_on=date(2026, 10, 1),
            claims_deadline=date(2026, 9, 1),
        )


@pytest.mark.parametrize("terms", [{}, {"rate": "8", "margin": "7"}])
def test_interest_terms_need_exactly_one_of_rate_and_margin(terms: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="one of the two"):
        InterestTerms.model_validate(terms)


def test_a_negative_rate_is_refused() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        InterestTerms(rate=Decimal(-1))


def test_proceedings_cover_claims_born_before_the_opening_only() -> None:
    proceedings = Proceedings(kind=ProceedingsKind.RECEIVERSHIP, opened_on=date(2026, 10, 1))
    assert proceedings.covers(date(2026, 9, 30))
    assert not proceedings.covers(date(2026, 10, 1))
    assert not proceedings.covers(date(2026, 10, 2))


def test_the_rule_a_claim_born_before_the_opening_is_written_once() -> None:
    # The planner, the declaration and the late charges ask the proceedings, not a copy.
    for module in (_claim, _charges, _insolvency):
        source = inspect.getsource(module)
        assert "issue_date < proceedings.opened_on" not in source, module.__name__
        assert "issue_date >= proceedings.opened_on" not in source, module.__name__
        assert "proceedings.covers(" in source, module.__name__
