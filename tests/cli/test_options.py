"""The command-line convention (``cli/_options.py``): one spelling per idea, everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from dunningkit.cli import build_parser, main
from dunningkit.cli._options import FIRST_YEAR, LAST_YEAR, day_arg
from tests.builders import DEMO_DAY

DAY = DEMO_DAY.isoformat()

# Which shared option each command accepts. A command that reads a book takes
# --allow-empty; one that plans or reads policy settings takes --policy; one that says
# amounts or dates to a person takes --locale; one that prints a result takes --format;
# one that writes a file takes --out with --force.
BOOK = {"--allow-empty", "--policy"}
PRINTS = {"--format", "--out", "--force"}
ACCEPTED = {
    "demo": {"--today", "--locale", "--out", "--force"},
    "validate": BOOK | {"--today"},  # optional: what a plan of that day would refuse
    "segments": BOOK | PRINTS | {"--today"},
    "plan": BOOK | PRINTS | {"--today", "--locale"},
    "explain": BOOK | PRINTS | {"--today"},
    "render": BOOK | PRINTS | {"--today"},
    "links": BOOK | PRINTS | {"--today"},
    "charges": BOOK | PRINTS | {"--today", "--locale"},
    "kpis": BOOK | PRINTS | {"--today", "--locale"},
    "report": BOOK | {"--today", "--locale", "--out", "--force"},
    "handover": BOOK | {"--today", "--locale", "--out", "--force"},
    "claim": BOOK | PRINTS | {"--today", "--locale"},
    "backtest": BOOK | PRINTS | {"--from", "--to", "--locale"},
    "schema": set(),
}
SHARED = {"--today", "--from", "--to", "--allow-empty", "--policy", "--locale", "--format",
          "--out", "--force"}  # fmt: skip
OLD_SPELLINGS = {"kpis": "--on", "report": "--on", "handover": "--on"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _visible_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for option in action.option_strings
    }


@pytest.mark.parametrize("command", sorted(ACCEPTED))
def test_every_command_accepts_the_shared_options_it_needs(command: str) -> None:
    assert _visible_options(_commands()[command]) & SHARED == ACCEPTED[command]


def test_the_table_covers_every_command() -> None:
    assert set(_commands()) - {"rates", "einvoices"} == set(ACCEPTED)  # groups of actions


def test_a_day_is_always_spelled_today() -> None:
    for name, parser in _commands().items():
        options = _visible_options(parser)
        assert not options & {"--on", "--as-of", "--date", "--day"}, name


@pytest.mark.parametrize(("command", "old"), sorted(OLD_SPELLINGS.items()))
def test_old_spellings_are_hidden_aliases(command: str, old: str) -> None:
    parser = _commands()[command]
    hidden = [a for a in parser._actions if old in a.option_strings]
    assert [a.help for a in hidden] == [argparse.SUPPRESS]
    assert hidden[0].dest == "today"


def test_one_date_range_for_every_date_option() -> None:
    assert day_arg(f"{FIRST_YEAR}-01-01").year == FIRST_YEAR
    assert day_arg(f"{LAST_YEAR}-12-31").year == LAST_YEAR
    for text in ("0001-01-01", f"{FIRST_YEAR - 1}-12-31", f"{LAST_YEAR + 1}-01-01"):
        with pytest.raises(argparse.ArgumentTypeError, match="outside the years"):
            day_arg(text)


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "BOOK", "--today", "0001-01-01"],
        ["backtest", "BOOK", "--from", "0001-01-01", "--to", DAY],
        ["backtest", "BOOK", "--from", DAY, "--to", "9999-12-31"],
        ["kpis", "BOOK", "--today", "0001-01-01"],
        ["kpis", "BOOK", "--on", "0001-01-01"],
        ["links", "BOOK", "KEY", "--key-file", "F", "--expires-on", "0001-01-01"],
        ["rates", "import", "FILE", "--today", "0001-01-01"],
        ["demo", "--today", "0001-01-01"],
    ],
)
def test_every_command_refuses_the_same_dates(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert f"outside the years dunningkit plans ({FIRST_YEAR}-{LAST_YEAR})" in (
        capsys.readouterr().err
    )


def test_a_required_day_may_be_given_by_its_old_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["kpis", str(tmp_path / "book.json")])
    assert stopped.value.code == 2
    assert "required: --today" in capsys.readouterr().err
    assert main(["kpis", str(tmp_path / "book.json"), "--on", DAY]) == 1  # no such book


def test_rates_import_takes_the_day_as_today_or_as_of() -> None:
    parser = _commands()["rates"]
    imp = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parsed = build_parser().parse_args(["rates", "import", "F", "--as-of", DAY])
    assert str(parsed.today) == DAY
    assert "--today" in _visible_options(imp.choices["import"])
