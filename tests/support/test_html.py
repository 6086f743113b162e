"""The page shell every HTML page shares: escaping, head, style, tables."""

from __future__ import annotations

import pytest

from dunningkit._support._html import CSP, STYLE, Html, escape, head, page, table


def test_escape_covers_quotes_and_leaves_our_own_markup_alone() -> None:
    assert escape('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    fragment = Html("<b>ok</b>")
    assert escape(fragment) is fragment
    assert escape(3) == "3"


def test_the_head_holds_the_policy_the_style_and_an_escaped_title() -> None:
    shell = head("<Report>", style=".extra { color: red; }")
    assert shell.startswith("<!DOCTYPE html>")
    assert f'content="{CSP}"' in shell
    assert '<meta charset="utf-8">' in shell
    assert STYLE + ".extra { color: red; }" in shell
    assert "<title>&lt;Report&gt;</title>" in shell
    assert "@page { size: A4" in shell
    assert shell.endswith("</head>")


def test_a_page_wraps_its_body() -> None:
    text = page("T", ["<p>one</p>", "<p>two</p>"])
    assert text.startswith("<!DOCTYPE html>")
    assert "<body>\n<p>one</p>\n<p>two</p>\n</body>" in text
    assert text.endswith("</html>\n")


def test_a_table_escapes_every_cell_and_aligns_numbers_right() -> None:
    html = table(["name", "amount"], [["<x>", "1.00"]], numeric={1})
    assert isinstance(html, Html)
    assert '<th>name</th><th class="num">amount</th>' in html
    assert '<td>&lt;x&gt;</td><td class="num">1.00</td>' in html


def test_jinja_passes_our_markup_through_and_escapes_the_rest() -> None:
    jinja2 = pytest.importorskip("jinja2")
    template = jinja2.Environment(autoescape=True).from_string("{{ a }}|{{ b }}")
    assert template.render(a=Html("<i>x</i>"), b="<i>x</i>") == "<i>x</i>|&lt;i&gt;x&lt;/i&gt;"
