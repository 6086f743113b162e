"""Every error dunningkit raises.

The hierarchy, so a host can catch as broadly or as narrowly as it needs::

    DunningkitError                      (catch-all for the library)
    ├── InvalidPortfolioError (ValueError)   every problem found in input data at once
    │   ├── InvalidAnswerError               a customer's answer that cannot be recorded
    │   ├── BadCustomerError                 one customer's bad records in a stream
    │   └── ProceedingsError                 insolvency proceedings opened after the day asked
    ├── PolicyError (ValueError)             a policy file or object that cannot be used
    ├── UnknownRecordError (LookupError)     an id that is not in the portfolio
    ├── LoaderError (ValueError)             a file that cannot be read as a portfolio
    │   └── OutOfOrderError                  a stream not grouped by customer
    ├── TemplateError (ValueError)           a message template that cannot be used
    ├── PluginError (ImportError)            a named plugin that cannot be loaded
    ├── MissingExtraError (ImportError)      an optional extra that is not installed
    ├── AnalyticsError (ValueError)          an analytics figure asked with bad arguments
    ├── BacktestError (ValueError)           a back-test asked with bad arguments
    ├── UnknownChannelError (LookupError)    a channel without a ChannelSpec
    ├── LinkError (ValueError)               a self-service link that cannot be made
    ├── InvalidLink (ValueError)             a link token that does not verify
    ├── JurisdictionError (LookupError)      no rules known for a jurisdiction
    ├── RateTableOutdated (LookupError)      a period no reference-rate table covers
    ├── RateImportError (ValueError)         a central bank's CSV that cannot be read
    ├── HandoverError (ValueError)           a dossier not fit to hand over
    │   └── NoProceedingsError               a claim declaration for a customer not in proceedings
    ├── EInvoiceError (ValueError)           e-invoices or CDAR messages that cannot be read
    │   ├── HostileXmlError                  XML refused unread (DTD, entities, oversize)
    │   └── UnmatchedStatusError             lifecycle statuses for invoices not in the book
    └── TermsError (ValueError)              payment terms worded in a way not read

Each subclass also inherits the builtin a caller would catch anyway, so code that
already handles ``ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "AnalyticsError",
    "BacktestError",
    "BadCustomerError",
    "DunningkitError",
    "EInvoiceError",
    "EInvoiceProblem",
    "HandoverError",
    "HostileXmlError",
    "InvalidAnswerError",
    "InvalidLink",
    "InvalidPortfolioError",
    "JurisdictionError",
    "LinkError",
    "LoaderError",
    "MissingExtraError",
    "NoProceedingsError",
    "OutOfOrderError",
    "PluginError",
    "PolicyError",
    "Problem",
    "ProceedingsError",
    "RateImportError",
    "RateTableOutdated",
    "TemplateError",
    "TermsError",
    "UnknownChannelError",
    "UnknownRecordError",
    "UnmatchedStatusError",
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
        shown = self.record_id if self.record_id.isprintable() else repr(self.record_id)
        where = f"{self.record_type} {shown}"
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
    """A policy cannot be used: ``key`` names the (first) setting at fault when known.

    ``problems`` has one line per problem (``min_days: is not a setting...``);
    ``path`` is the policy file, when the policy came from one. The message is one
    line per problem, each starting with the file.
    """

    def __init__(
        self,
        message: str = "",
        *,
        key: str | None = None,
        problems: Sequence[str] = (),
        path: str | None = None,
    ) -> None:
        self.key = key
        self.path = path
        self.problems: tuple[str, ...] = tuple(problems) or (
            f"{key}: {message}" if key else message,
        )
        prefix = f"{path}: " if path else ""
        super().__init__("\n".join(prefix + line for line in self.problems))


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


class MissingExtraError(DunningkitError, ImportError):
    """An optional extra is needed and not installed; the message names the extra.

    Attributes:
        extra: the extra of ``pydunning`` to install (from a clone: ``pip install -e '.[EXTRA]'``).
    """

    def __init__(self, message: str, *, extra: str) -> None:
        super().__init__(message)
        self.extra = extra


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


class JurisdictionError(DunningkitError, LookupError):
    """No rules are known for the jurisdiction asked for: dunningkit never guesses."""

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return str(self.args[0])


class HandoverError(DunningkitError, ValueError):
    """A hand-over dossier lacks what a court or an agency needs (e.g. a formal notice)."""


class NoProceedingsError(HandoverError):
    """A claim declaration was asked for a customer against whom the book records no
    insolvency proceedings (``Customer.proceedings``); ``customer_id`` names it."""

    def __init__(self, customer_id: str) -> None:
        self.customer_id = customer_id
        super().__init__(
            f"customer {customer_id} is in no insolvency proceedings (Customer.proceedings "
            "is empty): there is no claim to declare; dun it, or record its proceedings first"
        )


class ProceedingsError(InvalidPortfolioError):
    """Insolvency proceedings opened after the day asked for (a plan, a claim
    declaration): ``problems`` names every such customer and the field
    ``proceedings.opened_on``."""


class RateTableOutdated(DunningkitError, LookupError):  # noqa: N818 - the issue's name
    """A charge period falls after the last date a reference-rate table covers.

    Attributes:
        table: the table's name.
        as_of: the last date the table is known to be complete.
        missing_from: the first day for which no rate is known.
        missing_to: the last day asked for (``on``).
    """

    def __init__(self, table: str, as_of: date, missing_from: date, missing_to: date) -> None:
        self.table = table
        self.as_of = as_of
        self.missing_from = missing_from
        self.missing_to = missing_to
        super().__init__(
            f"the {table} table is as of {as_of}: no reference rate is known for "
            f"{missing_from} to {missing_to}; import the published rates "
            "(`dunningkit rates import FILE`, then `late_charges(..., rate_table="
            "load_rate_table(...))` or `--rates FILE` on the command line), or pass "
            "allow_stale=True to use the last known rate with a warning"
        )

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return str(self.args[0])


class TermsError(DunningkitError, ValueError):
    """A payment-terms wording that dunningkit cannot read; the message quotes it."""


class RateImportError(DunningkitError, ValueError):
    """A file that cannot be read as a central bank's rate CSV (the message says why)."""


