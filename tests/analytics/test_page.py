"""The collections report and the kpis/report commands."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from dunningkit import Portfolio, kpis, sample_portfolio
from dunningkit.cli import main
from tests.builders import DEMO_DAY as DAY
from tests.builders import TODAY, Book

jinja2 = pytest.importorskip("jinja2")

from dunningkit.analytics.report._page import collections_report  # noqa: E402 - after the extra's check

HOSTILE = '<script>console.error("pwned")</script><img src="https://example.com/x.png"> & Co'


def hostile_book() -> Portfolio:
    book = Book()
    for n in range(25):
        book.customer(f"C{n:02d}", name=HOSTILE if n == 24 else f"Customer {n:02d}")
        book.invoice(
            f"F{n:02d}",
            f"C{n:02d}",
            due=TODAY - timedelta(days=10 + n),
            amount=f"{1000 + 100 * n}.00",
        )
    book.invoice("F-OK", "C01", due=TODAY + timedelta(days=5))
    book.pay("F-OK", TODAY - timedelta(days=40), "400.00")
    book.event("C02", ["F02"], "reminder_1", TODAY - timedelta(days=20))
    return book.build()


@pytest.fixture(scope="module")
def page() -> str:
    return collections_report(hostile_book(), TODAY, workload_days=3)


def test_names_are_escaped(page: str) -> None:
    assert "&lt;script&gt;console.error(" in page
    assert "<script" not in page
    assert "<img" not in page
    assert "&amp; Co" in page


def test_the_page_stands_alone(page: str) -> None:
    # Without the (escaped) hostile name, the only address is the SVG namespace.
    own = page.replace(str(jinja2.utils.markupsafe.escape(HOSTILE)), "")
    assert set(re.findall(r"https?://[^\s\"'<>]+", own)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<(link|script|iframe|object|embed|img)\b", own)
    assert not re.search(r"\s(src|href)=", own)
    assert "Content-Security-Policy" in page
    assert "@page { size: A4" in page


def test_every_section_is_there(page: str) -> None:
    for section in ("kpis", "aging", "trend", "steps", "workload", "top", "days-to-pay"):
        assert f'<section id="{section}">' in page
    assert page.count("<svg") >= 4  # aging, DSO, overdue, workload


def test_top_overdue_lists_twenty_customers_largest_first(page: str) -> None:
    top = page.split('<section id="top">')[1].split("</section>", maxsplit=1)[0]
    names = re.findall(r"<tr><td>(.*?) <span", top)
    assert len(names) == 20
    assert names[0].startswith("&lt;script&gt;")  # C24: 3400.00 overdue, the largest
    assert names[1] == "Customer 23"
    assert "Customer 04" not in top  # the five smallest are left out
    assert "Customer 05" in top


def test_the_report_is_deterministic() -> None:
    book = hostile_book()
    assert collections_report(book, TODAY, workload_days=2) == collections_report(
        book, TODAY, workload_days=2
    )


# -- command line ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("book") / "book.json"
    assert main(["demo", "--today", DAY.isoformat(), "--export", str(target)]) == 0
    return target


def test_kpis_command_json_matches_the_library(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["kpis", str(sample), "--on", DAY.isoformat(), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == kpis(sample_portfolio(DAY), DAY).to_dict()


def test_kpis_command_csv_and_table(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["kpis", str(sample), "--on", DAY.isoformat(), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0].keys() == {"figure", "currency", "value"}
    assert {"figure": "dso", "currency": "EUR", "value": "58.7"} in rows
    assert main(["kpis", str(sample), "--on", DAY.isoformat()]) == 0
    assert "customers_overdue" in capsys.readouterr().out


def test_report_command_writes_one_file(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    args = ["report", str(sample), "--on", DAY.isoformat(), "--out", str(out)]
    assert main([*args, "--workload-days", "2"]) == 0
    assert "report written to" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_commands_report_errors_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["kpis", str(tmp_path / "missing.json"), "--on", "2026-11-23"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ")
    with pytest.raises(SystemExit) as exit_:
        main(["kpis", str(tmp_path), "--on", "23/11/2026"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(tmp_path), "--on", "2026-11-23"])  # no --out
    assert exit_.value.code == 2


# -- in a real browser ---------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _console(html: Path) -> list[str]:
    """Console messages Chromium logs while rendering the page (CSP violations included)."""
    assert CHROMIUM is not None
    done = subprocess.run(  # noqa: S603 - a fixed browser on a file we wrote
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "<section" in done.stdout, done.stderr[-2000:]
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
def test_chromium_renders_the_report_without_a_console_error(page: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    assert _console(report) == []
    # The check can fail: the same page with one outside image is reported.
    broken = tmp_path / "broken.html"
    broken.write_text(
        page.replace("</body>", '<img src="https://example.com/x.png"></body>'), encoding="utf-8"
    )
    assert any("Content Security Policy" in line for line in _console(broken))


# -- what the charts and tables say ---------------------------------------------------------


def _one_customer_in_chf() -> Portfolio:
    """Fifteen customers invoiced monthly in EUR, one in CHF: the CHF DSO is noise."""
    book = Book()
    for n in range(16):
        currency = "CHF" if n == 15 else "EUR"
        book.customer(f"C{n:02d}")
        for month in range(8):
            due = TODAY - timedelta(days=20 + 30 * month)
            book.invoice(f"F{n:02d}-{month}", f"C{n:02d}", due=due, currency=currency)
            if month % 2:
                book.pay(f"F{n:02d}-{month}", due + timedelta(days=n))
    return book.build()


def _section(page: str, name: str) -> str:
    return page.split(f'<section id="{name}">')[1].split("</section>", maxsplit=1)[0]


def test_a_dso_made_of_a_handful_of_invoices_is_not_plotted() -> None:
    trend = _section(collections_report(_one_customer_in_chf(), TODAY), "trend")
    chf = trend.split('aria-label="DSO in days, CHF"')[1].split("</svg>")[0]
    eur = trend.split('aria-label="DSO in days, EUR"')[1].split("</svg>")[0]
    assert "<polyline" not in chf
    assert "Too few invoices for a DSO trend" in chf
    assert "<polyline" in eur


def test_the_workload_table_lists_every_day_ahead() -> None:
    page = collections_report(hostile_book(), TODAY, workload_days=7)
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", _section(page, "workload"))
    days = [(TODAY + timedelta(days=k)).isoformat() for k in range(7)]
    assert rows[:7] == days  # quiet days too, with zeros
    assert rows == sorted(rows)


def test_no_axis_label_runs_off_a_chart(page: str) -> None:
    labels = re.findall(r'<text x="40" y="[\d.]+" text-anchor="end">([^<]*)</text>', page)
    assert labels
    assert all(len(label) * 6.5 <= 40 for label in labels), labels
