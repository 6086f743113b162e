"""Every error dunningkit raises.

The hierarchy, so a host can catch as broadly or as narrowly as it needs::

    DunningkitError                      (catch-all for the library)
    ├── InvalidPortfolioError (ValueError)   every problem found in input data at once
    ├── PolicyError (ValueError)             a policy file or object that cannot be used
    ├── UnknownRecordError (LookupError)     an id that is not in the portfolio
    ├── LoaderError (ValueError)             a file that cannot be read as a portfolio
    ├── TemplateError (ValueError)           a message template that cannot be used
    ├── AnalyticsError (ValueError)          an analytics figure asked with bad arguments
    └── PluginError (ImportError)            a named plugin that cannot be loaded

Each subclass also inherits the builtin a caller would catch anyway, so code that
already handles ``ValueError`` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnalyticsError",
    "DunningkitError",
    "InvalidPortfolioError",
    "LoaderError",
    "PluginError",
    "PolicyError",
    "Problem",
    "TemplateError",
    "UnknownRecordError",
]


class DunningkitError(Exception):
    """Root of every exception raised by dunningkit."""


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with one record, in words a finance person can act on.

    Attributes:
        record_type: ``customer``, ``invoice``, ``payment``, ``promise`` or ``event``.
        record_id: the record's own id (or ``#N``/``line N`` when it has none).
        field: the field at fault, dotted for nested fields (``contacts.0.email``).
        message: what is wrong and, where it helps, what was expected.
    """

    record_type: str
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.record_type} {self.record_id}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class InvalidPortfolioError(DunningkitError, ValueError):
    """Input data has problems; ``problems`` lists every one of them, sorted."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"portfolio has {count} {noun}:\n{lines}")

    @property
    def record_ids(self) -> tuple[str, ...]:
        """Ids of the records at fault, without repetition."""
        return tuple(dict.fromkeys(p.record_id for p in self.problems))


class PolicyError(DunningkitError, ValueError):
    """A policy cannot be used: ``key`` names the setting at fault when known."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        self.key = key
        super().__init__(f"{key}: {message}" if key else message)


class UnknownRecordError(DunningkitError, LookupError):
    """An id was asked for that the portfolio does not hold."""

    def __init__(self, record_type: str, record_id: str) -> None:
        self.record_type = record_type
        self.record_id = record_id
        super().__init__(f"no {record_type} with id {record_id!r} in the portfolio")

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return str(self.args[0])


class LoaderError(DunningkitError, ValueError):
    """A file cannot be read as portfolio data (missing, wrong format, bad header)."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class TemplateError(DunningkitError, ValueError):
    """A message template cannot be used (unknown placeholder, bad syntax)."""


class PluginError(DunningkitError, ImportError):
    """A plugin named by a policy cannot be loaded or has the wrong type."""


class AnalyticsError(DunningkitError, ValueError):
    """An analytics figure was asked with arguments that make no sense (end before start...)."""
