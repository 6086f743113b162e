"""The options every command spells the same way, and the one parser of each kind.

The convention (docs/cli.md has it as a table): ``--today`` for the day, ``--from`` and
``--to`` for a range, ``--policy``, ``--allow-empty``, ``--locale``, ``--format``,
``--out`` with ``--force``. An older spelling (``--on``, ``--as-of``) keeps working as
a hidden alias of the new one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date

from babel import Locale, UnknownLocaleError

from dunningkit.io._columns import DATE_FORMATS
from dunningkit.model._day import FIRST_YEAR, LAST_YEAR

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Command",
    "add_allow_empty",
    "add_book",
    "add_book_options",
    "add_command",
    "add_force",
    "add_format",
    "add_locale",
    "add_out",
    "add_policy",
    "add_range",
    "add_today",
    "check_required",
    "day_arg",
    "locale_arg",
    "positive_arg",
]

"""The years a date on the command line may fall in. A year outside is a typing
mistake (``0226`` for ``2026``), and the library's date arithmetic (a year of history
before the day, payment terms and grace after it) overflows near years 1 and 9999."""


def day_arg(text: str) -> date:
    """An option's ``YYYY-MM-DD``, or a usage error saying what is wrong with it."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD, e.g. 2026-11-23)"
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the years dunningkit plans ({FIRST_YEAR}-{LAST_YEAR})"
        )
    return day


def locale_arg(text: str) -> str:
    """A locale babel knows (``fr_FR``, ``fr-FR``, ``en``), or a usage error."""
    try:
        return str(Locale.parse(text.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a known locale (e.g. fr_FR, en_GB, de_DE)"
        ) from None


def positive_arg(text: str) -> int:
    """A whole number of at least 1, or a usage error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def add_book(p: argparse.ArgumentParser) -> None:
    """The book argument: a file or folder."""
    p.add_argument("portfolio", help="a .json or .jsonl file, or a folder of CSV files")
    p.add_argument(
        "--date-format",
        choices=DATE_FORMATS,
        default=None,
        help="how a CSV book writes its dd/mm dates (undeclared, 10/01/2026 is refused: "
        "10 January or 1 October?)",
    )


def add_today(
    p: argparse.ArgumentParser,
    help_text: str = "the day, YYYY-MM-DD",
    *,
    required: bool = True,
    aliases: Sequence[str] = (),
) -> None:
    """``--today``, and hidden old spellings of it. A required day with an old spelling
    is checked after parsing, so that either satisfies it (:func:`check_required`)."""
    checked_after = required and bool(aliases)
    p.add_argument(
        "--today",
        dest="today",
        type=day_arg,
        metavar="YYYY-MM-DD",
        required=required and not checked_after,
        help=f"{help_text} (required)" if checked_after else help_text,
    )
    if aliases:
        p.add_argument(*aliases, dest="today", type=day_arg, help=argparse.SUPPRESS)
    if checked_after:
        _require(p, "--today", "today")


def add_range(p: argparse.ArgumentParser) -> None:
    """``--from`` and ``--to``: a period, both days included."""
    p.add_argument("--from", dest="start", type=day_arg, required=True, help="first day")
    p.add_argument("--to", dest="end", type=day_arg, required=True, help="last day")


def add_policy(p: argparse.ArgumentParser) -> None:
    """``--policy``: else the policy kept with the book, else the defaults."""
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="policy file (.toml or .json); default: the one kept with the book, else the defaults",
    )


def add_allow_empty(p: argparse.ArgumentParser) -> None:
    """``--allow-empty``: a book without invoices is not an error."""
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept a book without invoices (by default an error: a failed export)",
    )


def add_locale(p: argparse.ArgumentParser) -> None:
    """``--locale``: the locale rule's first choice."""
    p.add_argument(
        "--locale",
        type=locale_arg,
        help="locale of amounts and dates (fr_FR, en_GB...); default: the policy's locale, "
        "else each customer's",
    )


def add_format(p: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    """``--format``: the first choice is the default (a table or text for people)."""
    p.add_argument("--format", choices=tuple(choices), default=choices[0])


def add_out(
    p: argparse.ArgumentParser,
    help_text: str = "write the output to FILE instead of the terminal",
    *,
    metavar: str = "FILE",
    required: bool = False,
) -> None:
    """``--out``: where a command writes; it never replaces a file without ``--force``."""
    p.add_argument("--out", metavar=metavar, help=help_text, required=required)


def add_force(p: argparse.ArgumentParser, help_text: str = "replace files --out names") -> None:
    """``--force``: write even where the command would refuse (an existing file)."""
    p.add_argument("--force", action="store_true", help=help_text)


def _require(p: argparse.ArgumentParser, option: str, dest: str) -> None:
    required: list[tuple[str, str]] = [*(p.get_default("required_options") or ()), (option, dest)]
    p.set_defaults(required_options=required, command_parser=p)


def check_required(args: argparse.Namespace) -> None:
    """Exit 2, as argparse does, when a required option (or its alias) is missing."""
    required = getattr(args, "required_options", ())
    missing = [option for option, dest in required if not getattr(args, dest)]
    if missing:
        args.command_parser.error(f"the following arguments are required: {', '.join(missing)}")


Command = Callable[[argparse.Namespace], int]


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    func: Command,
    help_text: str,
) -> argparse.ArgumentParser:
    """A sub-command whose help and description are ``help_text``, run by ``func``."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(func=func)
    return p


def add_book_options(
    p: argparse.ArgumentParser,
    formats: Sequence[str],
    *,
    policy: bool = True,
    locale: bool = True,
    out: bool = True,
) -> None:
    """The shared options of a command that reads a book and prints a result."""
    add_allow_empty(p)
    if policy:
        add_policy(p)
    if locale:
        add_locale(p)
    add_format(p, formats)
    if out:
        add_out(p)
        add_force(p)
