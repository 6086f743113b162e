"""Insolvency proceedings and contractual interest on the customer record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from dunningkit import Customer, InterestTerms, Proceedings, ProceedingsKind


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
