"""Validated scalar types shared by the models: ids, money, codes."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Annotated, Any, Self, TypeVar

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_precision, list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

__all__ = [
    "ID_PATTERN",
    "MODEL_CONFIG",
    "PATTERN_MESSAGES",
    "CachedModel",
    "CountryCode",
    "CurrencyCode",
    "FieldError",
    "LocaleCode",
    "Money",
    "NonNegativeMoney",
    "OptionalText",
    "RecordId",
    "check_currency_code",
    "check_record_text",
    "currency_places",
    "currency_unit",
    "trusted",
]


class FieldError(ValueError):
    """Raised by a model's whole-record check to name the field at fault.

    pydantic keeps the original exception in the error's context, so the
    portfolio's problem list can still say which field is wrong.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# Frozen: a model handed to the planner cannot change under it. Forbid extra
# keys: an unknown column is a typo or lost data, never something to ignore.
MODEL_CONFIG = ConfigDict(
    frozen=True,
    extra="forbid",
    str_strip_whitespace=False,
    use_enum_values=False,
    validate_default=False,
)

_NOT_PRINTED = r"\p{Cc}\p{Cf}\p{Zl}\p{Zp}"
ID_PATTERN = rf"^[^{_NOT_PRINTED}]*[^{_NOT_PRINTED}\s][^{_NOT_PRINTED}]*$"
"""One line of printable text, not blank: no line break, tab, terminal escape code or
invisible formatting character (an id goes into table rows, file names and links)."""

PATTERN_MESSAGES = {
    ID_PATTERN: "must be one line of printable text, not blank (no line break, tab or "
    "control character)",
}
"""What a field that does not match its pattern is told, by pattern."""

RecordId = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=ID_PATTERN)]
"""An id as the ERP knows it: any one line of printable text (see :data:`ID_PATTERN`)."""

_CURRENCIES = frozenset(list_currencies())
_COUNTRIES = frozenset(
    code for code in map(str, Locale("en").territories) if len(code) == 2 and code.isalpha()
)


def _check_currency(value: str) -> str:
    if value not in _CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (e.g. EUR, GBP, USD)")
    return value


def check_currency_code(value: str, field: str) -> None:
    """:class:`FieldError` on ``field`` unless ``value`` is an ISO 4217 currency code."""
    if value not in _CURRENCIES:
        raise FieldError(field, f"{value!r} is not an ISO 4217 currency code (e.g. EUR, GBP, USD)")


def check_record_text(
    record: object, currency_field: str | None, text_fields: tuple[str, ...]
) -> None:
    """Whole-record checks shared by the high-volume models (invoices, payments).

    A million invoices load in seconds only if Python runs once per record, so
    these models declare plain fields and call this from their one record
    validator: the currency must be ISO 4217, blank text counts as absent.
    """
    if currency_field is not None:
        value = getattr(record, currency_field)
        if value is not None:
            check_currency_code(value, currency_field)
    for name in text_fields:
        value = getattr(record, name)
        if value is not None and not value.strip():
            # Frozen model, still under construction: the one place a field is set.
            object.__setattr__(record, name, None)


def _check_country(value: str) -> str:
    if value not in _COUNTRIES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. FR, DE, GB)")
    return value


@lru_cache(maxsize=512)
def _normalise_locale(value: str) -> str:
    # ERPs write fr_FR (POSIX) or fr-FR (BCP 47); both name the same locale.
    try:
        return str(Locale.parse(value.replace("-", "_")))
    except (ValueError, UnknownLocaleError, TypeError):
        raise ValueError(f"{value!r} is not a known locale (e.g. fr_FR, en_GB)") from None


def _check_locale(value: str) -> str:
    return _normalise_locale(value)


@lru_cache(maxsize=512)
def currency_places(currency: str) -> int:
    """Number of decimal places a currency's amounts may carry (EUR 2, JPY 0)."""
    return int(get_currency_precision(currency))


@lru_cache(maxsize=512)
def currency_unit(currency: str) -> Decimal:
    """The smallest amount of a currency as a Decimal (``0.01`` for EUR, ``1`` for JPY)."""
    return Decimal(1).scaleb(-currency_places(currency))


CurrencyCode = Annotated[str, AfterValidator(_check_currency)]
"""ISO 4217 code, upper case (``EUR``)."""

CountryCode = Annotated[str, AfterValidator(_check_country)]
"""ISO 3166-1 alpha-2 code, upper case (``FR``; ``GB`` for the United Kingdom)."""

LocaleCode = Annotated[str, AfterValidator(_check_locale)]
"""A locale babel knows, stored as ``language_TERRITORY`` (``fr_FR``)."""

# Constraints stay inside pydantic-core (no Python validator): loading a million
# invoices spends its time here. pydantic already refuses booleans, NaN and infinity.
Money = Annotated[Decimal, Field(gt=0, lt=Decimal("1e15"))]
"""A strictly positive amount. Floats are read from their shortest decimal string
(``0.1`` becomes ``Decimal("0.1")``), so no binary rounding error enters."""

NonNegativeMoney = Annotated[Decimal, Field(ge=0, lt=Decimal("1e15"))]


def blank_is_none(value: object) -> object:
    # An empty cell and a missing value mean the same thing in every ERP export;
    # keeping one form makes JSON and CSV round trips exact.
    if isinstance(value, str) and not value.strip():
        return None
    return value


OptionalText = Annotated[str | None, BeforeValidator(blank_is_none)]
"""Free text that may be absent; blank text counts as absent."""


M = TypeVar("M", bound=BaseModel)


class CachedModel(BaseModel):
    """A frozen model whose ``functools.cached_property`` values are dropped on copy.

    pydantic's ``model_copy`` copies the instance dictionary, where cached
    properties live: a copy with ``update=`` would otherwise keep values computed
    from the old fields.
    """

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with derived values recomputed on first use."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _cached_names(type(self)):
            copied.__dict__.pop(name, None)
        return copied


@lru_cache(maxsize=64)
def _cached_names(cls: type) -> tuple[str, ...]:
    return tuple(
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    )


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def trusted(cls: type[M], **values: Any) -> M:
    """Build a model from values the library computed itself, without validating them.

    The planner builds a result object per open invoice; validating values it just
    computed would cost more than planning. Every field must be given. The
    instances share one set of field names, which is safe because the models are
    frozen (``model_copy`` copies the set before changing it).
    """
    instance = cls.__new__(cls)
    fields_set = _ALL_FIELDS.get(cls)
    if fields_set is None:
        fields_set = _ALL_FIELDS[cls] = set(cls.model_fields)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", fields_set)
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
