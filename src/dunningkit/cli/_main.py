"""The ``dunningkit`` command: the parser of every command, and the one error policy.

Each command lives in its own module (``cli/_plan.py``, ``cli/_kpis.py``...) over one
context (:mod:`dunningkit.cli._context`: the book, its policy, the locale rule, the
output) and one set of shared options (:mod:`dunningkit.cli._options`). Errors are
printed one line per problem, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from dunningkit._support._version import __version__
from dunningkit.cli import (
    _backtest,
    _charges,
    _claim,
    _demo,
    _einvoices,
    _explain,
    _handover,
    _kpis,
    _links,
    _plan,
    _rates,
    _render,
    _report,
    _segments,
    _validate,
)
from dunningkit.cli._context import UsageError
from dunningkit.cli._options import check_required
from dunningkit.errors import DunningkitError, InvalidPortfolioError, PolicyError

__all__ = ["build_parser", "main"]

COMMANDS = (_demo, _validate, _segments, _plan, _explain, _render, _links, _backtest,
            _charges, _rates, _handover, _claim, _kpis, _report, _einvoices)  # fmt: skip
"""The command modules, in the order ``dunningkit --help`` lists them."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says where the help is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, exposed for the docs and the tests."""
    parser = _Parser(
        prog="dunningkit", description="Plan payment reminders that a credit manager can explain."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__} (pip package pydunning)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def _report_error(command: str, error: BaseException) -> int:
    """One line per problem on stderr; the exit code for the error."""
    if isinstance(error, UsageError):
        sys.stderr.write(f"dunningkit {command}: error: {error}\n")
        return 2
    if isinstance(error, InvalidPortfolioError):
        sys.stderr.writelines(f"error: {problem}\n" for problem in error.problems)
        count = len(error.problems)
        sys.stderr.write(f"{count} problem{'s' if count != 1 else ''} found\n")
        return 1
    if isinstance(error, DunningkitError):
        sys.stderr.writelines(f"error: {line}\n" for line in str(error).splitlines())
        if isinstance(error, PolicyError) and len(error.problems) > 1:
            where = f" in {error.path}" if error.path else ""
            sys.stderr.write(f"{len(error.problems)} problems found{where}\n")
        return 1
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"error: {where}{error.strerror or error}\n")
        return 1
    sys.stderr.write(
        f"error: unexpected {type(error).__name__}: {error} (a bug in dunningkit: "
        "please report it with the command; DUNNINGKIT_DEBUG=1 shows the traceback)\n"
    )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data, 2 bad usage).

    Whatever the input, errors are one line each on stderr, never a traceback
    (set ``DUNNINGKIT_DEBUG=1`` to see one for an unexpected failure).
    """
    args = build_parser().parse_args(argv)
    check_required(args)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        # Output piped into `head`: not an error for the person at the terminal.
        sys.stderr.close()
        return 0
    except (DunningkitError, OSError) as error:
        return _report_error(args.command, error)
    except Exception as error:
        if os.environ.get("DUNNINGKIT_DEBUG"):
            raise
        return _report_error(args.command, error)


if __name__ == "__main__":
    raise SystemExit(main())
