from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dunningkit import (
    Classification,
    Classifier,
    Customer,
    PayerProfile,
    PluginError,
    PolicyError,
    Rule,
    SegmentationSettings,
    classify,
    classify_portfolio,
    default_policy,
    load_policy,
    payer_profile,
)
from tests.builders import TODAY, Book, d

ON_TIME = [0] * 10


def market(book: Book) -> Book:
    """Add a large customer so that the one under test weighs little in revenue."""
    return book.customer("MARKET", size="large").history("MARKET", ON_TIME, amount="900000.00")


def segment_of(book: Book, cid: str = "C1", **settings: object) -> Classification:
    if not any(c["id"] == "MARKET" for c in book.customers):
        market(book)
    policy = default_policy()
    if settings:
        policy = policy.model_copy(
            update={"segmentation": policy.segmentation.model_copy(update=settings)}
        )
    return classify(cid, book.build(), TODAY, policy)


def test_good_payer_pays_on_time() -> None:
    c = segment_of(Book().customer().history("C1", ON_TIME))
    assert c.segment == "good_payer"
    assert c.rule == "payment_behaviour"
    assert "on time for 10 of 10 invoices (100 %)" in c.reasons[0]


def test_bad_payer_reason_names_the_deciding_figures() -> None:
    c = segment_of(Book().customer().history("C1", [20] * 10))
    assert c.segment == "bad_payer"
    assert c.reasons[0] == (
        "average 20.0 days late over 10 invoices due in the last 12 months (threshold 15.0)"
    )


@pytest.mark.parametrize(("late", "segment"), [(30, "bad_payer"), (28, "occasional_late")])
def test_bad_payer_average_threshold_edge(late: int, segment: str) -> None:
    # Half the invoices on time (above the ratio threshold), the average at 15 or 14.
    book = Book().customer().history("C1", [late] * 5 + [0] * 5)
    assert segment_of(book).segment == segment


@pytest.mark.parametrize(("late_count", "segment"), [(7, "bad_payer"), (6, "occasional_late")])
def test_bad_payer_on_time_ratio_edge(late_count: int, segment: str) -> None:
    # 3 of 10 on time is at the 30 % threshold; 4 of 10 is above it.
    delays = [5] * late_count + [0] * (10 - late_count)
    assert segment_of(Book().customer().history("C1", delays)).segment == segment


@pytest.mark.parametrize(("late_count", "segment"), [(1, "good_payer"), (2, "occasional_late")])
def test_good_payer_on_time_ratio_edge(late_count: int, segment: str) -> None:
    # 9 of 10 on time meets the 90 % threshold; 8 of 10 does not.
    delays = [1] * late_count + [0] * (10 - late_count)
    assert segment_of(Book().customer().history("C1", delays)).segment == segment


@pytest.mark.parametrize(("late", "segment"), [(30, "good_payer"), (31, "occasional_late")])
def test_good_payer_average_lateness_edge(late: int, segment: str) -> None:
    # One invoice of ten, 30 days late, averages 3.0 days: the threshold, still good.
    delays = [late] + [0] * 9
    c = segment_of(Book().customer().history("C1", delays), good_payer_min_on_time_ratio=0.5)
    assert c.segment == segment


@pytest.mark.parametrize(("days", "segment"), [(182, "new"), (183, "good_payer")])
def test_new_by_seniority_edge(days: int, segment: str) -> None:
    book = Book().customer(since=TODAY - timedelta(days=days)).history("C1", [0] * 5)
    assert segment_of(book).segment == segment


@pytest.mark.parametrize(("count", "segment"), [(2, "new"), (3, "good_payer")])
def test_new_by_little_history_edge(count: int, segment: str) -> None:
    c = segment_of(Book().customer().history("C1", [0] * count))
    assert c.segment == segment
    if segment == "new":
        assert "only 2 invoices due in the last 12 months" in c.reasons[0]


def test_key_account_by_size() -> None:
    c = segment_of(Book().customer(size="large").history("C1", [40] * 10))
    assert (c.segment, c.rule, c.reasons) == (
        "key_account",
        "key_account_size",
        ("company size large",),
    )
    assert segment_of(Book().customer(size="medium").history("C1", ON_TIME)).segment == "good_payer"


@pytest.mark.parametrize(("small", "segment"), [("100.00", "key_account"), ("99.00", "good_payer")])
def test_key_account_by_weight_edge(small: str, segment: str) -> None:
    # C1 invoices 3 x small, the rest of the book 3 x 900: 100 of 1000 is exactly 10 %.
    book = (
        Book()
        .customer("C1")
        .customer("MARKET")
        .history("C1", [0, 0, 0], amount=small)
        .history("MARKET", [0, 0, 0], amount="900.00")
    )
    c = segment_of(book)
    assert c.segment == segment
    if segment == "key_account":
        assert c.reasons == ("10 % of the revenue of the last 12 months (threshold 10 %)",)


def test_public_body_by_kind_before_key_account() -> None:
    book = Book().customer(kind="public_body", size="large").history("C1", [30] * 10)
    assert segment_of(book).segment == "public_body"


def test_at_risk_by_tag_any_case() -> None:
    book = Book().customer(tags=["Redressement Judiciaire"]).history("C1", ON_TIME)
    c = segment_of(book)
    assert c.segment == "at_risk"
    assert "tagged 'Redressement Judiciaire'" in c.reasons[0]


def test_at_risk_by_broken_promise_and_its_threshold() -> None:
    book = (
        Book()
        .customer()
        .history("C1", ON_TIME)
        .invoice("F1", due=d(-40))
        .promise("C1", ["F1"], made=d(-30), pay_by=d(-20))
    )
    c = segment_of(book)
    assert c.segment == "at_risk"
    assert c.reasons == ("1 broken payment promise in the last 12 months (threshold 1)",)
    assert segment_of(book, at_risk_broken_promises=2).segment != "at_risk"


