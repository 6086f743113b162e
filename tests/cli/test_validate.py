"""``dunningkit validate`` and ``dunningkit schema``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit.cli import main


def test_validate_reports_ok_and_every_problem(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(book)]) == 0
    assert capsys.readouterr().out.startswith("ok: 50 customers")
    (tmp_path / "customers.csv").write_text("id,name,country\nC1,,XX\n")
    (tmp_path / "invoices.csv").write_text("id,customer_id\n")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        (
            "error: customer C1, field country: 'XX' is not an ISO 3166-1 alpha-2 country code "
            "(e.g. FR, DE, GB)"
        ),
        "error: customer C1, field name: is required but missing",
        "2 problems found",
    ]


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == {"customers", "invoices", "payments", "promises", "events"}
