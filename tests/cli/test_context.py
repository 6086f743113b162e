"""What every command reads the same way (``cli/_context.py``): the book, the policy kept
with it, the locale rule, the output and --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dunningkit import default_policy, sample_portfolio
from dunningkit.cli import main
from dunningkit.cli._context import LocaleRule
from dunningkit.loaders import dump_csv
from tests.builders import DEMO_DAY, SAMPLE_DAY, Book, d

DAY = DEMO_DAY.isoformat()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    dump_csv(Book().customer("C1").build(), folder)
    return folder


BOOK_COMMANDS = [
    ["validate"],
    ["segments", "--today", DAY],
    ["plan", "--today", DAY],
    ["explain", "C1", "--today", DAY],
    ["charges", "--today", DAY],
    ["kpis", "--today", DAY],
    ["backtest", "--from", "2026-11-01", "--to", DAY],
]


@pytest.mark.parametrize("command", BOOK_COMMANDS, ids=lambda c: c[0])
def test_allow_empty_means_the_same_everywhere(
    command: list[str], empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, *rest = command
    code, _, err = run(capsys, name, str(empty), *rest)
    assert code == 1
    assert "holds no invoices" in err
    assert "--allow-empty" in err
    code, _, err = run(capsys, name, str(empty), *rest, "--allow-empty")
    assert code == 0, err


@pytest.fixture
def book_with_policy(tmp_path: Path) -> Path:
    """A book whose kept policy sends far fewer reminders than the defaults."""
    folder = tmp_path / "book"
    dump_csv(sample_portfolio(SAMPLE_DAY), folder)
    creditor = '[creditor]\nname = "Atelier"\naddress = "Lyon"\niban = "FR76 3000"\n'
    (folder / "policy.toml").write_text(
        f"min_days_between_contacts = 60\n{creditor}", encoding="utf-8"
    )
    return folder


def _contacts(out: str) -> int:
    data = json.loads(out)
    return int(data["totals"]["total_contacts"])


def test_backtest_uses_the_policy_kept_with_the_book(
    book_with_policy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["backtest", str(book_with_policy), "--from", "2026-01-01", "--to", "2026-03-01"]
    code, kept, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    defaults = tmp_path / "defaults.toml"
    defaults.write_text("", encoding="utf-8")
    code, default, _ = run(capsys, *argv, "--format", "json", "--policy", str(defaults))
    assert code == 0
    assert _contacts(kept) < _contacts(default)
    explicit = book_with_policy / "policy.toml"
    code, same, _ = run(capsys, *argv, "--format", "json", "--policy", str(explicit))
    assert _contacts(same) == _contacts(kept)


def test_every_planning_command_reads_the_kept_policy(
    book_with_policy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    defaults = tmp_path / "defaults.toml"
    defaults.write_text("", encoding="utf-8")
    argv = ["plan", str(book_with_policy), "--today", SAMPLE_DAY.isoformat(), "--format", "json"]
    kept = run(capsys, *argv)[1]
    explicit = run(capsys, *argv, "--policy", str(book_with_policy / "policy.toml"))[1]
    assert kept == explicit
    assert kept != run(capsys, *argv, "--policy", str(defaults))[1]


def test_the_locale_rule() -> None:
    book = (
        Book()
        .customer("C1", locale="fr_FR")
        .invoice("F1", due=d(-5))
        .customer("C2", locale="en_GB")
        .customer("C3", locale="en_GB")
        .build()
    )
    policy = default_policy()
    assert LocaleRule.of(book, policy, None).for_customer("C1") == "fr_FR"
    assert LocaleRule.of(book, policy, None).for_book() == "en_GB"  # most customers'
    assert LocaleRule.of(book, policy, "de_DE").for_customer("C1") == "de_DE"
    french = policy.model_copy(update={"locale": "fr_FR"})
    assert LocaleRule.of(book, french, None).for_book() == "fr_FR"
    assert LocaleRule.of(book, french, "de_DE").for_book() == "de_DE"


def test_out_writes_the_output_and_never_replaces_without_force(
    book_with_policy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.json"
    argv = ["plan", str(book_with_policy), "--today", SAMPLE_DAY.isoformat(), "--format", "json"]
    code, printed, _ = run(capsys, *argv)
    assert run(capsys, *argv, "--out", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == printed
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, *argv, "--out", str(target))
    assert code == 1
    assert "already exists; add --force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, *argv, "--out", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == printed
    assert not list(tmp_path.glob(".*.part"))
