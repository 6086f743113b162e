"""The table of ``plan`` and ``demo``: a fees column when an action charges fees, and the
plan's alerts under the tables."""

from __future__ import annotations

import io

import pytest

from dunningkit import Fee, Plan, next_actions
from dunningkit._sample import SAMPLE_DAY
from dunningkit.cli import main
from dunningkit.cli._context import LocaleRule
from dunningkit.cli._plan_table import action_table, alert_table
from tests.builders import TODAY, Book, d
from tests.planning.test_fees import FIXED, policy_with


def table(book: Book, **fees: Fee) -> str:
    portfolio = book.build()
    policy = policy_with(**fees)
    plan = next_actions(portfolio, TODAY, policy)
    out = io.StringIO()
    locale = LocaleRule.of(portfolio, policy, None)
    action_table(plan, portfolio, locale, title="plan", with_key=False, out=out)
    return out.getvalue()


def two_invoices() -> Book:
    book = Book().customer(segment="good_payer")
    return book.invoice("F1", due=d(-5), amount="100.00").invoice("F2", due=d(-4), amount="250.00")


def test_a_fees_column_when_an_action_charges_fees() -> None:
    text = table(two_invoices(), reminder_1=FIXED)
    header, _, row = text.splitlines()[1:4]
    assert header.split()[-1] == "fees"
    assert row.rstrip().endswith("10,00\xa0€")  # 5.00 on each invoice, in the book's locale


def test_no_fees_column_when_none_does() -> None:
    assert "fees" not in table(two_invoices())


def test_the_alerts_follow_the_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert SAMPLE_DAY.isoformat() == "2026-11-23"  # the demo's day
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    alerts = out[out.index("1 alert to look at") :]
    assert "insolvency  CLI-082   2026-12-24  Textiles Barbier is in receivership" in alerts
    assert "by 2026-12-24; claim_declaration() writes it" in alerts
    assert out.index("open invoices without a reminder today") < out.index("1 alert to look at")


def test_no_alert_no_section() -> None:
    out = io.StringIO()
    alert_table(Plan(today=TODAY), out)
    assert out.getvalue() == ""
