"""The policy: a company's dunning rules as data, loadable from TOML or JSON."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dunningkit._support._plugins import load_plugin
from dunningkit._support._urls import check_base_url
from dunningkit.book._promises import DEFAULT_PROMISE_GRACE_DAYS
from dunningkit.errors import PluginError, PolicyError
from dunningkit.legal._rates import RateTable, load_rate_table
from dunningkit.model._calendar import BusinessCalendar, CalendarByCreditor
from dunningkit.model._terms import InterestTerms, TermsKind
from dunningkit.model._types import LocaleCode
from dunningkit.policy._catalogs import Register
from dunningkit.policy._costs import ChannelCosts
from dunningkit.policy._scenario import Scenario, default_scenarios
from dunningkit.policy._templates import (
    Creditor,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
    step_template_problems,
)
from dunningkit.segmentation._rules import SegmentationSettings

__all__ = ["Grouping", "PhoneOverflow", "Policy", "default_policy", "load_policy"]


class Grouping(StrEnum):
    """How due invoices of a customer are gathered into actions."""

    PER_INVOICE = "per_invoice"
    """One action per invoice."""
    PER_CUSTOMER_STEP = "per_customer_step"
    """A customer's invoices due for the same step and channel share one action (one
    letter listing them). The default."""
    PER_CUSTOMER = "per_customer"
    """One action per customer and currency, at the highest step due, covering every
    overdue invoice that may be dunned."""


class PhoneOverflow(StrEnum):
    """What happens to calls beyond the day's phone capacity."""

    NEXT_BUSINESS_DAY = "next_business_day"
    """The call is scheduled for the next business day with room (default)."""
    FALLBACK = "fallback"
    """The step's first usable fallback channel is used today instead."""


MAX_DAYS = 3660
"""The longest a policy's day counts go (ten years; a limitation warning, a hundred): a
larger figure is a typing slip, and would carry dates past the calendar's end."""

_AMOUNT = Field(ge=0, allow_inf_nan=False, lt=Decimal("1e15"))
_RATE = Field(gt=0, allow_inf_nan=False, lt=Decimal("1e9"))
_WEIGHT = Field(ge=0, allow_inf_nan=False, le=1e6)

DEFAULT_SEGMENT_RISK: dict[str, float] = {
    "at_risk": 3.0,
    "bad_payer": 2.5,
    "occasional_late": 1.5,
    "new": 1.2,
    "public_body": 1.0,
    "key_account": 1.0,
    "good_payer": 0.8,
}


