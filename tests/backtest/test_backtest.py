"""Back-test figures: contacts, costs, approvals, friction, comparisons, exports."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunningkit import (
    Backtest,
    BookResponse,
    Channel,
    ChannelCosts,
    Comparison,
    Policy,
    PolicyError,
    Portfolio,
    ResponseModel,
    backtest,
    compare,
    load_costs,
    load_policy,
    sample_portfolio,
)
from dunningkit._sample import sample_policy
from dunningkit.backtest._comparison import format_table
from dunningkit.backtest._replay import replay
from dunningkit.testing import policies, portfolios
from tests.builders import SAMPLE_DAY as TODAY

START = TODAY - timedelta(days=90)


@pytest.fixture(scope="module")
def book() -> Portfolio:
    return sample_portfolio(TODAY)


@pytest.fixture(scope="module")
def result(book: Portfolio) -> Backtest:
    return backtest(book, sample_policy(), start=START, end=TODAY)


def test_contacts_are_the_actions_sent_each_on_its_day(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    assert result.total_contacts == len(sent) > 0
    for channel in {str(a.channel) for a in sent}:
        assert result.contacts[channel] == sum(1 for a in sent if str(a.channel) == channel)
    by_day = {d.day: d.total_contacts for d in result.days}
    for day in {a.scheduled_for for a in sent}:
        assert by_day[day] == sum(1 for a in sent if a.scheduled_for == day)
    assert [d.day for d in result.days] == [START + timedelta(days=n) for n in range(91)]


def test_costs_follow_the_price_list(book: Portfolio) -> None:
    costs = ChannelCosts(email=Decimal(1), phone=Decimal(10), approval=Decimal(100))
    priced = backtest(book, sample_policy(), start=START, end=TODAY, costs=costs)
    assert priced.cost.get("email", Decimal(0)) == priced.contacts.get("email", 0) * Decimal(1)
    assert priced.cost.get("phone", Decimal(0)) == priced.contacts.get("phone", 0) * Decimal(10)
    assert priced.cost.get("approval", Decimal(0)) == priced.approvals_requested * 100
    assert priced.total_cost == sum(priced.cost.values(), Decimal(0))
    assert priced.total_cost == sum((d.total_cost for d in priced.days), Decimal(0))


def test_agency_fee_is_a_percentage_of_the_amount_handed_over() -> None:
    costs = ChannelCosts(collection_agency_percent=Decimal(20))
    book = sample_portfolio(TODAY)
    strict = sample_policy().model_copy(update={"min_days_between_contacts": 1})
    run = backtest(book, strict, start=TODAY - timedelta(days=150), end=TODAY, costs=costs)
    handed = [
        a
        for d in replay(book, strict, start=TODAY - timedelta(days=150), end=TODAY)
        for a in d.sent
        if a.channel is Channel.COLLECTION_AGENCY
    ]
    assert handed, "the strict policy hands files over on the sample book"
    expected = sum(
        ((a.amount_due * 20 / 100).quantize(Decimal("0.01")) for a in handed), Decimal(0)
    )
    assert run.cost["collection_agency"] == expected
    assert run.hand_overs == len(handed)


def test_approvals_refused_are_requested_but_not_sent(book: Portfolio) -> None:
    granted = backtest(book, sample_policy(), start=START, end=TODAY)
    refused = backtest(book, sample_policy(), start=START, end=TODAY, approve=False)
    assert granted.approvals_requested > 0
    assert refused.approvals_requested >= granted.approvals_requested
    sent = [
        a
        for d in replay(book, sample_policy(), start=START, end=TODAY, approve=False)
        for a in d.sent
    ]
    assert not any(a.requires_approval for a in sent)


def test_formal_notices_and_peak_calls(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    assert result.formal_notices == sum(1 for a in sent if a.tone == "formal_notice")
    calls: dict[date, int] = {}
    for a in sent:
        if a.channel is Channel.PHONE:
            calls[a.scheduled_for] = calls.get(a.scheduled_for, 0) + 1
    assert result.peak_daily_calls == max(calls.values())


def test_phone_capacity_holds(book: Portfolio) -> None:
    capped = sample_policy().model_copy(update={"phone_capacity_per_day": 2})
    run = backtest(book, capped, start=START, end=TODAY)
    assert run.phone_capacity_per_day == 2
    assert run.peak_daily_calls <= 2
    assert run.days_over_capacity == 0


def test_no_contact_while_payment_sent_or_promised_on_the_sample(result: Backtest) -> None:
    assert result.contacts_while_payment_sent_or_promised == 0


@given(
    portfolios(max_customers=3, max_invoices=4, spread_days=60),
    policies(),
    st.integers(-30, 30).map(lambda n: date(2026, 1, 1) + timedelta(days=n)),
)
def test_no_contact_while_payment_sent_or_promised(
    book: Portfolio, policy: Policy, start: date
) -> None:
    run = backtest(book, policy, start=start, end=start + timedelta(days=60))
    assert run.contacts_while_payment_sent_or_promised == 0


def test_paid_within_3_days_after_counts_needless_contacts(
    result: Backtest, book: Portfolio
) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    payments = {p.invoice_id: [] for p in book.payments}
    for p in book.payments:
        payments[p.invoice_id].append(p.date)
    expected = 0
    for a in sent:
        window = range(1, 4)
        if any(
            (d - a.scheduled_for).days in window for i in a.invoice_ids for d in payments.get(i, ())
        ):
            expected += 1
    assert result.paid_within_3_days_after >= expected
    assert result.paid_within_3_days_after <= result.total_contacts


def test_contacts_per_customer_and_month_by_segment(book: Portfolio, result: Backtest) -> None:
    sent = [a for d in replay(book, sample_policy(), start=START, end=TODAY) for a in d.sent]
    months: dict[tuple[str, str, str], int] = {}
    for a in sent:
        key = (a.segment, a.customer_id, a.scheduled_for.strftime("%Y-%m"))
        months[key] = months.get(key, 0) + 1
    for segment, load in result.contacts_per_customer_month.items():
        counts = [n for (s, _, _), n in months.items() if s == segment]
        assert load.max == max(counts)
        assert load.mean == pytest.approx(sum(counts) / len(counts))
        assert load.customer_months == len(counts)


def test_invoice_journeys_list_the_steps_before_payment(result: Backtest) -> None:
    journeys = list(result.invoices.values())
    assert any(j.steps for j in journeys)
    for j in journeys:
        assert [s[0] for s in j.steps] == sorted(s[0] for s in j.steps)
        if j.paid_on is not None:
            assert START <= j.paid_on <= TODAY
            assert j.steps_before_payment == sum(1 for s in j.steps if s[0] <= j.paid_on)
    assert sum(result.steps_before_payment().values()) == sum(
        1 for j in journeys if j.paid_on is not None
    )


def test_to_dict_is_json(result: Backtest) -> None:
    data = result.to_dict()
    again = json.loads(json.dumps(data))
    assert again["totals"]["total_contacts"] == result.total_contacts
    assert len(again["days"]) == len(result.days)
    assert again["is_projection"] is False


def test_to_frame_needs_pandas(result: Backtest) -> None:
    pytest.importorskip("pandas")
    frame = result.to_frame()
    assert len(frame) == len(result.days)
    assert int(frame["total_contacts"].sum()) == result.total_contacts


def test_compare_puts_policies_side_by_side(book: Portfolio) -> None:
    strict = sample_policy().model_copy(update={"min_days_between_contacts": 2})
    both = compare(book, {"default": sample_policy(), "strict": strict}, start=START, end=TODAY)
    assert isinstance(both, Comparison)
    assert both.baseline == "default"
    rows = {label: (values, diffs) for label, values, diffs in both.rows()}
    values, diffs = rows["contacts"]
    assert values == [both.results["default"].total_contacts, both.results["strict"].total_contacts]
    assert diffs == [values[1] - values[0]]
    assert json.loads(json.dumps(both.to_dict()))["baseline"] == "default"
    table = format_table(both)
    assert "strict vs default" in table
    assert "contacts while payment sent or promised" in table


def test_compare_progress_counts_every_day(book: Portfolio) -> None:
    seen: list[tuple[int, int]] = []
    compare(
        book,
        {"a": sample_policy(), "b": sample_policy()},
        start=TODAY - timedelta(days=9),
        end=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (20, 20)
    assert [d for d, _ in seen] == list(range(1, 21))


def test_costs_from_the_policy_file(tmp_path: Path, book: Portfolio) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[costs]\ncurrency = "EUR"\nemail = 0.5\nphone = 7\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy.costs is not None
    assert policy.costs.email == Decimal("0.5")
    assert policy.costs.letter == Decimal("1.5")  # the default
    run = backtest(book, policy, start=START, end=TODAY)
    assert run.cost["phone"] == run.contacts["phone"] * Decimal(7)


def test_costs_from_toml_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "costs.toml"
    path.write_text("sms = 0.1\n", encoding="utf-8")
    assert load_costs(path).sms == Decimal("0.1")
    path.write_text("[costs]\nfax = 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="fax"):
        load_costs(path)
    path.write_text("[costs]\nphone = -1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="phone"):
        load_costs(path)


def test_default_costs_are_documented_values() -> None:
    costs = ChannelCosts()
    assert costs.per_contact(Channel.EMAIL) == Decimal("0.01")
    assert costs.per_contact(Channel.SMS) == Decimal("0.08")
    assert costs.per_contact(Channel.LETTER) == Decimal("1.5")
    assert costs.per_contact(Channel.REGISTERED_LETTER) == Decimal(6)
    assert costs.per_contact(Channel.PHONE) == Decimal(4)
    assert costs.per_contact(Channel.COLLECTION_AGENCY) == 0  # a percentage instead
    assert costs.collection_agency_percent == Decimal(10)


class Always:
    days = 7

    def paid_share(self, segment: str, step_id: str) -> float:
        del segment, step_id
        return 0.5


def test_response_model_projection_is_labelled_and_seeded(book: Portfolio) -> None:
    assert isinstance(Always(), ResponseModel)
    one = backtest(book, sample_policy(), start=START, end=TODAY, response=Always(), seed=3)
    two = backtest(book, sample_policy(), start=START, end=TODAY, response=Always(), seed=3)
    assert one.is_projection
    assert one.projection == two.projection
    assert one.projection is not None
    assert one.projection.label == "projection"
    assert one.projection.invoices_paid > 0
    assert any("[projection]" in label for label, _ in one.summary())
    plain = backtest(book, sample_policy(), start=START, end=TODAY)
    assert plain.total_contacts == one.total_contacts  # the history is never changed


def test_book_response_estimates_shares_from_history() -> None:
    book = sample_portfolio(TODAY)
    model = BookResponse.from_history(book, sample_policy(), before=TODAY, days=14, min_reminders=1)
    assert model.reminders > 0
    assert 0 <= model.overall <= 1
    for share in (*model.shares.values(), *model.by_step.values()):
        assert 0 <= share <= 1
    assert model.paid_share("nobody", "no_such_step") == model.overall


def test_bad_dates_are_refused(book: Portfolio) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        backtest(book, start=TODAY, end=START)
    with pytest.raises(ValueError, match="every"):
        backtest(book, start=START, end=TODAY, every=0)


def test_comparison_to_frame_stacks_the_policies(book: Portfolio) -> None:
    pytest.importorskip("pandas")
    both = compare(
        book,
        {"a": sample_policy(), "b": sample_policy()},
        start=TODAY - timedelta(days=9),
        end=TODAY,
    )
    frame = both.to_frame()
    assert sorted(set(frame["policy"])) == ["a", "b"]
    assert len(frame) == 20
