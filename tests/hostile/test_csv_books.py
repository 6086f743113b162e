"""Hostile CSV folders: the in-memory loader and the streamed reader give one verdict,
a named refusal, and memory stays bounded on a file without line ends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dunningkit.cli import main
from dunningkit.loaders import dump_csv, load_jsonl
from tests.hostile._families import sound_book

TODAY = "2026-06-15"
Mutation = Callable[[bytes], bytes]

MUTATIONS: dict[str, tuple[str, Mutation, str]] = {
    "nul-after-sniff": ("invoices", lambda b: b + b"x" * 9000 + b"\x00\n", "NUL"),
    "no-line-ends": ("payments", lambda b: b"id" + b" " * (2 << 20), "1,048,576"),
    "cr-only": (
        "invoices",
        lambda b: b.replace(b"\r\n", b"\r").replace(b"\n", b"\r") * 20_000,
        "line",
    ),
    "long-cell": ("invoices", lambda b: b + b'"' + b"a" * 200_000 + b'"\n', "131,072"),
    "open-quote": ("invoices", lambda b: b + b'"F9,' + b"a" * 200_000 + b"\n", "131,072"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_one_verdict_for_a_csv_folder(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "book.jsonl"
    source.write_bytes(sound_book())
    folder = tmp_path / "csv"
    dump_csv(load_jsonl(source), folder)
    file, mutate, says = MUTATIONS[name]
    path = folder / f"{file}.csv"
    path.write_bytes(mutate(path.read_bytes() if path.exists() else b"id\n"))
    memory = main(["plan", str(folder), "--today", TODAY])
    memory_err = capsys.readouterr().err
    stream = main(["plan", str(folder), "--today", TODAY, "--stream", "--out", str(tmp_path / "o")])
    stream_err = capsys.readouterr().err
    assert (memory, stream) == (1, 1), (memory_err, stream_err)
    for err in (memory_err, stream_err):
        assert "a bug" not in err
        assert says in err, err