def test_kept_promise_is_not_broken() -> None:
    book = (
        Book()
        .customer()
        .history("C1", ON_TIME)
        .invoice("F1", due=d(-40))
        .promise("C1", ["F1"], made=d(-30), pay_by=d(-20))
        .pay("F1", d(-21))
    )
    assert segment_of(book).segment != "at_risk"


def test_at_risk_by_sharply_worsening_lateness() -> None:
    book = Book().customer().history("C1", [40, 40, 40, 0, 0, 0, 0, 0, 0, 0])
    c = segment_of(book)
    assert c.segment == "at_risk"
    assert c.reasons[0].startswith("lateness worsening sharply: 40.0 days late")
    assert segment_of(book, at_risk_worsening_days=40.0).segment != "at_risk"


def test_manual_segment_always_wins() -> None:
    book = Book().customer(segment="good_payer", tags=["insolvency"], kind="public_body")
    book.history("C1", [60] * 10)
    c = segment_of(book)
    assert (c.segment, c.rule) == ("good_payer", "manual")
    assert c.reasons == ("segment set by hand on the customer record: good_payer",)


def test_rule_order_is_a_setting() -> None:
    book = Book().customer(kind="public_body", tags=["insolvency"]).history("C1", ON_TIME)
    assert segment_of(book).segment == "at_risk"
    reordered = (Rule.MANUAL, Rule.PUBLIC_BODY, Rule.AT_RISK)
    assert segment_of(book, rules=reordered).segment == "public_body"


def test_profile_ignores_everything_after_the_day() -> None:
    book = Book().customer().invoice("F1", due=d(-10)).pay("F1", d(5))
    book.invoice("F2", due=d(20), issued=d(3))
    profile = payer_profile("C1", book.build(), TODAY)
    assert profile.open_amount == {"EUR": 1000}
    assert profile.overdue_amount == {"EUR": 1000}
    assert profile.invoices_12m == 1
    assert profile.max_days_late == 10


def test_profile_figures() -> None:
    book = Book().customer().history("C1", [0, 10, 0, 20])
    book.invoice("F-open", due=d(-5), amount="500.00").pay("F-open", d(-6), "200.00")
    profile = payer_profile("C1", book.build(), TODAY)
    assert profile.invoices_due_12m == 5
    assert profile.on_time_ratio == pytest.approx(2 / 5)
    assert profile.late_invoices == 3
    assert profile.max_days_late == 20
    # (10 + 20) x 1000 + 5 x 500 over 4500 of invoices
    assert profile.average_days_late == pytest.approx(32500 / 4500, abs=0.01)
    assert profile.open_amount == {"EUR": 300}
    assert profile.partial_payments_12m == 1


def test_classify_portfolio_agrees_with_classify() -> None:
    book = market(Book().customer("C1").customer("C2", size="large").customer("C3"))
    book.history("C1", ON_TIME).history("C2", ON_TIME).history("C3", [30] * 5)
    portfolio = book.build()
    everyone = classify_portfolio(portfolio, TODAY)
    assert list(everyone) == ["C1", "C2", "C3", "MARKET"]
    for cid, c in everyone.items():
        assert classify(cid, portfolio, TODAY) == c


class CrmFlagClassifier:
    """A host's classifier: a CRM flag decides; everyone else goes to the rules."""

    def classify(
        self, customer: Customer, profile: PayerProfile, settings: SegmentationSettings
    ) -> Classification | None:
        del settings
        if "crm:strategic" not in customer.tags:
            return None
        return Classification(
            customer_id=customer.id,
            segment="key_account",
            reasons=("flagged strategic in the CRM",),
            profile=profile,
            rule="crm",
        )


def test_custom_classifier_plugs_in_through_the_policy() -> None:
    assert isinstance(CrmFlagClassifier(), Classifier)
    book = market(Book().customer("C1", tags=["crm:strategic"]).customer("C2"))
    book.history("C1", [40] * 10).history("C2", [40] * 10)
    policy = default_policy()
    policy = policy.model_copy(
        update={
            "segmentation": policy.segmentation.model_copy(
                update={"classifier": CrmFlagClassifier()}
            )
        }
    )
    result = classify_portfolio(book.build(), TODAY, policy)
    assert (result["C1"].segment, result["C1"].rule) == ("key_account", "crm")
    assert result["C2"].segment == "bad_payer"


def test_classifier_must_have_a_classify_method() -> None:
    with pytest.raises(ValueError, match="is not a Classifier"):
        SegmentationSettings(classifier=object())


def test_unknown_classifier_plugin_is_a_clear_error() -> None:
    settings = SegmentationSettings(classifier="no-such-plugin")
    with pytest.raises(PluginError, match="no plugin named 'no-such-plugin'"):
        settings.resolve_classifier()


def test_thresholds_load_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        "[segmentation]\n"
        "bad_payer_min_average_days_late = 30\n"
        'rules = ["manual", "payment_behaviour"]\n'
    )
    policy = load_policy(path)
    assert policy.segmentation.bad_payer_min_average_days_late == 30
    book = market(Book().customer(size="large").history("C1", [20] * 10))
    assert classify("C1", book.build(), TODAY, policy).segment == "bad_payer"
    path.write_text("[segmentation]\nbad_payer_min_average_dayz_late = 30\n")
    with pytest.raises(PolicyError, match=r"segmentation\.bad_payer_min_average_dayz_late"):
        load_policy(path)