class Policy(CalendarByCreditor):
    """Everything the planner is told by the company: segmentation, scenarios, guardrails.

    Guardrails are top-level fields, so one can be changed in one call:
    ``policy.model_copy(update={"min_days_between_contacts": 7})``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    scenarios: dict[str, Scenario] = Field(
        default_factory=default_scenarios,
        description="segment id -> scenario. Scenarios given replace the default of their "
        "segment; the other segments keep theirs. A segment without a scenario is not "
        "dunned (its invoices are skipped with the reason)",
    )
    segmentation: SegmentationSettings = Field(default_factory=SegmentationSettings)
    min_days_between_contacts: int = Field(
        default=5, ge=0, le=MAX_DAYS, description="days between two contacts with the same customer"
    )
    max_contacts_per_30_days: int = Field(
        default=4, ge=1, le=1000, description="contacts with one customer in any 30 days"
    )
    min_open_amount: Decimal = Field(
        default=Decimal(0),
        ge=0,
        allow_inf_nan=False,
        description="no action for a smaller open total",
    )
    min_open_amount_by_currency: dict[str, Annotated[Decimal, _AMOUNT]] = Field(
        default_factory=dict, description="overrides min_open_amount per currency"
    )
    calendar: BusinessCalendar = Field(default_factory=BusinessCalendar)
    phone_capacity_per_day: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        description="calls the team can make a day; None: no limit",
    )
    phone_overflow: PhoneOverflow = PhoneOverflow.NEXT_BUSINESS_DAY
    payment_sent_grace_days: int = Field(
        default=7, ge=0, le=MAX_DAYS, description="days a 'payment sent' status holds reminders"
    )
    promise_grace_days: int = Field(
        default=DEFAULT_PROMISE_GRACE_DAYS,
        ge=0,
        le=MAX_DAYS,
        description="days after a promise's pay-by date before reminders resume",
    )
    grouping: Grouping = Grouping.PER_CUSTOMER_STEP
    segment_risk: dict[str, Annotated[float, _WEIGHT]] = Field(
        default_factory=lambda: dict(DEFAULT_SEGMENT_RISK),
        description="weight of each segment when ranking calls (open amount x risk)",
    )
    creditor: Creditor = Field(
        default_factory=Creditor, description="who is owed, as the messages name it"
    )
    late_interest: InterestTerms | None = Field(
        default=None,
        description="the interest the company's terms of sale set for late payment (a "
        "customer's own late_interest wins); None: the statute's",
    )
    templates: tuple[Template, ...] = Field(
        default=(),
        description="templates that replace the shipped ones with the same id, kind and locale",
    )
    template_plugins: tuple[str, ...] = Field(
        default=(),
        description="names of template plugins, applied in order over the shipped templates "
        "(the policy's own `templates` come last)",
    )
    locale: LocaleCode | None = Field(
        default=None,
        description="locale of amounts and dates in reports and tables (the command line's "
        "default), and the language of messages to a customer whose language dunningkit "
        "does not write (the plan alerts on it); None: each customer's, and English",
    )
    formality: Register = Field(
        default="formal",
        description="the form of address of the messages: formal (vous, Sie, usted, Lei, "
        "u) or informal (tu, du, tú, tu, je) where a language has one",
    )
    jurisdiction: str | None = Field(
        default=None,
        description="late-payment rules (FR, EU, DE, GB...); None: the customer's country",
    )
    rate_tables: dict[str, Path] = Field(
        default_factory=dict,
        description="table id (ecb_main_refinancing, bundesbank_base_rate, boe_bank_rate) "
        "-> a rate table file (from `dunningkit rates import`) that replaces the shipped one",
    )
    eom_reading: TermsKind = Field(
        default=TermsKind.DAYS_END_OF_MONTH,
        description="how payment terms worded '45 jours fin de mois' are computed: "
        "days_end_of_month (add the days, then the end of that month) or "
        "end_of_month_days (end of the invoice's month, then the days)",
    )
    limitation_warning_days: int = Field(
        default=90,
        ge=0,
        le=10 * MAX_DAYS,  # limitation periods run up to 30 years
        description="an open invoice whose claim becomes time-barred within these days is "
        "flagged (its action or skip names the expiry date, and Plan.alerts lists it)",
    )
    ch_limitation_years: Literal[5, 10] = Field(
        default=10,
        description="limitation period of Swiss claims: 10 years (OR 127) or 5 (OR 128: "
        "periodic payments, retail sales, craftsmen's work...)",
    )
    exchange_rates: dict[str, Annotated[Decimal, _RATE]] = Field(
        default_factory=dict,
        description="currency -> value of one unit in a common unit, only to rank calls "
        "across currencies (amounts are never added across currencies)",
    )
    links_base_url: str | None = Field(
        default=None,
        description="the host's page for self-service links (https). When set, messages "
        "carry signed pay, promise and dispute links (render(..., signer=...))",
    )
    links_valid_days: int = Field(
        default=30, ge=1, le=366, description="days a link in a message stays valid"
    )
    costs: ChannelCosts | None = Field(
        default=None,
        description="what each contact costs, for back-tests (`[costs]`); None: the "
        "documented defaults of ChannelCosts",
    )

    @field_validator("scenarios", mode="before")
    @classmethod
    def _over_the_defaults(cls, value: Any) -> Any:
        # A policy names the scenarios it changes; the other segments keep theirs.
        # A name instead of a table is a scenario plugin, loaded because it is named.
        if isinstance(value, dict):
            named = {k: _scenario_plugin(v) if isinstance(v, str) else v for k, v in value.items()}
            return {**default_scenarios(), **named}
        return value

    @field_validator("links_base_url")
    @classmethod
    def _usable_base_url(cls, value: str | None) -> str | None:
        return None if value is None else check_base_url(value)

    @field_validator("eom_reading")
    @classmethod
    def _an_end_of_month_reading(cls, value: TermsKind) -> TermsKind:
        if value is TermsKind.NET:
            raise ValueError("must be days_end_of_month or end_of_month_days")
        return value

    @model_validator(mode="after")
    def _steps_have_their_templates(self) -> Policy:
        problems = step_template_problems(self.template_set(), self.scenarios)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def _rate_tables(self) -> dict[str, RateTable]:
        return {name: load_rate_table(path) for name, path in self.rate_tables.items()}

    def loaded_rate_tables(self) -> dict[str, RateTable]:
        """The rate tables the policy names, read once (pass to ``late_charges``)."""
        return self._rate_tables

    def scenario_for(self, segment: str) -> Scenario | None:
        """The scenario of a segment: from the policy, or a scenario plugin by name."""
        return self.scenarios.get(segment)

    @cached_property
    def _templates(self) -> TemplateSet:
        found = default_templates()
        for name in self.template_plugins:
            found = found.merged(_template_plugin(name))
        return found.merged(self.templates)

    def template_set(self) -> TemplateSet:
        """The shipped templates with the policy's own on top."""
        return self._templates

    def min_amount(self, currency: str) -> Decimal:
        """The smallest open total worth an action in ``currency``."""
        return self.min_open_amount_by_currency.get(currency, self.min_open_amount)


