"""The dossier's CSV tables and JSON: one file per table, values as plain text."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from dunningkit import Portfolio, handover_dossier
from dunningkit.handover._csv import cell
from tests.handover.test_dossier import ON, POLICY, data


def test_exports_json_and_csv_tables() -> None:
    hostile = '<script>alert("x")</script> & Fils'
    result = handover_dossier(Portfolio.model_validate(data(name=hostile)), "C1", ON, policy=POLICY)
    assert json.loads(result.to_json())["debtor"]["name"] == hostile
    tables = result.csv_tables()
    invoices = list(csv.DictReader(io.StringIO(tables["invoices.csv"])))
    assert [row["id"] for row in invoices] == ["F1", "F2", "F3", "AV1"]
    assert invoices[0]["limitation_expires_on"] == "2030-09-25"
    reminders = list(csv.DictReader(io.StringIO(tables["reminders.csv"])))
    assert [row["formal_notice"] for row in reminders] == ["no", "no", "yes"]
    assert set(tables) >= {"parties.csv", "charges.csv", "payments.csv", "promises.csv"}


def test_the_tables_in_order() -> None:
    result = handover_dossier(Portfolio.model_validate(data()), "C1", ON, policy=POLICY)
    assert list(result.csv_tables()) == [
        "parties.csv",
        "invoices.csv",
        "installments.csv",
        "charges.csv",
        "payments.csv",
        "reminders.csv",
        "promises.csv",
        "disputes.csv",
        "totals.csv",
        "missing.csv",
    ]


def test_a_cell_is_plain_text() -> None:
    values = (None, Decimal("1E+2"), True, False)
    assert [cell(value) for value in values] == ["", "100", "yes", "no"]
    assert cell(("F1", date(2025, 1, 2))) == "F1 2025-01-02"
