"""Business days, and the public holidays a policy plans around by default.

Before, a policy's calendar was weekends only unless it named a country (with an
optional extra): the sample's French company planned its letters for 25 December.
Now the calendar a policy plans with takes its creditor's public holidays when it
names none of its own; a calendar that names a country, lists days or names a plugin
is taken as written; a creditor without a country keeps weekends only.
"""

from __future__ import annotations

import pickle
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from dunningkit import (
    BusinessCalendar,
    Channel,
    Creditor,
    Policy,
    PolicyError,
    default_policy,
    next_actions,
)
from dunningkit._sample import sample_policy, sample_portfolio
from dunningkit.backtest._replay import replay
from dunningkit.cli import main
from dunningkit.model._calendar import with_creditor_holidays
from dunningkit.policy._policy import policy_from_mapping
from dunningkit.testing import assert_plan_ok

CHRISTMAS = date(2026, 12, 25)  # a Friday
CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday; eight days later is 1 January
NEXT_MONDAY = date(2026, 12, 28)
GOOD_FRIDAY = date(2026, 4, 3)  # a public holiday in Germany, not in France
EASTER_TUESDAY = date(2026, 4, 7)  # Easter Monday is one in both
VICTORY_DAY = date(2026, 5, 8)  # a Friday: a public holiday in France, not in Germany
EPIPHANY = date(2026, 1, 6)  # a Tuesday: a holiday in Bavaria, not in the rest of Germany


def _creditor(country: str | None) -> Creditor:
    return sample_policy().creditor.model_copy(update={"country": country})


def _policy(country: str | None, **update: Any) -> Policy:
    return sample_policy().model_copy(update={"creditor": _creditor(country), **update})


# -- the sample (its creditor is in France) -------------------------------------------


def test_the_sample_plans_nothing_for_christmas() -> None:
    book, policy = sample_portfolio(CHRISTMAS), sample_policy()
    assert policy.creditor.country == "FR"
    plan = next_actions(book, CHRISTMAS, policy)
    assert plan.actions
    assert {a.scheduled_for for a in plan.actions} == {NEXT_MONDAY}
    assert_plan_ok(plan, book, CHRISTMAS, policy)


def test_the_demo_prints_no_letter_for_christmas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--today", CHRISTMAS.isoformat()]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line[:4] == "2026"]
    assert rows
    assert all(line.startswith(f"{NEXT_MONDAY} ") for line in rows), rows[:3]


def test_a_deadline_never_falls_on_new_years_day() -> None:
    # "Pay within 8 days" from 24 December would be 1 January: the next business day.
    plan = next_actions(sample_portfolio(CHRISTMAS_EVE), CHRISTMAS_EVE, sample_policy())
    assert {a.scheduled_for for a in plan.actions} == {CHRISTMAS_EVE}
    assert {a.pay_by for a in plan.actions} == {date(2027, 1, 4)}


def test_calls_beyond_the_days_capacity_skip_the_holiday() -> None:
    policy = sample_policy().model_copy(update={"phone_capacity_per_day": 1})
    plan = next_actions(sample_portfolio(CHRISTMAS_EVE), CHRISTMAS_EVE, policy)
    calls = sorted(a.scheduled_for for a in plan.actions if a.channel == Channel.PHONE)
    assert calls[0] == CHRISTMAS_EVE
    assert calls[1] == NEXT_MONDAY  # not Christmas Day
    assert CHRISTMAS not in calls


def test_a_back_test_sends_nothing_on_a_holiday() -> None:
    # Christmas Day is not planned at all: its first business day is the next Monday.
    book = sample_portfolio(CHRISTMAS)
    days = list(replay(book, sample_policy(), start=CHRISTMAS, end=NEXT_MONDAY))
    assert [(d.day, d.planned) for d in days if d.planned] == [(NEXT_MONDAY, 50)]
    assert {a.scheduled_for for day in days for a in day.sent} == {NEXT_MONDAY}


# -- the rule: whose holidays --------------------------------------------------------


def test_a_german_creditor_gets_german_holidays() -> None:
    calendar = _policy("DE").calendar
    assert calendar.country == "DE"
    assert not calendar.is_business_day(GOOD_FRIDAY)
    assert calendar.is_business_day(VICTORY_DAY)
    plan = next_actions(sample_portfolio(GOOD_FRIDAY), GOOD_FRIDAY, _policy("DE"))
    assert {a.scheduled_for for a in plan.actions} == {EASTER_TUESDAY}
    french = next_actions(sample_portfolio(GOOD_FRIDAY), GOOD_FRIDAY, sample_policy())
    assert {a.scheduled_for for a in french.actions} == {GOOD_FRIDAY}


def test_a_creditor_without_a_country_keeps_weekends_only() -> None:
    for policy in (default_policy(), _policy(None)):
        assert policy.creditor.country is None
        assert policy.calendar == BusinessCalendar()
        assert policy.calendar.is_business_day(CHRISTMAS)
        assert not policy.calendar.is_business_day(date(2026, 12, 26))  # a Saturday
    plan = next_actions(sample_portfolio(CHRISTMAS), CHRISTMAS, _policy(None))
    assert {a.scheduled_for for a in plan.actions} == {CHRISTMAS}


def test_an_explicit_country_wins_over_the_creditors() -> None:
    policy = Policy(creditor=_creditor("FR"), calendar=BusinessCalendar(country="DE"))
    assert policy.calendar.country == "DE"
    assert not policy.calendar.is_business_day(GOOD_FRIDAY)
    assert policy.calendar.is_business_day(VICTORY_DAY)
    # Given through a copy too.
    copied = sample_policy().model_copy(update={"calendar": BusinessCalendar(country="DE")})
    assert copied.calendar.is_business_day(VICTORY_DAY)


