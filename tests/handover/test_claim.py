"""claim_declaration: the claim a creditor files in a customer's insolvency proceedings."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from dunningkit import (
    ClaimDeclaration,
    DayError,
    HandoverError,
    NoProceedingsError,
    Portfolio,
    ProceedingsError,
    UnknownRecordError,
    claim_declaration,
    late_charges,
    sample_policy,
    sample_portfolio,
)
from dunningkit.handover._claim_page import CLAIM_COLUMNS
from tests.builders import TODAY, Book, d

OPENED = d(-10)
DEADLINE = d(20)


def book(country: str = "FR", **extra: Any) -> Portfolio:
    """C1 in receivership: F-DUE (due before the opening, reminded once), F-LATER (issued
    before the opening, due after it), F-PLAN (instalments both sides of the opening),
    F-NEW (issued after the opening: not declared), AV-1 (a credit note, set off)."""
    b = Book()
    found: dict[str, Any] = {
        "kind": "receivership",
        "opened_on": OPENED,
        "claims_deadline": DEADLINE,
        "court": "Amtsgericht München" if country == "DE" else "Tribunal de commerce de Lyon",
        "reference": "RJ 2026/0412",
        "administrator": {"name": "Me Anne Duval", "email": "a.duval@mj-duval.example"},
    }
    found.update(extra)
    b.customer("C1", country=country, proceedings=found)
    b.invoice("F-DUE", "C1", due=d(-40), issued=d(-70), amount="1000.00", order_reference="BC-1")
    b.event("C1", ["F-DUE"], "reminder_1", d(-35))
    b.invoice("F-LATER", "C1", due=d(15), issued=d(-15), amount="500.00")
    b.invoice(
        "F-PLAN",
        "C1",
        due=d(-20),
        issued=d(-50),
        amount="600.00",
        installments=[
            {"due_date": d(-20), "amount": "300.00"},
            {"due_date": d(10), "amount": "300.00"},
        ],
    )
    b.invoice("F-NEW", "C1", due=d(20), issued=OPENED, amount="250.00")
    b.invoice("AV-1", "C1", due=d(-30), issued=d(-30), amount="100.00", kind="credit_note")
    b.customer("C2")
    return b.build()


def lines(declaration: ClaimDeclaration) -> dict[str, Any]:
    return {line.invoice_id: line for line in declaration.claims}


def test_claims_born_before_the_opening_are_declared_and_the_later_ones_are_not() -> None:
    found = lines(claim_declaration(book(), "C1", TODAY))
    assert set(found) == {"F-DUE", "F-LATER", "F-PLAN", "AV-1"}


def test_due_at_the_opening_and_to_fall_due_later_with_their_dates() -> None:
    found = lines(claim_declaration(book(), "C1", TODAY))
    assert found["F-DUE"].principal == Decimal("1000.00")
    assert found["F-DUE"].to_fall_due == ()
    assert found["F-LATER"].principal == 0
    assert [(p.due_date, p.amount) for p in found["F-LATER"].to_fall_due] == [
        (d(15), Decimal("500.00"))
    ]
    assert found["F-PLAN"].principal == Decimal("300.00")
    assert [(p.due_date, p.amount) for p in found["F-PLAN"].to_fall_due] == [
        (d(10), Decimal("300.00"))
    ]
    assert found["AV-1"].principal == Decimal("-100.00")


def test_interest_runs_to_the_opening_and_stops_there() -> None:
    portfolio = book()
    declared = claim_declaration(portfolio, "C1", d(15))
    line = lines(declared)["F-DUE"]
    at_opening = late_charges("F-DUE", portfolio, OPENED, allow_stale=True)
    assert line.interest == at_opening.interest > 0
    later = late_charges("F-DUE", portfolio, d(15), allow_stale=True)
    assert later.interest == line.interest  # L622-28: the opening stops it, whatever the day
    assert later.interest_until == OPENED - timedelta(days=1)
    assert line.compensation == at_opening.fixed_compensation == Decimal(40)
    assert lines(declared)["F-LATER"].interest == 0  # not yet due at the opening
    assert line.total == line.principal + line.interest + line.compensation


def test_totals_per_currency_add_the_lines() -> None:
    declared = claim_declaration(book(), "C1", TODAY)
    [(currency, totals)] = declared.totals.items()
    assert currency == "EUR"
    assert totals["principal"] == Decimal("1200.00")  # 1000 + 300 - 100
    assert totals["to_fall_due"] == Decimal("800.00")
    assert totals["total"] == sum(line.total for line in declared.claims)


def test_proofs_name_the_invoice_the_order_and_the_reminders_sent() -> None:
    line = lines(claim_declaration(book(), "C1", TODAY))["F-DUE"]
    assert line.proofs == (
        f"invoice F-DUE of {d(-70)}",
        "purchase order BC-1",
        f"email reminder of {d(-35)}",
    )
    assert line.ground.startswith("invoice F-DUE")


@pytest.mark.parametrize(
    ("country", "title", "basis"),
    [
        ("FR", "Déclaration de créance", "L622-24 et R622-23"),
        ("DE", "Forderungsanmeldung", "§ 174 InsO"),
        ("GB", "Proof of debt", "r.14.4"),
        ("US", "Declaration of claim", ""),
    ],
)
def test_the_form_follows_the_debtors_country(country: str, title: str, basis: str) -> None:
    declared = claim_declaration(book(country), "C1", TODAY)
    assert declared.title == title
    assert basis in declared.legal_basis
    assert declared.country == country


def test_a_passed_or_unknown_deadline_is_warned() -> None:
    late = claim_declaration(book(), "C1", DEADLINE.replace(day=DEADLINE.day) + (d(1) - d(0)))
    assert any("relevé de forclusion" in w for w in late.warnings)
    unknown = claim_declaration(book(claims_deadline=None), "C1", TODAY)
    assert unknown.deadline is None
    assert any("not known yet" in w for w in unknown.warnings)
    on_time = claim_declaration(book(), "C1", DEADLINE)
    assert not any("deadline" in w for w in on_time.warnings)


def test_the_day_is_a_date_or_its_text_and_records_after_it_are_ignored() -> None:
    assert claim_declaration(book(), "C1", TODAY.isoformat()) == claim_declaration(
        book(), "C1", TODAY
    )
    with pytest.raises(DayError):
        claim_declaration(book(), "C1", "16/03/2026")


def test_a_customer_in_no_proceedings_is_a_named_error() -> None:
    with pytest.raises(NoProceedingsError, match="customer C2 is in no insolvency") as refused:
        claim_declaration(book(), "C2", TODAY)
    assert isinstance(refused.value, HandoverError)
    assert refused.value.customer_id == "C2"
    with pytest.raises(UnknownRecordError):
        claim_declaration(book(), "C9", TODAY)


def test_proceedings_opened_after_the_day_are_a_named_error() -> None:
    with pytest.raises(ProceedingsError) as refused:
        claim_declaration(book(), "C1", OPENED - (d(1) - d(0)))
    [problem] = refused.value.problems
    assert (problem.record_id, problem.field) == ("C1", "proceedings.opened_on")


def test_nothing_to_declare_is_said() -> None:
    b = Book()
    b.customer("C1", proceedings={"kind": "safeguard", "opened_on": OPENED})
    b.invoice("F-NEW", "C1", due=d(20), issued=OPENED)
    declared = claim_declaration(b.build(), "C1", TODAY)
    assert declared.claims == ()
    assert any("nothing to declare" in w for w in declared.warnings)


def test_json_csv_and_html_say_the_same_claim() -> None:
    declared = claim_declaration(book(), "C1", TODAY)
    assert ClaimDeclaration.model_validate(json.loads(declared.to_json())) == declared
    rows = list(csv.DictReader(io.StringIO(declared.to_csv())))
    assert tuple(rows[0]) == CLAIM_COLUMNS
    assert [r["invoice_id"] for r in rows] == [c.invoice_id for c in declared.claims]
    plan_row = next(r for r in rows if r["invoice_id"] == "F-PLAN")
    assert (plan_row["principal"], plan_row["to_fall_due"], plan_row["falls_due_on"]) == (
        "300.00",
        "300.00",
        d(10).isoformat(),
    )
    page = declared.to_html()
    assert "Déclaration de créance" in page
    assert "Me Anne Duval" in page
    assert DEADLINE.isoformat() in page
    assert "F-LATER" in page
    assert "F-NEW" not in page


def test_the_page_escapes_what_the_book_says() -> None:
    declared = claim_declaration(book(reference="<script>x</script>"), "C1", TODAY)
    page = declared.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_sample_customer_in_receivership() -> None:
    day = date(2026, 11, 23)
    declared = claim_declaration(sample_portfolio(day), "CLI-082", day, policy=sample_policy())
    assert declared.debtor.name == "Textiles Barbier"
    assert declared.proceedings.administrator is not None
    assert [c.invoice_id for c in declared.claims]
    assert all(c.issue_date < declared.proceedings.opened_on for c in declared.claims)


def _amounts(node: Any) -> list[tuple[str, str]]:
    """Every amount of a declaration's JSON, with its key."""
    money = {"amount", "principal", "interest", "compensation", "total", "to_fall_due"}
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in money and isinstance(value, str):
                found.append((key, value))
            else:
                found.extend(_amounts(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_amounts(value))
    return found


def test_the_creditor_names_its_country() -> None:
    day = date(2026, 11, 23)
    policy = sample_policy()
    declared = claim_declaration(sample_portfolio(day), "CLI-082", day, policy=policy)
    assert policy.creditor.country == "FR"
    assert declared.creditor.country == "FR"
    assert json.loads(declared.to_json())["creditor"]["country"] == "FR"


def test_every_amount_has_the_currencys_places_in_json_and_csv() -> None:
    day = date(2026, 11, 23)
    declared = claim_declaration(sample_portfolio(day), "CLI-082", day, policy=sample_policy())
    amounts = _amounts(json.loads(declared.to_json()))
    assert ("compensation", "40.00") in amounts
    assert ("to_fall_due", "0.00") in amounts
    assert all(
        value.split(".")[-1].isdigit() and len(value.split(".")) == 2 for _, value in amounts
    )
    assert all(len(value.split(".")[1]) == 2 for _, value in amounts), amounts
    for row in csv.DictReader(io.StringIO(declared.to_csv())):
        for column in ("amount", "principal", "to_fall_due", "interest", "compensation", "total"):
            assert len(row[column].split(".")[1]) == 2, (column, row[column])


def test_the_page_writes_amounts_for_the_locale() -> None:
    day = date(2026, 11, 23)
    declared = claim_declaration(sample_portfolio(day), "CLI-082", day, policy=sample_policy())
    total = declared.totals["EUR"]["total"]
    assert total == Decimal("3620.70")
    assert "3\u202f620,70\xa0€" in declared.to_html("fr_FR")
    assert "3\u202f620,70\xa0€" in declared.to_html()  # the French form: the French way
    assert "€3,620.70" in declared.to_html("en_GB")
    assert ">3570.00<" not in declared.to_html("fr_FR")


@pytest.mark.parametrize(
    ("country", "last", "source"),
    [("FR", d(-11), "L622-28"), ("DE", d(-11), "§ 39"), ("GB", OPENED, "14.23")],
)
def test_the_page_says_the_last_day_of_interest_and_its_rule(
    country: str, last: date, source: str
) -> None:
    currency = {"GB": "GBP"}.get(country, "EUR")
    b = Book()
    opened = {"kind": "receivership" if country != "DE" else "liquidation", "opened_on": OPENED}
    b.customer("C1", country=country, proceedings=opened)
    b.invoice("F1", "C1", due=d(-40), issued=d(-70), amount="1000.00", currency=currency)
    declared = claim_declaration(b.build(), "C1", TODAY)
    (line,) = declared.claims
    assert line.interest_until == last
    assert source in line.interest_stop
    page = declared.to_html()
    assert f"Interest is counted up to and including {last.isoformat()}" in page
    assert source in page
    assert (
        f"Interest is counted to the opening day ({OPENED.isoformat()}), where it stops" not in page
    )
