"""``dunningkit backtest``: formats, comparison, HTML page, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dunningkit import sample_portfolio
from dunningkit.cli import main
from tests.builders import SAMPLE_DAY as TODAY


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bt") / "book.json"
    path.write_text(sample_portfolio(TODAY).model_dump_json(), encoding="utf-8")
    return path


@pytest.fixture
def strict(tmp_path: Path) -> Path:
    path = tmp_path / "strict.toml"
    path.write_text("min_days_between_contacts = 2\n[costs]\nphone = 9\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_compares_policies(
    capsys: pytest.CaptureFixture[str], book: Path, strict: Path
) -> None:
    code, out, err = run(
        capsys, "backtest", str(book), "--from", "2026-01-01", "--to", "2026-02-01",
        "--against", str(strict),
    )  # fmt: skip
    assert code == 0, err
    assert "default" in out
    assert "strict vs default" in out
    assert "contacts while payment sent or promised" in out


def test_table_amounts_follow_the_locale_rule(
    capsys: pytest.CaptureFixture[str], book: Path
) -> None:
    period = ("--from", "2026-01-01", "--to", "2026-02-01")
    code, out, err = run(capsys, "backtest", str(book), *period, "--locale", "en_GB")
    assert code == 0, err
    assert "total cost (EUR)" in out
    assert "\N{EURO SIGN}" in next(x for x in out.splitlines() if x.startswith("total cost"))
    _, french, _ = run(capsys, "backtest", str(book), *period, "--locale", "fr_FR")
    line = next(x for x in french.splitlines() if x.startswith("total cost"))
    assert line.rstrip().endswith("\N{NO-BREAK SPACE}\N{EURO SIGN}")


def test_json_single_policy(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    code, out, _ = run(
        capsys, "backtest", str(book), "--from", "2026-01-01", "--to", "2026-01-31",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "default"
    assert len(data["days"]) == 31


def test_json_comparison_and_csv(
    capsys: pytest.CaptureFixture[str], book: Path, strict: Path
) -> None:
    args = ["backtest", str(book), "--from", "2026-01-01", "--to", "2026-01-31"]
    code, out, _ = run(capsys, *args, "--against", str(strict), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["policies"]) == {"default", "strict"}
    assert "strict" in data["differences"]
    code, out, _ = run(capsys, *args, "--against", str(strict), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["figure", "default", "strict", "strict vs default"]
    assert rows[1][0] == "contacts"


def test_costs_file(capsys: pytest.CaptureFixture[str], book: Path, tmp_path: Path) -> None:
    costs = tmp_path / "costs.toml"
    costs.write_text('[costs]\ncurrency = "EUR"\nemail = 1\n', encoding="utf-8")
    code, out, _ = run(
        capsys, "backtest", str(book), "--from", "2026-01-01", "--to", "2026-01-31",
        "--costs", str(costs), "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    contacts = data["totals"]["contacts"].get("email", 0)
    assert data["totals"]["cost"].get("email", "0") == str(contacts)


def test_html_page_is_self_contained_and_escaped(
    capsys: pytest.CaptureFixture[str], book: Path, tmp_path: Path
) -> None:
    odd = tmp_path / "a<b>&c.toml"
    odd.write_text("min_days_between_contacts = 3\n", encoding="utf-8")
    page = tmp_path / "out.html"
    code, _, err = run(
        capsys, "backtest", str(book), "--from", "2026-01-01", "--to", "2026-01-31",
        "--against", str(odd), "--html", str(page),
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "a&lt;b&gt;&amp;c" in html
    assert "a<b>" not in html
    assert "<svg" in html
    assert "<polyline" in html
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_period_backwards_is_a_usage_error(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    code, out, err = run(
        capsys, "backtest", str(book), "--from", "2026-02-01", "--to", "2026-01-01"
    )
    assert code == 2
    assert out == ""
    assert err.startswith("error:")
    assert "Traceback" not in err


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["backtest", str(book), "--from", "yesterday", "--to", "2026-01-01"])
    assert raised.value.code == 2
    assert "is not a date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "where"),
    [("min_days_between_contacts = -1\n", "policy"), ("[costs]\nfax = 1\n", "costs")],
)
def test_bad_files_are_data_errors(
    capsys: pytest.CaptureFixture[str], book: Path, tmp_path: Path, content: str, where: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    option = "--policy" if where == "policy" else "--costs"
    code, _, err = run(
        capsys,
        "backtest",
        str(book),
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-10",
        option,
        str(bad),
    )
    assert code == 1
    assert err.startswith("error:")
    assert "bad.toml" in err
    assert "Traceback" not in err
