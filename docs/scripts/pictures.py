"""Make the docs' pictures from the sample book, so they show what the code does today.

Run from the repository root, with the ``cli`` and ``report`` extras installed::

    python docs/scripts/pictures.py

It runs the commands the tutorial runs, on the sample book and its day
(23 November 2026), and writes ``docs/img/``:

- ``demo.svg``: the terminal table of ``dunningkit demo`` (drawn by rich, no browser);
- with Chromium on the PATH (``chromium``), screenshots of the pages people read:
  ``report.png`` (the collections report), ``backtest.png`` (the back-test page,
  default policy against ``docs/examples/strict_policy.toml``), ``dossier.png`` (the
  hand-over dossier of CLI-080) and ``letter.png`` (the letter to CLI-051, as
  ``dunningkit render`` writes it). Without Chromium they are left as they are.

``tests/docs/test_pictures.py`` checks that ``demo.svg`` is what the code draws today
and that every picture the docs show is one this script makes.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dunningkit._sample import SAMPLE_DAY
from dunningkit._support._html import escape, page
from dunningkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"
DAY = SAMPLE_DAY.isoformat()
DEMO_LINES = 22
"""The demo's first lines in the picture: the book, the segments and the top of the table."""
SCREENSHOTS = {"report.png": 2800, "backtest.png": 1300, "dossier.png": 1300, "letter.png": 640}
"""Each screenshot and how much of its page it shows, in pixels from the top."""
PICTURES = ("demo.svg", *SCREENSHOTS)
_LETTER_STYLE = """
  .note { white-space: pre-wrap; }
  .letter { font-family: Georgia, serif; font-size: 13px; white-space: pre-wrap;
            border: 1px solid var(--line); padding: 14mm 16mm; margin: 6mm auto; }
"""


def _run(args: Sequence[str]) -> str:
    """A command's standard output; a failing command stops the script."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    if code != 0:
        raise SystemExit(f"dunningkit {' '.join(args)} failed ({code})")
    return out.getvalue()


def demo_svg() -> str:
    """The first lines of ``dunningkit demo``, as a terminal shows them, in SVG."""
    from rich.console import Console  # noqa: PLC0415 - the cli extra, only for this picture
    from rich.text import Text  # noqa: PLC0415

    lines = _run(["demo"]).splitlines()
    shown = [*lines[:DEMO_LINES], f"… ({len(lines) - DEMO_LINES} more lines)"]
    console = Console(
        record=True, width=max(len(line) for line in shown), file=io.StringIO(), color_system=None
    )
    console.print(Text("\n".join(shown)), highlight=False, soft_wrap=True)
    return console.export_svg(title="dunningkit demo")


def _letter_page(text: str) -> str:
    """The rendered letter on a page: what ``render`` says of it, then the letter."""
    head, _, letter = text.partition("\nsubject: ")
    subject, _, body = letter.partition("\n")
    parts = [
        f'<p class="note">{escape(head)}</p>',
        f'<div class="letter"><strong>{escape(subject)}</strong>\n{escape(body.strip())}</div>',
    ]
    return page("Letter to CLI-051", parts, style=_LETTER_STYLE, lang="fr")


def _pages(folder: Path) -> dict[str, Path]:
    """The HTML pages to photograph, written by the commands the docs show."""
    book = folder / "sample"
    _run(["demo", "--export", str(book)])
    _run(["report", str(book), "--today", DAY, "--out", str(folder / "report.html")])
    strict = ROOT / "docs" / "examples" / "strict_policy.toml"
    _run(
        [
            *("backtest", str(book), "--from", "2026-08-25", "--to", DAY),
            *("--against", str(strict), "--html", str(folder / "backtest.html")),
        ]
    )
    dossier = folder / "dossier"
    _run(["handover", str(book), "CLI-080", "--today", DAY, "--out", str(dossier), "--force"])
    letter = _run(["render", str(book), "--today", DAY, "--customer", "CLI-051"])
    (folder / "letter.html").write_text(_letter_page(letter), encoding="utf-8")
    return {
        "report.png": folder / "report.html",
        "backtest.png": folder / "backtest.html",
        "dossier.png": dossier / "dossier.html",
        "letter.png": folder / "letter.html",
    }


def screenshot(browser: str, html: Path, target: Path, height: int = 1300) -> None:
    """The top of a page as Chromium draws it, 1000 pixels wide."""
    subprocess.run(  # noqa: S603 - a fixed browser on a file we wrote
        [
            *(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"),
            *(f"--window-size=1000,{height}", f"--screenshot={target}", html.as_uri()),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def make(img: Path = IMG) -> list[Path]:
    """Write every picture this machine can make into ``img``; the paths written."""
    img.mkdir(parents=True, exist_ok=True)
    written = [img / "demo.svg"]
    written[0].write_text(demo_svg(), encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("Chromium not found: the screenshots are left as they are", file=sys.stderr)
        return written
    with tempfile.TemporaryDirectory() as tmp:
        for name, html in _pages(Path(tmp)).items():
            screenshot(browser, html, img / name, SCREENSHOTS[name])
            written.append(img / name)
    return written


if __name__ == "__main__":
    for path in make():
        print(f"wrote {path.relative_to(ROOT)}")
