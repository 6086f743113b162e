"""The one progress display (``cli/_progress.py``): used by loading, streaming, back-tests."""

from __future__ import annotations

import io

import pytest

from dunningkit.cli._progress import plain_update, progress
from dunningkit.cli._stream import stream_progress


def _terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stderr", terminal)
    return terminal


def test_progress_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rich")  # the bar is the cli extra's; without it, plain lines
    terminal = _terminal(monkeypatch)
    with progress("streaming the plan", "invoices") as update:
        report = stream_progress(update)
        assert report is not None
        report("revenue", 10, None)
        report("plan", 5, 10)
    assert "streaming the plan: done in" in terminal.getvalue()


def test_progress_without_rich_writes_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _terminal(monkeypatch)
    monkeypatch.setattr("dunningkit.cli._progress.available", lambda module: False)
    with progress("back-testing", "days") as update:
        assert update is not None
        update("back-testing", 10, 10)
    lines = terminal.getvalue().splitlines()
    assert lines[0] == "back-testing..."
    assert lines[1].startswith("back-testing: 10 days of 10")
    assert lines[2].startswith("back-testing: done in")


def test_nothing_shows_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with progress("loading") as update:
        assert update is None
    assert stream_progress(None) is None
    assert piped.getvalue() == ""


def test_plain_progress_tells_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = io.StringIO()
    monkeypatch.setattr("sys.stderr", terminal)
    update = plain_update("invoices")
    update("plan", 50, 100)
    assert "50 invoices" in terminal.getvalue()
    assert "s left" in terminal.getvalue()
