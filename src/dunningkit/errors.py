"""Every error dunningkit raises.

The hierarchy, so a host can catch as broadly or as narrowly as it needs::

    DunningkitError                      (catch-all for the library)
    ├── InvalidPortfolioError (ValueError)   every problem found in input data at once
    ├── PolicyError (ValueError)             a policy file or object that cannot be used
    ├── UnknownRecordError (LookupError)     an id that is not in the portfolio
    ├── LoaderError (ValueError)             a file that cannot be read as a portfolio
    │   └── OutOfOrderError                  a stream not grouped by customer
    ├── TemplateError (ValueError)           a message template that cannot be used
    ├── PluginError (ImportError)            a named plugin that cannot be loaded
    ├── LinkError (ValueError)               a self-service link that cannot be made
    └── InvalidLink (ValueError)             a link token that does not verify
    InvalidPortfolioError
    ├── InvalidAnswerError                   a customer's answer that cannot be recorded
    └── BadCustomerError                     one customer's bad records in a stream

Each subclass also inherits the builtin a caller would catch anyway, so code that
already handles ``ValueError`` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BadCustomerError",
    "DunningkitError",
    "InvalidAnswerError",
    "InvalidLink",
    "InvalidPortfolioError",
    "LinkError",
    "LoaderError",
    "OutOfOrderError",
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


class UnknownChannelError(DunningkitError, LookupError):
    """A channel that :data:`~dunningkit.CHANNEL_SPECS` does not describe."""

    def __init__(self, channel: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"channel {channel!r} has no ChannelSpec: add one to CHANNEL_SPECS "
            f"(known: {', '.join(known)})"
        )
        self.channel = channel

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


class LinkError(DunningkitError, ValueError):
    """A self-service link cannot be made: a bad key, key id, claim or base URL.

    Messages name the key id at fault, never a key.
    """


class InvalidLink(DunningkitError, ValueError):  # noqa: N818 - the issue's name
    """A link token does not verify; ``reason`` says why, and nothing more.

    ``reason`` is one of ``malformed``, ``unknown_key``, ``tampered`` or ``expired``
    (:class:`dunningkit.LinkFailure`). The message repeats the code and nothing
    else: no part of the token, no expected value, nothing that helps an attacker
    forge the next try. Show the customer one neutral page whatever the reason.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"invalid link ({reason})")


class InvalidAnswerError(InvalidPortfolioError):
    """A customer's answer to a link cannot be recorded; ``problems`` says why.

    The record type of each problem is ``answer`` and its id is the id the record
    would have had, so the host can log it next to the link's action.
    """


class BadCustomerError(InvalidPortfolioError):
    """A streamed customer's records have problems; ``problems`` lists every one, each
    message ending with where the record is (file and line, or row group and row)."""

    def __init__(self, customer_id: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.customer_id = customer_id
        super().__init__(problems)
        self.args = (f"customer {customer_id}: {self.args[0]}",)


class OutOfOrderError(LoaderError):
    """A stream met a customer's records after another customer's (file and line)."""
