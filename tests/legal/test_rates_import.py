"""Central banks' CSV files into rate tables, on small samples in the published formats."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunningkit import (
    Policy,
    Portfolio,
    RateImportError,
    RateTableOutdated,
    import_rate_table,
    late_charges,
    load_rate_table,
    read_rate_csv,
)
from dunningkit.cli import main

RATES = Path(__file__).parents[1] / "data" / "rates"


def test_ecb_data_portal_download() -> None:
    table_id, table = import_rate_table(RATES / "ecb_data_portal_mro.csv")
    assert table_id == "ecb_main_refinancing"
    assert table.rates[-1].from_ == date(2025, 6, 11)
    assert table.rates[-1].rate == Decimal("2.15")
    assert table.in_force(date(2025, 1, 1)) == Decimal("3.15")
    assert table.as_of == date(2025, 6, 11)
    assert "MRR_FR" in table.source


def test_ecb_sdmx_csv_and_a_given_as_of() -> None:
    _, table = import_rate_table(RATES / "ecb_sdmx_mro.csv", as_of=date(2026, 11, 1))
    assert [entry.rate for entry in table.rates] == [
        Decimal("3.15"),
        Decimal("2.9"),
        Decimal("2.65"),
        Decimal("2.4"),
        Decimal("2.15"),
    ]
    assert table.as_of == date(2026, 11, 1)


def test_bundesbank_monthly_series_with_decimal_commas() -> None:
    table_id, table = import_rate_table(RATES / "bundesbank_basiszinssatz.csv")
    assert table_id == "bundesbank_base_rate"
    assert [(e.from_, e.rate) for e in table.rates] == [
        (date(2024, 10, 1), Decimal("3.37")),
        (date(2025, 1, 1), Decimal("2.27")),
        (date(2025, 7, 1), Decimal("1.27")),
    ]
    # "Stand vom 24.12.2025" is older than the January 2026 observation: the latter wins.
    assert table.as_of == date(2026, 1, 1)


def test_bank_of_england_history_and_database_series() -> None:
    table_id, history = import_rate_table(RATES / "boe_bank_rate_history.csv")
    assert table_id == "boe_bank_rate"
    assert history.rates[0].from_ == date(2023, 8, 3)  # newest-first file, sorted
    assert history.in_force(date(2025, 12, 31)) == Decimal("3.75")
    _, daily = import_rate_table(RATES / "boe_iadb_iudbedr.csv")
    assert [(e.from_, e.rate) for e in daily.rates] == [
        (date(2025, 12, 15), Decimal("4.00")),
        (date(2025, 12, 18), Decimal("3.75")),
    ]
    assert daily.as_of == date(2025, 12, 22)


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("", None, "empty"),
        ("a,b\n1,2\n", None, "cannot tell which publisher"),
        ("Date Changed,Rate\n18 Dec 25,lots\n", None, "line 2: 'lots' is not a rate"),
        ("Date Changed,Rate\nyesterday,3.75\n", None, "line 2: 'yesterday' is not a date"),
        (
            '"DATE","TIME PERIOD","Deposit facility (FM.B.U2.EUR.4F.KR.DFR.LEV)"\n',
            "ecb",
            "not the main",
        ),
        ("DATE,IUDBEDR\n", "boe", "no rate found"),
    ],
)
def test_unreadable_files_are_clear_errors(text: str, fmt: str | None, message: str) -> None:
    with pytest.raises(RateImportError, match=message):
        read_rate_csv(text, fmt=fmt)


def test_cli_imports_into_a_table_a_policy_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ecb.json"
    source = str(RATES / "ecb_data_portal_mro.csv")
    assert main(["rates", "import", source, "--out", str(out), "--as-of", "2026-11-01"]) == 0
    assert "19 rates" in capsys.readouterr().out
    assert load_rate_table(out).as_of == date(2026, 11, 1)
    assert json.loads(out.read_text(encoding="utf-8"))["rates"][0] == {
        "from": "2016-03-16",
        "rate": "0.00",
    }
    # Not replaced without --force; an unreadable file is one line on stderr.
    assert main(["rates", "import", source, "--out", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n", encoding="utf-8")
    assert main(["rates", "import", str(bad), "--out", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error:")

    # A policy naming the imported table: late charges for late 2026 no longer raise.
    policy = Policy(rate_tables={"ecb_main_refinancing": out})
    book = Portfolio.model_validate(
        {
            "customers": [{"id": "C", "name": "Client", "country": "FR"}],
            "invoices": [
                {
                    "id": "F",
                    "customer_id": "C",
                    "issue_date": "2026-05-01",
                    "due_date": "2026-05-31",
                    "amount": "1000.00",
                    "currency": "EUR",
                }
            ],
        }
    )
    with pytest.raises(RateTableOutdated):
        late_charges("F", book, date(2026, 10, 31))
    charges = late_charges("F", book, date(2026, 10, 31), rate_tables=policy.loaded_rate_tables())
    assert charges.warnings == ()
    assert charges.rate == Decimal("12.15")


def test_cli_charges_warn_of_stale_rates_in_the_table_and_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "book"
    assert main(["demo", "--today", "2026-11-23", "--export", str(folder)]) == 0
    capsys.readouterr()
    assert main(["charges", str(folder), "--today", "2026-11-23"]) == 0
    captured = capsys.readouterr()
    assert "STALE RATES" in captured.out
    assert "warning: stale rates" in captured.out
    assert "warning: stale rates" in captured.err
    assert main(["charges", str(folder), "--today", "2026-11-23", "--strict-rates"]) == 1
    err = capsys.readouterr().err
    assert "no reference rate is known" in err
    assert "Traceback" not in err


def test_cli_charges_take_newer_tables_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "book"
    assert main(["demo", "--today", "2026-11-23", "--export", str(folder)]) == 0
    tables = []
    for source in ("ecb_data_portal_mro", "bundesbank_basiszinssatz", "boe_bank_rate_history"):
        out = tmp_path / f"{source}.json"
        args = ["rates", "import", str(RATES / f"{source}.csv"), "--out", str(out)]
        assert main([*args, "--as-of", "2026-11-23"]) == 0
        tables += ["--rates", str(out)]
    capsys.readouterr()
    assert main(["charges", str(folder), "--today", "2026-11-23", *tables]) == 0
    captured = capsys.readouterr()
    assert "STALE" not in captured.out
    assert "warning" not in captured.err
    unknown = tmp_path / "other.json"
    unknown.write_text(
        '{"name": "Other", "source": "x", "as_of": "2026-01-01", '
        '"rates": [{"from": "2020-01-01", "rate": "1"}]}',
        encoding="utf-8",
    )
    assert main(["charges", str(folder), "--today", "2026-11-23", "--rates", str(unknown)]) == 1
    assert "replaces no shipped table" in capsys.readouterr().err
