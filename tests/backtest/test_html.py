"""The back-test page: the report's shell and style, the one chart module, every text escaped."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dunningkit import Backtest, Portfolio, compare
from dunningkit._sample import sample_policy
from dunningkit._support._html import CSP, STYLE
from dunningkit.backtest._html import render_html
from tests.backtest.history import TODAY

HOSTILE = '<b>"odd" & co</b>'


@pytest.fixture(scope="module")
def page(book: Portfolio) -> str:
    both = compare(
        book,
        {"default": sample_policy(), HOSTILE: sample_policy()},
        start=TODAY - timedelta(days=20),
        end=TODAY,
    )
    return render_html(both)


def test_the_page_has_the_shared_shell_and_style(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert STYLE in page
    assert CSP in page
    assert page.rstrip().endswith("</html>")


def test_every_name_is_escaped(page: str) -> None:
    assert HOSTILE not in page
    assert "&lt;b&gt;&quot;odd&quot; &amp; co&lt;/b&gt;" in page
    assert not re.search(r"<(script|img|link|iframe)\b", page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_one_chart_per_channel_and_one_for_cost_each_with_a_line_per_policy(
    page: str, book: Portfolio
) -> None:
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL)
    titles = re.findall(r'aria-label="([^"]*)"', page)
    assert titles[-1] == "Daily cost (EUR)"
    assert all(t.startswith("Daily contacts: ") for t in titles[:-1])
    assert len(charts) == len(titles) >= 2
    for chart in charts:
        assert chart.count("<polyline") == 2  # one per policy
        assert "default" in chart  # the legend names the policies


def test_figures_are_numbers_aligned_right(page: str) -> None:
    assert '<td>contacts</td><td class="num">' in page
    assert "vs default</th>" in page


def test_a_single_back_test_is_a_page_too(result: Backtest) -> None:
    page = render_html(result)
    assert page.count("<table>") == 1
    assert f"Back-test {result.start} to {result.end}" in page
    assert "<polyline" in page


def test_the_report_and_the_back_test_page_share_one_style(page: str, book: Portfolio) -> None:
    pytest.importorskip("jinja2")
    from dunningkit.analytics import collections_report  # noqa: PLC0415 - needs the extra

    report = collections_report(book, TODAY, workload_days=1)
    assert STYLE in report
    assert STYLE in page