class BacktestError(DunningkitError, ValueError):
    """A back-test asked with arguments that cannot work (an empty period, no policy)."""


class AnalyticsError(DunningkitError, ValueError):
    """An analytics figure was asked with arguments that make no sense (end before start...)."""


@dataclass(frozen=True, order=True, slots=True)
class EInvoiceProblem:
    """One thing wrong in one e-invoicing file, named so it can be found and fixed.

    Attributes:
        source: the file (or ``<bytes>``, ``<stream>`` when read from memory).
        element: the element at fault, with its EN 16931 term where there is one
            (``cbc:DueDate (BT-9)``), or ``document`` for the file as a whole.
        message: what is wrong.
    """

    source: str
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.element}: {self.message}"


class EInvoiceError(DunningkitError, ValueError):
    """E-invoices or lifecycle messages that cannot be read; ``problems`` lists them all.

    A folder is read whole before this is raised, so one error names every problem of
    every file, and nothing is half-imported.
    """

    def __init__(self, problems: Sequence[EInvoiceProblem]) -> None:
        self.problems: tuple[EInvoiceProblem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(problem) for problem in self.problems))


class HostileXmlError(EInvoiceError):
    """XML refused before it was read: a DTD, an entity (external or expanding, the
    "billion laughs"), or a file larger than the limit. Nothing in it was resolved."""


class UnmatchedStatusError(EInvoiceError, LookupError):
    """Lifecycle statuses name invoices that are not in the book (none is dropped)."""


class DayError(DunningkitError, TypeError, ValueError):
    """A day given as something that is not one day: a datetime (whose day depends on
    its time zone), text that is not ``YYYY-MM-DD``, or another type."""
