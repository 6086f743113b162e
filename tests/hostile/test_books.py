"""Every hostile book gets one verdict on every path, and never an internal error.

Each case of :mod:`tests.hostile._families` is planned three ways: ``load_portfolio``
and ``plan`` in memory, and ``plan --stream``. A refusal is a named error (exit code
1, one line per problem), never "unexpected ... a bug"; the in-memory and streamed
plans agree; a refused streamed run leaves no output folder behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dunningkit.cli import main
from tests.hostile._families import CASES, Case

TODAY = "2026-06-15"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_one_verdict_on_every_path(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.jsonl"
    book.write_bytes(case.data)
    memory, memory_err = _run(["plan", str(book), "--today", TODAY, "--format", "json"], capsys)
    out = tmp_path / "out"
    stream, stream_err = _run(
        ["plan", str(book), "--today", TODAY, "--stream", "--out", str(out)], capsys
    )
    for err in (memory_err, stream_err):
        assert "a bug" not in err, err
        assert "Traceback" not in err
    assert (memory != 0) == (stream != 0), (memory_err, stream_err)
    if case.refused is not None:
        assert (memory != 0) is case.refused, memory_err
    if memory != 0:
        assert memory == 1
        assert case.says in memory_err, memory_err
        assert case.says in stream_err, stream_err
        assert not (out / "summary.json").exists(), "a refused run wrote a summary"
