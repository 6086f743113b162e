"""No traceback, whatever a person types: every subcommand, every option, hostile values.

The subcommands and their options are read from the parser itself, so a command
added later is covered without touching this file.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dunningkit.cli import build_parser, main
from dunningkit.loaders import dump_csv
from tests.builders import TODAY, Book, d

# Values a valid run of each command needs, by option or argument name; anything
# else gets a plain word. Commands added later fall back on the same table.
TODAY_TEXT = TODAY.isoformat()
CUSTOMER = "C1"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the parser has no subcommands")


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0 and not isinstance(action, argparse._HelpAction)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    book = root / "book"
    portfolio = (
        Book()
        .customer(CUSTOMER, segment="good_payer")
        .invoice("F1", CUSTOMER, due=d(-12))
        .invoice("F2", CUSTOMER, due=d(-40))
        .build()
    )
    dump_csv(portfolio, book)
    empty = root / "empty.jsonl"
    empty.write_bytes(b"")
    binary = root / "binary.jsonl"
    binary.write_bytes(bytes(range(256)) * 8)
    existing = root / "existing.txt"
    existing.write_text("keep me\n")
    unreadable = root / "unreadable.json"
    unreadable.write_text("{}")
    unreadable.chmod(0)
    locked = root / "locked"
    locked.mkdir()
    (locked / "customers.csv").write_text("id,name\n")
    locked.chmod(0)
    yield {
        "book": book,
        "empty": empty,
        "binary": binary,
        "existing": existing,
        "unreadable": unreadable,
        "locked": locked,
    }
    locked.chmod(stat.S_IRWXU)
    unreadable.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _hostile(files: dict[str, Path]) -> dict[str, str]:
    return {
        "unknown locale": "klingon",
        "unknown locale code": "xx_YY",
        "impossible date": "2026-02-30",
        "date in year 9999": "9999-12-31",
        "not a date": "23/11/2026",
        "empty text": "",
        "missing file": str(files["book"].parent / "missing.json"),
        "unreadable file": str(files["unreadable"]),
        "file where a folder is expected": str(files["existing"] / "x"),
        "existing file": str(files["existing"]),
        "folder without permission": str(files["locked"]),
        "system path under a file": "/etc/passwd/x",
        "binary file": str(files["binary"]),
        "empty file": str(files["empty"]),
        "unknown id": "NO-SUCH-ID",
    }


def _baseline(command: argparse.ArgumentParser, files: dict[str, Path]) -> dict[str, list[str]]:
    """The arguments of a run that succeeds: positionals and required options."""
    valid = {"portfolio": str(files["book"]), "customer_id": CUSTOMER, "today": TODAY_TEXT}
    argv: dict[str, list[str]] = {}
    # Options that an old spelling may stand for are checked after parsing.
    after_parsing = {dest for _, dest in command.get_default("required_options") or ()}
    for action in command._actions:
        if not _takes_value(action) or action.dest in argv:
            continue
        value = valid.get(action.dest, CUSTOMER)
        if not action.option_strings:
            argv[action.dest] = [value]
        elif action.required or action.dest in after_parsing:
            argv[action.dest] = [action.option_strings[-1], value]
    if command.prog.endswith(" render"):
        argv["customer"] = ["--customer", CUSTOMER]  # render needs one way to pick an action
    return argv


def _cases() -> Iterator[tuple[str, str]]:
    for name, command in _subcommands().items():
        for action in command._actions:
            if _takes_value(action):
                yield name, action.dest


@pytest.mark.parametrize(("command", "dest"), list(_cases()))
def test_no_traceback_on_hostile_values(
    command: str,
    dest: str,
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # an export given a plain word writes here
    monkeypatch.delenv("DUNNINGKIT_DEBUG", raising=False)
    parser = _subcommands()[command]
    action = next(a for a in parser._actions if a.dest == dest)
    for label, value in _hostile(files).items():
        argv = _baseline(parser, files)
        if action.option_strings:
            argv[dest] = [action.option_strings[-1], value]
        else:
            argv[dest] = [value]
        flat = [command] + [part for parts in argv.values() for part in parts]
        try:
            code = main(flat)
        except SystemExit as stopped:  # argparse's usage errors
            code = stopped.code if isinstance(stopped.code, int) else 2
        err = capsys.readouterr().err
        where = f"{' '.join(flat)!r} ({label})"
        assert "Traceback" not in err, where
        assert "unexpected" not in err, f"{where}: {err}"
        assert code in {0, 1, 2}, where
        if code:
            assert err.strip(), f"{where}: failed without saying why"
            assert all(line.strip() for line in err.strip().splitlines()), where


def test_every_subcommand_is_covered() -> None:
    # The list grows with the parser; these are the commands the suite started with.
    assert {"demo", "plan", "explain", "segments", "render", "charges", "validate"} <= set(
        _subcommands()
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_book_is_one_line(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["unreadable"])]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "Permission denied" in err[0]
