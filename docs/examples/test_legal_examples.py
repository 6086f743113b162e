"""The worked examples of the limitation and hand-over pages; the suite runs them."""

from __future__ import annotations

from datetime import date

from dunningkit import Creditor, Policy, Portfolio, handover_dossier, limitation


def book(country: str, due: str, *payments: tuple[str, str]) -> Portfolio:
    return Portfolio.model_validate(
        {
            "customers": [{"id": "C1", "name": "Client SARL", "country": country}],
            "invoices": [
                {
                    "id": "F1",
                    "customer_id": "C1",
                    "issue_date": "2021-01-01",
                    "due_date": due,
                    "amount": "1000.00",
                    "currency": "EUR",
                }
            ],
            "payments": [
                {"id": f"P{n}", "invoice_id": "F1", "date": day, "amount": paid, "currency": "EUR"}
                for n, (day, paid) in enumerate(payments, start=1)
            ],
        }
    )


# --8<-- [start:limitation]
def test_limitation_worked_examples() -> None:
    # France, due 15 March 2021, nothing paid: 5 years from the due date.
    assert limitation(book("FR", "2021-03-15"), "F1").expires_on == date(2026, 3, 15)
    # France, a part payment on 1 June 2023 starts a new period of 5 years.
    paid = limitation(book("FR", "2021-03-15", ("2023-06-01", "100.00")), "F1")
    assert (paid.expires_on, paid.restarted_by) == (date(2028, 6, 1), "P1")
    # Germany, due 10 May 2022: 3 years from the end of 2022.
    assert limitation(book("DE", "2022-05-10"), "F1").expires_on == date(2025, 12, 31)
    # Germany, a part payment on 1 February 2024: 3 years from that day.
    later = limitation(book("DE", "2022-05-10", ("2024-02-01", "50.00")), "F1")
    assert later.expires_on == date(2027, 2, 1)


# --8<-- [end:limitation]


# --8<-- [start:dossier]
def test_a_dossier_for_a_lawyer() -> None:
    policy = Policy(creditor=Creditor(name="Atelier Lumière SAS", siren="732829320"))
    dossier = handover_dossier(book("FR", "2025-03-15"), "C1", date(2025, 9, 30), policy=policy)
    assert dossier.formal_notice is None
    assert dossier.missing[0].startswith("formal notice")
    assert dossier.totals["EUR"]["principal"] == 1000
    files = dossier.csv_tables()  # file name -> CSV text
    assert "invoices.csv" in files
    assert dossier.to_html().startswith("<!DOCTYPE html>")


# --8<-- [end:dossier]
