"""Several policies back-tested on the same history, side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dunningkit.backtest._figures import Backtest, table_title
from dunningkit.backtest._tables import DEFAULT_LOCALE, Row, pandas_module, plain, text_table

__all__ = ["Comparison", "format_table", "ordered_names"]


@dataclass(frozen=True)
class Comparison:
    """Several policies back-tested on the same history, side by side.

    Attributes:
        results: policy name -> its back-test, in the order given; the first is the
            baseline the differences are measured against.
    """

    results: Mapping[str, Backtest]

    @property
    def baseline(self) -> str:
        """The name of the first policy."""
        return next(iter(self.results))

    def _channels(self) -> list[str]:
        """Every channel (and ``approval``) any policy contacted or paid for."""
        return sorted(
            {c for result in self.results.values() for c in (*result.contacts, *result.cost)}
        )

    def rows(self) -> list[Row]:
        """(figure, value per policy, difference to the baseline per other policy)."""
        channels = self._channels()
        summaries = {name: dict(result.summary(channels)) for name, result in self.results.items()}
        labels: list[str] = []
        for summary in summaries.values():
            labels += [label for label in summary if label not in labels]
        rows = []
        names = list(self.results)
        for label in labels:
            values = [summaries[name].get(label, 0) for name in names]
            base = values[0]
            diffs = [_difference(value, base) for value in values[1:]]
            rows.append((label, values, diffs))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: each back-test, and the differences to the baseline."""
        names = list(self.results)
        return {
            "baseline": self.baseline,
            "policies": {name: result.to_dict() for name, result in self.results.items()},
            "differences": {
                name: {label: plain(diffs[n]) for label, _, diffs in self.rows()}
                for n, name in enumerate(names[1:])
            },
        }

    def money(self) -> dict[str, str]:
        """The figures of :meth:`rows` that are amounts: figure -> its currency."""
        channels = self._channels()
        return {k: v for r in self.results.values() for k, v in r.money(channels).items()}

    def table(self, locale: str = DEFAULT_LOCALE) -> str:
        """The figures side by side, with differences, as a plain-text table (amounts
        in ``locale``)."""
        title = table_title(list(self.results.values()))
        names = list(self.results)
        return text_table(title, names, self.rows(), money=self.money(), locale=locale)

    def to_frame(self) -> Any:
        """The daily figures of every policy, stacked (a ``policy`` column; needs pandas)."""
        pd = pandas_module()
        return pd.concat([r.to_frame() for r in self.results.values()], ignore_index=True)


def _difference(value: Any, base: Any) -> Any:
    if isinstance(value, bool) or isinstance(base, bool):
        return ""
    if isinstance(value, Decimal) and isinstance(base, Decimal):
        return value - base
    if isinstance(value, (int, float)) and isinstance(base, (int, float)):
        return value - base
    return ""


def format_table(results: Comparison | Backtest, locale: str = DEFAULT_LOCALE) -> str:
    """The figures as a plain-text table (what ``dunningkit backtest`` prints), amounts
    as money text in ``locale``."""
    return results.table(locale)


def ordered_names(names: Sequence[str]) -> list[str]:
    """Names made unique in order (``a``, ``a (2)``...), for policies from files."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