def _scenario_plugin(name: str) -> Scenario:
    """The scenario a ``dunningkit.scenarios`` plugin gives (an instance, or a callable)."""
    loaded = load_plugin("dunningkit.scenarios", name)
    value = loaded() if callable(loaded) and not isinstance(loaded, Scenario) else loaded
    if isinstance(value, Scenario):
        return value
    if isinstance(value, dict):
        return Scenario.model_validate(value)
    raise PluginError(f"scenario plugin {name!r} gave a {type(value).__name__}, not a Scenario")


def _template_plugin(name: str) -> TemplateSet:
    """Templates from a ``dunningkit.templates`` plugin: a set, templates, or a folder."""
    loaded = load_plugin("dunningkit.templates", name)
    value = loaded() if callable(loaded) and not isinstance(loaded, (TemplateSet, Path)) else loaded
    if isinstance(value, TemplateSet):
        return value
    if isinstance(value, (str, Path)):
        return load_templates(value)
    if isinstance(value, (list, tuple)) and all(isinstance(t, Template) for t in value):
        return TemplateSet(value)
    raise PluginError(
        f"template plugin {name!r} gave a {type(value).__name__}, not templates "
        "(a TemplateSet, a list of Template, or a folder of TOML files)"
    )


def default_policy() -> Policy:
    """The defaults, as documented in the policy reference."""
    return Policy()


def _field_names(loc: tuple[int | str, ...]) -> list[str]:
    """The setting names valid where ``loc`` points, to suggest a near miss."""
    annotation: Any = Policy
    for part in loc:
        while get_origin(annotation) in (Union, UnionType):  # an optional section
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) in (dict, tuple, list):
            annotation = get_args(annotation)[-1 if get_origin(annotation) is dict else 0]
        else:
            return []
    while get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _near_miss(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _problems(error: ValidationError) -> list[str]:
    """One line per problem, each naming its key once."""
    lines = []
    items = error.errors(include_url=False)
    for item in items:
        loc = item["loc"]
        if item["type"] == "too_short" and any(
            other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in items
        ):
            continue  # a list left empty by its own bad items: the items say why
        key = ".".join(str(p) for p in loc) or "(top level)"
        if item["type"] == "extra_forbidden":
            names = _field_names(loc[:-1])
            hint = _near_miss(str(loc[-1]), names) or " (check its spelling)"
            lines.append(f"{key} is not a setting{hint}")
            continue
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "enum" and isinstance(item.get("input"), str):
            expected = re.findall(r"'([^']*)'", str(item.get("ctx", {}).get("expected", "")))
            message += _near_miss(item["input"], expected)
        lines.append(f"{key}: {message}")
    return list(dict.fromkeys(lines))


def policy_from_mapping(data: Any) -> Policy:
    """Build a policy from plain data, naming every bad key in one :class:`PolicyError`.

    ``error.problems`` holds one line per problem; ``error.key`` the first bad key.
    """
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"]) or None
        raise PolicyError(key=key, problems=_problems(error)) from None


def load_policy(path: str | Path) -> Policy:
    """Load a policy from a ``.toml`` or ``.json`` file; errors name the bad key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise PolicyError(
            "is a folder; give the policy file (.toml or .json)", path=str(path)
        ) from None
    except OSError as error:
        raise PolicyError(str(error.strerror or error), path=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw)
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PolicyError("is not UTF-8 text", path=str(path)) from None
    except ValueError as error:
        raise PolicyError(f"cannot be read: {error}", path=str(path)) from None
    except RecursionError:
        raise PolicyError(
            "nests tables or lists too deeply to be a policy (a damaged file)", path=str(path)
        ) from None
    if not isinstance(data, dict):
        raise PolicyError("must hold a table of settings", path=str(path))
    if isinstance(data.get("rate_tables"), dict):
        # Rate table files are named relative to the policy file.
        data["rate_tables"] = {
            name: str(path.parent / str(file)) for name, file in data["rate_tables"].items()
        }
    try:
        return policy_from_mapping(data)
    except PolicyError as error:
        raise PolicyError(key=error.key, problems=error.problems, path=str(path)) from None
