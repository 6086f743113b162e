"""The shell every HTML page of dunningkit shares: escaping, the head, one style.

The collections report, the back-test page and (in time) the hand-over dossier are
each one self-contained file: no script, no font, no image file and no link to
anything outside it, which a Content-Security-Policy also tells the browser. They
open offline, mail as one attachment and print on A4. Every text from the data is
escaped (:func:`escape`); markup built here or by the chart module is an
:class:`Html` fragment, which Jinja2's autoescaping passes through as it is.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence

__all__ = ["CSP", "STYLE", "Html", "escape", "head", "page", "table"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""Nothing may load from anywhere: no script, no font, no image file, no link."""

STYLE = """
  :root { --ink: #1d2433; --muted: #5c667a; --line: #d9dee7; --accent: #3b6fb6; }
  * { box-sizing: border-box; }
  body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: var(--ink); margin: 0 auto; max-width: 190mm; padding: 12px; }
  h1 { font-size: 22px; margin: 0 0 2px; }
  h2 { font-size: 16px; margin: 22px 0 6px; border-bottom: 2px solid var(--accent);
       padding-bottom: 2px; }
  h3 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); }
  p.sub, .note { color: var(--muted); margin: 0 0 8px; }
  .note { font-size: 11px; }
  .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
  .card .label { color: var(--muted); font-size: 11px; }
  .card .value { font-size: 17px; font-weight: 600; white-space: nowrap; }
  table { border-collapse: collapse; width: 100%; font-size: 11.5px; margin: 4px 0; }
  th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid var(--line);
           vertical-align: top; }
  th { background: #f3f5f9; font-weight: 600; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
  .rate { display: inline-block; height: 8px; background: var(--accent); }
  svg { display: block; max-width: 100%; height: auto; }
  section { break-inside: avoid; }
  footer { margin-top: 18px; color: var(--muted); font-size: 10.5px; }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 11px; }
    h2 { break-after: avoid; }
    tr, .card, svg { break-inside: avoid; }
  }
"""
"""The one look of every page: A4 width, muted notes, ruled tables, numbers right."""


class Html(str):
    """Markup built by dunningkit, every text in it already escaped.

    :func:`escape` returns it unchanged, and so does Jinja2's autoescaping (it reads
    ``__html__``), so a fragment is escaped once, where it is built.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def escape(value: object) -> str:
    """Text made safe for HTML (quotes too); an :class:`Html` fragment stays as it is."""
    if isinstance(value, Html):
        return value
    return html.escape(str(value), quote=True)


def head(title: str, *, style: str = "", lang: str = "en") -> Html:
    """The page from ``<!DOCTYPE html>`` to ``</head>``: the shared style, then ``style``."""
    return Html(
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{STYLE}{style}</style>\n</head>"
    )


def page(title: str, body: Iterable[str], *, style: str = "", lang: str = "en") -> str:
    """A whole page: :func:`head`, then the ``body`` fragments (already escaped)."""
    return "\n".join([head(title, style=style, lang=lang), "<body>", *body, "</body>\n</html>\n"])


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Collection[int] = (),
) -> Html:
    """A table with one header row; each cell escaped, columns in ``numeric`` aligned right."""

    def cells(tag: str, values: Sequence[object]) -> str:
        return "".join(
            f'<{tag} class="num">{escape(v)}</{tag}>'
            if n in numeric
            else f"<{tag}>{escape(v)}</{tag}>"
            for n, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>\n" for row in rows)
    return Html(
        f"<table>\n<thead><tr>{cells('th', header)}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"
    )
