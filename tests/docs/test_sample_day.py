"""One sample day everywhere: the demo, its export, the README and the docs agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunningkit import handover_dossier, load_portfolio, next_actions, sample_portfolio
from dunningkit._sample import SAMPLE_DAY, sample_policy
from dunningkit.cli import main
from tests.builders import DEMO_DAY
from tests.docs.test_docs import PAGES, ROOT

_ON_THE_SAMPLE = re.compile(r"dunningkit \w+ sample/.*?--today (\d{4}-\d\d-\d\d)")


def test_the_sample_day_is_the_docs_day() -> None:
    assert SAMPLE_DAY == DEMO_DAY
    assert sample_portfolio() == sample_portfolio(SAMPLE_DAY)


def test_the_demo_and_its_export_are_placed_on_the_sample_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --today, on whatever day the test runs: the same book, the same plan.
    assert main(["demo"]) == 0
    assert f"plan for {SAMPLE_DAY.isoformat()}" in capsys.readouterr().out
    assert main(["demo", "--export", str(tmp_path / "sample")]) == 0
    exported = load_portfolio(tmp_path / "sample")
    book = sample_portfolio()
    # (the export lists each customer's rows together: compare the records, not their order)
    assert sorted((i.id, i.due_date) for i in exported.invoices) == sorted(
        (i.id, i.due_date) for i in book.invoices
    )


def test_every_command_on_the_exported_sample_uses_the_sample_day() -> None:
    found = [
        (page.name, day)
        for page in PAGES
        for day in _ON_THE_SAMPLE.findall(page.read_text(encoding="utf-8"))
    ]
    assert found
    assert {day for _, day in found} == {SAMPLE_DAY.isoformat()}, found


def test_the_customers_the_readme_names_have_something_to_show() -> None:
    # Each command the README runs on a customer shows something on the sample day:
    # a letter to render, reasons to explain, a claim to hand over.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    policy = sample_policy()
    plan = next_actions(sample_portfolio(), SAMPLE_DAY, policy)
    planned = {a.customer_id for a in plan.actions}
    rendered = set(re.findall(r"--customer (CLI-\d+)", readme))
    explained = set(re.findall(r"dunningkit explain sample/ (CLI-\d+)", readme))
    handed = set(re.findall(r"dunningkit handover sample/ (CLI-\d+)", readme))
    assert rendered
    assert explained
    assert handed
    assert rendered <= planned
    assert explained <= planned
    for customer in handed:
        dossier = handover_dossier(sample_portfolio(), customer, SAMPLE_DAY, policy=policy)
        assert dossier.totals["EUR"]["principal"] > 0