def test_closing_days_listed_add_to_the_creditors_public_holidays() -> None:
    # A credit manager listing the company's closing days keeps the public holidays.
    closing = BusinessCalendar(holidays=(CHRISTMAS_EVE,))
    policy = Policy(creditor=_creditor("FR"), calendar=closing)
    assert policy.calendar.country == "FR"
    assert policy.calendar.holidays == (CHRISTMAS_EVE,)
    assert not policy.calendar.is_business_day(CHRISTMAS_EVE)
    assert not policy.calendar.is_business_day(CHRISTMAS)
    # No creditor country: the days listed, and weekends.
    alone = Policy(calendar=closing)
    assert not alone.calendar.is_business_day(CHRISTMAS_EVE)
    assert alone.calendar.is_business_day(CHRISTMAS)


def test_a_plugin_calendar_is_taken_as_written() -> None:
    given = BusinessCalendar(plugin="closing")
    assert with_creditor_holidays(given, "FR") is given


def test_a_changed_weekend_keeps_the_creditors_holidays() -> None:
    policy = Policy(creditor=_creditor("FR"), calendar=BusinessCalendar(weekend=(5, 6)))
    assert (policy.calendar.weekend, policy.calendar.country) == ((5, 6), "FR")
    assert not policy.calendar.is_business_day(date(2026, 12, 25))  # Friday, and Christmas
    assert not policy.calendar.is_business_day(date(2026, 7, 14))  # a Tuesday, Bastille Day
    assert policy.calendar.is_business_day(date(2026, 12, 27))  # a Sunday


def test_a_region_applies_to_the_creditors_country() -> None:
    bavaria = Policy(creditor=_creditor("DE"), calendar=BusinessCalendar(subdivision="BY"))
    assert (bavaria.calendar.country, bavaria.calendar.subdivision) == ("DE", "BY")
    assert not bavaria.calendar.is_business_day(EPIPHANY)
    assert _policy("DE").calendar.is_business_day(EPIPHANY)


def test_a_creditor_country_the_holidays_package_does_not_know_keeps_weekends_only() -> None:
    # Ascension Island: an ISO 3166 code, with no public holidays in the package.
    assert "AC" not in holidays.list_supported_countries()
    assert _policy("AC").calendar == BusinessCalendar()


# -- copies, files, processes: the same calendar however the policy is made -----------


def test_a_copy_follows_its_new_creditor() -> None:
    german = sample_policy().model_copy(update={"creditor": _creditor("DE")})
    assert german.calendar.country == "DE"
    assert german.model_copy(update={"creditor": _creditor(None)}).calendar == BusinessCalendar()
    assert german.model_copy(update={"min_days_between_contacts": 7}).calendar.country == "DE"
    # An explicit calendar stays when the creditor changes.
    explicit = Policy(creditor=_creditor("FR"), calendar=BusinessCalendar(country="FR"))
    assert explicit.model_copy(update={"creditor": _creditor("DE")}).calendar.country == "FR"


def test_a_policy_file_gets_its_creditors_holidays() -> None:
    policy = policy_from_mapping({"creditor": {"country": "DE"}, "calendar": {"weekend": [6, 7]}})
    assert not policy.calendar.is_business_day(GOOD_FRIDAY)
    again = Policy.model_validate_json(policy.model_dump_json())
    assert again.calendar == policy.calendar


def test_a_policy_with_public_holidays_crosses_processes() -> None:
    policy = pickle.loads(pickle.dumps(_policy("DE")))  # noqa: S301 - our own bytes
    assert not policy.calendar.is_business_day(GOOD_FRIDAY)
    assert policy.model_copy(update={"creditor": _creditor("FR")}).calendar.country == "FR"


# -- the calendar itself --------------------------------------------------------------


def test_public_holidays_are_computed_once_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    years: list[object] = []
    computed = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("years") is not None:
            years.append(kwargs["years"])
        return computed(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    calendar = BusinessCalendar(country="FR")
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        calendar.is_business_day(day)
        day += timedelta(days=1)
    assert years == [2026, 2027]
    assert not calendar.is_business_day(date(2027, 7, 14))
    assert years == [2026, 2027]
    # Another calendar keeps its own: no year is shared through a global.
    BusinessCalendar(country="FR").is_business_day(date(2026, 7, 14))
    assert years == [2026, 2027, 2026]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"calendar": {"country": "XX"}}, "calendar.country"),
        ({"calendar": {"country": "fr"}}, "calendar.country"),
        ({"calendar": {"country": "DE", "subdivision": "ZZ"}}, "calendar.subdivision"),
    ],
)
def test_an_unknown_country_or_region_is_named(data: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping(data)
    assert caught.value.key == key
    assert "holidays package knows" in str(caught.value)


def test_a_region_that_is_not_the_creditors_is_refused() -> None:
    with pytest.raises(PolicyError, match="not a region of the creditor"):
        policy_from_mapping({"creditor": {"country": "FR"}, "calendar": {"subdivision": "BY"}})
    with pytest.raises(PolicyError, match="not a region of the creditor's country FR") as caught:
        _policy("DE", calendar=BusinessCalendar(subdivision="BY")).model_copy(
            update={"creditor": _creditor("FR")}
        )
    assert caught.value.key == "calendar.subdivision"


def test_holidays_is_a_core_dependency() -> None:
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    core = [d.split(">")[0].split("=")[0] for d in project["project"]["dependencies"]]
    assert "holidays" in core
    # ``pip install pydunning[holidays]`` keeps working.
    assert "holidays" in project["project"]["optional-dependencies"]
