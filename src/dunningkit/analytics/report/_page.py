"""The collections report: one self-contained HTML page a credit manager reads.

Everything is computed by :mod:`dunningkit.analytics` and the planner; this module
only lays it out. The page has no script, no font, no image file and no link to
anything outside itself: it opens offline, e-mails as one attachment and prints
on A4. Charts are inline SVG (:mod:`dunningkit.analytics.report._charts`); the page is a Jinja2
template with autoescaping on, so a customer called ``<script>`` stays text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib.resources import files
from typing import Any

from babel.numbers import format_currency, format_decimal
from dateutil.relativedelta import relativedelta

from dunningkit.analytics._analytics import (
    Aging,
    aging,
    days_to_pay,
    kpis,
    regroup,
    step_effectiveness,
    trend,
    workload,
)
from dunningkit.analytics.report import _charts
from dunningkit.book._portfolio import Portfolio
from dunningkit.planning._plan import Plan, SkipReason
from dunningkit.planning._run import next_actions
from dunningkit.policy._policy import Policy, default_policy

__all__ = ["collections_report"]

BUCKET_COLORS = ("#5b9e6f", "#f2c14e", "#f08a4b", "#d64545", "#7d1d3f")
CHANNEL_COLORS = (
    "#3b6fb6",
    "#5fa8d3",
    "#e07a5f",
    "#81b29a",
    "#9c6ade",
    "#f2cc8f",
    "#6d6875",
    "#b56576",
)
_DETAIL_CHARS = 110


def _jinja() -> Any:
    try:
        import jinja2  # noqa: PLC0415 - optional extra
    except ImportError:
        raise ImportError(
            "the collections report needs the 'report' extra: pip install 'pydunning[report]'"
        ) from None
    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template_text() -> str:
    return files("dunningkit").joinpath("data/report.html.j2").read_text(encoding="utf-8")


def _next_steps(plan: Plan) -> dict[str, str]:
    """Customer id -> what the planner does next for them, in a few words."""
    found: dict[str, str] = {}
    for action in plan.actions:
        found.setdefault(
            action.customer_id,
            f"{action.step_id} by {action.channel} on {action.scheduled_for.isoformat()}",
        )
    for skip in plan.skipped:
        if skip.customer_id in found or skip.reason is SkipReason.NOT_DUE:
            continue
        detail = skip.detail
        if len(detail) > _DETAIL_CHARS:
            detail = detail[: _DETAIL_CHARS - 1] + "…"
        found[skip.customer_id] = f"{skip.reason}: {detail}"
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
            entry["segment"] = plan.segments.get(entry["customer_id"], "")
            entry["next"] = steps.get(entry["customer_id"], "nothing planned")
        result[currency] = rows[:top]
    return result


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

    Needs the ``report`` extra (Jinja2); raises :class:`ImportError` naming it if
    it is missing. Pure like the rest: the same book, day and policy give the same
    page.
    """
    environment = _jinja()
    policy = policy or default_policy()
    plan = next_actions(portfolio, on, policy)
    headline = kpis(portfolio, on)
    by_customer = aging(portfolio, on, by="customer")
    by_segment = regroup(by_customer, plan.segments)
    points = trend(portfolio, on - relativedelta(months=months), on)
    effects = step_effectiveness(portfolio, on, policy=policy)
    ahead = workload(portfolio, on, days=workload_days, policy=policy, first=plan)
    top_rows = _top_overdue(portfolio, by_customer, plan, top)
    paying = days_to_pay(portfolio, on, segments=plan.segments)

    def money(value: Decimal, currency: str) -> str:
        return str(format_currency(value, currency, locale=locale))

    def number(value: Decimal | float) -> str:
        return str(format_decimal(value, locale=locale))

    currencies = sorted({*headline.receivables, *(r.currency for r in by_segment.rows)})
    aging_charts = {
        currency: _charts.stacked_bars(
            f"Open receivables by segment and days overdue, {currency}",
            [
                (row.key, (row.not_due, *row.overdue))
                for row in by_segment.rows
                if row.currency == currency
            ],
            by_segment.labels,
            BUCKET_COLORS,
        )
        for currency in currencies
    }
    trend_charts = {}
    for currency in currencies:
        mine = [p for p in points if p.currency == currency]
        trend_charts[currency] = (
            _charts.line(
                f"DSO in days, {currency}",
                [(p.on.strftime("%Y-%m"), p.dso) for p in mine],
                "#3b6fb6",
            ),
            _charts.bars(
                f"Overdue amount, {currency}",
                [(p.on.strftime("%Y-%m"), p.overdue) for p in mine],
                "#d64545",
            ),
        )
    channels = sorted({str(w.channel) for w in ahead})
    days_ahead = sorted({w.on for w in ahead})
    per_day: dict[date, dict[str, int]] = {day: {} for day in days_ahead}
    for entry in ahead:
        per_day[entry.on][str(entry.channel)] = entry.actions
    workload_chart = _charts.stacked_bars(
        "Actions per day and channel, if nobody pays",
        [
            (day.strftime("%a %d %b"), [per_day[day].get(c, 0) for c in channels])
            for day in days_ahead
        ],
        channels,
        CHANNEL_COLORS,
    )
    template = environment.from_string(_template_text())
    return str(
        template.render(
            title=title,
            on=on,
            book={
                "customers": len(portfolio.customers),
                "invoices": len(portfolio.invoices),
                "payments": len(portfolio.payments),
                "events": len(portfolio.events),
            },
            k=headline,
            currencies=currencies,
            money=money,
            number=number,
            aging=by_segment,
            aging_charts=aging_charts,
            trend_charts=trend_charts,
            months=months,
            effects=effects,
            workload_days=workload_days,
            workload_chart=workload_chart,
            workload_rows=[(day, per_day[day]) for day in days_ahead],
            channels=channels,
            top=top,
            top_rows=top_rows,
            paying=paying,
            markup=_markup,
        )
    )


def _markup(svg: str) -> Any:
    """Our own SVG, whose texts are already escaped, passed through unescaped."""
    from markupsafe import Markup  # noqa: PLC0415 - comes with Jinja2

    return Markup(svg)  # noqa: S704 - built by _charts, every text in it escaped there
