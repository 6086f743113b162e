"""The collections report: one self-contained HTML page a credit manager reads.

Everything is computed by :mod:`dunningkit.analytics` and the planner; this module
only lays it out, in three steps: gather the figures (:class:`_Figures`), draw the
charts (:mod:`dunningkit.analytics.report._charts`), fill the Jinja2 template
(``data/report.html.j2``, autoescaping on, so a customer called ``<script>`` stays
text) inside the shared page shell (:mod:`dunningkit._support._html`: no script, no
font, no image file, no link; it opens offline, mails as one attachment and prints on
A4).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from babel.numbers import format_decimal
from dateutil.relativedelta import relativedelta

from dunningkit._support._html import Html, head
from dunningkit._support._money import money_text
from dunningkit._support._optional import require
from dunningkit.analytics._aging import Aging, aging, regroup
from dunningkit.analytics._behaviour import DaysToPay, days_to_pay
from dunningkit.analytics._kpis import Kpis, kpis
from dunningkit.analytics._steps import StepEffect, step_effectiveness
from dunningkit.analytics._trend import TrendPoint, trend
from dunningkit.analytics._workload import WorkloadDay, workload
from dunningkit.analytics.report import _charts
from dunningkit.book._portfolio import Portfolio
from dunningkit.messages._labels import label
from dunningkit.planning._plan import Plan
from dunningkit.planning._results import SkipReason
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["collections_report"]

_DETAIL_CHARS = 110
MIN_DSO_INVOICES = 10
"""The fewest invoices in a day's sales window for the report to plot its DSO: below
that, one invoice paid or not moves the line by weeks (noise, not a trend)."""
_DSO_COLOR = "#3b6fb6"
_OVERDUE_COLOR = "#d64545"


def _jinja() -> Any:
    jinja2 = require("jinja2", "the collections report")
    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template_text() -> str:
    return files("dunningkit").joinpath("data/report.html.j2").read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Figures:
    """Every figure the page shows, computed once for the day."""

    plan: Plan
    headline: Kpis
    by_customer: Aging
    by_segment: Aging
    points: list[TrendPoint]
    effects: list[StepEffect]
    ahead: list[WorkloadDay]
    paying: list[DaysToPay]

    @classmethod
    def of(
        cls, portfolio: Portfolio, on: date, policy: Policy, months: int, workload_days: int
    ) -> _Figures:
        plan = next_actions(portfolio, on, policy)
        by_customer = aging(portfolio, on, by="customer")
        return cls(
            plan=plan,
            headline=kpis(portfolio, on),
            by_customer=by_customer,
            by_segment=regroup(by_customer, plan.segments),
            points=trend(portfolio, on - relativedelta(months=months), on),
            effects=step_effectiveness(portfolio, on, policy=policy),
            ahead=workload(portfolio, on, days=workload_days, policy=policy, first=plan),
            paying=days_to_pay(portfolio, on, segments=plan.segments),
        )

    @property
    def currencies(self) -> list[str]:
        return sorted({*self.headline.receivables, *(r.currency for r in self.by_segment.rows)})


def _next_steps(plan: Plan) -> dict[str, str]:
    """Customer id -> what the planner does next for them, in a few words."""
    found: dict[str, str] = {}
    for action in plan.actions:
        found.setdefault(
            action.customer_id,
            f"{label('step', action.step_id)} by {label('channel', action.channel)} on "
            f"{action.scheduled_for.isoformat()}",
        )
    for skip in plan.skipped:
        if skip.customer_id in found or skip.reason is SkipReason.NOT_DUE:
            continue
        detail = skip.detail
        if len(detail) > _DETAIL_CHARS:
            detail = detail[: _DETAIL_CHARS - 1] + "…"
        found[skip.customer_id] = f"{label('skip', skip.reason)}: {detail}"
    return found


def _top_overdue(
    portfolio: Portfolio,
    by_customer: Aging,
    plan: Plan,
    top: int,
) -> dict[str, list[dict[str, Any]]]:
    """Per currency, the customers with the most overdue, largest first."""
    steps = _next_steps(plan)
    labels = by_customer.labels[1:]
    per_currency: dict[str, list[dict[str, Any]]] = {}
    for row in by_customer.rows:
        overdue = sum(row.overdue, Decimal(0))
        if overdue <= 0:
            continue
        oldest = max(i for i, amount in enumerate(row.overdue) if amount > 0)
        per_currency.setdefault(row.currency, []).append(
            {
                "customer_id": row.key,
                "overdue": overdue,
                "total": row.total,
                "oldest": labels[oldest],
            }
        )
    result = {}
    for currency, rows in sorted(per_currency.items()):
        rows.sort(key=lambda r: (-r["overdue"], r["customer_id"]))
        for entry in rows[:top]:
            entry["name"] = portfolio.customer(entry["customer_id"]).name
            entry["segment"] = label("segment", plan.segments.get(entry["customer_id"], ""))
            entry["next"] = steps.get(entry["customer_id"], "nothing planned")
        result[currency] = rows[:top]
    return result


def _aging_charts(by_segment: Aging, currencies: Sequence[str]) -> dict[str, Html]:
    """Per currency, the stacked bars of open receivables by segment and days overdue."""
    return {
        currency: _charts.stacked_bars(
            f"Open receivables by segment and days overdue, {currency}",
            [
                (row.key, (row.not_due, *row.overdue))
                for row in by_segment.rows
                if row.currency == currency
            ],
            by_segment.labels,
            _charts.BUCKET_COLORS,
        )
        for currency in currencies
    }


def _dso_line(currency: str, mine: Sequence[TrendPoint]) -> Html:
    """The DSO line of one currency, each point only when enough invoices make it up."""
    title = f"DSO in days, {currency}"
    kept = [
        (p.on.strftime("%Y-%m"), p.dso if p.invoices >= MIN_DSO_INVOICES else None) for p in mine
    ]
    if sum(dso is not None for _, dso in kept) < 2:  # a line needs two points
        most = max((p.invoices for p in mine), default=0)
        return _charts.line(
            title,
            [],
            _DSO_COLOR,
            empty=(
                f"Too few invoices for a DSO trend: at most {most} in a 90-day window "
                f"(the report plots it from {MIN_DSO_INVOICES})."
            ),
        )
    return _charts.line(title, kept, _DSO_COLOR)


def _trend_charts(points: Sequence[TrendPoint], currencies: Sequence[str]) -> dict[str, Any]:
    """Per currency, the DSO line and the overdue bars, month by month."""
    found = {}
    for currency in currencies:
        mine = [p for p in points if p.currency == currency]
        found[currency] = (
            _dso_line(currency, mine),
            _charts.bars(
                f"Overdue amount, {currency}",
                [(p.on.strftime("%Y-%m"), p.overdue) for p in mine],
                _OVERDUE_COLOR,
                empty="Nothing was overdue at any month's end of the period.",
            ),
        )
    return found


def _workload_view(on: date, days: int, ahead: Sequence[WorkloadDay]) -> dict[str, Any]:
    """The workload chart, its table rows (every day ahead, actions per channel) and the
    channels; no rows when nothing is to be sent."""
    channels = sorted({str(w.channel) for w in ahead})
    window = {on + timedelta(days=k) for k in range(days)}
    days_ahead = sorted(window | {w.on for w in ahead}) if ahead else []
    per_day: dict[date, dict[str, int]] = {day: {} for day in days_ahead}
    for entry in ahead:
        per_day[entry.on][str(entry.channel)] = entry.actions
    chart = _charts.stacked_bars(
        "Actions per day and channel, if nobody pays",
        [
            (day.strftime("%a %d %b"), [per_day[day].get(c, 0) for c in channels])
            for day in days_ahead
        ],
        channels,
        _charts.SERIES_COLORS,
    )
    rows = [(day, per_day[day]) for day in days_ahead]
    return {"workload_chart": chart, "workload_rows": rows, "channels": channels}


def _formats(locale: str) -> dict[str, Callable[..., str]]:
    """``money(value, currency)`` and ``number(value)`` as the locale writes them."""

    def money(value: Decimal, currency: str) -> str:
        return money_text(value, currency, locale)

    def number(value: Decimal | float) -> str:
        return str(format_decimal(value, locale=locale))

    return {"money": money, "number": number}


def collections_report(
    portfolio: Portfolio,
    on: date,
    *,
    policy: Policy | None = None,
    months: int = 12,
    workload_days: int = 14,
    top: int = 20,
    title: str = "Collections report",
    locale: str = "en_GB",
) -> str:
    """The collections report as of ``on``: one self-contained HTML page.

    Headline KPIs per currency, aging by segment, DSO and overdue amount over
    ``months`` months, what each reminder step achieved, the workload of the next
    ``workload_days`` days per channel, the ``top`` customers with the most overdue
    (with their segment and next step) and days to pay per segment.

    Needs the ``report`` extra (Jinja2); raises
    :class:`~dunningkit.MissingExtraError` (an :class:`ImportError`) naming it if it
    is missing. Pure like the rest: the same book, day and policy give the same page.
    """
    environment = _jinja()
    policy = policy or default_policy()
    figures = _Figures.of(portfolio, on, policy, months, workload_days)
    currencies = figures.currencies
    template = environment.from_string(_template_text())
    return str(
        template.render(
            head=head(f"{title} \N{EN DASH} {on.isoformat()}"),
            title=title,
            on=on,
            book={
                "customers": len(portfolio.customers),
                "invoices": len(portfolio.invoices),
                "payments": len(portfolio.payments),
                "events": len(portfolio.events),
            },
            k=figures.headline,
            currencies=currencies,
            aging=figures.by_segment,
            aging_charts=_aging_charts(figures.by_segment, currencies),
            trend_charts=_trend_charts(figures.points, currencies),
            months=months,
            effects=figures.effects,
            workload_days=workload_days,
            top=top,
            top_rows=_top_overdue(portfolio, figures.by_customer, figures.plan, top),
            paying=figures.paying,
            **_workload_view(on, workload_days, figures.ahead),
            **_formats(locale),
        )
    )
